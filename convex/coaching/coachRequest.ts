import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { enqueueLlmCall } from "../llm/queue";
import { getFramework } from "./frameworks";
import { coachSystemPrompt, extractionTool, modelConversation, type ChatTurn } from "./prompts";

const HISTORY_LIMIT = 40;

export type ReplyContext = {
  sessionId: Id<"coachingSessions">;
  messageId: Id<"coachingMessages">;
  stepIndex: number;
  flagged: boolean;
  /** The request's trace id, so the handler's log entries join its trail (absent on older requests). */
  traceId?: string;
};

/**
 * Records the coach's turn as a pending message and queues the Claude call
 * that will stream into it. Called by the mutation that stored the user's
 * turn, in the same transaction.
 */
export async function startCoachReply(
  ctx: MutationCtx,
  session: Doc<"coachingSessions">,
  options: { flagged: boolean; traceId: string },
): Promise<Id<"coachingMessages">> {
  const framework = getFramework(session.frameworkId);
  const step = framework.steps[session.currentStepIndex];
  const now = Date.now();
  const history = await ctx.db
    .query("coachingMessages")
    .withIndex("by_session", (q) => q.eq("sessionId", session._id))
    .order("desc")
    .take(HISTORY_LIMIT);
  const turns: ChatTurn[] = history
    .reverse()
    .filter((m) => m.role !== "system" && m.status !== "failed")
    .map((m) => ({ role: m.role as "user" | "assistant", text: m.text }));

  const messageId = await ctx.db.insert("coachingMessages", {
    sessionId: session._id,
    userId: session.userId,
    role: "assistant",
    text: "",
    status: "pending",
    stepIndex: session.currentStepIndex,
    createdAt: now,
    updatedAt: now,
  });
  const context: ReplyContext = {
    sessionId: session._id,
    messageId,
    stepIndex: session.currentStepIndex,
    flagged: options.flagged,
    traceId: options.traceId,
  };
  const problems = (session.missing[step.id] ?? []).filter((p) => p.problem !== "not yet provided");
  const llmRequestId = await enqueueLlmCall(ctx, {
    purpose: "coaching",
    priority: "interactive",
    userId: session.userId,
    traceId: options.traceId,
    stream: true,
    params: {
      system: coachSystemPrompt({
        framework,
        stepIndex: session.currentStepIndex,
        captured: session.collected[step.id] ?? {},
        problems,
        flagged: options.flagged,
      }),
      messages: modelConversation(turns),
      tools: [extractionTool(step)],
      toolChoice: { type: "auto" },
      maxTokens: 700,
    },
    handler: internal.coaching.turns.onCoachEvent,
    context,
  });
  await ctx.db.patch("coachingMessages", messageId, { llmRequestId });
  await ctx.db.patch("coachingSessions", session._id, { pendingReplyId: messageId });
  return messageId;
}
