/**
 * One-off for conversations stored before the review existed: they have no
 * queue placement, so the queue's index ranges never return them. Pages
 * through pending ones oldest first (so an earlier twin is filed before its
 * near-duplicate), placing and filing each; reschedules itself while any remain.
 * Run with `npx convex run studio/review/backfill:backfillReview`.
 */
import { v } from "convex/values";
import { internal } from "../../_generated/api";
import { internalMutation } from "../../_generated/server";
import { markNearDuplicate, syncReviewPlacement } from "./store";

/** Each row may read 16 band lookups and a few signatures: 50 keeps a page well inside a transaction's limits. */
const PAGE = 50;

export const backfillReview = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.object({ processed: v.number(), done: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db
      .query("generatedConversations")
      .withIndex("by_reviewStatus", (q) => q.eq("reviewStatus", "pending"))
      .paginate({ numItems: PAGE, cursor: cursor ?? null });
    for (const c of page.page) {
      await syncReviewPlacement(ctx, c._id);
      await markNearDuplicate(ctx, c._id);
    }
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.studio.review.backfill.backfillReview, { cursor: page.continueCursor });
    return { processed: page.page.length, done: page.isDone };
  },
});
