/**
 * Studio → Review: the queue, one item with what a reviewer needs, and the
 * ten-minute lease that keeps two reviewers off the same conversation.
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionMutation, permissionQuery } from "../../lib/functions";
import { paginateChecked, vPaginationResult } from "../../lib/pagination";
import { conversationStatusValidator, reviewStatusValidator, turnValidator, valuesValidator } from "../generation/validators";
import { judgeResultValidator, qualityReportValidator } from "../quality/validators";
import { checkFilter, paginateQueue, passesPost, planQueue } from "./reader";
import { blockingLease, formatClock, LEASE_MS } from "./rules";
import { conversationReviewFields, reviewFilterValidator } from "./validators";

export const reviewQuery = permissionQuery("studio.review");
export const reviewMutation = permissionMutation("studio.review");

const PREVIEW_CHARS = 160;

export const queueRowValidator = v.object({
  _id: v.id("generatedConversations"),
  templateId: v.id("promptTemplates"),
  batchId: v.optional(v.id("generationBatches")),
  framework: v.string(),
  status: conversationStatusValidator,
  /** 0: needs revision, or scorer and judge disagree; 1: the rest. */
  reviewRank: v.number(),
  score: v.optional(v.number()),
  threshold: v.optional(v.number()),
  judgeOverall: v.optional(v.number()),
  duplicateOf: conversationReviewFields.duplicateOf,
  /** Set while someone else's lease runs. */
  leasedBy: v.optional(v.id("users")),
  leaseUntil: v.optional(v.number()),
  turnCount: v.number(),
  preview: v.string(),
  createdAt: v.number(),
});

function toRow(c: Doc<"generatedConversations">, now: number) {
  const first = c.turns[0]?.text ?? "";
  const leased = c.leaseUntil !== undefined && c.leaseUntil > now;
  return {
    _id: c._id,
    templateId: c.templateId,
    batchId: c.batchId,
    framework: c.framework,
    status: c.status,
    reviewRank: c.reviewRank ?? 1,
    score: c.score,
    threshold: c.quality?.threshold,
    judgeOverall: c.judge?.status === "done" ? c.judge.overall : undefined,
    duplicateOf: c.duplicateOf,
    leasedBy: leased ? c.leaseBy : undefined,
    leaseUntil: leased ? c.leaseUntil : undefined,
    turnCount: c.turns.length,
    preview: first.length > PREVIEW_CHARS ? `${first.slice(0, PREVIEW_CHARS)}…` : first,
    createdAt: c.createdAt,
  };
}

/**
 * Pending production conversations in review order: those needing revision or
 * where scorer and judge disagree first, then the rest, lowest score first.
 * A template or framework filter combined with a batch is applied to the
 * page read, so such a page may hold fewer rows than asked for.
 */
export const listReviewQueue = reviewQuery({
  args: { paginationOpts: paginationOptsValidator, ...reviewFilterValidator.fields },
  returns: vPaginationResult(queueRowValidator),
  handler: async (ctx, { paginationOpts, ...raw }) => {
    const filter = checkFilter(raw);
    const plan = planQueue(filter);
    const result = await paginateChecked(paginationOpts, async (opts) => (await paginateQueue(ctx, filter, opts)).result);
    // Query time is fixed per run; a lease ending while the page is watched shows until the next change.
    const now = Date.now();
    return { ...result, page: result.page.filter((row) => passesPost(row, plan.post)).map((row) => toRow(row, now)) };
  },
});

export const reviewItemValidator = v.object({
  _id: v.id("generatedConversations"),
  templateId: v.id("promptTemplates"),
  templateName: v.optional(v.string()),
  templateVersionId: v.id("promptTemplateVersions"),
  batchId: v.optional(v.id("generationBatches")),
  framework: v.string(),
  turns: v.array(turnValidator),
  values: valuesValidator,
  model: v.string(),
  status: conversationStatusValidator,
  score: v.optional(v.number()),
  quality: v.union(qualityReportValidator, v.null()),
  judge: v.union(judgeResultValidator, v.null()),
  reviewStatus: reviewStatusValidator,
  verdict: conversationReviewFields.verdict,
  reviewedBy: v.optional(v.id("users")),
  reviewedByName: v.optional(v.string()),
  reviewedAt: v.optional(v.number()),
  rejectReason: conversationReviewFields.rejectReason,
  reviewNote: v.optional(v.string()),
  originalTurns: conversationReviewFields.originalTurns,
  revisions: conversationReviewFields.revisions,
  duplicateOf: conversationReviewFields.duplicateOf,
  duplicateSimilarity: conversationReviewFields.duplicateSimilarity,
  /** The current lease, whoever holds it; absent when none runs. */
  lease: v.union(v.object({ by: v.id("users"), byName: v.string(), until: v.number(), mine: v.boolean() }), v.null()),
  createdAt: v.number(),
});

async function userName(ctx: QueryCtx, userId: Id<"users">): Promise<string> {
  const user = await ctx.db.get("users", userId);
  return user?.name ?? user?.email ?? "Another reviewer";
}

export const getReviewItem = reviewQuery({
  args: { conversationId: v.id("generatedConversations") },
  returns: reviewItemValidator,
  handler: async (ctx, { conversationId }) => {
    const c = await ctx.db.get("generatedConversations", conversationId);
    if (c === null) throw appError("NOT_FOUND", "That conversation doesn't exist.");
    const now = Date.now();
    const template = await ctx.db.get("promptTemplates", c.templateId);
    const leased = c.leaseBy !== undefined && c.leaseUntil !== undefined && c.leaseUntil > now;
    return {
      _id: c._id,
      templateId: c.templateId,
      templateName: template?.name,
      templateVersionId: c.templateVersionId,
      batchId: c.batchId,
      framework: c.framework,
      turns: c.turns,
      values: c.values,
      model: c.model,
      status: c.status,
      score: c.score,
      quality: c.quality ?? null,
      judge: c.judge ?? null,
      reviewStatus: c.reviewStatus,
      verdict: c.verdict,
      reviewedBy: c.reviewedBy,
      reviewedByName: c.reviewedBy ? await userName(ctx, c.reviewedBy) : undefined,
      reviewedAt: c.reviewedAt,
      rejectReason: c.rejectReason,
      reviewNote: c.reviewNote,
      originalTurns: c.originalTurns,
      revisions: c.revisions,
      duplicateOf: c.duplicateOf,
      duplicateSimilarity: c.duplicateSimilarity,
      lease: leased && c.leaseBy && c.leaseUntil
        ? { by: c.leaseBy, byName: await userName(ctx, c.leaseBy), until: c.leaseUntil, mine: c.leaseBy === ctx.user._id }
        : null,
      createdAt: c.createdAt,
    };
  },
});

/** Refuses when another reviewer's lease runs; the message names them and the time it ends. */
export async function assertNoOtherLease(ctx: QueryCtx, c: Doc<"generatedConversations">, userId: Id<"users">, now: number): Promise<void> {
  const other = blockingLease(c, userId, now);
  if (other === null) return;
  const name = await userName(ctx, other.by as Id<"users">);
  throw appError("CONFLICT", `${name} is reviewing this until ${formatClock(other.until)}.`, { retryAfterMs: other.until - now });
}

/**
 * Opening an item leases it to the caller for ten minutes, or renews the
 * caller's own lease. Expiry is by time alone: nothing needs to clear it.
 */
export const claimForReview = reviewMutation({
  args: { conversationId: v.id("generatedConversations") },
  returns: v.object({ leaseUntil: v.number() }),
  handler: async (ctx, { conversationId }) => {
    const c = await ctx.db.get("generatedConversations", conversationId);
    if (c === null) throw appError("NOT_FOUND", "That conversation doesn't exist.");
    if (c.pool === "test") throw appError("CONFLICT", "Test conversations belong to a template test and aren't reviewed.");
    if (c.reviewStatus !== "pending") throw appError("CONFLICT", `This conversation was already ${c.reviewStatus}.`);
    const now = Date.now();
    await assertNoOtherLease(ctx, c, ctx.user._id, now);
    const leaseUntil = now + LEASE_MS;
    await ctx.db.patch("generatedConversations", c._id, { leaseBy: ctx.user._id, leaseUntil });
    return { leaseUntil };
  },
});

/** Gives the item back before the lease runs out; releasing what one doesn't hold changes nothing. */
export const releaseClaim = reviewMutation({
  args: { conversationId: v.id("generatedConversations") },
  returns: v.object({ released: v.boolean() }),
  handler: async (ctx, { conversationId }) => {
    const c = await ctx.db.get("generatedConversations", conversationId);
    if (c === null) throw appError("NOT_FOUND", "That conversation doesn't exist.");
    if (c.leaseBy !== ctx.user._id || c.leaseUntil === undefined || c.leaseUntil <= Date.now()) return { released: false };
    await ctx.db.patch("generatedConversations", c._id, { leaseBy: undefined, leaseUntil: undefined });
    return { released: true };
  },
});
