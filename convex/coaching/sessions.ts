import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { appError } from "../lib/errors";
import { ensureOwned } from "../lib/functions";
import { logger, newTraceId } from "../lib/log";
import { sanitizeUserText } from "../lib/sanitize";
import { ensureProviderModeChecked } from "../llm/providerMode";
import { requestStop } from "../llm/queue";
import { recordAudit } from "../observability/audit";
import { consumeUserLimit } from "../llm/userLimits";
import { coachingMutation, coachingQuery, ensureAcceptsMessages, ensureActiveSlot, ensureNotExpired, ownedSession } from "./access";
import { DEFAULT_TIME_ZONE, isTimeZone, normalizeTimeZone } from "./calendar";
import { readProblems } from "./capture";
import { startCoachReply } from "./coachRequest";
import { fieldLabel, recapText, stepProgress } from "./engine";
import { getFramework } from "./frameworks";
import { detectInjection } from "./injection";
import { frameworkIdValidator, type FieldProblem } from "./tables";
import { messageViewValidator, sessionSummaryValidator, sessionViewValidator } from "./views";

const MIN_CHALLENGE_CHARS = 10;
const MESSAGE_PAGE = 200;

const log = logger("coaching");

async function chargeMessage(ctx: MutationCtx, userId: string) {
  await consumeUserLimit(ctx, "chat", userId);
  await consumeUserLimit(ctx, "global", "all");
}

type InjectionFinding = ReturnType<typeof detectInjection>;

/** Audits a flagged turn with what detection saw, so a reviewer can judge false positives without the text. */
async function auditInjection(ctx: MutationCtx, session: Doc<"coachingSessions">, injection: InjectionFinding, messageId: string) {
  await recordAudit(ctx, {
    action: "coaching.injection_flagged",
    actorId: session.userId,
    targetTable: "coachingMessages",
    targetId: messageId,
    details: {
      sessionId: session._id,
      reasons: injection.reasons,
      score: injection.score,
      categories: injection.categories,
      rules: injection.rules.slice(0, 20),
    },
  });
}

/** The SPA sends the browser's IANA zone; an unknown one is refused, none means UTC. */
const timeZoneArg = v.optional(v.string());

/**
 * Idempotency keys are client-made (a UUID from the SPA): 8–100 characters of
 * letters, digits, "-" and "_", so they are safe in logs and indexes.
 */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** The SPA sends the browser's IANA zone; anything else is a bug worth refusing, not a silent UTC. */
function checkedTimeZone(timeZone: string | undefined): string {
  if (timeZone === undefined) return DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw appError("INVALID_INPUT", "That time zone isn't recognised.", { field: "timeZone" });
  return normalizeTimeZone(timeZone);
}

export const startSession = coachingMutation({
  args: {
    challenge: v.string(),
    frameworkId: frameworkIdValidator,
    recommendationId: v.optional(v.id("frameworkRecommendations")),
    timeZone: timeZoneArg,
  },
  returns: v.object({ sessionId: v.id("coachingSessions"), truncated: v.boolean() }),
  handler: async (ctx, { challenge, frameworkId, recommendationId, timeZone }) => {
    const clean = sanitizeUserText(challenge);
    if (clean.text.length < MIN_CHALLENGE_CHARS) {
      throw appError("INVALID_INPUT", `Tell us a little more about your challenge (at least ${MIN_CHALLENGE_CHARS} characters).`, { field: "challenge" });
    }
    const zone = checkedTimeZone(timeZone);
    // Someone else's recommendation, or one that is gone, reads as not found rather than silently dropped.
    const recommendation = recommendationId
      ? ensureOwned(ctx.user, await ctx.db.get("frameworkRecommendations", recommendationId), "recommendation")
      : null;
    await ensureActiveSlot(ctx, ctx.user._id);
    await chargeMessage(ctx, ctx.user._id);
    const now = Date.now();
    const sessionId = await ctx.db.insert("coachingSessions", {
      userId: ctx.user._id,
      frameworkId,
      challenge: clean.text,
      recommendation: recommendation?.result,
      status: "active",
      currentStepIndex: 0,
      collected: {},
      missing: {},
      userTurnsInStep: 1,
      timeZone: zone,
      startedAt: now,
      lastActivityAt: now,
    });
    const injection = detectInjection(clean.text);
    const messageId = await ctx.db.insert("coachingMessages", {
      sessionId,
      userId: ctx.user._id,
      role: "user",
      text: clean.text,
      status: "done",
      stepIndex: 0,
      truncated: clean.truncated || undefined,
      flaggedInjection: injection.flagged || undefined,
      createdAt: now,
      updatedAt: now,
    });
    const session = (await ctx.db.get("coachingSessions", sessionId))!;
    const traceId = newTraceId();
    const trace = log.with({ traceId, userId: ctx.user._id });
    if (injection.flagged) {
      await auditInjection(ctx, session, injection, messageId);
      await trace.persist(ctx, "warn", "injection_flagged", { sessionId, messageId, reasons: injection.reasons });
    }
    await startCoachReply(ctx, session, { flagged: injection.flagged, traceId });
    await ensureProviderModeChecked(ctx);
    await trace.persist(ctx, "info", "session_started", { sessionId, frameworkId, chars: clean.text.length, truncated: clean.truncated });
    return { sessionId, truncated: clean.truncated };
  },
});

export const sendMessage = coachingMutation({
  args: {
    sessionId: v.id("coachingSessions"),
    text: v.string(),
    /** Client-generated per message: a retried send returns the first result. */
    idempotencyKey: v.string(),
    timeZone: timeZoneArg,
  },
  returns: v.object({
    messageId: v.id("coachingMessages"),
    truncated: v.boolean(),
    flagged: v.boolean(),
    duplicate: v.boolean(),
  }),
  handler: async (ctx, { sessionId, text, idempotencyKey, timeZone }) => {
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw appError("INVALID_INPUT", "The message key is malformed; please reload the page.", { field: "idempotencyKey" });
    }
    if (timeZone !== undefined) checkedTimeZone(timeZone);
    const session = await ownedSession(ctx, ctx.user, sessionId);
    const previous = await ctx.db
      .query("coachingMessages")
      .withIndex("by_session_idempotencyKey", (q) => q.eq("sessionId", sessionId).eq("idempotencyKey", idempotencyKey))
      .first();
    if (previous) {
      return { messageId: previous._id, truncated: previous.truncated ?? false, flagged: previous.flaggedInjection ?? false, duplicate: true };
    }
    const now = Date.now();
    ensureAcceptsMessages(session, now);
    const clean = sanitizeUserText(text);
    if (clean.text === "") throw appError("INVALID_INPUT", "Type a message before sending.", { field: "text" });
    await chargeMessage(ctx, ctx.user._id);
    const injection = detectInjection(clean.text);
    const messageId = await ctx.db.insert("coachingMessages", {
      sessionId,
      userId: ctx.user._id,
      role: "user",
      text: clean.text,
      status: "done",
      stepIndex: session.currentStepIndex,
      idempotencyKey,
      truncated: clean.truncated || undefined,
      flaggedInjection: injection.flagged || undefined,
      createdAt: now,
      updatedAt: now,
    });
    const traceId = newTraceId();
    const trace = log.with({ traceId, userId: ctx.user._id });
    if (injection.flagged) {
      await auditInjection(ctx, session, injection, messageId);
      await trace.persist(ctx, "warn", "injection_flagged", { sessionId, messageId, reasons: injection.reasons });
    }
    await ctx.db.patch("coachingSessions", sessionId, {
      userTurnsInStep: session.userTurnsInStep + 1,
      lastActivityAt: now,
      ...(isTimeZone(timeZone) && timeZone !== session.timeZone ? { timeZone } : {}),
    });
    const updated = (await ctx.db.get("coachingSessions", sessionId))!;
    await startCoachReply(ctx, updated, { flagged: injection.flagged, traceId });
    await trace.persist(ctx, "info", "message_sent", { sessionId, messageId, stepIndex: session.currentStepIndex, chars: clean.text.length });
    return { messageId, truncated: clean.truncated, flagged: injection.flagged, duplicate: false };
  },
});

/** Asks the gateway to stop the coach's reply in progress, if any. */
async function stopPendingReply(ctx: MutationCtx, session: Doc<"coachingSessions">): Promise<void> {
  if (session.pendingReplyId === undefined) return;
  const message = await ctx.db.get("coachingMessages", session.pendingReplyId);
  if (message?.llmRequestId) await requestStop(ctx, message.llmRequestId);
}

export const stopReply = coachingMutation({
  args: { sessionId: v.id("coachingSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    await stopPendingReply(ctx, await ownedSession(ctx, ctx.user, sessionId));
    return null;
  },
});

export const pauseSession = coachingMutation({
  args: { sessionId: v.id("coachingSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    const session = await ownedSession(ctx, ctx.user, sessionId);
    ensureNotExpired(session, Date.now());
    if (session.status !== "active") throw appError("CONFLICT", "Only an active session can be paused.");
    await ctx.db.patch("coachingSessions", sessionId, { status: "paused", pausedAt: Date.now() });
    return null;
  },
});

export const resumeSession = coachingMutation({
  args: { sessionId: v.id("coachingSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    const session = await ownedSession(ctx, ctx.user, sessionId);
    const now = Date.now();
    ensureNotExpired(session, now);
    if (session.status !== "paused") throw appError("CONFLICT", "Only a paused session can be resumed.");
    await ensureActiveSlot(ctx, ctx.user._id);
    const framework = getFramework(session.frameworkId);
    await ctx.db.patch("coachingSessions", sessionId, { status: "active", pausedAt: undefined, lastActivityAt: now });
    await ctx.db.insert("coachingMessages", {
      sessionId,
      userId: session.userId,
      role: "assistant",
      text: recapText(framework, session.currentStepIndex, session.collected),
      status: "done",
      stepIndex: session.currentStepIndex,
      createdAt: now,
      updatedAt: now,
    });
    return null;
  },
});

export const abandonSession = coachingMutation({
  args: { sessionId: v.id("coachingSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    const session = await ownedSession(ctx, ctx.user, sessionId);
    if (session.status !== "active" && session.status !== "paused") {
      throw appError("CONFLICT", "This session has already ended.");
    }
    await stopPendingReply(ctx, session);
    await ctx.db.patch("coachingSessions", sessionId, { status: "abandoned", endedAt: Date.now() });
    await log.with({ userId: ctx.user._id }).persist(ctx, "info", "session_abandoned", { sessionId, stepIndex: session.currentStepIndex });
    return null;
  },
});

export const listMySessions = coachingQuery({
  args: {},
  returns: v.array(sessionSummaryValidator),
  handler: async (ctx) => {
    const sessions = await ctx.db
      .query("coachingSessions")
      .withIndex("by_user_lastActivity", (q) => q.eq("userId", ctx.user._id))
      .order("desc")
      .take(50);
    return sessions.map((s) => {
      const framework = getFramework(s.frameworkId);
      return {
        _id: s._id,
        frameworkId: s.frameworkId,
        frameworkName: framework.name,
        challenge: s.challenge.length > 140 ? `${s.challenge.slice(0, 139)}…` : s.challenge,
        status: s.status,
        currentStepIndex: s.currentStepIndex,
        currentStepName: framework.steps[s.currentStepIndex].name,
        stepCount: framework.steps.length,
        startedAt: s.startedAt,
        lastActivityAt: s.lastActivityAt,
      };
    });
  },
});

export const getSession = coachingQuery({
  args: { sessionId: v.id("coachingSessions") },
  returns: sessionViewValidator,
  handler: async (ctx, { sessionId }) => {
    const session = await ownedSession(ctx, ctx.user, sessionId);
    const framework = getFramework(session.frameworkId);
    const progress = stepProgress(framework, session.currentStepIndex, session.status);
    return {
      _id: session._id,
      framework: { id: framework.id, name: framework.name, description: framework.description },
      challenge: session.challenge,
      recommendation: session.recommendation,
      status: session.status,
      currentStepIndex: session.currentStepIndex,
      replyInProgress: session.pendingReplyId !== undefined,
      steps: framework.steps.map((step, index) => {
        const values = session.collected[step.id] ?? {};
        const problems = readProblems(session.missing[step.id]);
        return {
          id: step.id,
          name: step.name,
          objective: step.objective,
          state: progress[index].state,
          fields: Object.entries(step.schema.properties).map(([name, schema]) => ({
            name,
            label: fieldLabel(name),
            description: schema.description,
            required: step.schema.required.includes(name),
            value: values[name],
            problem: problemView(problems.find((p) => p.field === name)),
          })),
        };
      }),
      summary: session.summary,
      actionPlan: session.actionPlan,
      startedAt: session.startedAt,
      lastActivityAt: session.lastActivityAt,
      endedAt: session.endedAt,
    };
  },
});

function problemView(problem: FieldProblem | undefined) {
  return problem ? { kind: problem.kind, message: problem.message } : undefined;
}

export const listMessages = coachingQuery({
  args: { sessionId: v.id("coachingSessions") },
  returns: v.array(messageViewValidator),
  handler: async (ctx, { sessionId }) => {
    await ownedSession(ctx, ctx.user, sessionId);
    const latest = await ctx.db
      .query("coachingMessages")
      .withIndex("by_session", (q) => q.eq("sessionId", sessionId))
      .order("desc")
      .take(MESSAGE_PAGE);
    return latest.reverse().map((m) => ({
      _id: m._id,
      role: m.role,
      text: m.text,
      status: m.status,
      stepIndex: m.stepIndex,
      createdAt: m.createdAt,
      truncated: m.truncated,
      flaggedInjection: m.flaggedInjection,
      error: m.error,
      textComplete: m.textComplete,
    }));
  },
});

