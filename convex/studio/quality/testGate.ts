/**
 * Template tests and the activation gate. Pure: the summary of a test's runs,
 * and whether a version may go live.
 *
 * A new version goes live only after a passing test that does not score
 * worse than the live version by more than BASELINE_MARGIN; a version that
 * was live before may return without a test, so a rollback stays one click.
 */
import type { TestRun } from "./validators";

/** How far below the live version a test may score and still pass: about the scorer's noise between runs of one version. */
export const BASELINE_MARGIN = 0.5;
/** The live version's baseline reads at most this many of its newest conversations. */
export const BASELINE_CONVERSATIONS = 50;
export const TEST_COUNT = { min: 1, max: 5 } as const;
/** A test still running after this long is taken as lost (a step that never ran), so a new one may start. */
export const STALE_TEST_MS = 15 * 60_000;

const round2 = (n: number) => Math.round(n * 100) / 100;
/** One decimal, or two when the second matters: 5.95 must not read as the threshold 6.0 it missed. */
const one = (n: number) => n.toFixed(2).replace(/(\.\d)0$/, "$1");

export function meanOf(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return round2(values.reduce((sum, x) => sum + x, 0) / values.length);
}

export function runSettled(run: Pick<TestRun, "status" | "judgeStatus">): boolean {
  if (run.status === "failed") return true;
  return run.status === "scored" && run.judgeStatus !== undefined && run.judgeStatus !== "pending";
}

export type TestSummary = {
  status: "running" | "complete";
  meanScore?: number;
  judgeMean?: number;
  deviation?: number;
  passed: boolean;
  verdict?: string;
};

/** Whether a mean passes the threshold and the baseline; the sentence when it does not. */
export function judgeMean(meanScore: number, threshold: number, baseline: number | undefined): { passed: boolean; verdict?: string; deviation?: number } {
  const deviation = baseline === undefined ? undefined : round2(meanScore - baseline);
  if (meanScore < threshold) return { passed: false, deviation, verdict: `Mean score ${one(meanScore)} is below the template's threshold of ${one(threshold)}.` };
  if (deviation !== undefined && deviation < -BASELINE_MARGIN) {
    return { passed: false, deviation, verdict: `Scores ${one(-deviation)} below the live version (${one(meanScore)} against ${one(baseline!)}).` };
  }
  return { passed: true, deviation };
}

export function summariseTest(runs: readonly TestRun[], threshold: number, baseline: number | undefined): TestSummary {
  const scores = runs.flatMap((run) => (run.status === "scored" && run.score !== undefined ? [run.score] : []));
  const judged = runs.flatMap((run) => (run.judgeStatus === "done" && run.judgeOverall !== undefined ? [run.judgeOverall] : []));
  const meanScore = meanOf(scores);
  const summary = { meanScore, judgeMean: meanOf(judged), deviation: meanScore !== undefined && baseline !== undefined ? round2(meanScore - baseline) : undefined };
  if (!runs.every(runSettled)) return { status: "running", passed: false, ...summary };
  const failed = runs.filter((run) => run.status === "failed").length;
  // A run that produced nothing is no evidence either way, so the test does not pass on the others alone.
  if (failed > 0 || meanScore === undefined) {
    return { status: "complete", passed: false, ...summary, verdict: `${failed} of ${runs.length} runs produced no conversation. Run the test again.` };
  }
  const decided = judgeMean(meanScore, threshold, baseline);
  return { status: "complete", ...summary, passed: decided.passed, verdict: decided.verdict };
}

export type GateInput = {
  /** The version was live at some point, so it may return without a test. */
  previouslyActive: boolean;
  test?: { status: "running" | "complete"; passed: boolean; meanScore?: number; verdict?: string };
  /** The template's threshold now. */
  threshold: number;
  /** The live version's baseline now; undefined when nothing is live or nothing was scored. */
  baseline: number | undefined;
};

export type GateDecision = { ok: true; reason: "previously_active" | "tested" } | { ok: false; message: string };

/** Re-checked at activation: the threshold or the live version may have moved since the test ran. */
export function activationGate(input: GateInput): GateDecision {
  if (input.previouslyActive) return { ok: true, reason: "previously_active" };
  const test = input.test;
  if (test === undefined) return { ok: false, message: "Run a passing test first: this version has not been tested." };
  if (test.status === "running") return { ok: false, message: "The test is still running. Activate when it has passed." };
  if (!test.passed || test.meanScore === undefined) return { ok: false, message: `Run a passing test first. ${test.verdict ?? ""}`.trim() };
  const now = judgeMean(test.meanScore, input.threshold, input.baseline);
  if (!now.passed) return { ok: false, message: `${now.verdict} Run a passing test first, or override with a reason.` };
  return { ok: true, reason: "tested" };
}
