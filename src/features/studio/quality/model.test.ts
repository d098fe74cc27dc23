import { describe, expect, test } from "vitest";
import { BAND_LABEL, EMPTY_FILTERS, formatDeviation, hasFilters, listQueryArgs, neighboursIn, scoreBand, scoreText, testBadge } from "./model";

describe("score bands", () => {
  test.each([
    [0, "low", "Needs work"],
    [5.9, "low", "Needs work"],
    [5.99, "low", "Needs work"],
    [6, "mid", "Fair"],
    [7.9, "mid", "Fair"],
    [7.99, "mid", "Fair"],
    [8, "high", "Good"],
    [10, "high", "Good"],
  ] as const)("%s is %s (%s)", (score, band, label) => {
    expect(scoreBand(score)).toBe(band);
    expect(BAND_LABEL[scoreBand(score)]).toBe(label);
  });

  test("a score reads with its band in words, never colour alone", () => {
    expect(scoreText(5.2)).toBe("5.2 Needs work");
    expect(scoreText(7)).toBe("7.0 Fair");
    expect(scoreText(8.04)).toBe("8.0 Good");
  });
});

describe("range filter → query args", () => {
  test("nothing chosen sends only the sort", () => {
    expect(listQueryArgs(EMPTY_FILTERS)).toEqual({ ok: true, args: { sort: "score_asc" } });
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
  });

  test("a range and the other filters become the list's arguments", () => {
    const draft = { ...EMPTY_FILTERS, minScore: "4.5", maxScore: " 7,5 ", templateId: "t1", batchId: "b1", framework: " GROW ", status: "needs_revision" as const, sort: "score_desc" as const };
    expect(listQueryArgs(draft)).toEqual({
      ok: true,
      args: { minScore: 4.5, maxScore: 7.5, templateId: "t1", batchId: "b1", framework: "GROW", status: "needs_revision", sort: "score_desc" },
    });
    expect(hasFilters(draft)).toBe(true);
  });

  test("one end of the range alone is sent alone", () => {
    expect(listQueryArgs({ ...EMPTY_FILTERS, minScore: "8" })).toEqual({ ok: true, args: { minScore: 8, sort: "score_asc" } });
    expect(listQueryArgs({ ...EMPTY_FILTERS, maxScore: "6" })).toEqual({ ok: true, args: { maxScore: 6, sort: "score_asc" } });
  });

  test("the whole scale (0–10) is no filter", () => {
    expect(listQueryArgs({ ...EMPTY_FILTERS, minScore: "0", maxScore: "10" })).toEqual({ ok: true, args: { sort: "score_asc" } });
  });

  test("an inverted or out-of-scale range names the field and is not sent", () => {
    expect(listQueryArgs({ ...EMPTY_FILTERS, minScore: "8", maxScore: "6" })).toEqual({
      ok: false,
      problem: { field: "minScore", message: "The lowest score can't be above the highest." },
    });
    expect(listQueryArgs({ ...EMPTY_FILTERS, maxScore: "11" })).toMatchObject({ ok: false, problem: { field: "maxScore" } });
    expect(listQueryArgs({ ...EMPTY_FILTERS, minScore: "-1" })).toMatchObject({ ok: false, problem: { field: "minScore" } });
    expect(listQueryArgs({ ...EMPTY_FILTERS, minScore: "abc" })).toMatchObject({ ok: false, problem: { field: "minScore" } });
  });
});

describe("list neighbours and test badges", () => {
  const rows = [{ _id: "a" }, { _id: "b" }, { _id: "c" }];
  test("previous and next follow the list as loaded", () => {
    expect(neighboursIn(rows, "a")).toEqual({ previousId: undefined, nextId: "b" });
    expect(neighboursIn(rows, "b")).toEqual({ previousId: "a", nextId: "c" });
    expect(neighboursIn(rows, "c")).toEqual({ previousId: "b", nextId: undefined });
    expect(neighboursIn(rows, "z")).toEqual({});
  });

  test("a version's badge: Passed 7.8 / Failed 5.2 / Untested", () => {
    expect(testBadge(undefined)).toEqual({ kind: "untested", text: "Untested" });
    expect(testBadge({ status: "running", passed: false })).toEqual({ kind: "running", text: "Testing…" });
    expect(testBadge({ status: "complete", passed: true, meanScore: 7.8 })).toEqual({ kind: "passed", text: "Passed 7.8" });
    expect(testBadge({ status: "complete", passed: false, meanScore: 5.2 })).toEqual({ kind: "failed", text: "Failed 5.2" });
  });

  test("a deviation spells out its sign", () => {
    expect(formatDeviation(0.42)).toBe("+0.4");
    expect(formatDeviation(-1.25)).toBe("−1.3");
    expect(formatDeviation(0.01)).toBe("±0.0");
  });
});
