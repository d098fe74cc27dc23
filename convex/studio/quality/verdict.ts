/**
 * From the scorer's report to what is stored and which status follows. Pure.
 *
 * The scorer flags below its own FLAG_BELOW; a template sets its own
 * threshold, so the flag is decided again here against that threshold, with
 * the scorer's blocking flags (a disclosed risk left unaddressed) still
 * sending a conversation to revision whatever its score.
 */
import { isFrameworkId } from "../../coaching/frameworks";
import { BLOCKING_FLAGS, FLAG_BELOW, type QualityFlag, type QualityReport } from "./score";
import type { StoredQuality } from "./validators";

export const DEFAULT_THRESHOLD = FLAG_BELOW;

export type ConversationStatus = "generated" | "needs_revision";

/** "GROW", "grow", "Power-Interest Grid" → a framework id; unknown names pass through (the scorer then skips step checks). */
export function frameworkIdFor(...names: (string | number | boolean | undefined)[]): string {
  let first = "";
  for (const name of names) {
    if (typeof name !== "string" || name.trim() === "") continue;
    const id = name.trim().toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_|_$/g, "");
    if (isFrameworkId(id)) return id;
    if (first === "") first = name.trim();
  }
  return first;
}

/** A threshold from the template, or the default when it holds nothing usable. */
export function thresholdOf(value: number | undefined): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 10 ? value : DEFAULT_THRESHOLD;
}

function formatScore(score: number): string {
  return score.toFixed(1);
}

export function blockingFlags(flags: readonly string[]): string[] {
  return flags.filter((flag) => BLOCKING_FLAGS.has(flag as QualityFlag));
}

/** The sentence a person reads for each blocking flag. */
const BLOCKING_SENTENCES: Partial<Record<QualityFlag, string>> = {
  safety_unaddressed: "The client discloses a risk and the coach coaches past it.",
  repetition: "A turn repeats another one.",
  lecturing: "The coach lectures instead of asking.",
};

/** Why a conversation needs revision; empty when it does not. */
export function revisionReasons(report: Pick<QualityReport, "overall" | "flags" | "recommendations">, threshold: number): string[] {
  const reasons: string[] = [];
  if (report.overall < threshold) reasons.push(`Score ${formatScore(report.overall)} is below the template's threshold of ${formatScore(threshold)}.`);
  for (const flag of blockingFlags(report.flags)) {
    reasons.push(BLOCKING_SENTENCES[flag as QualityFlag] ?? `Blocking issue: ${flag.replace(/_/g, " ")}.`);
  }
  if (reasons.length > 0) reasons.push(...report.recommendations);
  return reasons;
}

export function storedQuality(report: QualityReport, threshold: number, now: number): StoredQuality {
  const reasons = revisionReasons(report, threshold);
  return {
    overall: report.overall,
    flagged: reasons.length > 0,
    threshold,
    confidence: report.confidence,
    criteria: report.criteria,
    recommendations: report.recommendations,
    flags: [...report.flags],
    reasons,
    scoredAt: now,
  };
}

/** The score lists and filters use: an override when there is one, else the scorer's. */
export function effectiveScore(quality: Pick<StoredQuality, "overall" | "override">): number {
  return quality.override?.score ?? quality.overall;
}

/** An override decides on its own: a person who read the conversation outranks the blocking flags. */
export function statusFor(quality: Pick<StoredQuality, "flagged" | "override" | "threshold">): ConversationStatus {
  if (quality.override) return quality.override.score < quality.threshold ? "needs_revision" : "generated";
  return quality.flagged ? "needs_revision" : "generated";
}

export const OVERRIDE_REASON = { min: 10, max: 1_000 } as const;

export type OverrideProblem = { field: "score" | "reason"; message: string };

/** Checks an override's score (0–10, at most one decimal) and reason; returns the clean reason. */
export function checkOverride(score: number, reason: string): { ok: true; score: number; reason: string } | { ok: false; problem: OverrideProblem } {
  if (!Number.isFinite(score) || score < 0 || score > 10 || Math.round(score * 10) !== score * 10) {
    return { ok: false, problem: { field: "score", message: "The score must be from 0 to 10, with at most one decimal." } };
  }
  const clean = reason.trim();
  if (clean.length < OVERRIDE_REASON.min) {
    return { ok: false, problem: { field: "reason", message: `Give a reason of at least ${OVERRIDE_REASON.min} characters.` } };
  }
  if (clean.length > OVERRIDE_REASON.max) {
    return { ok: false, problem: { field: "reason", message: `The reason can be at most ${OVERRIDE_REASON.max} characters.` } };
  }
  return { ok: true, score, reason: clean };
}
