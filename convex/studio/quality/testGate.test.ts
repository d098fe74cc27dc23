import { describe, expect, test } from "vitest";
import { activationGate, BASELINE_MARGIN, judgeMean, meanOf, runSettled, summariseTest } from "./testGate";
import type { TestRun } from "./validators";

const id = (n: number) => `item${n}` as TestRun["itemId"];
const scored = (n: number, score: number, judge: TestRun["judgeStatus"] = "done", judgeOverall = 7): TestRun => ({
  itemId: id(n),
  status: "scored",
  score,
  judgeStatus: judge,
  judgeOverall: judge === "done" ? judgeOverall : undefined,
});

describe("meanOf and runSettled", () => {
  test("means round to two decimals; nothing has no mean", () => {
    expect(meanOf([])).toBeUndefined();
    expect(meanOf([7, 8, 8])).toBe(7.67);
  });

  test("a run settles when it failed, or was scored and judged (either way)", () => {
    expect(runSettled({ status: "running" })).toBe(false);
    expect(runSettled({ status: "failed" })).toBe(true);
    expect(runSettled({ status: "scored", judgeStatus: "pending" })).toBe(false);
    expect(runSettled({ status: "scored" })).toBe(false);
    expect(runSettled({ status: "scored", judgeStatus: "failed" })).toBe(true);
    expect(runSettled({ status: "scored", judgeStatus: "done" })).toBe(true);
  });
});

describe("judgeMean", () => {
  test("at the threshold passes; below it fails with the numbers", () => {
    expect(judgeMean(6, 6, undefined)).toEqual({ passed: true, deviation: undefined });
    expect(judgeMean(5.95, 6, undefined)).toMatchObject({ passed: false, verdict: "Mean score 5.95 is below the template's threshold of 6.0." });
  });

  test("up to the margin below the baseline passes; beyond it fails, saying by how much", () => {
    expect(judgeMean(7.5, 6, 8)).toEqual({ passed: true, deviation: -0.5 });
    expect(judgeMean(7.2, 6, 8)).toEqual({ passed: false, deviation: -0.8, verdict: "Scores 0.8 below the live version (7.2 against 8.0)." });
    expect(judgeMean(9, 6, 8)).toEqual({ passed: true, deviation: 1 });
    expect(BASELINE_MARGIN).toBe(0.5);
  });
});

describe("summariseTest", () => {
  test("running while any run is unsettled, with the means so far", () => {
    const summary = summariseTest([scored(1, 8), { itemId: id(2), status: "running" }], 6, undefined);
    expect(summary).toEqual({ status: "running", passed: false, meanScore: 8, judgeMean: 7, deviation: undefined });
  });

  test("a judged pass with its deviation from the baseline", () => {
    expect(summariseTest([scored(1, 8), scored(2, 7, "done", 9)], 6, 7)).toEqual({
      status: "complete",
      passed: true,
      meanScore: 7.5,
      judgeMean: 8,
      deviation: 0.5,
      verdict: undefined,
    });
  });

  test("a judge failure settles the run but does not count in judgeMean or block a pass", () => {
    const summary = summariseTest([scored(1, 8, "failed"), scored(2, 8)], 6, undefined);
    expect(summary).toMatchObject({ status: "complete", passed: true, judgeMean: 7 });
  });

  test("a run that produced nothing fails the test", () => {
    const summary = summariseTest([scored(1, 9), { itemId: id(2), status: "failed", error: "x" }], 6, undefined);
    expect(summary).toMatchObject({ status: "complete", passed: false, meanScore: 9, verdict: "1 of 2 runs produced no conversation. Run the test again." });
  });

  test("below the threshold, or too far below the live version, fails", () => {
    expect(summariseTest([scored(1, 5)], 6, undefined)).toMatchObject({ passed: false, verdict: expect.stringContaining("below the template's threshold") });
    expect(summariseTest([scored(1, 7)], 6, 8)).toMatchObject({ passed: false, deviation: -1, verdict: expect.stringContaining("Scores 1.0 below the live version") });
  });
});

describe("activationGate", () => {
  const passed = { status: "complete" as const, passed: true, meanScore: 7.5 };

  test("a version that was live before returns without a test", () => {
    expect(activationGate({ previouslyActive: true, threshold: 6, baseline: 9 })).toEqual({ ok: true, reason: "previously_active" });
  });

  test("untested, running and failed tests are refused with what to do", () => {
    expect(activationGate({ previouslyActive: false, threshold: 6, baseline: undefined })).toMatchObject({ ok: false, message: expect.stringContaining("Run a passing test first") });
    expect(activationGate({ previouslyActive: false, test: { status: "running", passed: false }, threshold: 6, baseline: undefined })).toMatchObject({
      ok: false,
      message: expect.stringContaining("still running"),
    });
    expect(
      activationGate({ previouslyActive: false, test: { status: "complete", passed: false, meanScore: 4, verdict: "Mean score 4.0 is below." }, threshold: 6, baseline: undefined }),
    ).toEqual({ ok: false, message: "Run a passing test first. Mean score 4.0 is below." });
  });

  test("a passed test is re-checked against today's threshold and live version", () => {
    expect(activationGate({ previouslyActive: false, test: passed, threshold: 6, baseline: 7.8 })).toEqual({ ok: true, reason: "tested" });
    expect(activationGate({ previouslyActive: false, test: passed, threshold: 6, baseline: 8.3 })).toMatchObject({
      ok: false,
      message: expect.stringContaining("Scores 0.8 below the live version"),
    });
    expect(activationGate({ previouslyActive: false, test: passed, threshold: 8, baseline: undefined })).toMatchObject({
      ok: false,
      message: expect.stringContaining("below the template's threshold of 8.0"),
    });
  });
});
