/**
 * The review's decisions, free of ctx: where a conversation sits in the
 * queue, who may act on it, what a verdict teaches the calibration, and
 * whether a reviewer's edits and reasons are acceptable.
 */
import type { Turn } from "../generation/validators";

export const LEASE_MS = 10 * 60_000;
/** Most conversations one bulk verdict may touch; a larger filter is narrowed first. */
export const BULK_CAP = 500;
/** Rows one bulk page writes (each also writes its audit row and calibration roll-ups). */
export const BULK_PAGE = 100;
export const DAY_MS = 86_400_000;
export const TREND_DAYS = 30;
/** The seed's target: the automatic verdict agrees with reviewers this often. */
export const AGREEMENT_TARGET = 0.85;
export const MAX_NOTE_CHARS = 2_000;
export const MAX_TURN_CHARS = 8_000;

export const REJECT_REASONS = ["off_framework", "unrealistic_client", "tells_not_asks", "unsafe", "repetitive", "too_short", "other"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** 0: look first (needs revision, or scorer and judge disagree); 1: the rest. Lowest score first within each. */
export type ReviewRank = 0 | 1;

export type PlacementInput = {
  pool?: "production" | "test";
  status: "generated" | "needs_revision";
  score?: number;
  quality?: { overall: number; threshold: number };
  judge?: { status: string; overall?: number };
};

/** The scorer's keep/drop against the template's threshold; undefined when unscored. */
export function scoreKeeps(c: Pick<PlacementInput, "score" | "quality">): boolean | undefined {
  if (c.quality === undefined) return undefined;
  return (c.score ?? c.quality.overall) >= c.quality.threshold;
}

/** The judge's keep/drop against the same threshold; undefined until the judge has answered. */
export function judgeKeeps(c: Pick<PlacementInput, "judge" | "quality">): boolean | undefined {
  if (c.quality === undefined || c.judge?.status !== "done" || c.judge.overall === undefined) return undefined;
  return c.judge.overall >= c.quality.threshold;
}

export function scorerAndJudgeDisagree(c: PlacementInput): boolean {
  const score = scoreKeeps(c);
  const judge = judgeKeeps(c);
  return score !== undefined && judge !== undefined && score !== judge;
}

/** Where a production conversation sits in the queue; test-pool ones never enter it. */
export function reviewPlacement(c: PlacementInput): { reviewRank: ReviewRank; reviewScore: number } | null {
  if (c.pool === "test") return null;
  const reviewRank: ReviewRank = c.status === "needs_revision" || scorerAndJudgeDisagree(c) ? 0 : 1;
  return { reviewRank, reviewScore: c.score ?? c.quality?.overall ?? 0 };
}

export type Lease = { leaseBy?: string; leaseUntil?: number };

/** Someone else's unexpired lease, or null when the caller may act. */
export function blockingLease(lease: Lease, userId: string, now: number): { by: string; until: number } | null {
  if (lease.leaseBy === undefined || lease.leaseUntil === undefined) return null;
  if (lease.leaseBy === userId || lease.leaseUntil <= now) return null;
  return { by: lease.leaseBy, until: lease.leaseUntil };
}

/** "14:05 UTC": the server has no viewer time zone; the UI may re-render leaseUntil locally. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
}

export type ReasonProblem = { field: "reason" | "note"; message: string };

/** A rejection's note, trimmed; required for "other". */
export function checkRejection(reason: RejectReason, note: string | undefined): { ok: true; note?: string } | { ok: false; problem: ReasonProblem } {
  const clean = note?.trim() ?? "";
  if (clean.length > MAX_NOTE_CHARS) return { ok: false, problem: { field: "note", message: `A note can be at most ${MAX_NOTE_CHARS} characters.` } };
  if (reason === "other" && clean === "") return { ok: false, problem: { field: "note", message: "Say why in a note when the reason is “other”." } };
  return { ok: true, note: clean === "" ? undefined : clean };
}

export type TurnEdit = { turnIndex: number; text: string };
export type EditProblem = { field: "edits"; message: string; turnIndex?: number };

/**
 * Applies a reviewer's edits to the turns. Refuses an empty list, an index
 * out of range or repeated, an empty or oversized text, and edits that change
 * nothing, so every stored revision is a real change.
 */
export function applyEdits(turns: readonly Turn[], edits: readonly TurnEdit[]): { ok: true; turns: Turn[]; changed: { turnIndex: number; before: string; text: string }[] } | { ok: false; problem: EditProblem } {
  if (edits.length === 0) return { ok: false, problem: { field: "edits", message: "Edit at least one turn." } };
  const seen = new Set<number>();
  const next = turns.map((turn) => ({ ...turn }));
  const changed: { turnIndex: number; before: string; text: string }[] = [];
  for (const edit of edits) {
    const i = edit.turnIndex;
    if (!Number.isInteger(i) || i < 0 || i >= turns.length) return { ok: false, problem: { field: "edits", message: `There is no turn ${i + 1}.`, turnIndex: i } };
    if (seen.has(i)) return { ok: false, problem: { field: "edits", message: `Turn ${i + 1} is edited twice.`, turnIndex: i } };
    seen.add(i);
    const text = edit.text.trim();
    if (text === "") return { ok: false, problem: { field: "edits", message: `Turn ${i + 1} can't be empty.`, turnIndex: i } };
    if (text.length > MAX_TURN_CHARS) return { ok: false, problem: { field: "edits", message: `Turn ${i + 1} can be at most ${MAX_TURN_CHARS} characters.`, turnIndex: i } };
    if (text === turns[i].text) continue;
    changed.push({ turnIndex: i, before: turns[i].text, text });
    next[i].text = text;
  }
  if (changed.length === 0) return { ok: false, problem: { field: "edits", message: "The edits change nothing; approve the conversation instead." } };
  return { ok: true, turns: next, changed };
}

export type Confusion = { tp: number; fp: number; fn: number; tn: number };
export const EMPTY_CONFUSION: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };

/** Keep is the positive class: tp = both keep, fp = automation keeps what the reviewer dropped. */
export function confusionCell(autoKeep: boolean, humanKeep: boolean): keyof Confusion {
  if (autoKeep) return humanKeep ? "tp" : "fp";
  return humanKeep ? "fn" : "tn";
}

export function addCell(matrix: Confusion, cell: keyof Confusion, by = 1): Confusion {
  return { ...matrix, [cell]: matrix[cell] + by };
}

export function sumConfusion(a: Confusion, b: Confusion): Confusion {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn };
}

export function total(m: Confusion): number {
  return m.tp + m.fp + m.fn + m.tn;
}

/** Share of verdicts where automation and reviewer agree; null with nothing reviewed. */
export function agreement(m: Confusion): number | null {
  const n = total(m);
  return n === 0 ? null : (m.tp + m.tn) / n;
}

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export type Verdict = "approved" | "revised" | "rejected";

export function humanKeeps(verdict: Verdict): boolean {
  return verdict !== "rejected";
}
