/**
 * The gateway's decisions, pure: which queued requests a pump admits and
 * when, what a finished attempt means (event, retry, breaker), and whether a
 * pump must be scheduled. queue.ts reads the documents, calls these and
 * applies the plan; nothing here touches `ctx`.
 */
import type { ModelLimits } from "./admission";
import { breakerAdmission, breakerOnFailure, breakerOnSuccess, type BreakerConfig, type BreakerSnapshot } from "./breaker";
import { friendlyFailure, PROVIDER_FAULT_CLASSES } from "./classify";
import type { AttemptOutcome, LlmEvent } from "./events";
import { gcraCharge, gcraCheck } from "./gcra";
import { retryDelayMs, type RetryPolicy } from "./retryPolicy";
import type { ErrorClass } from "./tables";

/** The fields of the provider's state row that decisions read. */
export type GateState = BreakerSnapshot & { pausedUntil?: number };
export type GatePatch = Partial<GateState>;

/** Only the fields that differ, or null when the write would change nothing. */
export function diffGate(before: GateState, after: GateState): GatePatch | null {
  const keys: (keyof GateState)[] = ["breaker", "consecutiveFailures", "openedAt", "probeInFlight", "pausedUntil"];
  const patch: GatePatch = {};
  let changed = false;
  for (const key of keys) {
    if (before[key] !== after[key]) {
      (patch as Record<string, unknown>)[key] = after[key];
      changed = true;
    }
  }
  return changed ? patch : null;
}

// ------------------------------------------------------------------ pump scheduling

/** A recorded pump this overdue is presumed lost (its run failed), so a new one supersedes it. */
export const PUMP_LOST_AFTER_MS = 5_000;

/**
 * Whether to schedule a pump, given the pending one's due time (if any).
 * "by": one must run no later than `at` (a breaker or pause change).
 * "exists": any live pending pump will do; new work joins the queue the
 * pending pump already serves, so a busy queue's enqueues and completions
 * write nothing here. A new pump supersedes the pending one.
 */
export function planPumpSchedule(pendingAt: number | undefined, at: number, now: number, mode: "by" | "exists"): { at: number } | null {
  const live = pendingAt !== undefined && pendingAt >= now - PUMP_LOST_AFTER_MS;
  if (live && (mode === "exists" || pendingAt <= at)) return null;
  return { at };
}

// ------------------------------------------------------------------ admission

export type BucketState = { tat?: number; inputDebt?: number; inputDebtPaid?: number };
export type ModelBuckets = { rpm: BucketState; itpm: BucketState; otpm: BucketState };

/**
 * How far ahead a pump may book provider capacity: an admitted request's
 * attempt is scheduled for its slot. At high rates one pump then admits many
 * requests (fewer pump transactions, each writing the buckets once); the
 * price is that an interactive request arriving later can wait up to this
 * long behind batch requests already booked.
 */
export const PUMP_LOOKAHEAD_MS = 250;
/** A waiting head is booked this long before its slot, to absorb scheduler lag. */
export const PUMP_LEAD_MS = 50;
/** Bounds the work of one pump transaction; a full pump reschedules itself at once. */
export const MAX_ADMITS_PER_PUMP = 25;

export type QueuedRequest = { id: string; model: string; estimatedInputTokens: number; stopRequested?: boolean; cancelRequested?: boolean };

export type PumpPlan = {
  /** Why nothing was admitted, if so. */
  gate: "open" | "paused" | "breaker";
  /** Change to the state row (breaker to half-open, a probe taken); null when none. */
  gatePatch: GatePatch | null;
  /** Queued requests to end before they start. */
  stop: { id: string; cancelled: boolean }[];
  /** Requests to start, each at its booked slot (>= now). */
  admit: { id: string; startAt: number }[];
  /** New bucket values per model, one entry per model that admitted anything. */
  buckets: Record<string, { rpmTat: number; itpmTat: number; inputDebtPaid: number }>;
  /** When the next pump should run; undefined when none is needed (queue drained, or a probe's completion will pump). */
  nextPumpAt?: number;
};

/** Input tokens reported beyond estimates that the itpm bucket has not charged yet. */
function unpaidDebt(b: ModelBuckets): number {
  return Math.max(0, (b.otpm.inputDebt ?? 0) - (b.itpm.inputDebtPaid ?? 0));
}

/**
 * Earliest time within `now + lookaheadMs` at which every limit admits a
 * request of `inputTokens`, with the new rpm and itpm TATs; or how long until
 * it would fit the lookahead.
 */
export function bookSlot(
  limits: ModelLimits,
  b: { rpmTat?: number; itpmTat?: number; otpmTat?: number },
  inputTokens: number,
  now: number,
  lookaheadMs: number,
): { ok: true; startAt: number; rpmTat: number; itpmTat: number } | { ok: false; retryAfterMs: number } {
  // A single request larger than the whole input ceiling must still go out eventually.
  const inputCost = Math.min(inputTokens, limits.itpm.ceiling);
  const checksAt = (t: number) => [
    gcraCheck(limits.rpm, b.rpmTat, t, 1),
    gcraCheck(limits.itpm, b.itpmTat, t, inputCost),
    gcraCheck(limits.otpm, b.otpmTat, t, 0),
  ];
  const first = checksAt(now);
  const wait = Math.max(0, ...first.map((c) => (c.ok ? 0 : c.retryAfterMs)));
  if (wait > lookaheadMs) return { ok: false, retryAfterMs: wait };
  const at = now + wait;
  const [rpm, itpm, otpm] = wait === 0 ? first : checksAt(at);
  if (!rpm.ok || !itpm.ok || !otpm.ok) return { ok: false, retryAfterMs: Math.max(wait, 1) };
  return { ok: true, startAt: at, rpmTat: rpm.tat, itpmTat: itpm.tat };
}

export type PumpInput = {
  state: GateState;
  /** The head of the queue in priority order, at most `maxItems` of it. */
  queue: QueuedRequest[];
  /** True when the queue holds more than `queue`. */
  more: boolean;
  buckets: Record<string, ModelBuckets>;
  limitsFor: (model: string) => ModelLimits;
  breaker: BreakerConfig;
  now: number;
  lookaheadMs?: number;
  maxAdmits?: number;
};

export function planPump(input: PumpInput): PumpPlan {
  const { state, queue, now } = input;
  const lookahead = input.lookaheadMs ?? PUMP_LOOKAHEAD_MS;
  const maxAdmits = input.maxAdmits ?? MAX_ADMITS_PER_PUMP;
  const plan: PumpPlan = { gate: "open", gatePatch: null, stop: [], admit: [], buckets: {} };
  const hasWork = queue.length > 0;
  if (state.pausedUntil !== undefined && state.pausedUntil > now) {
    return { ...plan, gate: "paused", nextPumpAt: hasWork ? state.pausedUntil : undefined };
  }
  const admission = breakerAdmission(state, input.breaker, now);
  let next: GateState = { ...state, ...admission.state };
  if (admission.admit === "none") {
    // Without retryAt a probe is in flight, and its completion pumps.
    return { ...plan, gate: "breaker", gatePatch: diffGate(state, next), nextPumpAt: hasWork ? admission.retryAt : undefined };
  }
  const working: Record<string, { rpmTat?: number; itpmTat?: number; otpmTat?: number; debt: number; paid: number }> = {};
  let reachedEnd = true;
  for (const item of queue) {
    if (item.cancelRequested || item.stopRequested) {
      plan.stop.push({ id: item.id, cancelled: item.cancelRequested === true });
      continue;
    }
    if (plan.admit.length >= maxAdmits) {
      plan.nextPumpAt = now;
      reachedEnd = false;
      break;
    }
    const b = input.buckets[item.model] ?? { rpm: {}, itpm: {}, otpm: {} };
    const limits = input.limitsFor(item.model);
    const w = (working[item.model] ??= (() => {
      const debt = unpaidDebt(b);
      return {
        rpmTat: b.rpm.tat,
        // Debt reported since the last admission is charged before this one.
        itpmTat: debt > 0 ? gcraCharge(limits.itpm, b.itpm.tat, now, debt) : b.itpm.tat,
        otpmTat: b.otpm.tat,
        debt,
        paid: b.otpm.inputDebt ?? 0,
      };
    })());
    const slot = bookSlot(limits, w, item.estimatedInputTokens, now, lookahead);
    if (!slot.ok) {
      // Strict priority order: later requests never jump a head that does not fit.
      // Pump again just before the head's slot, not as soon as it enters the
      // lookahead: the head starts at its slot either way, and the later pump
      // books everything that arrived meanwhile in one transaction.
      plan.nextPumpAt = now + Math.max(0, slot.retryAfterMs - PUMP_LEAD_MS);
      reachedEnd = false;
      break;
    }
    w.rpmTat = slot.rpmTat;
    w.itpmTat = slot.itpmTat;
    plan.admit.push({ id: item.id, startAt: slot.startAt });
    plan.buckets[item.model] = { rpmTat: slot.rpmTat, itpmTat: slot.itpmTat, inputDebtPaid: w.paid };
    if (admission.admit === "probe") {
      next = { ...next, probeInFlight: true };
      reachedEnd = false;
      plan.nextPumpAt = undefined;
      break;
    }
  }
  if (reachedEnd && input.more) plan.nextPumpAt = now;
  plan.gatePatch = diffGate(state, next);
  return plan;
}

// ------------------------------------------------------------------ completion

export type CompleteInput = {
  request: {
    status: string;
    attempts: number;
    maxAttempts: number;
    retry?: RetryPolicy;
    stopRequested?: boolean;
    cancelRequested?: boolean;
  };
  call: { status: string; attempt: number };
  outcome: AttemptOutcome;
  state: GateState;
  /**
   * Provider-fault failures recorded just before this one, newest first,
   * without a success between (read only when this outcome is a provider fault).
   */
  priorFaults: number;
  /** Cost of a successful attempt, priced by the applier. */
  costMicros: number;
  retryDefault: RetryPolicy;
  breaker: BreakerConfig;
  now: number;
  random: () => number;
};

export type CompletePlan =
  | { kind: "ignore" }
  | {
      kind: "apply";
      callStatus: "succeeded" | "stopped" | "failed";
      request:
        | { status: "succeeded" | "stopped" | "failed"; lastErrorClass?: ErrorClass }
        | { status: "waiting"; notBefore: number; lastErrorClass: ErrorClass; attempts?: number };
      /** Charge the provider-reported usage to the buckets (the provider did the work). */
      charge: boolean;
      retry: { delayMs: number; at: number } | null;
      event: LlmEvent;
      gatePatch: GatePatch | null;
      breakerChange: { from: GateState["breaker"]; to: GateState["breaker"]; consecutiveFailures: number } | null;
      /** Pump by this time: the breaker or pause changed, so queued work may move differently. */
      pumpBy: number | null;
    };

/** Whether an attempt outcome counts for the breaker: a fault, neutral, or proof of health. */
function healthSignal(outcome: AttemptOutcome): "fault" | "neutral" | "healthy" {
  if (outcome.ok) return "healthy";
  if (outcome.providerFault) return "fault";
  // Busy is not broken, and a cancel or our own restart says nothing about the provider.
  if (outcome.errorClass === "rate_limited" || outcome.errorClass === "cancelled" || outcome.errorClass === "interrupted") return "neutral";
  // The provider answered (our request was at fault): it is healthy.
  return "healthy";
}

export function planComplete(input: CompleteInput): CompletePlan {
  const { request, call, outcome, state, now } = input;
  // A second report of the same attempt, or one for a request already settled.
  if (call.status !== "running" || request.status !== "running") return { kind: "ignore" };

  let next: GateState = { ...state };
  const signal = healthSignal(outcome);
  if (signal === "fault") {
    const after = breakerOnFailure({ ...state, consecutiveFailures: input.priorFaults }, input.breaker, now);
    // While closed the streak lives in llmCalls, not here; the row keeps the streak that opened it.
    next = { ...next, ...after, consecutiveFailures: after.breaker === "open" ? after.consecutiveFailures : state.consecutiveFailures };
  } else if (signal === "healthy") {
    next = { ...next, ...breakerOnSuccess() };
  } else {
    next = { ...next, probeInFlight: false };
  }
  if (!outcome.ok && outcome.errorClass === "rate_limited") {
    next.pausedUntil = Math.max(state.pausedUntil ?? 0, now + (outcome.retryAfterMs ?? 1000));
  }
  const gatePatch = diffGate(state, next);
  const breakerChange =
    next.breaker !== state.breaker ? { from: state.breaker, to: next.breaker, consecutiveFailures: next.consecutiveFailures } : null;
  const pumpBy = gatePatch ? Math.max(now, next.pausedUntil ?? now) : null;
  const common = { gatePatch, breakerChange, pumpBy };

  if (request.cancelRequested) {
    return {
      kind: "apply",
      callStatus: outcome.ok ? (outcome.stopped ? "stopped" : "succeeded") : "failed",
      request: { status: "stopped", lastErrorClass: "cancelled" },
      charge: outcome.ok,
      retry: null,
      event: { kind: "failed", errorClass: "cancelled", message: friendlyFailure("cancelled") },
      ...common,
    };
  }
  if (outcome.ok) {
    return {
      kind: "apply",
      callStatus: outcome.stopped ? "stopped" : "succeeded",
      request: { status: outcome.stopped ? "stopped" : "succeeded" },
      charge: true,
      retry: null,
      event: {
        kind: "done",
        text: outcome.text,
        toolUses: outcome.toolUses,
        usage: { inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens, costMicros: input.costMicros },
        stopReason: outcome.stopReason,
        stopped: outcome.stopped,
      },
      ...common,
    };
  }
  if (!outcome.ok && outcome.errorClass === "interrupted" && !request.stopRequested) {
    // Our restart cut it off, not the provider: run it again at once, and give the attempt back.
    return {
      kind: "apply",
      callStatus: "failed",
      request: { status: "waiting", notBefore: now, lastErrorClass: "interrupted", attempts: request.attempts - 1 },
      charge: false,
      retry: { delayMs: 0, at: now },
      event: { kind: "retrying", attempt: request.attempts - 1, delayMs: 0, nextAttemptAt: now, errorClass: "interrupted" },
      ...common,
    };
  }
  const policy = request.retry ?? { ...input.retryDefault, maxAttempts: request.maxAttempts };
  const delay =
    outcome.retryable && !request.stopRequested ? retryDelayMs(policy, request.attempts, input.random, outcome.retryAfterMs) : null;
  if (delay !== null) {
    const at = now + delay;
    return {
      kind: "apply",
      callStatus: "failed",
      request: { status: "waiting", notBefore: at, lastErrorClass: outcome.errorClass },
      charge: false,
      retry: { delayMs: delay, at },
      event: { kind: "retrying", attempt: request.attempts, delayMs: delay, nextAttemptAt: at, errorClass: outcome.errorClass },
      ...common,
    };
  }
  return {
    kind: "apply",
    callStatus: "failed",
    request: { status: request.stopRequested ? "stopped" : "failed", lastErrorClass: outcome.errorClass },
    charge: false,
    retry: null,
    event: { kind: "failed", errorClass: outcome.errorClass, message: friendlyFailure(outcome.errorClass) },
    ...common,
  };
}

// ------------------------------------------------------------------ recovery

/**
 * An action that ended, or whose record is gone, no longer runs: if its call
 * is still "running", the attempt died without reporting (a backend restart
 * kills running actions, and Convex marks them failed). Without a job id
 * (calls from before ids were kept) only age tells; no action outlives
 * Convex's 10-minute limit.
 */
export const ATTEMPT_ORPHANED_AFTER_MS = 15 * 60 * 1000;

export type AttemptJobState = "pending" | "inProgress" | "success" | "failed" | "canceled" | "missing" | "unknown";

export function attemptLost(job: AttemptJobState, startedAt: number, now: number): boolean {
  switch (job) {
    case "pending":
    case "inProgress":
      return false;
    case "success":
    case "failed":
    case "canceled":
      return true;
    case "missing":
    case "unknown":
      return now - startedAt > ATTEMPT_ORPHANED_AFTER_MS;
  }
}

/** What recovery reports for a lost attempt, as if its action had. */
export function interruptedOutcome(startedAt: number, now: number): AttemptOutcome {
  return { ok: false, errorClass: "interrupted", retryable: true, providerFault: false, latencyMs: Math.max(0, now - startedAt), detail: "lost" };
}

/** Consecutive provider faults at the head of recent calls (newest first); rate limits, cancels and interruptions neither count nor break it. */
export function faultStreak(recent: { status: string; errorClass?: ErrorClass }[]): number {
  let streak = 0;
  for (const call of recent) {
    if (call.status === "running") continue;
    if (call.status === "failed" && call.errorClass !== undefined) {
      if (PROVIDER_FAULT_CLASSES.has(call.errorClass)) {
        streak += 1;
        continue;
      }
      if (call.errorClass === "rate_limited" || call.errorClass === "cancelled" || call.errorClass === "interrupted") continue;
    }
    break;
  }
  return streak;
}
