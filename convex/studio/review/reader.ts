/**
 * Reads the pending review queue for a filter: bucket 0 then bucket 1, each
 * by score, through the narrowest index the filter allows. Each bucket is one
 * index range, so a score range stays a range and a page reads only what it
 * returns (plus rows a second scope drops).
 */
import type { PaginationOptions, PaginationResult } from "convex/server";
import type { Doc } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
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

export type QueueBucket = 0 | 1;

/** One bucket of the pending queue for a checked filter, by score. */
export function bucketQuery(ctx: QueryCtx, plan: QueuePlan, filter: ReviewFilter, rank: QueueBucket) {
  return ctx.db.query("generatedConversations").withIndex(plan.index, (q) => {
    // The plan names the index's own fields in order; Convex's types can't follow a computed index name.
    let range = q as unknown as Range;
    for (const [field, value] of plan.eq) range = range.eq(field, value);
    range = range.eq("reviewStatus", "pending").eq("reviewRank", rank);
    if (filter.minScore !== undefined) range = range.gte("reviewScore", filter.minScore);
    if (filter.maxScore !== undefined) range = range.lte("reviewScore", filter.maxScore);
    return range as unknown as ReturnType<typeof q.eq>;
  });
}

/**
 * A queue cursor is the bucket and Convex's cursor within it ("0:" starts
 * bucket 0). A function may run one paginated query, so the page that ends
 * bucket 0 is short and its continuation starts bucket 1.
 */
export function encodeCursor(bucket: QueueBucket, inner: string | null): string {
  return `${bucket}:${inner ?? ""}`;
}

export function decodeCursor(cursor: string | null): { bucket: QueueBucket; inner: string | null } {
  if (cursor === null) return { bucket: 0, inner: null };
  const match = /^([01]):([\s\S]*)$/.exec(cursor);
  if (match === null) throw appError("INVALID_INPUT", "That page cursor isn't valid. Start again from the first page.", { field: "paginationOpts" });
  return { bucket: Number(match[1]) as QueueBucket, inner: match[2] === "" ? null : match[2] };
}

/** One page of the pending queue in review order (checked filter, checked page size). */
export async function paginateQueue(ctx: QueryCtx, filter: ReviewFilter, opts: PaginationOptions): Promise<{ plan: QueuePlan; result: PaginationResult<Doc<"generatedConversations">> }> {
  const plan = planQueue(filter);
  const { bucket, inner } = decodeCursor(opts.cursor);
  const end = opts.endCursor ? decodeCursor(opts.endCursor) : null;
  const result = await bucketQuery(ctx, plan, filter, bucket).paginate({
    numItems: opts.numItems,
    cursor: inner,
    ...(end !== null && end.bucket === bucket ? { endCursor: end.inner } : {}),
    ...(opts.maximumRowsRead !== undefined ? { maximumRowsRead: opts.maximumRowsRead } : {}),
  });
  const endsBucketZero = bucket === 0 && result.isDone && (end === null || end.bucket === 1);
  return {
    plan,
    result: {
      ...result,
      isDone: result.isDone && !endsBucketZero,
      continueCursor: endsBucketZero ? encodeCursor(1, null) : encodeCursor(bucket, result.continueCursor),
      splitCursor: result.splitCursor ? encodeCursor(bucket, result.splitCursor) : result.splitCursor,
    },
  };
}

/**
 * The pending queue in review order, for bounded scans (a bulk count). `stop`
 * is asked before each row read, so rows a second scope drops count too.
 */
export async function* queueRows(ctx: QueryCtx, filter: ReviewFilter, stop: () => boolean): AsyncGenerator<Doc<"generatedConversations">> {
  const plan = planQueue(filter);
  for (const rank of [0, 1] as const) {
    for await (const row of bucketQuery(ctx, plan, filter, rank)) {
      if (stop()) return;
      if (passesPost(row, plan.post)) yield row;
    }
  }
}
