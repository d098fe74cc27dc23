/**
 * The gateway's events for a coach reply (queued by coachRequest.ts): stream
 * text into the pending message, then on `done` commit what the turn captured
 * and move the session on.
 */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { internalMutation, type MutationCtx } from "../_generated/server";
import { logger } from "../lib/log";
import { llmHandlerArgsFor, type LlmEvent } from "../llm/events";
import { localDay, normalizeTimeZone } from "./calendar";
import { applyExtraction, readProblems } from "./capture";
import { replyContextValidator, type ReplyContext } from "./coachRequest";
import { decideTransition, summarize } from "./engine";
import { getFramework } from "./frameworks";
import { EXTRACTION_TOOL_NAME } from "./prompts";

const log = logger("coaching");
/** Enough recent messages to hold the current step's user turns. */
const STEP_TEXT_WINDOW = 40;

/** Receives the gateway's events for a coach reply and moves the session on. */
export const onCoachEvent = internalMutation({
  args: llmHandlerArgsFor(replyContextValidator),
  returns: v.null(),
  handler: async (ctx, args) => {
    const { context, event } = args;
    const { sessionId, messageId, traceId } = context;
    const message = await ctx.db.get("coachingMessages", messageId);
    if (!message) return null;
    const now = Date.now();
    const trace = log.with({ traceId, userId: message.userId });
    switch (event.kind) {
      case "delta": {
        // Tool input has begun, so the text block has ended: say so once, for "Capturing…".
        const textComplete = event.toolInputJson !== undefined && message.textComplete !== true;
        await ctx.db.patch("coachingMessages", messageId, {
          text: event.text,
          status: "streaming",
          updatedAt: now,
          ...(textComplete ? { textComplete: true } : {}),
        });
        return null;
      }
      case "retrying":
        // The next attempt streams from the start, so drop the partial text.
        await ctx.db.patch("coachingMessages", messageId, { text: "", status: "pending", textComplete: undefined, updatedAt: now });
        await trace.persist(ctx, "info", "reply_retrying", { sessionId, messageId, attempt: event.attempt, errorClass: event.errorClass });
        return null;
      case "failed":
        await ctx.db.patch("coachingMessages", messageId, { status: "failed", error: event.message, updatedAt: now });
        await clearPending(ctx, sessionId, messageId);
        await trace.persist(ctx, "warn", "reply_failed", { sessionId, messageId, errorClass: event.errorClass });
        return null;
      case "done": {
        const outcome = await finishTurn(ctx, context, message, event);
        await trace.persist(ctx, "info", "reply_done", { sessionId, messageId, ...event.usage, stopped: event.stopped, ...outcome });
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

/** The person's words in this step, newest first; flagged turns are left out, since nothing may be drawn from them. */
async function stepUserTurns(ctx: MutationCtx, session: Doc<"coachingSessions">, stepIndex: number) {
  const recent = await ctx.db
    .query("coachingMessages")
    .withIndex("by_session", (q) => q.eq("sessionId", session._id))
    .order("desc")
    .take(STEP_TEXT_WINDOW);
  const users = recent.filter((m) => m.role === "user" && m.stepIndex === stepIndex);
  return { latest: users[0], said: users.filter((m) => !m.flaggedInjection).map((m) => m.text) };
}

async function finishTurn(
  ctx: MutationCtx,
  context: ReplyContext,
  message: Doc<"coachingMessages">,
  event: Extract<LlmEvent, { kind: "done" }>,
): Promise<{ outcome: string; changed?: string[]; ignoredExtraction?: boolean }> {
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
  if (!session || !framework) return { outcome: "no_session" };
  const patch: Partial<Doc<"coachingSessions">> = { pendingReplyId: undefined, lastActivityAt: now };
  // Only a reply to the step it was asked about, in a live session, may fill that step.
  if (session.currentStepIndex !== context.stepIndex || session.status !== "active") {
    await ctx.db.patch("coachingSessions", session._id, patch);
    return { outcome: "stale" };
  }
  // A flagged turn is untrusted data: whatever the tool says about it is ignored, and the step holds.
  if (context.flagged) {
    await ctx.db.patch("coachingSessions", session._id, patch);
    return { outcome: "stay", ignoredExtraction: event.toolUses.length > 0 };
  }
  const step = framework.steps[session.currentStepIndex];
  const toolUse = event.toolUses.find((use) => use.name === EXTRACTION_TOOL_NAME);
  const turns = await stepUserTurns(ctx, session, session.currentStepIndex);
  const result = applyExtraction({
    framework,
    stepIndex: session.currentStepIndex,
    previous: session.collected[step.id] ?? {},
    // No tool call still settles the step: what earlier turns captured may already complete it.
    extracted: toolUse?.input ?? {},
    latestMessage: turns.latest?.flaggedInjection ? "" : (turns.latest?.text ?? ""),
    stepText: turns.said.join("\n"),
    today: localDay(now, normalizeTimeZone(session.timeZone)).iso,
    previousProblems: readProblems(session.missing[step.id]),
  });
  patch.collected = { ...session.collected, [step.id]: result.captured };
  patch.missing = { ...session.missing, [step.id]: result.problems };
  let outcome = "stay";
  const transition = decideTransition({
    framework,
    stepIndex: session.currentStepIndex,
    complete: result.complete,
    userTurnsInStep: session.userTurnsInStep,
    flagged: false,
  });
  if (transition.kind === "advance") {
    const next = framework.steps[transition.to];
    patch.currentStepIndex = transition.to;
    patch.userTurnsInStep = 0;
    outcome = "advance";
    await systemNote(ctx, session, transition.to, `${step.name} captured. Next: ${next.name} — ${next.objective}`);
  } else if (transition.kind === "complete") {
    const { summary, actionPlan } = summarize(framework, session.challenge, patch.collected);
    Object.assign(patch, { status: "completed" as const, summary, actionPlan, endedAt: now });
    outcome = "complete";
    await systemNote(ctx, session, session.currentStepIndex, `${framework.name} complete. Your summary and action plan are ready.`);
  }
  await ctx.db.patch("coachingSessions", session._id, patch);
  return { outcome, changed: result.changed };
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
