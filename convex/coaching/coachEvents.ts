import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { internalMutation, type MutationCtx } from "../_generated/server";
import { logger } from "../lib/log";
import { llmHandlerArgs, type LlmEvent } from "../llm/events";
import { applyExtraction, decideTransition, summarize } from "./engine";
import { getFramework } from "./frameworks";
import { EXTRACTION_TOOL_NAME } from "./prompts";
import type { ReplyContext } from "./reply";

const log = logger("coaching");

/** Receives the gateway's events for a coach reply and moves the session on. */
export const onCoachEvent = internalMutation({
  args: llmHandlerArgs,
  returns: v.null(),
  handler: async (ctx, { context, event }) => {
    const { sessionId, messageId, traceId } = context as ReplyContext;
    const message = await ctx.db.get("coachingMessages", messageId);
    if (!message) return null;
    const now = Date.now();
    const trace = log.with({ traceId, userId: message.userId });
    switch (event.kind) {
      case "delta":
        await ctx.db.patch("coachingMessages", messageId, { text: event.text, status: "streaming", updatedAt: now });
        return null;
      case "retrying":
        // The next attempt streams from the start, so drop the partial text.
        await ctx.db.patch("coachingMessages", messageId, { text: "", status: "pending", updatedAt: now });
        await trace.persist(ctx, "info", "reply_retrying", { sessionId, messageId, attempt: event.attempt, errorClass: event.errorClass });
        return null;
      case "failed":
        await ctx.db.patch("coachingMessages", messageId, { status: "failed", error: event.message, updatedAt: now });
        await clearPending(ctx, sessionId, messageId);
        await trace.persist(ctx, "warn", "reply_failed", { sessionId, messageId, errorClass: event.errorClass });
        return null;
      case "done": {
        const outcome = await finishTurn(ctx, context as ReplyContext, message, event);
        await trace.persist(ctx, "info", "reply_done", { sessionId, messageId, ...event.usage, stopped: event.stopped, outcome });
        return null;
      }
    }
  },
});

async function clearPending(ctx: MutationCtx, sessionId: ReplyContext["sessionId"], messageId: ReplyContext["messageId"]) {
  const session = await ctx.db.get("coachingSessions", sessionId);
  if (session?.pendingReplyId === messageId) {
    await ctx.db.patch("coachingSessions", sessionId, { pendingReplyId: undefined });
  }
}

async function finishTurn(
  ctx: MutationCtx,
  context: ReplyContext,
  message: Doc<"coachingMessages">,
  event: Extract<LlmEvent, { kind: "done" }>,
): Promise<string> {
  const now = Date.now();
  const session = await ctx.db.get("coachingSessions", context.sessionId);
  const framework = session ? getFramework(session.frameworkId) : null;
  const fallbackText = framework && session ? framework.steps[session.currentStepIndex].questions[0] : "";
  await ctx.db.patch("coachingMessages", message._id, {
    text: event.text.trim() !== "" ? event.text : fallbackText,
    status: event.stopped ? "stopped" : "done",
    usage: event.usage,
    updatedAt: now,
  });
  if (!session || !framework) return "no_session";
  const patch: Partial<Doc<"coachingSessions">> = { pendingReplyId: undefined, lastActivityAt: now };
  let result = "stay";
  // Only a reply to the step it was asked about may fill that step.
  const toolUse = event.toolUses.find((use) => use.name === EXTRACTION_TOOL_NAME);
  if (toolUse && session.currentStepIndex === context.stepIndex && session.status === "active") {
    const step = framework.steps[session.currentStepIndex];
    const outcome = applyExtraction(framework, session.currentStepIndex, session.collected[step.id] ?? {}, toolUse.input);
    patch.collected = { ...session.collected, [step.id]: outcome.captured };
    patch.missing = {
      ...session.missing,
      [step.id]: [...outcome.problems, ...outcome.missing.map((field) => ({ field, problem: "not yet provided" }))],
    };
    const transition = decideTransition({
      framework,
      stepIndex: session.currentStepIndex,
      complete: outcome.complete,
      userTurnsInStep: session.userTurnsInStep,
      flagged: context.flagged,
    });
    if (transition.kind === "advance") {
      const next = framework.steps[transition.to];
      patch.currentStepIndex = transition.to;
      patch.userTurnsInStep = 0;
      result = "advance";
      await systemNote(ctx, session, transition.to, `${step.name} captured. Next: ${next.name} — ${next.objective}`);
    } else if (transition.kind === "complete") {
      const { summary, actionPlan } = summarize(framework, session.challenge, patch.collected);
      Object.assign(patch, { status: "completed" as const, summary, actionPlan, endedAt: now });
      result = "complete";
      await systemNote(ctx, session, session.currentStepIndex, `${framework.name} complete. Your summary and action plan are ready.`);
    }
  }
  await ctx.db.patch("coachingSessions", session._id, patch);
  return result;
}

async function systemNote(ctx: MutationCtx, session: Doc<"coachingSessions">, stepIndex: number, text: string) {
  const now = Date.now();
  await ctx.db.insert("coachingMessages", {
    sessionId: session._id,
    userId: session.userId,
    role: "system",
    text,
    status: "done",
    stepIndex,
    createdAt: now,
    updatedAt: now,
  });
}
