import { defineTable } from "convex/server";
import { v } from "convex/values";
import {
  batchEventValidator,
  batchOptionsValidator,
  batchStatusValidator,
  conversationStatusValidator,
  countsValidator,
  itemErrorClassValidator,
  itemStatusValidator,
  matrixModeValidator,
  matrixValidator,
  onErrorValidator,
  pauseReasonValidator,
  retryConfigValidator,
  reviewStatusValidator,
  turnValidator,
  valuesValidator,
} from "./validators";
import { conversationPoolValidator, judgeResultValidator, qualityReportValidator } from "../quality/validators";
import { conversationReviewFields } from "../review/validators";

export const generationTables = {
  /**
   * One batch run. The roll-up counters live here so progress reads one
   * document; each item event writes it at most once (deltas never do), so
   * its write rate is bounded by item completions, not by tokens.
   */
  generationBatches: defineTable({
    name: v.string(),
    createdBy: v.id("users"),
    templateId: v.id("promptTemplates"),
    templateVersionId: v.id("promptTemplateVersions"),
    model: v.string(),
    matrix: matrixValidator,
    mode: matrixModeValidator,
    sampleSize: v.optional(v.number()),
    seed: v.number(),
    options: batchOptionsValidator,
    status: batchStatusValidator,
    total: v.number(),
    /** Items written so far; large batches are inserted in pages by a scheduled mutation. */
    inserted: v.number(),
    counts: countsValidator,
    costMicros: v.number(),
    inputTokens: v.number(),
    outputTokens: v.number(),
    estimate: v.object({ lowMicros: v.number(), highMicros: v.number() }),
    pausedReason: v.optional(pauseReasonValidator),
    pausedAt: v.optional(v.number()),
    /** Time spent paused, so throughput and ETA count only running time. */
    pausedMs: v.number(),
    /** Running-clock times (ms, paused time removed) of the newest completions, at most 20. */
    recentCompletions: v.array(v.number()),
    events: v.array(batchEventValidator),
    /** Set by duplicateBatch. */
    copiedFrom: v.optional(v.id("generationBatches")),
    createdAt: v.number(),
    startedAt: v.number(),
    finishedAt: v.optional(v.number()),
    updatedAt: v.number(),
  })
    .index("by_createdAt", ["createdAt"])
    .index("by_createdBy", ["createdBy", "createdAt"]),
  /**
   * One conversation to generate: a batch row, or a single run (no batchId).
   * `requestId` is the gateway request the item listens to; events for any
   * other request are stale and ignored, which makes handling idempotent.
   */
  generationItems: defineTable({
    batchId: v.optional(v.id("generationBatches")),
    index: v.number(),
    templateId: v.id("promptTemplates"),
    templateVersionId: v.id("promptTemplateVersions"),
    model: v.string(),
    /** The values given (matrix row or single-run form); rendering adds defaults. */
    values: valuesValidator,
    status: itemStatusValidator,
    /** Attempts started so far, across gateway retries and re-sent requests. */
    attempts: v.number(),
    maxAttempts: v.number(),
    retry: retryConfigValidator,
    onError: onErrorValidator,
    requestId: v.optional(v.id("llmRequests")),
    /** Attempts used by earlier requests of this item (a re-sent request restarts the gateway's count). */
    attemptBase: v.number(),
    nextAttemptAt: v.optional(v.number()),
    errorClass: v.optional(itemErrorClassValidator),
    errorMessage: v.optional(v.string()),
    /** What this item's requests cost so far, resent ones included. */
    costMicros: v.number(),
    inputTokens: v.number(),
    outputTokens: v.number(),
    /** The tool input so far, while Claude writes it; cleared when stored. */
    partialJson: v.optional(v.string()),
    conversationId: v.optional(v.id("generatedConversations")),
    /** A template test's run: its conversation is stored in the test pool and counts nowhere. */
    test: v.optional(v.boolean()),
    /** Rate the stored conversation with the model judge too (a batch option; always on for tests). */
    judge: v.optional(v.boolean()),
    createdBy: v.id("users"),
    createdAt: v.number(),
    startedAt: v.optional(v.number()),
    finishedAt: v.optional(v.number()),
    updatedAt: v.number(),
  })
    .index("by_batch_index", ["batchId", "index"])
    .index("by_batch_status_index", ["batchId", "status", "index"]),
  generatedConversations: defineTable({
    templateId: v.id("promptTemplates"),
    templateVersionId: v.id("promptTemplateVersions"),
    batchId: v.optional(v.id("generationBatches")),
    itemId: v.optional(v.id("generationItems")),
    framework: v.string(),
    turns: v.array(turnValidator),
    /** The resolved template values (given values plus defaults) it was rendered with. */
    values: valuesValidator,
    model: v.string(),
    inputTokens: v.number(),
    outputTokens: v.number(),
    costMicros: v.number(),
    /** From the item's first start to the stored result, retries included. */
    latencyMs: v.number(),
    attempts: v.number(),
    status: conversationStatusValidator,
    /**
     * Set on every conversation stored since scoring (optional only for rows
     * written before it): production ones list and count, test ones (template
     * tests) never do.
     */
    pool: v.optional(conversationPoolValidator),
    /** The score lists sort and filter on: the override when there is one, else the scorer's overall. */
    score: v.optional(v.number()),
    /** The deterministic scorer's report, scored in the transaction that stored the conversation. */
    quality: v.optional(qualityReportValidator),
    /** The model judge's rubric, when asked for: kept apart from the deterministic score. */
    judge: v.optional(judgeResultValidator),
    reviewStatus: reviewStatusValidator,
    reviewedBy: v.optional(v.id("users")),
    reviewNote: v.optional(v.string()),
    ...conversationReviewFields,
    createdBy: v.id("users"),
    createdAt: v.number(),
  })
    .index("by_template", ["templateId", "createdAt"])
    .index("by_batch", ["batchId", "createdAt"])
    .index("by_reviewStatus", ["reviewStatus", "createdAt"])
    // One index per filter the Conversations list offers, each ending in score,
    // so a quality range is an index range and every page reads only its rows.
    .index("by_pool_score", ["pool", "score"])
    .index("by_pool_status_score", ["pool", "status", "score"])
    .index("by_pool_framework_score", ["pool", "framework", "score"])
    .index("by_pool_framework_status_score", ["pool", "framework", "status", "score"])
    .index("by_template_pool_score", ["templateId", "pool", "score"])
    .index("by_template_pool_status_score", ["templateId", "pool", "status", "score"])
    .index("by_batch_score", ["batchId", "score"])
    .index("by_batch_status_score", ["batchId", "status", "score"])
    // A version's newest production conversations: the baseline a template test is compared with.
    .index("by_version_pool", ["templateVersionId", "pool"])
    // The review queue: bucket, then score, per filter, so each page is one bounded range per bucket.
    .index("by_review", ["reviewStatus", "reviewRank", "reviewScore"])
    .index("by_batch_review", ["batchId", "reviewStatus", "reviewRank", "reviewScore"])
    .index("by_template_review", ["templateId", "reviewStatus", "reviewRank", "reviewScore"])
    .index("by_framework_review", ["framework", "reviewStatus", "reviewRank", "reviewScore"])
    .index("by_disagrees", ["disagrees", "reviewedAt"])
    .index("by_template_disagrees", ["templateId", "disagrees", "reviewedAt"]),
  /** Defaults for new batches: one document, key "default". */
  generationSettings: defineTable({
    key: v.string(),
    retry: retryConfigValidator,
    onError: onErrorValidator,
    updatedBy: v.id("users"),
    updatedAt: v.number(),
  }).index("by_key", ["key"]),
};
