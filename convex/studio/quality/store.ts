/**
 * Scoring at storage: the generation queue calls these in the transaction
 * that stores a conversation, so a stored conversation is never unscored, and
 * the flagged count and the template's average never drift from the rows.
 */
import { internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { logger } from "../../lib/log";
import { gatewayConfig } from "../../llm/config";
import { onConversationStored } from "../review/store";
import { recordTemplateQuality, recordTemplateUse } from "../templates/usage";
import type { TemplateTier } from "../tables";
import { scoreConversation } from "./score";
import type { ConversationPool, JudgeResult, StoredQuality } from "./validators";
import { effectiveScore, frameworkIdFor, statusFor, storedQuality, thresholdOf, type ConversationStatus } from "./verdict";

const log = logger("studio");

export const FLAGGED_COUNTER = "flagged";
/**
 * The flagged count is kept in this many shards: every batch in flight
 * writes it, and one document written by all of them would serialise their
 * transactions (ai-town's lesson). A conversation always lands in the same
 * shard, so an override takes back exactly what its store added.
 */
export const COUNTER_SHARDS = 8;

export function shardOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % COUNTER_SHARDS;
}

export async function adjustCounter(ctx: MutationCtx, counter: string, forId: string, delta: number, now = Date.now()): Promise<void> {
  if (delta === 0) return;
  const key = `${counter}:${shardOf(forId)}`;
  const row = await ctx.db
    .query("qualityCounters")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
  if (row === null) await ctx.db.insert("qualityCounters", { key, count: Math.max(0, delta), updatedAt: now });
  else await ctx.db.patch("qualityCounters", row._id, { count: Math.max(0, row.count + delta), updatedAt: now });
}

/** The counter's total: at most COUNTER_SHARDS reads, whatever the table's size. */
export async function readCounter(ctx: QueryCtx, counter: string): Promise<number> {
  const shards = await ctx.db
    .query("qualityCounters")
    .withIndex("by_key", (q) => q.gte("key", `${counter}:`).lt("key", `${counter};`))
    .take(COUNTER_SHARDS);
  return shards.reduce((sum, row) => sum + row.count, 0);
}

/** Moves a template's running average when a stored score changes (an override). */
export async function shiftTemplateQuality(ctx: MutationCtx, templateId: Id<"promptTemplates">, delta: number): Promise<void> {
  if (delta === 0) return;
  const template = await ctx.db.get("promptTemplates", templateId);
  if (template === null || template.qualityCount === 0) return;
  const qualitySum = template.qualitySum + delta;
  await ctx.db.patch("promptTemplates", templateId, {
    qualitySum,
    averageQuality: Math.round((qualitySum / template.qualityCount) * 100) / 100,
  });
}

export type ScoredFields = {
  pool: ConversationPool;
  status: ConversationStatus;
  score: number;
  quality: StoredQuality;
  judge?: JudgeResult;
};

/** The scored fields of a conversation about to be inserted. */
export function scoreForStorage(
  template: Pick<Doc<"promptTemplates">, "tier" | "qualityThreshold"> | null,
  conversation: { framework: string; turns: Doc<"generatedConversations">["turns"] },
  values: Doc<"generatedConversations">["values"],
  options: { test: boolean; judge: boolean },
  now: number,
): ScoredFields {
  const tier: TemplateTier = template?.tier ?? "template";
  const report = scoreConversation({
    turns: conversation.turns,
    frameworkId: frameworkIdFor(conversation.framework, values.framework),
    tier,
    variables: values,
  });
  const quality = storedQuality(report, thresholdOf(template?.qualityThreshold), now);
  return {
    pool: options.test ? "test" : "production",
    status: statusFor(quality),
    score: effectiveScore(quality),
    quality,
    judge: options.judge ? { status: "pending", model: gatewayConfig().models.judging, costMicros: 0, requestedAt: now } : undefined,
  };
}

/**
 * After the insert: production conversations count as use, fold into the
 * template's average and the flagged count; a flagged one is logged with its
 * reasons; a judge, when asked for, is scheduled (the gateway's transaction
 * this runs in must not be re-entered to enqueue). The review queue places
 * it and checks it for near-duplicates in the same transaction.
 */
export async function afterConversationStored(
  ctx: MutationCtx,
  conversationId: Id<"generatedConversations">,
  item: Pick<Doc<"generationItems">, "_id" | "templateId" | "templateVersionId" | "batchId" | "createdBy">,
  fields: ScoredFields,
  now: number,
): Promise<void> {
  if (fields.pool === "production") {
    await recordTemplateUse(ctx, item.templateVersionId);
    await recordTemplateQuality(ctx, item.templateId, fields.quality.overall);
    if (fields.status === "needs_revision") await adjustCounter(ctx, FLAGGED_COUNTER, conversationId, 1, now);
  }
  if (fields.status === "needs_revision") {
    await log.with({ userId: item.createdBy }).persist(ctx, "warn", "conversation_flagged", {
      conversationId,
      itemId: item._id,
      batchId: item.batchId,
      pool: fields.pool,
      score: fields.quality.overall,
      threshold: fields.quality.threshold,
      flags: fields.quality.flags,
      reasons: fields.quality.reasons,
    });
  }
  // The review queue's placement and near-duplicate mark (test conversations are skipped there).
  await onConversationStored(ctx, conversationId);
  if (fields.judge) await ctx.scheduler.runAfter(0, internal.studio.quality.judge.startJudging, { conversationId });
}
