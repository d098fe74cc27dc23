/**
 * The gateway's queue. Feature mutations enqueue; `pump` admits queued
 * requests within provider limits and schedules `llm/run:attempt`; the action
 * reports back through `complete`, which records the attempt, drives the
 * circuit breaker, and either hands the result to the feature's handler or
 * schedules a retry. Nothing here sleeps: every wait is a scheduled function.
 * The decisions live in plan.ts; these handlers read, plan and apply.
 *
 * Hot documents: no document is written by every call. The provider buckets
 * are written at most once per admission (rpm, itpm) and once per completion
 * (otpm); the gatewayState row only when the breaker or the 429 pause
 * changes; the pending pump is a row of its own (inserted, then deleted), so
 * a busy queue's pump chain touches each document twice; queue depth and
 * running count are derived on read.
 */
import { getFunctionName, makeFunctionReference, type FunctionReference } from "convex/server";
import { doc } from "convex-helpers/validators";
import { v } from "convex/values";
import schema from "../schema";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, internalQuery, type MutationCtx } from "../_generated/server";
import { chargeUsage, estimateInputTokens, modelLimits, readModelBuckets, writeAdmissions } from "./admission";
import { friendlyFailure } from "./classify";
import { gatewayConfig, type GatewayConfig } from "./config";
import { logger } from "../lib/log";
import { attemptOutcomeValidator, type AttemptOutcome, type LlmEvent } from "./events";
import { faultStreak, MAX_ADMITS_PER_PUMP, planComplete, planPump, planPumpSchedule, type GateState, type ModelBuckets } from "./plan";
import { costMicros } from "./pricing";
import { validRetryPolicy, type RetryPolicy } from "./retryPolicy";
import { patchGate, PROVIDER, readGate, readPendingPump } from "./state";
import { priorityRank, type LlmBatchPriority, type LlmParams, type LlmPriority, type LlmPurpose } from "./tables";

const log = logger("llm");

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
  /** Orders batch requests among themselves (default "normal"); ignored for interactive ones, which always go first. */
  batchPriority?: LlmBatchPriority;
  /** This request's retry policy (a batch's own); default: the env one. maxAttempts 1–10. */
  retry?: Required<RetryPolicy>;
  /** Per-attempt timeout in ms; default LLM_TIMEOUT_MS. */
  timeoutMs?: number;
};


export async function enqueueLlmCall(ctx: MutationCtx, call: EnqueueLlmCall): Promise<Id<"llmRequests">> {
  const config = gatewayConfig();
  const now = Date.now();
  if (call.retry) {
    const problem = validRetryPolicy(call.retry);
    if (problem) throw new Error(`enqueueLlmCall: invalid retry policy: ${problem}`);
  }
  if (call.timeoutMs !== undefined && !(call.timeoutMs >= 100)) throw new Error("enqueueLlmCall: timeoutMs must be at least 100");
  const ahead = await ctx.db
    .query("llmRequests")
    .withIndex("by_status_priority", (q) => q.eq("status", "queued"))
    .first();
  const requestId = await ctx.db.insert("llmRequests", {
    purpose: call.purpose,
    priority: call.priority,
    batchPriority: call.priority === "batch" ? call.batchPriority : undefined,
    priorityRank: priorityRank(call.priority, call.batchPriority),
    model: call.model ?? config.models[call.purpose],
    userId: call.userId,
    traceId: call.traceId,
    status: "queued",
    attempts: 0,
    maxAttempts: call.retry?.maxAttempts ?? config.retry.maxAttempts,
    retry: call.retry,
    timeoutMs: call.timeoutMs,
    params: call.params,
    stream: call.stream,
    // Stored by name: documents cannot hold references, and names work on every engine.
    handler: getFunctionName(call.handler),
    context: call.context ?? null,
    estimatedInputTokens: estimateInputTokens(call.params),
    enqueuedAt: now,
  });
  const request = (await ctx.db.get("llmRequests", requestId))!;
  const gate = await readGate(ctx);
  // Fast path: with nobody queued ahead the request is the queue's head, so
  // admit it here; the interactive path then skips a scheduler hop and a pump.
  let admitted = false;
  if (ahead === null) {
    const plan = await pumpPlan(ctx, gate, [request], false, config, now);
    if (plan.admit.length === 1) {
      await applyAdmissions(ctx, plan, [request], config, now);
      admitted = true;
    } else if (plan.nextPumpAt !== undefined) {
      await ensurePump(ctx, plan.nextPumpAt, now, "exists");
    }
    await patchGate(ctx, plan.gatePatch, now);
  } else {
    // Interactive work must not wait for a pump booked late for the batch ahead of it;
    // batch work joins whatever pump is pending, so batch enqueues write nothing here.
    await ensurePump(ctx, now, now, call.priority === "interactive" ? "by" : "exists");
  }
  await log.with({ traceId: call.traceId, userId: call.userId }).persist(ctx, "info", "request_enqueued", {
    requestId,
    purpose: call.purpose,
    priority: call.priority,
    batchPriority: call.batchPriority,
    stream: call.stream,
    admitted,
  });
  return requestId;
}

async function pumpPlan(ctx: MutationCtx, gate: GateState, queue: Doc<"llmRequests">[], more: boolean, config: GatewayConfig, now: number) {
  const buckets: Record<string, ModelBuckets> = {};
  for (const model of new Set(queue.map((r) => r.model))) buckets[model] = await readModelBuckets(ctx, model);
  return planPump({
    state: gate,
    queue: queue.map((r) => ({
      id: r._id,
      model: r.model,
      estimatedInputTokens: r.estimatedInputTokens,
      stopRequested: r.stopRequested,
      cancelRequested: r.cancelRequested,
    })),
    more,
    buckets,
    limitsFor: (model) => modelLimits(config.limitsFor(model), config.windowMs),
    breaker: config.breaker,
    now,
  });
}

/** Starts the planned attempts: one write per bucket, then per request its attempt row and action. */
async function applyAdmissions(
  ctx: MutationCtx,
  plan: ReturnType<typeof planPump>,
  requests: Doc<"llmRequests">[],
  _config: GatewayConfig,
  now: number,
): Promise<void> {
  for (const [model, booked] of Object.entries(plan.buckets)) await writeAdmissions(ctx, model, booked, now);
  const byId = new Map(requests.map((r) => [r._id as string, r]));
  for (const { id, startAt } of plan.admit) {
    const request = byId.get(id)!;
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
      startedAt: startAt,
    });
    // Booked for its slot: the attempt runs when the rate limits say it may.
    const attemptJobId = await ctx.scheduler.runAt(startAt, internal.llm.run.attempt, { requestId: request._id, callId });
    await ctx.db.patch("llmCalls", callId, { attemptJobId });
    log.with({ traceId: request.traceId, userId: request.userId }).debug("attempt_admitted", { requestId: request._id, callId, attempt, startAt });
  }
}

/**
 * Schedules a pump per `planPumpSchedule`, and writes nothing when the
 * pending one will do. A new pump's row replaces the pending one's, whose
 * scheduled run then finds its row gone and exits: there is a single chain
 * of pumps however many events ask for one.
 */
async function ensurePump(ctx: MutationCtx, at: number, now: number, mode: "by" | "exists"): Promise<void> {
  const pending = await readPendingPump(ctx);
  const schedule = planPumpSchedule(pending?.at, at, now, mode);
  if (!schedule) return;
  if (pending) await ctx.db.delete("gatewayPumps", pending._id);
  const pumpId = await ctx.db.insert("gatewayPumps", { provider: PROVIDER, at: schedule.at });
  await ctx.scheduler.runAt(schedule.at, internal.llm.queue.pump, { pumpId });
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

const SETTLED = ["succeeded", "failed", "stopped"];

/** Asks a running or queued request to stop; a streaming attempt stops at its next flush. */
export async function requestStop(ctx: MutationCtx, requestId: Id<"llmRequests">): Promise<void> {
  const request = await ctx.db.get("llmRequests", requestId);
  if (!request || SETTLED.includes(request.status) || request.stopRequested) return;
  await ctx.db.patch("llmRequests", requestId, { stopRequested: true });
}

/**
 * Cancels a request. Queued or waiting for a retry: ended at once, and the
 * handler hears `failed` with errorClass "cancelled" in this transaction.
 * Running: stopped like the coaching "stop reply" (a streamed attempt aborts
 * at its next flush; an unstreamed one cannot be interrupted and runs out,
 * its result discarded), then reported the same way by `complete`.
 * True when the request is cancelled or being cancelled, false when it had
 * already finished (or never existed). Idempotent: a repeat notifies nobody.
 */
export async function cancelLlmCall(ctx: MutationCtx, requestId: Id<"llmRequests">): Promise<boolean> {
  const request = await ctx.db.get("llmRequests", requestId);
  if (!request) return false;
  if (SETTLED.includes(request.status)) return request.status === "stopped" && request.lastErrorClass === "cancelled";
  if (request.cancelRequested) return true;
  if (request.status === "running") {
    await ctx.db.patch("llmRequests", requestId, { cancelRequested: true, stopRequested: true });
    return true;
  }
  const now = Date.now();
  // A waiting request's scheduled requeue finds it settled and does nothing.
  await ctx.db.patch("llmRequests", requestId, {
    status: "stopped",
    cancelRequested: true,
    lastErrorClass: "cancelled",
    notBefore: undefined,
    finishedAt: now,
  });
  await notify(ctx, request, { kind: "failed", errorClass: "cancelled", message: friendlyFailure("cancelled") });
  return true;
}

export const pump = internalMutation({
  args: {
    /** Omitted by the cron that restarts a stalled queue: such a pump always runs. */
    pumpId: v.optional(v.id("gatewayPumps")),
    /** Carried by pumps scheduled before pump rows existed; they run like the cron's. */
    seq: v.optional(v.number()),
  },
  returns: v.null(),
  handler: async (ctx, { pumpId }) => {
    if (pumpId !== undefined) {
      if ((await ctx.db.get("gatewayPumps", pumpId)) === null) return null; // superseded by a later pump
      await ctx.db.delete("gatewayPumps", pumpId);
    }
    const now = Date.now();
    const config = gatewayConfig();
    const gate = await readGate(ctx);
    const head = await ctx.db
      .query("llmRequests")
      .withIndex("by_status_priority", (q) => q.eq("status", "queued"))
      .take(MAX_ADMITS_PER_PUMP + 1);
    const plan = await pumpPlan(ctx, gate, head.slice(0, MAX_ADMITS_PER_PUMP), head.length > MAX_ADMITS_PER_PUMP, config, now);
    const byId = new Map(head.map((r) => [r._id as string, r]));
    for (const { id, cancelled } of plan.stop) {
      const request = byId.get(id)!;
      await ctx.db.patch("llmRequests", request._id, {
        status: "stopped",
        finishedAt: now,
        ...(cancelled ? { lastErrorClass: "cancelled" as const } : {}),
      });
      await notify(
        ctx,
        request,
        cancelled
          ? { kind: "failed", errorClass: "cancelled", message: friendlyFailure("cancelled") }
          : { kind: "failed", errorClass: "unknown", message: "Stopped before it started." },
      );
    }
    await applyAdmissions(ctx, plan, head, config, now);
    // This pump has run (its row is gone): the next one, if any, is whatever the plan asks for.
    if (plan.nextPumpAt !== undefined) await ensurePump(ctx, plan.nextPumpAt, now, "by");
    await patchGate(ctx, plan.gatePatch, now);
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
  args: { requestId: v.id("llmRequests"), text: v.string(), toolInputJson: v.optional(v.string()) },
  returns: v.object({ stop: v.boolean() }),
  handler: async (ctx, { requestId, text, toolInputJson }) => {
    const request = await ctx.db.get("llmRequests", requestId);
    if (!request || request.status !== "running" || request.cancelRequested) return { stop: true };
    await notify(ctx, request, toolInputJson === undefined ? { kind: "delta", text } : { kind: "delta", text, toolInputJson });
    return { stop: request.stopRequested === true };
  },
});

/** Enough recent calls to see a failure streak as long as the breaker's threshold. */
const streakWindow = (config: GatewayConfig) => config.breaker.failureThreshold + 5;

export const complete = internalMutation({
  args: { requestId: v.id("llmRequests"), callId: v.id("llmCalls"), outcome: attemptOutcomeValidator },
  returns: v.null(),
  handler: async (ctx, { requestId, callId, outcome }) => {
    await completeAttempt(ctx, requestId, callId, outcome);
    return null;
  },
});

/**
 * Records an attempt's outcome and acts on it (event, retry, breaker, pump).
 * The action reports through `complete`; recovery reports for an action that died.
 * False when there was nothing to record (already recorded, or the request settled).
 */
export async function completeAttempt(
  ctx: MutationCtx,
  requestId: Id<"llmRequests">,
  callId: Id<"llmCalls">,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const now = Date.now();
  const config = gatewayConfig();
  const request = await ctx.db.get("llmRequests", requestId);
  const call = await ctx.db.get("llmCalls", callId);
  if (!request || !call) return false;
  const gate = await readGate(ctx);
  // The streak is read only on a provider fault: a healthy completion reads no shared range.
  const priorFaults =
    !outcome.ok && outcome.providerFault
      ? faultStreak(
          await ctx.db
            .query("llmCalls")
            .withIndex("by_finishedAt", (q) => q.gt("finishedAt", 0))
            .order("desc")
            .take(streakWindow(config)),
        )
      : 0;
  const usageCost = outcome.ok
    ? costMicros(request.model, { inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens }, config.prices)
    : 0;
  const plan = planComplete({
    request,
    call,
    outcome,
    state: gate,
    priorFaults,
    costMicros: usageCost,
    retryDefault: config.retry,
    breaker: config.breaker,
    now,
    random: Math.random,
  });
  if (plan.kind === "ignore") return false; // already recorded
  const trace = log.with({ traceId: request.traceId, userId: request.userId });

  if (outcome.ok) {
    await ctx.db.patch("llmCalls", callId, {
      status: plan.callStatus,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
      costMicros: usageCost,
      latencyMs: outcome.latencyMs,
      ttftMs: outcome.ttftMs,
      requestId: outcome.providerRequestId,
      finishedAt: now,
    });
    await trace.persist(ctx, "info", "attempt_succeeded", {
      requestId,
      callId,
      purpose: request.purpose,
      model: request.model,
      attempt: call.attempt,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
      costMicros: usageCost,
      latencyMs: outcome.latencyMs,
      ttftMs: outcome.ttftMs,
      stopped: outcome.stopped,
      cancelled: request.cancelRequested === true,
    });
  } else {
    await ctx.db.patch("llmCalls", callId, {
      status: "failed",
      errorClass: outcome.errorClass,
      latencyMs: outcome.latencyMs,
      requestId: outcome.providerRequestId,
      finishedAt: now,
    });
    await trace.persist(ctx, plan.retry === null && outcome.errorClass !== "cancelled" ? "error" : "warn", "attempt_failed", {
      requestId,
      callId,
      purpose: request.purpose,
      model: request.model,
      attempt: call.attempt,
      errorClass: outcome.errorClass,
      status: outcome.status,
      latencyMs: outcome.latencyMs,
      retryInMs: plan.retry?.delayMs ?? null,
      providerRequestId: outcome.providerRequestId,
    });
  }
  if (plan.charge && outcome.ok) {
    const limits = modelLimits(config.limitsFor(request.model), config.windowMs);
    await chargeUsage(ctx, request.model, limits, {
      outputTokens: outcome.outputTokens,
      extraInputTokens: outcome.inputTokens - Math.min(request.estimatedInputTokens, limits.itpm.ceiling),
    }, now);
  }
  const settled = plan.request.status !== "waiting";
  await ctx.db.patch("llmRequests", requestId, { ...plan.request, ...(settled ? { finishedAt: now } : {}) });
  if (plan.retry) await ctx.scheduler.runAt(plan.retry.at, internal.llm.queue.requeue, { requestId });
  await notify(ctx, request, plan.event);
  if (plan.breakerChange) {
    await trace.persist(ctx, plan.breakerChange.to === "open" ? "error" : "info", "breaker_changed", plan.breakerChange);
  }
  if (plan.pumpBy !== null) {
    const queued = await ctx.db
      .query("llmRequests")
      .withIndex("by_status_priority", (q) => q.eq("status", "queued"))
      .first();
    if (queued) await ensurePump(ctx, plan.pumpBy, now, "by");
  }
  await patchGate(ctx, plan.gatePatch, now);
  return true;
}

export const requeue = internalMutation({
  args: { requestId: v.id("llmRequests") },
  returns: v.null(),
  handler: async (ctx, { requestId }) => {
    const request = await ctx.db.get("llmRequests", requestId);
    if (!request || request.status !== "waiting") return null;
    const now = Date.now();
    await ctx.db.patch("llmRequests", requestId, { status: "queued", notBefore: undefined });
    const gate = await readGate(ctx);
    await ensurePump(ctx, Math.max(now, gate.pausedUntil ?? now), now, "exists");
    return null;
  },
});
