/**
 * recordAnalyticsEvent: the one writer of the analytics roll-ups. Call it in
 * the transaction that changes the fact it counts, so the roll-ups can never
 * disagree with the conversations:
 *   - generation/runs.ts, right after a production conversation is stored:
 *     { kind: "generated", templateId, versionId, costMicros, latencyMs, score: quality.overall }
 *   - generation/runs.ts, when an item finally fails (no retry left):
 *     { kind: "failed", templateId, versionId }
 *   - the review verdict paths (approve / reject / back to pending):
 *     reviewedEvent(conversationBefore, verdict)
 * Template-test conversations (pool "test") are not production: do not record them.
 */
import type { Doc } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { applyDaily, applyEvent, coverageDelta, emptyRollup, isNoop, utcDay, type AnalyticsEvent, type Rollup, type Verdict } from "./rollup";

async function applyRollup(ctx: MutationCtx, event: AnalyticsEvent, scope: "template" | "version", now: number) {
  const versionId = scope === "version" ? event.versionId : undefined;
  const existing = await ctx.db
    .query("templateAnalytics")
    .withIndex("by_template_version", (q) => q.eq("templateId", event.templateId).eq("versionId", versionId))
    .unique();
  const before: Rollup = existing ?? emptyRollup();
  const after = applyEvent(before, event);
  const fields = {
    successes: after.successes,
    failures: after.failures,
    scoreCount: after.scoreCount,
    scoreSum: after.scoreSum,
    scoreMin: after.scoreMin,
    scoreMax: after.scoreMax,
    averageScore: after.averageScore,
    approved: after.approved,
    rejected: after.rejected,
    latencySumMs: after.latencySumMs,
    costMicros: after.costMicros,
    recentScores: after.recentScores,
    updatedAt: now,
  };
  if (existing) await ctx.db.patch("templateAnalytics", existing._id, fields);
  else await ctx.db.insert("templateAnalytics", { scope, templateId: event.templateId, versionId, ...fields });
}

async function applyDay(ctx: MutationCtx, event: AnalyticsEvent, now: number) {
  const day = utcDay(event.at ?? now);
  const existing = await ctx.db
    .query("templateAnalyticsDaily")
    .withIndex("by_template_day", (q) => q.eq("templateId", event.templateId).eq("day", day))
    .unique();
  const after = applyDaily(existing ?? { successes: 0, failures: 0, scoreCount: 0, scoreSum: 0, costMicros: 0, approved: 0, rejected: 0 }, event);
  const fields = {
    successes: after.successes,
    failures: after.failures,
    scoreCount: after.scoreCount,
    scoreSum: after.scoreSum,
    costMicros: after.costMicros,
    approved: after.approved,
    rejected: after.rejected,
    updatedAt: now,
  };
  if (existing) await ctx.db.patch("templateAnalyticsDaily", existing._id, fields);
  else await ctx.db.insert("templateAnalyticsDaily", { templateId: event.templateId, day, ...fields });
}

async function applyCoverage(ctx: MutationCtx, event: AnalyticsEvent, now: number) {
  const delta = coverageDelta(event);
  if (delta === 0 || event.kind !== "reviewed" || event.cell === undefined) return;
  const { framework, persona, emotion } = event.cell;
  const existing = await ctx.db
    .query("coverageCells")
    .withIndex("by_cell", (q) => q.eq("framework", framework).eq("persona", persona).eq("emotion", emotion))
    .unique();
  if (existing) await ctx.db.patch("coverageCells", existing._id, { approved: Math.max(0, existing.approved + delta), updatedAt: now });
  else if (delta > 0) await ctx.db.insert("coverageCells", { framework, persona, emotion, approved: delta, updatedAt: now });
}

/** Four indexed reads and at most four writes, whatever the data size. */
export async function recordAnalyticsEvent(ctx: MutationCtx, event: AnalyticsEvent, now = Date.now()): Promise<void> {
  if (isNoop(event)) return;
  await applyRollup(ctx, event, "template", now);
  await applyRollup(ctx, event, "version", now);
  await applyDay(ctx, event, now);
  await applyCoverage(ctx, event, now);
}

const valueText = (value: string | number | boolean | undefined) => (value === undefined ? "(none)" : String(value));

/** The verdict event for a conversation as it was before the verdict. */
export function reviewedEvent(
  conversation: Pick<Doc<"generatedConversations">, "templateId" | "templateVersionId" | "framework" | "values" | "reviewStatus">,
  verdict: Verdict,
  at?: number,
): AnalyticsEvent {
  return {
    kind: "reviewed",
    templateId: conversation.templateId,
    versionId: conversation.templateVersionId,
    verdict,
    previous: conversation.reviewStatus,
    cell: { framework: conversation.framework, persona: valueText(conversation.values.persona), emotion: valueText(conversation.values.emotion) },
    at,
  };
}
