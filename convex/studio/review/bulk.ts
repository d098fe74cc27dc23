/**
 * Approve or reject everything a queue filter shows, after a confirmation
 * that states the count. The conversations are fixed when the verdict is
 * confirmed (at most BULK_CAP), applied a page per transaction, the rest by
 * a scheduled continuation; one reviewed or leased meanwhile is skipped.
 */
import { v } from "convex/values";
import { internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import { internalMutation, type MutationCtx, type QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { recordAudit } from "../../observability/audit";
import { reviewMutation, reviewQuery } from "./queue";
import { checkFilter, queueRows } from "./reader";
import { blockingLease, BULK_CAP, BULK_PAGE, checkRejection } from "./rules";
import { CalibrationDeltas, applyVerdict } from "./store";
import { bulkVerdictValidator, rejectReasonValidator, reviewFilterValidator, type ReviewFilter } from "./validators";

/** Rows a count may read: a batch scope with a template or framework filter drops rows the index returned. */
const MAX_ROWS_READ = BULK_CAP * 4;

/** The pending conversations the filter covers, in queue order, up to one past the cap. */
async function matching(ctx: QueryCtx, filter: ReviewFilter): Promise<{ ids: Id<"generatedConversations">[]; overCap: boolean }> {
  const ids: Id<"generatedConversations">[] = [];
  let read = 0;
  for await (const row of queueRows(ctx, filter, () => ++read > MAX_ROWS_READ)) {
    ids.push(row._id);
    if (ids.length > BULK_CAP) return { ids: ids.slice(0, BULK_CAP), overCap: true };
  }
  return { ids, overCap: read > MAX_ROWS_READ };
}

export const previewBulk = reviewQuery({
  args: { filter: reviewFilterValidator },
  returns: v.object({ count: v.number(), overCap: v.boolean(), cap: v.number() }),
  handler: async (ctx, { filter }) => {
    const { ids, overCap } = await matching(ctx, checkFilter(filter));
    return { count: ids.length, overCap, cap: BULK_CAP };
  },
});

const bulkJobValidator = v.object({
  jobId: v.id("reviewBulkJobs"),
  total: v.number(),
  applied: v.number(),
  skipped: v.number(),
  done: v.boolean(),
});

function jobView(job: Doc<"reviewBulkJobs">) {
  return { jobId: job._id, total: job.conversationIds.length, applied: job.applied, skipped: job.skipped, done: job.status === "done" };
}

export const bulkVerdict = reviewMutation({
  args: {
    filter: reviewFilterValidator,
    verdict: bulkVerdictValidator,
    reason: v.optional(rejectReasonValidator),
    note: v.optional(v.string()),
    expectedCount: v.number(),
  },
  returns: bulkJobValidator,
  handler: async (ctx, args) => {
    const filter = checkFilter(args.filter);
    let note: string | undefined;
    if (args.verdict === "rejected") {
      if (args.reason === undefined) throw appError("INVALID_INPUT", "Choose a reason for rejecting.", { field: "reason" });
      const checked = checkRejection(args.reason, args.note);
      if (!checked.ok) throw appError("INVALID_INPUT", checked.problem.message, { field: checked.problem.field });
      note = checked.note;
    } else if (args.reason !== undefined || args.note !== undefined) {
      throw appError("INVALID_INPUT", "Approving takes no reason.", { field: "reason" });
    }
    if (!Number.isInteger(args.expectedCount) || args.expectedCount < 1 || args.expectedCount > BULK_CAP) {
      throw appError("INVALID_INPUT", `Confirm a count from 1 to ${BULK_CAP}.`, { field: "expectedCount" });
    }
    const { ids, overCap } = await matching(ctx, filter);
    if (overCap) throw appError("LIMIT_REACHED", `More than ${BULK_CAP} conversations match; narrow the filter.`);
    if (ids.length !== args.expectedCount) {
      throw appError("CONFLICT", `The filter now matches ${ids.length} conversations, not ${args.expectedCount}. Check the count and confirm again.`);
    }
    const now = Date.now();
    const jobId = await ctx.db.insert("reviewBulkJobs", {
      filter,
      verdict: args.verdict,
      reason: args.reason,
      note,
      conversationIds: ids,
      next: 0,
      applied: 0,
      skipped: 0,
      status: "running",
      by: ctx.user._id,
      createdAt: now,
    });
    await recordAudit(ctx, {
      action: "studio.review_bulk",
      actorId: ctx.user._id,
      targetTable: "reviewBulkJobs",
      targetId: jobId,
      details: { verdict: args.verdict, count: ids.length, ...(args.reason ? { reason: args.reason } : {}), filter },
    }, now);
    const job = await applyBulkPage(ctx, jobId, now);
    return jobView(job);
  },
});

/** One page of a bulk job; schedules the next while any remain. */
async function applyBulkPage(ctx: MutationCtx, jobId: Id<"reviewBulkJobs">, now: number): Promise<Doc<"reviewBulkJobs">> {
  const job = await ctx.db.get("reviewBulkJobs", jobId);
  if (job === null) throw new Error(`bulk job ${jobId} vanished`);
  if (job.status === "done") return job;
  const end = Math.min(job.next + BULK_PAGE, job.conversationIds.length);
  const deltas = new CalibrationDeltas();
  let applied = 0;
  let skipped = 0;
  for (const id of job.conversationIds.slice(job.next, end)) {
    const c = await ctx.db.get("generatedConversations", id);
    if (c === null || c.reviewStatus !== "pending" || c.pool === "test" || blockingLease(c, job.by, now) !== null) {
      skipped++;
      continue;
    }
    await applyVerdict(ctx, c, { verdict: job.verdict, by: job.by, reason: job.reason, note: job.note, bulkJobId: job._id }, deltas, now);
    applied++;
  }
  await deltas.flush(ctx, now);
  const done = end >= job.conversationIds.length;
  await ctx.db.patch("reviewBulkJobs", job._id, {
    next: end,
    applied: job.applied + applied,
    skipped: job.skipped + skipped,
    ...(done ? { status: "done" as const, finishedAt: now } : {}),
  });
  if (!done) await ctx.scheduler.runAfter(0, internal.studio.review.bulk.continueBulk, { jobId });
  return (await ctx.db.get("reviewBulkJobs", jobId))!;
}

export const continueBulk = internalMutation({
  args: { jobId: v.id("reviewBulkJobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    await applyBulkPage(ctx, jobId, Date.now());
    return null;
  },
});

export const getBulkJob = reviewQuery({
  args: { jobId: v.id("reviewBulkJobs") },
  returns: bulkJobValidator,
  handler: async (ctx, { jobId }) => {
    const job = await ctx.db.get("reviewBulkJobs", jobId);
    if (job === null) throw appError("NOT_FOUND", "That bulk review doesn't exist.");
    return jobView(job);
  },
});
