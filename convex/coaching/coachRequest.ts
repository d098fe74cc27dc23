/**
 * Building and queueing the coach's request for one turn: the prompt for the
 * session's current step, the history, the extraction tool. The gateway's
 * events for it arrive in coachEvents.ts.
 */
import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { enqueueLlmCall } from "../llm/queue";
import { normalizeTimeZone } from "./calendar";
import { readProblems } from "./capture";
import { getFramework } from "./frameworks";
import { coachSystemPrompt, extractionTool, modelConversation, type ChatTurn } from "./prompts";

const HISTORY_LIMIT = 40;

/** What the gateway hands back to coachEvents.onCoachEvent; checked on arrival. */
export const replyContextValidator = v.object({
  sessionId: v.id("coachingSessions"),
  messageId: v.id("coachingMessages"),
  stepIndex: v.number(),
  flagged: v.boolean(),
  /** The request's trace id, so the handler's log entries join its trail (absent on older requests). */
  traceId: v.optional(v.string()),
});
export type ReplyContext = Infer<typeof replyContextValidator>;

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
    .map((m) => ({ role: m.role as "user" | "assistant", text: m.text, flagged: m.flaggedInjection }));

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
        problems: readProblems(session.missing[step.id]),
        flagged: options.flagged,
        userTurnsInStep: session.userTurnsInStep,
        now,
        timeZone: normalizeTimeZone(session.timeZone),
      }),
      messages: modelConversation(turns),
      tools: [extractionTool(step)],
      toolChoice: { type: "auto" },
      maxTokens: 700,
    },
    handler: internal.coaching.coachEvents.onCoachEvent,
    context,
  });
  await ctx.db.patch("coachingMessages", messageId, { llmRequestId });
  await ctx.db.patch("coachingSessions", session._id, { pendingReplyId: messageId });
  return messageId;
}
