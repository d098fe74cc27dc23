import { describe, expect, test } from "vitest";
import { recommendByKeywords } from "./keywordMatch";

describe("keyword recommender", () => {
  test.each([
    ["I need buy-in from stakeholders and a sponsor with influence over the budget.", "POWER_INTEREST_GRID"],
    ["My team is afraid to speak up or admit mistakes in retros.", "PSYCHOLOGICAL_SAFETY"],
    ["I want more gravitas and composure when I present to the board.", "EXECUTIVE_PRESENCE"],
    ["I want to achieve my goal of a promotion to senior engineer.", "GROW"],
  ])("%s → %s", (challenge, expected) => {
    const rec = recommendByKeywords(challenge);
    expect(rec.frameworkId).toBe(expected);
    expect(rec.source).toBe("keywords");
    expect(rec.reason.length).toBeGreaterThan(10);
    expect(rec.alternatives).not.toContain(expected);
    expect(rec.alternatives.length).toBeLessThanOrEqual(2);
    expect(rec.confidence).toBeGreaterThan(0);
    expect(rec.confidence).toBeLessThanOrEqual(0.9);
  });

  test("with no keywords it falls back to GROW with low confidence", () => {
    const rec = recommendByKeywords("hmm");
    expect(rec).toMatchObject({ frameworkId: "GROW", source: "keywords" });
    expect(rec.confidence).toBeLessThan(0.5);
  });

  test("is deterministic", () => {
    const text = "Leading change across teams with resistant stakeholders";
    expect(recommendByKeywords(text)).toEqual(recommendByKeywords(text));
  });
});
