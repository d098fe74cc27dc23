/**
 * The gateway's queue. Feature mutations enqueue; `pump` admits queued
 * requests within provider limits and schedules `llm/run:attempt`; the action
 * reports back through `complete`, which records the attempt, drives the
 * circuit breaker, and either hands the result to the feature's handler or
 * schedules a retry. Nothing here sleeps: every wait is a scheduled function.
 */
import { getFunctionName, makeFunctionReference, type FunctionReference } from "convex/server";
import { doc } from "convex-helpers/validators";
import { v } from "convex/values";
import schema from "../schema";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, internalQuery, type MutationCtx } from "../_generated/server";
import { estimateInputTokens, modelLimits, chargeUsage, tryAdmit } from "./admission";
import { breakerAdmission, breakerOnFailure, breakerOnSuccess } from "./breaker";
import { friendlyFailure } from "./classify";
import { gatewayConfig, type GatewayConfig } from "./config";
import { logger } from "../lib/log";
import { attemptOutcomeValidator, type LlmEvent } from "./events";
import { costMicros } from "./pricing";
import { retryDelayMs } from "./retryPolicy";
import { loadGatewayState, saveGatewayState, type GatewayState } from "./state";
import type { LlmParams, LlmPriority, LlmPurpose } from "./tables";

const log = logger("llm");

/** Bounds the work of one pump transaction; a full pump reschedules itself. */
const MAX_ADMITS_PER_PUMP = 25;

export type LlmHandler = FunctionReference<"mutation", "internal", { requestId: Id<"llmRequests">; context: unknown; event: LlmEvent }>;

export type EnqueueLlmCall = {
  purpose: LlmPurpose;
  priority: LlmPriority;
  userId?: Id<"users">;
  traceId: string;
  params: LlmParams;
  stream: boolean;
  /** An internal mutation taking `llmHandlerArgs`; it receives every event. */
  handler: LlmHandler;
  context: unknown;
  model?: string;
};

export async function enqueueLlmCall(ctx: MutationCtx, call: EnqueueLlmCall): Promise<Id<"llmRequests">> {
  const config = gatewayConfig();
  const now = Date.now();
  const requestId = await ctx.db.insert("llmRequests", {
    purpose: call.purpose,
    priority: call.priority,
    priorityRank: call.priority === "interactive" ? 0 : 1,
    model: call.model ?? config.models[call.purpose],
    userId: call.userId,
    traceId: call.traceId,
    status: "queued",
    attempts: 0,
    maxAttempts: config.retry.maxAttempts,
    params: call.params,
    stream: call.stream,
    // Stored by name: documents cannot hold references, and names work on every engine.
    handler: getFunctionName(call.handler),
    context: call.context ?? null,
    estimatedInputTokens: estimateInputTokens(call.params),
    enqueuedAt: now,
  });
  const state = await loadGatewayState(ctx);
  // Fast path: with nobody queued ahead, a healthy gateway and free capacity,
  // admit at once; the interactive path then skips a scheduler hop and a pump.
  const request = (await ctx.db.get("llmRequests", requestId))!;
  const healthy = state.queued === 0 && state.breaker === "closed" && !(state.pausedUntil !== undefined && state.pausedUntil > now);
  if (healthy && (await admit(ctx, request, config, now)).ok) {
    state.running += 1;
  } else {
    state.queued += 1;
    await schedulePump(ctx, state, now);
  }
  await saveGatewayState(ctx, state, now);
  await log.with({ traceId: call.traceId, userId: call.userId }).persist(ctx, "info", "request_enqueued", {
    requestId,
    purpose: call.purpose,
    priority: call.priority,
    stream: call.stream,
    queued: state.queued,
  });
  return requestId;
}

/**
 * Starts an attempt at `request` if the provider limits allow it now:
 * charges the limits, records the attempt and schedules the action.
 */
async function admit(
  ctx: MutationCtx,
  request: Doc<"llmRequests">,
  config: GatewayConfig,
  now: number,
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const limits = modelLimits(config.limitsFor(request.model), config.windowMs);
  const decision = await tryAdmit(ctx, request.model, limits, request.estimatedInputTokens, now);
  if (!decision.ok) return decision;
  const attempt = request.attempts + 1;
  await ctx.db.patch("llmRequests", request._id, { status: "running", attempts: attempt });
  const callId = await ctx.db.insert("llmCalls", {
    purpose: request.purpose,
    model: request.model,
    attempt,
    status: "running",
    userId: request.userId,
    traceId: request.traceId,
    inputTokens: 0,
    outputTokens: 0,
    costMicros: 0,
    llmRequestId: request._id,
    startedAt: now,
  });
  await ctx.scheduler.runAfter(0, internal.llm.run.attempt, { requestId: request._id, callId });
  await log.with({ traceId: request.traceId, userId: request.userId }).persist(ctx, "debug", "attempt_admitted", { requestId: request._id, callId, attempt });
  return { ok: true };
}

/** Asks a running or queued request to stop; a streaming attempt stops at its next flush. */
export async function requestStop(ctx: MutationCtx, requestId: Id<"llmRequests">): Promise<void> {
  const request = await ctx.db.get("llmRequests", requestId);
  if (!request || ["succeeded", "failed", "stopped"].includes(request.status)) return;
  await ctx.db.patch("llmRequests", requestId, { stopRequested: true });
}

/** A recorded pump this overdue is presumed lost (its run failed), so a new one supersedes it. */
const PUMP_LOST_AFTER_MS = 5_000;

/**
 * Schedules a pump at `at` unless the recorded one is due no later. Each
 * scheduled pump carries a sequence number and only the latest may run, so
 * there is a single chain of pumps however many events ask for one.
 */
async function schedulePump(ctx: MutationCtx, state: GatewayState, at: number): Promise<void> {
  const now = Date.now();
  const pending = state.nextPumpAt;
  if (pending !== undefined && pending <= at && pending >= now - PUMP_LOST_AFTER_MS) return;
  const seq = (state.pumpSeq ?? 0) + 1;
  await ctx.scheduler.runAt(at, internal.llm.queue.pump, { seq });
  state.pumpSeq = seq;
  state.nextPumpAt = at;
}

async function notify(ctx: MutationCtx, request: Doc<"llmRequests">, event: LlmEvent): Promise<void> {
  const handler = makeFunctionReference<"mutation">(request.handler);
  try {
    await ctx.runMutation(handler, { requestId: request._id, context: request.context, event });
  } catch (error) {
    // A failing handler must not undo the gateway's own bookkeeping; its writes roll back alone.
    await log
      .with({ traceId: request.traceId, userId: request.userId })
      .persist(ctx, "error", "handler_failed", { requestId: request._id, handler: request.handler, event: event.kind, error: String(error) });
  }
}

export const pump = internalMutation({
  /** Omitted by the cron that restarts a stalled queue: such a pump always runs. */
  args: { seq: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { seq }) => {
    const now = Date.now();
    const config = gatewayConfig();
    const state = await loadGatewayState(ctx);
    if (seq !== undefined && seq !== state.pumpSeq) return null; // superseded by a later pump
    state.nextPumpAt = undefined;

    if (state.pausedUntil !== undefined && state.pausedUntil > now) {
      await schedulePump(ctx, state, state.pausedUntil);
      await saveGatewayState(ctx, state, now);
      return null;
    }
    const admission = breakerAdmission(state, config.breaker, now);
    Object.assign(state, admission.state);
    if (admission.admit === "none") {
      if (admission.retryAt !== undefined && state.queued > 0) await schedulePump(ctx, state, admission.retryAt);
      await saveGatewayState(ctx, state, now);
      return null;
    }

    for (let admitted = 0; admitted < MAX_ADMITS_PER_PUMP; admitted++) {
      const head = await ctx.db
        .query("llmRequests")
        .withIndex("by_status_priority", (q) => q.eq("status", "queued"))
        .first();
      if (!head) break;
      if (head.stopRequested) {
        await ctx.db.patch("llmRequests", head._id, { status: "stopped", finishedAt: now });
        state.queued -= 1;
        await notify(ctx, head, { kind: "failed", errorClass: "unknown", message: "Stopped before it started." });
        continue;
      }
      const decision = await admit(ctx, head, config, now);
      if (!decision.ok) {
        await schedulePump(ctx, state, now + decision.retryAfterMs);
        break;
      }
      state.queued -= 1;
      state.running += 1;
      if (admission.admit === "probe") {
        state.probeInFlight = true;
        break;
      }
      if (admitted === MAX_ADMITS_PER_PUMP - 1) await schedulePump(ctx, state, now);
    }
    await saveGatewayState(ctx, state, now);
    return null;
  },
});

export const getRequest = internalQuery({
  args: { requestId: v.id("llmRequests") },
  returns: v.union(v.null(), doc(schema, "llmRequests")),
  handler: (ctx, { requestId }) => ctx.db.get("llmRequests", requestId),
});

/** Called by the action at each flush: passes the text on and says whether to stop. */
export const delta = internalMutation({
  args: { requestId: v.id("llmRequests"), text: v.string() },
  returns: v.object({ stop: v.boolean() }),
  handler: async (ctx, { requestId, text }) => {
    const request = await ctx.db.get("llmRequests", requestId);
    if (!request || request.status !== "running") return { stop: true };
    await notify(ctx, request, { kind: "delta", text });
    return { stop: request.stopRequested === true };
  },
});

export const complete = internalMutation({
  args: { requestId: v.id("llmRequests"), callId: v.id("llmCalls"), outcome: attemptOutcomeValidator },
  returns: v.null(),
  handler: async (ctx, { requestId, callId, outcome }) => {
    const now = Date.now();
    const config = gatewayConfig();
    const request = await ctx.db.get("llmRequests", requestId);
    const call = await ctx.db.get("llmCalls", callId);
    if (!request || !call || call.status !== "running") return null; // already recorded
    const state = await loadGatewayState(ctx);
    state.running = Math.max(0, state.running - 1);
    const limits = modelLimits(config.limitsFor(request.model), config.windowMs);
    const trace = log.with({ traceId: request.traceId, userId: request.userId });
    const breakerBefore = state.breaker;

    if (outcome.ok) {
      const usage = {
        inputTokens: outcome.inputTokens,
        outputTokens: outcome.outputTokens,
        costMicros: costMicros(request.model, { inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens }, config.prices),
      };
      await ctx.db.patch("llmCalls", callId, {
        status: outcome.stopped ? "stopped" : "succeeded",
        ...usage,
        latencyMs: outcome.latencyMs,
        ttftMs: outcome.ttftMs,
        requestId: outcome.providerRequestId,
        finishedAt: now,
      });
      await chargeUsage(ctx, request.model, limits, {
        outputTokens: outcome.outputTokens,
        extraInputTokens: outcome.inputTokens - Math.min(request.estimatedInputTokens, limits.itpm.ceiling),
      }, now);
      Object.assign(state, breakerOnSuccess());
      await ctx.db.patch("llmRequests", requestId, { status: outcome.stopped ? "stopped" : "succeeded", finishedAt: now });
      await trace.persist(ctx, "info", "attempt_succeeded", {
        requestId,
        callId,
        purpose: request.purpose,
        model: request.model,
        attempt: call.attempt,
        ...usage,
        latencyMs: outcome.latencyMs,
        ttftMs: outcome.ttftMs,
        stopped: outcome.stopped,
      });
      await notify(ctx, request, {
        kind: "done",
        text: outcome.text,
        toolUses: outcome.toolUses,
        usage,
        stopReason: outcome.stopReason,
        stopped: outcome.stopped,
      });
    } else {
      await ctx.db.patch("llmCalls", callId, {
        status: "failed",
        errorClass: outcome.errorClass,
        latencyMs: outcome.latencyMs,
        requestId: outcome.providerRequestId,
        finishedAt: now,
      });
      if (outcome.providerFault) {
        Object.assign(state, breakerOnFailure(state, config.breaker, now));
      } else if (outcome.errorClass === "rate_limited") {
        // Busy, not broken: the breaker neither counts it nor keeps a probe slot.
        state.probeInFlight = false;
      } else {
        // The provider answered (our request was at fault): it is healthy.
        Object.assign(state, breakerOnSuccess());
      }
      if (outcome.errorClass === "rate_limited") {
        const pauseUntil = now + (outcome.retryAfterMs ?? 1000);
        state.pausedUntil = Math.max(state.pausedUntil ?? 0, pauseUntil);
      }
      const delay =
        outcome.retryable && !request.stopRequested
          ? retryDelayMs({ ...config.retry, maxAttempts: request.maxAttempts }, request.attempts, Math.random, outcome.retryAfterMs)
          : null;
      await trace.persist(ctx, delay === null ? "error" : "warn", "attempt_failed", {
        requestId,
        callId,
        purpose: request.purpose,
        model: request.model,
        attempt: call.attempt,
        errorClass: outcome.errorClass,
        status: outcome.status,
        latencyMs: outcome.latencyMs,
        retryInMs: delay,
        providerRequestId: outcome.providerRequestId,
      });
      if (delay !== null) {
        await ctx.db.patch("llmRequests", requestId, { status: "waiting", notBefore: now + delay, lastErrorClass: outcome.errorClass });
        await ctx.scheduler.runAfter(delay, internal.llm.queue.requeue, { requestId });
        await notify(ctx, request, { kind: "retrying", attempt: request.attempts, delayMs: delay, errorClass: outcome.errorClass });
      } else {
        await ctx.db.patch("llmRequests", requestId, {
          status: request.stopRequested ? "stopped" : "failed",
          lastErrorClass: outcome.errorClass,
          finishedAt: now,
        });
        await notify(ctx, request, { kind: "failed", errorClass: outcome.errorClass, message: friendlyFailure(outcome.errorClass) });
      }
    }
    if (breakerBefore !== state.breaker) {
      await trace.persist(ctx, state.breaker === "open" ? "error" : "info", "breaker_changed", {
        from: breakerBefore,
        to: state.breaker,
        consecutiveFailures: state.consecutiveFailures,
      });
    }
    if (state.queued > 0) await schedulePump(ctx, state, Math.max(now, state.pausedUntil ?? now));
    await saveGatewayState(ctx, state, now);
    return null;
  },
});

export const requeue = internalMutation({
  args: { requestId: v.id("llmRequests") },
  returns: v.null(),
  handler: async (ctx, { requestId }) => {
    const request = await ctx.db.get("llmRequests", requestId);
    if (!request || request.status !== "waiting") return null;
    const now = Date.now();
    const state = await loadGatewayState(ctx);
    await ctx.db.patch("llmRequests", requestId, { status: "queued", notBefore: undefined });
    state.queued += 1;
    await schedulePump(ctx, state, Math.max(now, state.pausedUntil ?? now));
    await saveGatewayState(ctx, state, now);
    return null;
  },
});
