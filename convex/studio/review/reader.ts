/**
 * Reads the pending review queue for a filter: bucket 0 then bucket 1, each
 * by score, through the narrowest index the filter allows. The two buckets
 * are two index ranges merged in index order, so a score range stays a range
 * and a page reads only what it returns (plus rows a second scope drops).
 */
import { mergedStream, stream } from "convex-helpers/server/stream";
import type { Doc } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import schema from "../../schema";
import { MAX_FRAMEWORK_CHARS } from "../generation/conversation";
import type { ReviewFilter } from "./validators";

export type QueuePlan = {
  index: "by_review" | "by_batch_review" | "by_template_review" | "by_framework_review";
  /** Equalities ahead of reviewStatus, in the index's order. */
  eq: [field: string, value: string][];
  /** Scopes the index does not cover, checked on the rows read. */
  post: { templateId?: string; framework?: string };
};

/** Batch is the narrowest scope, then template, then framework. Pure. */
export function planQueue(filter: ReviewFilter): QueuePlan {
  if (filter.batchId !== undefined) {
    return { index: "by_batch_review", eq: [["batchId", filter.batchId]], post: { templateId: filter.templateId, framework: filter.framework } };
  }
  if (filter.templateId !== undefined) {
    return { index: "by_template_review", eq: [["templateId", filter.templateId]], post: { framework: filter.framework } };
  }
  if (filter.framework !== undefined) return { index: "by_framework_review", eq: [["framework", filter.framework]], post: {} };
  return { index: "by_review", eq: [], post: {} };
}

export function passesPost(row: Pick<Doc<"generatedConversations">, "templateId" | "framework">, post: QueuePlan["post"]): boolean {
  return (post.templateId === undefined || row.templateId === post.templateId) && (post.framework === undefined || row.framework === post.framework);
}

/** Trims the framework and refuses impossible ranges; returns the filter to plan with. */
export function checkFilter(filter: ReviewFilter): ReviewFilter {
  for (const field of ["minScore", "maxScore"] as const) {
    const value = filter[field];
    if (value !== undefined && !(value >= 0 && value <= 10)) throw appError("INVALID_INPUT", "Scores run from 0 to 10.", { field });
  }
  if (filter.minScore !== undefined && filter.maxScore !== undefined && filter.minScore > filter.maxScore) {
    throw appError("INVALID_INPUT", "The lowest score can't be above the highest.", { field: "minScore" });
  }
  const framework = filter.framework?.trim();
  if (framework !== undefined && (framework === "" || framework.length > MAX_FRAMEWORK_CHARS)) {
    throw appError("INVALID_INPUT", "Name a framework.", { field: "framework" });
  }
  return { ...filter, framework };
}

type Range = { eq(field: string, value: unknown): Range; gte(field: string, value: number): Range; lte(field: string, value: number): Range };

/** The pending queue for a checked filter, in review order. */
export function queueStream(ctx: QueryCtx, filter: ReviewFilter) {
  const plan = planQueue(filter);
  const bucket = (rank: number) =>
    stream(ctx.db, schema)
      .query("generatedConversations")
      .withIndex(plan.index, (q) => {
        // The plan names the index's own fields in order; Convex's types can't follow a computed index name.
        let range = q as unknown as Range;
        for (const [field, value] of plan.eq) range = range.eq(field, value);
        range = range.eq("reviewStatus", "pending").eq("reviewRank", rank);
        if (filter.minScore !== undefined) range = range.gte("reviewScore", filter.minScore);
        if (filter.maxScore !== undefined) range = range.lte("reviewScore", filter.maxScore);
        return range as unknown as ReturnType<typeof q.eq>;
      });
  return { plan, stream: mergedStream([bucket(0), bucket(1)], ["reviewRank", "reviewScore"]) };
}
