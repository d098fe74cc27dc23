/**
 * Shapes the review stores on generated conversations and in its own tables,
 * written once: the tables, the API and the pure rules derive from them.
 */
import { literals } from "convex-helpers/validators";
import { v, type Infer } from "convex/values";
import { turnValidator } from "../generation/validators";
import { REJECT_REASONS } from "./rules";

export const rejectReasonValidator = literals(...REJECT_REASONS);

export const turnEditValidator = v.object({ turnIndex: v.number(), text: v.string() });

/** One revise verdict: what each edited turn said before and says now. */
export const revisionValidator = v.object({
  by: v.id("users"),
  at: v.number(),
  edits: v.array(v.object({ turnIndex: v.number(), before: v.string(), text: v.string() })),
});
export type Revision = Infer<typeof revisionValidator>;

export const confusionValidator = v.object({ tp: v.number(), fp: v.number(), fn: v.number(), tn: v.number() });

export const BULK_VERDICTS = ["approved", "rejected"] as const;
export const bulkVerdictValidator = literals(...BULK_VERDICTS);

/** The queue's filters; a bulk verdict applies to exactly what the queue shows for them. */
export const reviewFilterValidator = v.object({
  batchId: v.optional(v.id("generationBatches")),
  templateId: v.optional(v.id("promptTemplates")),
  framework: v.optional(v.string()),
  minScore: v.optional(v.number()),
  maxScore: v.optional(v.number()),
});
export type ReviewFilter = Infer<typeof reviewFilterValidator>;

/**
 * The review fields a generated conversation carries (spread into its table).
 * All optional: rows stored before review existed, and test-pool rows, have none.
 */
export const conversationReviewFields = {
  /** Queue bucket: 0 needs a look first (needs revision, or scorer and judge disagree), 1 the rest. */
  reviewRank: v.optional(v.number()),
  /** The score the queue sorts by within a bucket (the effective score). */
  reviewScore: v.optional(v.number()),
  /** Who has the conversation open, and until when (a lease expires by time alone). */
  leaseBy: v.optional(v.id("users")),
  leaseUntil: v.optional(v.number()),
  reviewedAt: v.optional(v.number()),
  /** approved, revised (edited then approved) or rejected: reviewStatus alone can't tell a revision. */
  verdict: v.optional(literals("approved", "revised", "rejected")),
  rejectReason: v.optional(rejectReasonValidator),
  /** The turns as generated, kept once before the first revision changes them. */
  originalTurns: v.optional(v.array(turnValidator)),
  revisions: v.optional(v.array(revisionValidator)),
  /** Reviewed, and the scorer's verdict (score ≥ threshold keeps) differs from the reviewer's. */
  disagrees: v.optional(v.boolean()),
  /** An earlier conversation of the same template this one nearly repeats (estimated Jaccard ≥ 0.9). Exports skip it by default. */
  duplicateOf: v.optional(v.id("generatedConversations")),
  duplicateSimilarity: v.optional(v.number()),
};
