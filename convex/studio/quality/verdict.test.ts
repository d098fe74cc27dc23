import { describe, expect, test } from "vitest";
import { FIXTURES } from "./fixtures.conversations";
import { scoreConversation, type QualityReport } from "./score";
import { checkOverride, DEFAULT_THRESHOLD, effectiveScore, frameworkIdFor, revisionReasons, statusFor, storedQuality, thresholdOf } from "./verdict";

const report = (overall: number, flags: string[] = [], recommendations: string[] = []): QualityReport =>
  ({
    overall,
    flagged: overall < 6,
    confidence: "medium",
    criteria: {
      turnCount: { score: overall, weight: 0.3, measured: "", target: "", details: [] },
      length: { score: overall, weight: 0.25, measured: "", target: "", details: [] },
      structure: { score: overall, weight: 0.25, measured: "", target: "", details: [] },
      confidence: { score: overall, weight: 0.2, measured: "", target: "", details: [] },
    },
    recommendations,
    flags,
    signals: {} as QualityReport["signals"],
  }) as QualityReport;

describe("frameworkIdFor", () => {
  test.each([
    [["GROW"], "GROW"],
    [["grow"], "GROW"],
    [[" Power-Interest Grid "], "POWER_INTEREST_GRID"],
    [["psychological safety"], "PSYCHOLOGICAL_SAFETY"],
    [["Executive presence"], "EXECUTIVE_PRESENCE"],
    [["GROW model", "CLEAR"], "CLEAR"],
    [["Solution focus"], "Solution focus"],
    [["", undefined, 3, "compass"], "COMPASS"],
    [[undefined], ""],
  ] as const)("%j → %s", (names, id) => {
    expect(frameworkIdFor(...(names as unknown as string[]))).toBe(id);
  });
});

describe("thresholdOf", () => {
  test.each([
    [undefined, DEFAULT_THRESHOLD],
    [Number.NaN, DEFAULT_THRESHOLD],
    [-1, DEFAULT_THRESHOLD],
    [11, DEFAULT_THRESHOLD],
    [0, 0],
    [7.5, 7.5],
    [10, 10],
  ])("%s → %s", (given, expected) => expect(thresholdOf(given)).toBe(expected));
});

describe("revision reasons and status", () => {
  test("at or above the threshold with no blocking flag: no reasons, generated", () => {
    const q = storedQuality(report(6, ["few_reflections"], ["Reflect more."]), 6, 5);
    expect(q).toMatchObject({ flagged: false, reasons: [], threshold: 6, scoredAt: 5, overall: 6 });
    expect(statusFor(q)).toBe("generated");
  });

  test("below the threshold: the score line first, then the recommendations", () => {
    expect(revisionReasons(report(5.9, ["too_short"], ["Add turns."]), 6)).toEqual([
      "Score 5.9 is below the template's threshold of 6.0.",
      "Add turns.",
    ]);
  });

  test("a template's own threshold decides, not the scorer's FLAG_BELOW", () => {
    expect(storedQuality(report(7), 7.5, 0).flagged).toBe(true);
    expect(storedQuality(report(5), 4, 0).flagged).toBe(false);
  });

  test("a blocking flag sends a high score to revision", () => {
    const q = storedQuality(report(9.1, ["safety_unaddressed"], ["Acknowledge the risk and refer on."]), 6, 0);
    expect(q.reasons).toEqual(["The client discloses a risk and the coach coaches past it.", "Acknowledge the risk and refer on."]);
    expect(storedQuality(report(8.9, ["repetition", "lecturing"]), 6, 0).reasons.slice(0, 2)).toEqual([
      "A turn repeats another one.",
      "The coach lectures instead of asking.",
    ]);
    expect(statusFor(q)).toBe("needs_revision");
  });

  test("an override decides the status and the effective score; the scorer's stays", () => {
    const flagged = storedQuality(report(3, ["too_short"]), 6, 0);
    const raised = { ...flagged, override: { score: 7, reason: "r", by: "u" as never, at: 1 } };
    expect(statusFor(raised)).toBe("generated");
    expect(effectiveScore(raised)).toBe(7);
    expect(raised.overall).toBe(3);
    const clean = storedQuality(report(8), 6, 0);
    const lowered = { ...clean, override: { score: 5.9, reason: "r", by: "u" as never, at: 1 } };
    expect(statusFor(lowered)).toBe("needs_revision");
    // Overridden to the threshold exactly passes, even past a blocking flag.
    const blocked = storedQuality(report(9, ["safety_unaddressed"]), 6, 0);
    expect(statusFor({ ...blocked, override: { score: 6, reason: "r", by: "u" as never, at: 1 } })).toBe("generated");
  });

  test("the hand-written fixtures: poor ones need revision, clean good ones do not", () => {
    for (const fixture of FIXTURES) {
      const q = storedQuality(scoreConversation(fixture.input), 6, 0);
      if (fixture.band === "poor") expect(statusFor(q), fixture.name).toBe("needs_revision");
      if (fixture.band === "good" && fixture.flags.length === 0) expect(statusFor(q), fixture.name).toBe("generated");
    }
  });
});

describe("checkOverride", () => {
  test.each([
    [7, "Reads well; the scorer missed the reflections.", true],
    [0, "Completely off-topic conversation.", true],
    [10, "Exemplary, use as a reference.", true],
    [7.5, "Half points are allowed here.", true],
    [7.25, "Two decimals are refused.", false],
    [-1, "Negative is refused outright.", false],
    [10.1, "Above ten is refused outright.", false],
    [Number.NaN, "Not a number is refused.", false],
    [7, "too short", false],
    [7, "          padded    ", false],
    [7, "x".repeat(1001), false],
  ])("%s with %j → ok %s", (score, reason, ok) => {
    expect(checkOverride(score, reason).ok).toBe(ok);
  });

  test("the reason is trimmed and the field named", () => {
    expect(checkOverride(6, "  A good enough reason.  ")).toEqual({ ok: true, score: 6, reason: "A good enough reason." });
    expect(checkOverride(6, "short")).toMatchObject({ ok: false, problem: { field: "reason" } });
    expect(checkOverride(11, "A good enough reason.")).toMatchObject({ ok: false, problem: { field: "score" } });
  });
});
