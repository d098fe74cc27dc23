/**
 * A reviewer's verdict on one conversation: approve, reject with a reason,
 * or revise (edit turns, then approve). Each needs the caller's lease or no
 * lease at all, records who and when, rolls up calibration and is audited.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { assertNoOtherLease, reviewMutation } from "./queue";
import { applyEdits, checkRejection } from "./rules";
import { CalibrationDeltas, applyVerdict, type VerdictInput } from "./store";
import { rejectReasonValidator, turnEditValidator } from "./validators";

const verdictResultValidator = v.object({
  reviewStatus: v.union(v.literal("approved"), v.literal("rejected")),
  reviewedAt: v.number(),
  disagrees: v.optional(v.boolean()),
});

async function reviewable(ctx: MutationCtx & { user: { _id: Id<"users"> } }, conversationId: Id<"generatedConversations">, now: number): Promise<Doc<"generatedConversations">> {
  const c = await ctx.db.get("generatedConversations", conversationId);
  if (c === null) throw appError("NOT_FOUND", "That conversation doesn't exist.");
  if (c.pool === "test") throw appError("CONFLICT", "Test conversations belong to a template test and aren't reviewed.");
  if (c.reviewStatus !== "pending") throw appError("CONFLICT", `This conversation was already ${c.reviewStatus}.`);
  await assertNoOtherLease(ctx, c, ctx.user._id, now);
  return c;
}

async function decide(ctx: MutationCtx, c: Doc<"generatedConversations">, input: VerdictInput, now: number) {
  const deltas = new CalibrationDeltas();
  await applyVerdict(ctx, c, input, deltas, now);
  await deltas.flush(ctx, now);
  const after = await ctx.db.get("generatedConversations", c._id);
  return { reviewStatus: input.verdict === "rejected" ? ("rejected" as const) : ("approved" as const), reviewedAt: now, disagrees: after?.disagrees };
}

export const approve = reviewMutation({
  args: { conversationId: v.id("generatedConversations") },
  returns: verdictResultValidator,
  handler: async (ctx, { conversationId }) => {
    const now = Date.now();
    const c = await reviewable(ctx, conversationId, now);
    return await decide(ctx, c, { verdict: "approved", by: ctx.user._id }, now);
  },
});

export const reject = reviewMutation({
  args: { conversationId: v.id("generatedConversations"), reason: rejectReasonValidator, note: v.optional(v.string()) },
  returns: verdictResultValidator,
  handler: async (ctx, { conversationId, reason, note }) => {
    const checked = checkRejection(reason, note);
    if (!checked.ok) throw appError("INVALID_INPUT", checked.problem.message, { field: checked.problem.field });
    const now = Date.now();
    const c = await reviewable(ctx, conversationId, now);
    return await decide(ctx, c, { verdict: "rejected", by: ctx.user._id, reason, note: checked.note }, now);
  },
});

/** Edits turn texts, then approves; the generated turns stay in originalTurns and each edit in revisions. */
export const revise = reviewMutation({
  args: { conversationId: v.id("generatedConversations"), edits: v.array(turnEditValidator) },
  returns: verdictResultValidator,
  handler: async (ctx, { conversationId, edits }) => {
    const now = Date.now();
    const c = await reviewable(ctx, conversationId, now);
    const edited = applyEdits(c.turns, edits);
    if (!edited.ok) throw appError("INVALID_INPUT", edited.problem.message, { field: edited.problem.field });
    return await decide(ctx, c, {
      verdict: "revised",
      by: ctx.user._id,
      turns: edited.turns,
      revision: { by: ctx.user._id, at: now, edits: edited.changed },
    }, now);
  },
});
