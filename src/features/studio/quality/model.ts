/**
 * Pure helpers for Studio → Conversations and template tests: score bands
 * (colour plus words, never colour alone), the quality-range filter turned
 * into the list query's arguments, and previous/next in the loaded list.
 */

export type ScoreBand = "low" | "mid" | "high";

/** Red below 6, amber from 6 to under 8, green from 8: the scorer's FLAG_BELOW and the fixture bands. */
export function scoreBand(score: number): ScoreBand {
  if (score < 6) return "low";
  if (score < 8) return "mid";
  return "high";
}

export const BAND_LABEL: Record<ScoreBand, string> = { low: "Needs work", mid: "Fair", high: "Good" };

export function formatScore(score: number): string {
  return score.toFixed(1);
}

/** "7.8 Good": what a score reads as, for people and screen readers alike. */
export function scoreText(score: number): string {
  return `${formatScore(score)} ${BAND_LABEL[scoreBand(score)]}`;
}

export type ConversationStatus = "generated" | "needs_revision";
export const STATUS_LABEL: Record<ConversationStatus, string> = { generated: "Generated", needs_revision: "Needs revision" };

export type SortOrder = "score_asc" | "score_desc";

/** The filter form as typed: strings straight from the inputs, "" meaning "any". */
export type FilterDraft = {
  batchId: string;
  templateId: string;
  framework: string;
  status: "" | ConversationStatus;
  minScore: string;
  maxScore: string;
  sort: SortOrder;
};

export const EMPTY_FILTERS: FilterDraft = { batchId: "", templateId: "", framework: "", status: "", minScore: "", maxScore: "", sort: "score_asc" };

export type RangeProblem = { field: "minScore" | "maxScore"; message: string };

export type ListQueryArgs = {
  batchId?: string;
  templateId?: string;
  framework?: string;
  status?: ConversationStatus;
  minScore?: number;
  maxScore?: number;
  sort: SortOrder;
};

function parseBound(raw: string, field: RangeProblem["field"]): { value?: number; problem?: RangeProblem } {
  const text = raw.trim().replace(",", ".");
  if (text === "") return {};
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 10) {
    return { problem: { field, message: `${field === "minScore" ? "The lowest" : "The highest"} score must be a number from 0 to 10.` } };
  }
  return { value };
}

/**
 * The list query's arguments from the form, or the problem that keeps the
 * range from being asked for (the server would refuse it too). A range that
 * covers everything (0–10) is no filter, so it sends nothing.
 */
export function listQueryArgs(draft: FilterDraft): { ok: true; args: ListQueryArgs } | { ok: false; problem: RangeProblem } {
  const min = parseBound(draft.minScore, "minScore");
  if (min.problem) return { ok: false, problem: min.problem };
  const max = parseBound(draft.maxScore, "maxScore");
  if (max.problem) return { ok: false, problem: max.problem };
  if (min.value !== undefined && max.value !== undefined && min.value > max.value) {
    return { ok: false, problem: { field: "minScore", message: "The lowest score can't be above the highest." } };
  }
  const args: ListQueryArgs = { sort: draft.sort };
  if (draft.batchId) args.batchId = draft.batchId;
  if (draft.templateId) args.templateId = draft.templateId;
  if (draft.framework.trim()) args.framework = draft.framework.trim();
  if (draft.status) args.status = draft.status;
  if (min.value !== undefined && min.value > 0) args.minScore = min.value;
  if (max.value !== undefined && max.value < 10) args.maxScore = max.value;
  return { ok: true, args };
}

export function hasFilters(draft: FilterDraft): boolean {
  return (Object.keys(EMPTY_FILTERS) as (keyof FilterDraft)[]).some((key) => key !== "sort" && draft[key] !== EMPTY_FILTERS[key]);
}

/** Previous and next ids around `id` in the list as loaded; undefined at either end or when `id` is not in it. */
export function neighboursIn<T extends { _id: string }>(rows: readonly T[], id: string): { previousId?: string; nextId?: string } {
  const at = rows.findIndex((row) => row._id === id);
  if (at < 0) return {};
  return { previousId: rows[at - 1]?._id, nextId: rows[at + 1]?._id };
}

/** A test's badge in the version history. */
export type TestBadge = { kind: "passed" | "failed" | "running" | "untested"; text: string };

export function testBadge(test: { status: "running" | "complete"; passed: boolean; meanScore?: number } | null | undefined): TestBadge {
  if (!test) return { kind: "untested", text: "Untested" };
  if (test.status === "running") return { kind: "running", text: "Testing…" };
  const mean = test.meanScore === undefined ? "" : ` ${formatScore(test.meanScore)}`;
  return test.passed ? { kind: "passed", text: `Passed${mean}` } : { kind: "failed", text: `Failed${mean}` };
}

/** "+0.4" / "−1.2" / "±0.0": a deviation with its sign spelled out. */
export function formatDeviation(deviation: number): string {
  if (Math.abs(deviation) < 0.05) return "±0.0";
  return `${deviation > 0 ? "+" : "−"}${Math.abs(deviation).toFixed(1)}`;
}

export const CRITERION_LABEL = { turnCount: "Turn count", length: "Length", structure: "Structure", confidence: "Confidence" } as const;
export const JUDGE_LABEL = {
  frameworkFidelity: "Framework fidelity",
  asksRatherThanTells: "Asks rather than tells",
  empathy: "Empathy",
  clientRealism: "Client realism",
  safety: "Safety",
} as const;
