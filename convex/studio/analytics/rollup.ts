/**
 * Template analytics math: pure. A roll-up absorbs one event at a time
 * (applyEvent), so the store, failure and verdict paths can keep it current
 * in their own transactions and every read stays a handful of documents.
 */
import { v, type Infer } from "convex/values";

/** Ring size: the trend compares the last TREND_WINDOW scores with the TREND_WINDOW before. */
export const TREND_WINDOW = 10;
export const RECENT_SCORES = 2 * TREND_WINDOW;
/** Fewer than this many scores on either side says nothing. */
export const TREND_MIN = 3;
/** A mean moving less than this (0–10 scale) is noise. */
export const TREND_EPSILON = 0.25;

export const VERDICTS = ["pending", "approved", "rejected"] as const;
export type Verdict = (typeof VERDICTS)[number];
const verdictValidator = v.union(v.literal("pending"), v.literal("approved"), v.literal("rejected"));

export const coverageCellValidator = v.object({ framework: v.string(), persona: v.string(), emotion: v.string() });

export const analyticsEventValidator = v.union(
  v.object({
    kind: v.literal("generated"),
    templateId: v.id("promptTemplates"),
    versionId: v.id("promptTemplateVersions"),
    costMicros: v.number(),
    latencyMs: v.number(),
    /** The deterministic overall (quality.overall); absent when unscored. */
    score: v.optional(v.number()),
    at: v.optional(v.number()),
  }),
  v.object({
    kind: v.literal("failed"),
    templateId: v.id("promptTemplates"),
    versionId: v.id("promptTemplateVersions"),
    at: v.optional(v.number()),
  }),
  v.object({
    kind: v.literal("reviewed"),
    templateId: v.id("promptTemplates"),
    versionId: v.id("promptTemplateVersions"),
    verdict: verdictValidator,
    /** The review status before this verdict, so a changed verdict moves the counts instead of adding to them. */
    previous: verdictValidator,
    /** The conversation's framework, persona and emotion: the coverage cell an approval fills. */
    cell: v.optional(coverageCellValidator),
    at: v.optional(v.number()),
  }),
);
export type AnalyticsEvent = Infer<typeof analyticsEventValidator>;

export type Rollup = {
  successes: number;
  failures: number;
  scoreCount: number;
  scoreSum: number;
  scoreMin?: number;
  scoreMax?: number;
  averageScore: number;
  approved: number;
  rejected: number;
  latencySumMs: number;
  costMicros: number;
  recentScores: number[];
};

export function emptyRollup(): Rollup {
  return { successes: 0, failures: 0, scoreCount: 0, scoreSum: 0, averageScore: -1, approved: 0, rejected: 0, latencySumMs: 0, costMicros: 0, recentScores: [] };
}

const verdictDelta = (event: { verdict: Verdict; previous: Verdict }, which: Verdict) => (event.verdict === which ? 1 : 0) - (event.previous === which ? 1 : 0);

/** The roll-up after one event; the input is not changed. */
export function applyEvent(rollup: Rollup, event: AnalyticsEvent): Rollup {
  const next: Rollup = { ...rollup, recentScores: [...rollup.recentScores] };
  if (event.kind === "failed") {
    next.failures++;
    return next;
  }
  if (event.kind === "reviewed") {
    next.approved += verdictDelta(event, "approved");
    next.rejected += verdictDelta(event, "rejected");
    return next;
  }
  next.successes++;
  next.costMicros += event.costMicros;
  next.latencySumMs += event.latencyMs;
  if (event.score !== undefined) {
    next.scoreCount++;
    next.scoreSum += event.score;
    next.scoreMin = next.scoreMin === undefined ? event.score : Math.min(next.scoreMin, event.score);
    next.scoreMax = next.scoreMax === undefined ? event.score : Math.max(next.scoreMax, event.score);
    next.averageScore = next.scoreSum / next.scoreCount;
    next.recentScores.push(event.score);
    if (next.recentScores.length > RECENT_SCORES) next.recentScores.splice(0, next.recentScores.length - RECENT_SCORES);
  }
  return next;
}

/** Whether an event changes anything: a verdict that repeats the previous one does not. */
export function isNoop(event: AnalyticsEvent): boolean {
  return event.kind === "reviewed" && event.verdict === event.previous;
}

export const TRENDS = ["improving", "stable", "declining", "insufficient_data"] as const;
export type Trend = (typeof TRENDS)[number];

/** Last N scores against the N before (N = TREND_WINDOW, or half the ring while it fills). */
export function trendOf(recent: number[], window = TREND_WINDOW): { trend: Trend; delta?: number } {
  const n = Math.min(window, Math.floor(recent.length / 2));
  if (n < TREND_MIN) return { trend: "insufficient_data" };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const last = recent.slice(recent.length - n);
  const before = recent.slice(recent.length - 2 * n, recent.length - n);
  const delta = Math.round((mean(last) - mean(before)) * 100) / 100;
  if (Math.abs(delta) < TREND_EPSILON) return { trend: "stable", delta };
  return { trend: delta > 0 ? "improving" : "declining", delta };
}

export const statsValidator = v.object({
  /** Items run to an end: successes + failures. */
  generations: v.number(),
  successes: v.number(),
  failures: v.number(),
  /** successes / generations, 0–1; absent before any. */
  successRate: v.optional(v.number()),
  scored: v.number(),
  averageScore: v.optional(v.number()),
  minScore: v.optional(v.number()),
  maxScore: v.optional(v.number()),
  approved: v.number(),
  rejected: v.number(),
  /** approved / (approved + rejected), 0–1; absent before any verdict. */
  approvalRate: v.optional(v.number()),
  averageDurationMs: v.optional(v.number()),
  averageCostMicros: v.optional(v.number()),
  totalCostMicros: v.number(),
  trend: v.union(...TRENDS.map((t) => v.literal(t))),
  trendDelta: v.optional(v.number()),
});
export type Stats = Infer<typeof statsValidator>;

const round2 = (n: number) => Math.round(n * 100) / 100;
const ratio = (part: number, whole: number) => (whole === 0 ? undefined : Math.round((part / whole) * 10_000) / 10_000);

export function statsOf(rollup: Rollup): Stats {
  const generations = rollup.successes + rollup.failures;
  const { trend, delta } = trendOf(rollup.recentScores);
  return {
    generations,
    successes: rollup.successes,
    failures: rollup.failures,
    successRate: ratio(rollup.successes, generations),
    scored: rollup.scoreCount,
    averageScore: rollup.scoreCount === 0 ? undefined : round2(rollup.scoreSum / rollup.scoreCount),
    minScore: rollup.scoreMin,
    maxScore: rollup.scoreMax,
    approved: rollup.approved,
    rejected: rollup.rejected,
    approvalRate: ratio(rollup.approved, rollup.approved + rollup.rejected),
    averageDurationMs: rollup.successes === 0 ? undefined : Math.round(rollup.latencySumMs / rollup.successes),
    averageCostMicros: rollup.successes === 0 ? undefined : Math.round(rollup.costMicros / rollup.successes),
    totalCostMicros: rollup.costMicros,
    trend,
    trendDelta: delta,
  };
}

/** UTC day of a timestamp, as the daily roll-ups key it. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export type DailyCounts = { successes: number; failures: number; scoreCount: number; scoreSum: number; costMicros: number; approved: number; rejected: number };

export function applyDaily(day: DailyCounts, event: AnalyticsEvent): DailyCounts {
  const next = { ...day };
  if (event.kind === "failed") next.failures++;
  else if (event.kind === "reviewed") {
    next.approved += verdictDelta(event, "approved");
    next.rejected += verdictDelta(event, "rejected");
  } else {
    next.successes++;
    next.costMicros += event.costMicros;
    if (event.score !== undefined) {
      next.scoreCount++;
      next.scoreSum += event.score;
    }
  }
  return next;
}

/** How an approval count of a coverage cell moves: +1 approved, -1 approval withdrawn, 0 otherwise. */
export function coverageDelta(event: AnalyticsEvent): number {
  return event.kind === "reviewed" && event.cell !== undefined ? verdictDelta(event, "approved") : 0;
}

// ---------------------------------------------------------------------------
// Coverage gaps

export type Cell = { framework: string; persona: string; emotion: string };
export type CountedCell = Cell & { approved: number };

export const cellKey = (cell: Cell) => JSON.stringify([cell.framework, cell.persona, cell.emotion]);

/** Every combination of the axes with fewer than `target` approved conversations, and how many it lacks. */
export function thinCells(counted: CountedCell[], axes: { frameworks: string[]; personas: string[]; emotions: string[] }, target: number): (Cell & { approved: number; missing: number })[] {
  const have = new Map(counted.map((cell) => [cellKey(cell), cell.approved]));
  const thin: (Cell & { approved: number; missing: number })[] = [];
  for (const framework of axes.frameworks)
    for (const persona of axes.personas)
      for (const emotion of axes.emotions) {
        const approved = have.get(cellKey({ framework, persona, emotion })) ?? 0;
        if (approved < target) thin.push({ framework, persona, emotion, approved, missing: target - approved });
      }
  return thin;
}

/**
 * Batches that fill thin cells. A batch's matrix is a product, so thin cells
 * are grouped by framework and emotion and each group's personas form one
 * batch: only thin combinations are generated, one conversation each per run.
 */
export function planGapBatches(thin: Cell[], maxBatches: number): { framework: string; emotion: string; personas: string[] }[] {
  const groups = new Map<string, { framework: string; emotion: string; personas: string[] }>();
  for (const cell of thin) {
    const key = JSON.stringify([cell.framework, cell.emotion]);
    const group = groups.get(key) ?? { framework: cell.framework, emotion: cell.emotion, personas: [] };
    if (!group.personas.includes(cell.persona)) group.personas.push(cell.persona);
    groups.set(key, group);
  }
  // The emptiest groups first: they are the largest gaps.
  return [...groups.values()].sort((a, b) => b.personas.length - a.personas.length || a.framework.localeCompare(b.framework) || a.emotion.localeCompare(b.emotion)).slice(0, maxBatches);
}
