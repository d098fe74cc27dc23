/**
 * The model judge: one gateway call per conversation, scheduled after the
 * conversation is stored, its answer stored beside the deterministic score.
 * An unreadable answer is recorded as a failure with the raw text.
 */
import { v } from "convex/values";
import { internal } from "../../_generated/api";
import { internalMutation } from "../../_generated/server";
import { logger } from "../../lib/log";
import { llmHandlerArgsFor } from "../../llm/events";
import { enqueueLlmCall, type LlmHandler } from "../../llm/queue";
import { syncReviewPlacement } from "../review/store";
import { judgeParams, parseJudgeAnswer } from "./judgeRubric";
import { refreshTemplateTest } from "./testProgress";

const log = logger("studio");

export const judgeContextValidator = v.object({ conversationId: v.id("generatedConversations") });

/** Sends the conversation to the judge; a repeated run finds the request already made and does nothing. */
export const startJudging = internalMutation({
  args: { conversationId: v.id("generatedConversations") },
  returns: v.null(),
  handler: async (ctx, { conversationId }) => {
    const conversation = await ctx.db.get("generatedConversations", conversationId);
    const judge = conversation?.judge;
    if (!conversation || !judge || judge.status !== "pending" || judge.requestId !== undefined) return null;
    const requestId = await enqueueLlmCall(ctx, {
      purpose: "judging",
      // Someone is waiting on a template test; a batch's judging yields to its own generation.
      ...(conversation.pool === "test" ? { priority: "interactive" as const } : { priority: "batch" as const, batchPriority: "low" as const }),
      userId: conversation.createdBy,
      traceId: `judge-${conversationId}`,
      params: judgeParams(conversation),
      stream: false,
      handler: internal.studio.quality.judge.onJudgeEvent as unknown as LlmHandler,
      context: { conversationId },
      model: judge.model,
    });
    await ctx.db.patch("generatedConversations", conversationId, { judge: { ...judge, requestId } });
    return null;
  },
});

export const onJudgeEvent = internalMutation({
  args: llmHandlerArgsFor(judgeContextValidator),
  returns: v.null(),
  handler: async (ctx, { requestId, context, event }) => {
    const conversation = await ctx.db.get("generatedConversations", context.conversationId);
    const judge = conversation?.judge;
    // Stale, repeated, or for a request this conversation no longer waits on.
    if (!conversation || !judge || judge.requestId !== requestId || judge.status !== "pending") return null;
    if (event.kind === "delta" || event.kind === "retrying") return null;
    const now = Date.now();
    let next = { ...judge, finishedAt: now };
    if (event.kind === "failed") {
      next = { ...next, status: "failed", error: `The judge call failed: ${event.message}` };
    } else {
      const costMicros = judge.costMicros + event.usage.costMicros;
      const answer = event.stopped
        ? { ok: false as const, error: "The judge call was stopped before it finished.", raw: event.text || "(empty reply)" }
        : parseJudgeAnswer(event);
      next = answer.ok
        ? { ...next, costMicros, status: "done", scores: answer.scores, rationales: answer.rationales, overall: answer.overall }
        : { ...next, costMicros, status: "failed", error: answer.error, raw: answer.raw };
    }
    await ctx.db.patch("generatedConversations", conversation._id, { judge: next });
    // A judge that disagrees with the scorer moves the conversation up the review queue.
    await syncReviewPlacement(ctx, conversation._id);
    await log.persist(ctx, next.status === "done" ? "info" : "warn", `conversation_judge_${next.status}`, {
      conversationId: conversation._id,
      requestId,
      overall: next.overall,
      error: next.error,
    });
    if (conversation.pool === "test") await refreshTemplateTest(ctx, conversation.templateVersionId);
    return null;
  },
});
