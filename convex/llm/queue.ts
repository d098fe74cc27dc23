/**
 * The gateway's queue. Feature mutations enqueue; `pump` admits queued
 * requests within provider limits and schedules `llm/run:attempt`; the action
 * reports back through `complete`, which records the attempt, drives the
 * circuit breaker, and either hands the result to the feature's handler or
 * schedules a retry. Nothing here sleeps: every wait is a scheduled function.
 */
import { getFunctionName, makeFunctionReference, type FunctionReference } from "convex/server";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, internalQuery, type MutationCtx } from "../_generated/server";
import { estimateInputTokens, modelLimits, chargeUsage, tryAdmit } from "./admission";
import { breakerAdmission, breakerOnFailure, breakerOnSuccess } from "./breaker";
import { friendlyFailure } from "./classify";
import { gatewayConfig } from "./config";
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
  state.queued += 1;
  await schedulePump(ctx, state, now);
  await saveGatewayState(ctx, state, now);
  return requestId;
}

/** Asks a running or queued request to stop; a streaming attempt stops at its next flush. */
export async function requestStop(ctx: MutationCtx, requestId: Id<"llmRequests">): Promise<void> {
  const request = await ctx.db.get("llmRequests", requestId);
  if (!request || ["succeeded", "failed", "stopped"].includes(request.status)) return;
  await ctx.db.patch("llmRequests", requestId, { stopRequested: true });
}

/** Schedules a pump at `at` unless one is already due no later. */
async function schedulePump(ctx: MutationCtx, state: GatewayState, at: number): Promise<void> {
  if (state.nextPumpAt !== undefined && state.nextPumpAt <= at) return;
  await ctx.scheduler.runAt(at, internal.llm.queue.pump, {});
  state.nextPumpAt = at;
}

async function notify(ctx: MutationCtx, request: Doc<"llmRequests">, event: LlmEvent): Promise<void> {
  const handler = makeFunctionReference<"mutation">(request.handler);
  try {
    await ctx.runMutation(handler, { requestId: request._id, context: request.context, event });
  } catch (error) {
    // A failing handler must not undo the gateway's own bookkeeping; its writes roll back alone.
    log.error("handler_failed", { handler: request.handler, traceId: request.traceId, error: String(error) });
  }
}

export const pump = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    const now = Date.now();
    const config = gatewayConfig();
    const state = await loadGatewayState(ctx);
    if (state.nextPumpAt !== undefined && state.nextPumpAt <= now) state.nextPumpAt = undefined;

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
      const limits = modelLimits(config.limitsFor(head.model), config.windowMs);
      const decision = await tryAdmit(ctx, head.model, limits, head.estimatedInputTokens, now);
      if (!decision.ok) {
        await schedulePump(ctx, state, now + decision.retryAfterMs);
        break;
      }
      const attempt = head.attempts + 1;
      await ctx.db.patch("llmRequests", head._id, { status: "running", attempts: attempt });
      const callId = await ctx.db.insert("llmCalls", {
        purpose: head.purpose,
        model: head.model,
        attempt,
        status: "running",
        userId: head.userId,
        traceId: head.traceId,
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        llmRequestId: head._id,
        startedAt: now,
      });
      await ctx.scheduler.runAfter(0, internal.llm.run.attempt, { requestId: head._id, callId });
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
