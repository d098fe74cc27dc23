import { defineTable } from "convex/server";
import { v } from "convex/values";
import { bulkVerdictValidator, confusionValidator, rejectReasonValidator, reviewFilterValidator } from "./validators";

export const reviewTables = {
  /**
   * LSH bands of each production conversation's MinHash signature: a new
   * conversation finds its candidate twins by one index lookup per band.
   */
  conversationBands: defineTable({
    templateId: v.id("promptTemplates"),
    band: v.number(),
    hash: v.string(),
    conversationId: v.id("generatedConversations"),
  }).index("by_template_band_hash", ["templateId", "band", "hash"]),
  /** The full signature, read only for the few candidates the bands return. */
  conversationSignatures: defineTable({
    conversationId: v.id("generatedConversations"),
    templateId: v.id("promptTemplates"),
    signature: v.array(v.number()),
  }).index("by_conversation", ["conversationId"]),
  /**
   * Calibration roll-ups, written in each verdict's transaction. scope is
   * "all" or a template id; day is days since the epoch (UTC), or -1 for the
   * all-time total. `score` compares the scorer with the reviewer; `judge`
   * the model judge, counted only when it had answered.
   */
  reviewCalibration: defineTable({
    scope: v.string(),
    templateId: v.optional(v.id("promptTemplates")),
    day: v.number(),
    score: confusionValidator,
    judge: confusionValidator,
    updatedAt: v.number(),
  })
    .index("by_scope_day", ["scope", "day"])
    .index("by_day_scope", ["day", "scope"]),
  /** A confirmed bulk verdict: the conversations it covers were fixed at confirmation. */
  reviewBulkJobs: defineTable({
    filter: reviewFilterValidator,
    verdict: bulkVerdictValidator,
    reason: v.optional(rejectReasonValidator),
    note: v.optional(v.string()),
    conversationIds: v.array(v.id("generatedConversations")),
    /** Next position in conversationIds to apply. */
    next: v.number(),
    applied: v.number(),
    /** Reviewed meanwhile, or leased by someone else when its page ran. */
    skipped: v.number(),
    status: v.union(v.literal("running"), v.literal("done")),
    by: v.id("users"),
    createdAt: v.number(),
    finishedAt: v.optional(v.number()),
  }),
};
