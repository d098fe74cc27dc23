import { describe, expect, test } from "vitest";
import { modelLimits } from "./admission";
import type { AttemptOutcome } from "./events";
import {
  ATTEMPT_ORPHANED_AFTER_MS,
  attemptLost,
  diffGate,
  interruptedOutcome,
  faultStreak,
  planComplete,
  planPump,
  planPumpSchedule,
  PUMP_LOST_AFTER_MS,
  PUMP_LEAD_MS,
  type CompleteInput,
  type GateState,
  type ModelBuckets,
  type PumpInput,
} from "./plan";
import { DEFAULT_RETRY_POLICY } from "./retryPolicy";

const NOW = 1_000_000;
const closed: GateState = { breaker: "closed", consecutiveFailures: 0, probeInFlight: false };
const breaker = { failureThreshold: 3, cooldownMs: 1000 };
// 10 requests per 1 s window, admitted at 90 %: 9 a second, 111 ms apart.
const limitsFor = () => modelLimits({ rpm: 10, itpm: 100_000, otpm: 100_000 }, 1000);
const empty: ModelBuckets = { rpm: {}, itpm: {}, otpm: {} };
const item = (id: string, extra: Partial<PumpInput["queue"][number]> = {}) => ({ id, model: "m", estimatedInputTokens: 10, ...extra });
const pump = (p: Partial<PumpInput>) =>
  planPump({ state: closed, queue: [], more: false, buckets: {}, limitsFor, breaker, now: NOW, ...p });

describe("planPump", () => {
  test("an empty queue admits nothing and needs no further pump", () => {
    const plan = pump({});
    expect(plan).toMatchObject({ gate: "open", admit: [], stop: [], gatePatch: null });
    expect(plan.nextPumpAt).toBeUndefined();
  });

  test("admits at once what fits, books the next slots within the lookahead, and pumps again when the head no longer fits", () => {
    const plan = pump({ queue: ["a", "b", "c", "d", "e"].map((id) => item(id)), lookaheadMs: 250 });
    const interval = 1000 / 9;
    // a now, b after one interval, c after two (222 ms ≤ 250); d would need 333 ms.
    expect(plan.admit.map((a) => a.id)).toEqual(["a", "b", "c"]);
    expect(plan.admit[0].startAt).toBe(NOW);
    // Slots are whole milliseconds, never early (rounding up adds under 1 ms per booking).
    expect(plan.admit[1].startAt - (NOW + interval)).toBeGreaterThanOrEqual(0);
    expect(plan.admit[1].startAt - (NOW + interval)).toBeLessThan(1);
    expect(plan.admit[2].startAt - (NOW + 2 * interval)).toBeGreaterThanOrEqual(0);
    expect(plan.admit[2].startAt - (NOW + 2 * interval)).toBeLessThan(2);
    // The next pump books d shortly before its slot (~333 ms).
    expect(plan.nextPumpAt).toBe(NOW + Math.ceil(3 * interval) + 2 - PUMP_LEAD_MS);
    // One bucket entry per model, whatever the number admitted.
    expect(Object.keys(plan.buckets)).toEqual(["m"]);
    expect(Math.abs(plan.buckets.m.rpmTat - (NOW + 3 * interval))).toBeLessThan(3);
  });

  test("without lookahead only what fits now goes", () => {
    const plan = pump({ queue: [item("a"), item("b")], lookaheadMs: 0 });
    expect(plan.admit.map((a) => a.id)).toEqual(["a"]);
    expect(plan.nextPumpAt).toBe(NOW + Math.ceil(1000 / 9) - PUMP_LEAD_MS);
  });

  test("stops cancelled and stop-requested requests instead of admitting them", () => {
    const plan = pump({ queue: [item("a", { cancelRequested: true, stopRequested: true }), item("b", { stopRequested: true }), item("c")] });
    expect(plan.stop).toEqual([
      { id: "a", cancelled: true },
      { id: "b", cancelled: false },
    ]);
    expect(plan.admit.map((a) => a.id)).toEqual(["c"]);
  });

  test("a full pump pumps again at once; a read that ended early pumps again too", () => {
    const fast = () => modelLimits({ rpm: 100_000, itpm: 10_000_000, otpm: 10_000_000 }, 1000);
    const full = pump({ limitsFor: fast, queue: ["a", "b", "c"].map((id) => item(id)), maxAdmits: 2 });
    expect(full.admit).toHaveLength(2);
    expect(full.nextPumpAt).toBe(NOW);
    const cut = pump({ limitsFor: fast, queue: [item("a", { cancelRequested: true })], more: true });
    expect(cut.nextPumpAt).toBe(NOW);
  });

  test("while paused by a 429 nothing is admitted and the pump waits for the pause", () => {
    const plan = pump({ state: { ...closed, pausedUntil: NOW + 700 }, queue: [item("a")] });
    expect(plan).toMatchObject({ gate: "paused", admit: [], nextPumpAt: NOW + 700, gatePatch: null });
    expect(pump({ state: { ...closed, pausedUntil: NOW + 700 } }).nextPumpAt).toBeUndefined();
  });

  test("an open breaker admits nothing until the cool-down ends", () => {
    const state: GateState = { breaker: "open", consecutiveFailures: 3, openedAt: NOW - 200, probeInFlight: false };
    expect(pump({ state, queue: [item("a")] })).toMatchObject({ gate: "breaker", admit: [], nextPumpAt: NOW + 800, gatePatch: null });
  });

  test("after the cool-down one probe goes, and the breaker turns half-open with a probe in flight", () => {
    const state: GateState = { breaker: "open", consecutiveFailures: 3, openedAt: NOW - 1000, probeInFlight: false };
    const plan = pump({ state, queue: [item("a"), item("b")] });
    expect(plan.admit.map((a) => a.id)).toEqual(["a"]);
    expect(plan.gatePatch).toEqual({ breaker: "half_open", probeInFlight: true });
    expect(plan.nextPumpAt).toBeUndefined();
  });

  test("half-open with a probe in flight waits for its completion", () => {
    const state: GateState = { breaker: "half_open", consecutiveFailures: 3, openedAt: NOW - 2000, probeInFlight: true };
    expect(pump({ state, queue: [item("a")] })).toMatchObject({ gate: "breaker", admit: [], nextPumpAt: undefined, gatePatch: null });
  });

  test("input tokens reported beyond estimates are charged before the next admission", () => {
    const limits = () => modelLimits({ rpm: 1000, itpm: 1000, otpm: 100_000 }, 1000);
    // 900 tokens of ceiling; 850 owed: the next 100-token request must wait.
    const owed: ModelBuckets = { rpm: {}, itpm: { inputDebtPaid: 100 }, otpm: { inputDebt: 950 } };
    const plan = pump({ limitsFor: limits, queue: [item("a", { estimatedInputTokens: 100 })], buckets: { m: owed }, lookaheadMs: 0 });
    expect(plan.admit).toHaveLength(0);
    expect(plan.nextPumpAt).toBeGreaterThan(NOW);
    const paid = pump({ limitsFor: limits, queue: [item("a", { estimatedInputTokens: 10 })], buckets: { m: owed }, lookaheadMs: 0 });
    expect(paid.buckets.m.inputDebtPaid).toBe(950);
  });

  test("priority order is strict: a later request never jumps a head that does not fit", () => {
    const busy: ModelBuckets = { ...empty, rpm: { tat: NOW + 5000 } };
    const plan = pump({ queue: [item("a"), { ...item("b"), model: "other" }], buckets: { m: busy }, lookaheadMs: 0 });
    expect(plan.admit).toEqual([]);
  });
});

describe("planPumpSchedule", () => {
  test("schedules when none is pending", () => {
    expect(planPumpSchedule(undefined, NOW + 5, NOW, "exists")).toEqual({ at: NOW + 5 });
    expect(planPumpSchedule(undefined, NOW, NOW, "by")).toEqual({ at: NOW });
  });

  test("'exists' is satisfied by any live pending pump, 'by' only by one due no later", () => {
    expect(planPumpSchedule(NOW + 500, NOW, NOW, "exists")).toBeNull();
    expect(planPumpSchedule(NOW + 500, NOW + 600, NOW, "by")).toBeNull();
    expect(planPumpSchedule(NOW + 500, NOW + 500, NOW, "by")).toBeNull();
    expect(planPumpSchedule(NOW + 500, NOW + 100, NOW, "by")).toEqual({ at: NOW + 100 });
  });

  test("a pump overdue past the loss threshold is superseded; one just overdue is not", () => {
    expect(planPumpSchedule(NOW - PUMP_LOST_AFTER_MS - 1, NOW, NOW, "exists")).toEqual({ at: NOW });
    expect(planPumpSchedule(NOW - PUMP_LOST_AFTER_MS, NOW, NOW, "exists")).toBeNull();
  });
});

const ok = (extra: Partial<Extract<AttemptOutcome, { ok: true }>> = {}): AttemptOutcome => ({
  ok: true,
  text: "hi",
  toolUses: [],
  inputTokens: 10,
  outputTokens: 5,
  stopped: false,
  latencyMs: 100,
  ...extra,
});
const fail = (errorClass: Extract<AttemptOutcome, { ok: false }>["errorClass"], extra: Partial<Extract<AttemptOutcome, { ok: false }>> = {}): AttemptOutcome => {
  const fault = ["overloaded", "server_error", "timeout", "network", "malformed_response"].includes(errorClass);
  const retryable = fault || errorClass === "rate_limited" || errorClass === "conflict";
  return { ok: false, errorClass, retryable, providerFault: fault, latencyMs: 50, ...extra };
};
const complete = (p: Partial<CompleteInput>) =>
  planComplete({
    request: { status: "running", attempts: 1, maxAttempts: 5 },
    call: { status: "running", attempt: 1 },
    outcome: ok(),
    state: closed,
    priorFaults: 0,
    costMicros: 42,
    retryDefault: { ...DEFAULT_RETRY_POLICY, baseMs: 100 },
    breaker,
    now: NOW,
    random: () => 0.5,
    ...p,
  });

describe("planComplete", () => {
  test("success: done with usage, charged, and nothing written to the state row when it was healthy", () => {
    expect(complete({})).toEqual({
      kind: "apply",
      callStatus: "succeeded",
      request: { status: "succeeded" },
      charge: true,
      retry: null,
      event: { kind: "done", text: "hi", toolUses: [], usage: { inputTokens: 10, outputTokens: 5, costMicros: 42 }, stopReason: undefined, stopped: false },
      gatePatch: null,
      breakerChange: null,
      pumpBy: null,
    });
  });

  test("a stopped stream is done with stopped set", () => {
    const plan = complete({ outcome: ok({ stopped: true }), request: { status: "running", attempts: 1, maxAttempts: 5, stopRequested: true } });
    expect(plan).toMatchObject({ callStatus: "stopped", request: { status: "stopped" }, event: { kind: "done", stopped: true } });
  });

  test("a duplicate or stale completion is ignored", () => {
    expect(complete({ call: { status: "succeeded", attempt: 1 } })).toEqual({ kind: "ignore" });
    expect(complete({ request: { status: "stopped", attempts: 1, maxAttempts: 5 } })).toEqual({ kind: "ignore" });
  });

  test("retryable failure: waiting, a retry event with its time, and the state untouched below the threshold", () => {
    const plan = complete({ outcome: fail("server_error"), priorFaults: 1 });
    // Exponential full jitter, attempt 1, base 100: 0.5 × 100.
    expect(plan).toMatchObject({
      callStatus: "failed",
      request: { status: "waiting", notBefore: NOW + 50, lastErrorClass: "server_error" },
      retry: { delayMs: 50, at: NOW + 50 },
      event: { kind: "retrying", attempt: 1, delayMs: 50, nextAttemptAt: NOW + 50, errorClass: "server_error" },
      gatePatch: null,
      charge: false,
    });
  });

  test("the provider's retry-after is a floor for the wait", () => {
    const plan = complete({ outcome: fail("overloaded", { retryAfterMs: 3000 }) });
    expect(plan).toMatchObject({ retry: { delayMs: 3000, at: NOW + 3000 } });
  });

  test("a 429 pauses the gateway until its retry-after and wakes the pump then", () => {
    const plan = complete({ outcome: fail("rate_limited", { retryAfterMs: 2000 }) });
    expect(plan).toMatchObject({ gatePatch: { pausedUntil: NOW + 2000 }, pumpBy: NOW + 2000, retry: { delayMs: 2000 } });
    // A shorter pause never shortens one already in force.
    const shorter = complete({ outcome: fail("rate_limited", { retryAfterMs: 10 }), state: { ...closed, pausedUntil: NOW + 5000 } });
    expect(shorter).toMatchObject({ gatePatch: null });
  });

  test("a 429 without retry-after pauses for a second", () => {
    expect(complete({ outcome: fail("rate_limited") })).toMatchObject({ gatePatch: { pausedUntil: NOW + 1000 } });
  });

  test("non-retryable failure is final, with a friendly message", () => {
    const plan = complete({ outcome: fail("bad_request") });
    expect(plan).toMatchObject({
      request: { status: "failed", lastErrorClass: "bad_request" },
      retry: null,
      event: { kind: "failed", errorClass: "bad_request", message: expect.stringMatching(/rephras/) },
    });
  });

  test("attempts exhausted under the request's own policy: final, though the env policy would retry", () => {
    const own = { strategy: "fixed" as const, maxAttempts: 2, baseMs: 10, capMs: 100, jitter: false };
    const plan = complete({ outcome: fail("server_error"), request: { status: "running", attempts: 2, maxAttempts: 2, retry: own } });
    expect(plan).toMatchObject({ request: { status: "failed" }, retry: null, event: { kind: "failed", errorClass: "server_error" } });
    const early = complete({ outcome: fail("server_error"), request: { status: "running", attempts: 1, maxAttempts: 2, retry: own } });
    expect(early).toMatchObject({ retry: { delayMs: 10 } });
  });

  test("a stop request turns a retryable failure final and stopped", () => {
    const plan = complete({ outcome: fail("server_error"), request: { status: "running", attempts: 1, maxAttempts: 5, stopRequested: true } });
    expect(plan).toMatchObject({ request: { status: "stopped" }, retry: null, event: { kind: "failed" } });
  });

  test("the fault that reaches the threshold opens the breaker and wakes the pump for the cool-down", () => {
    const plan = complete({ outcome: fail("server_error"), priorFaults: 2 });
    expect(plan).toMatchObject({
      gatePatch: { breaker: "open", consecutiveFailures: 3, openedAt: NOW },
      breakerChange: { from: "closed", to: "open", consecutiveFailures: 3 },
      pumpBy: NOW,
    });
  });

  test("half-open: a failed probe reopens, a successful one closes", () => {
    const half: GateState = { breaker: "half_open", consecutiveFailures: 3, openedAt: NOW - 5000, probeInFlight: true };
    expect(complete({ state: half, outcome: fail("timeout"), priorFaults: 0 })).toMatchObject({
      gatePatch: { breaker: "open", openedAt: NOW, probeInFlight: false, consecutiveFailures: 1 },
      breakerChange: { from: "half_open", to: "open" },
    });
    expect(complete({ state: half })).toMatchObject({
      gatePatch: { breaker: "closed", consecutiveFailures: 0, openedAt: undefined, probeInFlight: false },
      breakerChange: { from: "half_open", to: "closed" },
      pumpBy: NOW,
    });
  });

  test("a request error proves the provider healthy; a 429 or a cancel is neutral but frees the probe", () => {
    const half: GateState = { breaker: "half_open", consecutiveFailures: 3, openedAt: NOW - 5000, probeInFlight: true };
    expect(complete({ state: half, outcome: fail("bad_request") })).toMatchObject({ gatePatch: { breaker: "closed" } });
    expect(complete({ state: half, outcome: fail("rate_limited", { retryAfterMs: 100 }) })).toMatchObject({
      gatePatch: { probeInFlight: false, pausedUntil: NOW + 100 },
      breakerChange: null,
    });
    const cancelled = complete({
      state: half,
      outcome: fail("cancelled"),
      request: { status: "running", attempts: 1, maxAttempts: 5, cancelRequested: true, stopRequested: true },
    });
    expect(cancelled).toMatchObject({ gatePatch: { probeInFlight: false }, breakerChange: null });
  });

  test("cancelled mid-flight: reported as failed/cancelled whatever the attempt ended with, never retried", () => {
    const request = { status: "running", attempts: 1, maxAttempts: 5, cancelRequested: true, stopRequested: true };
    const cancelledEvent = { kind: "failed", errorClass: "cancelled", message: "Cancelled." };
    expect(complete({ request, outcome: ok({ stopped: true }) })).toMatchObject({
      callStatus: "stopped",
      request: { status: "stopped", lastErrorClass: "cancelled" },
      charge: true,
      retry: null,
      event: cancelledEvent,
    });
    expect(complete({ request, outcome: ok() })).toMatchObject({ callStatus: "succeeded", event: cancelledEvent });
    expect(complete({ request, outcome: fail("server_error") })).toMatchObject({ callStatus: "failed", retry: null, charge: false, event: cancelledEvent });
  });
});

describe("interrupted attempts", () => {
  test("an attempt is lost once its action has ended unreported; without a job, only once older than any action", () => {
    expect(attemptLost("pending", NOW - 60_000, NOW)).toBe(false);
    expect(attemptLost("inProgress", NOW - ATTEMPT_ORPHANED_AFTER_MS * 2, NOW)).toBe(false);
    for (const ended of ["success", "failed", "canceled"] as const) expect(attemptLost(ended, NOW, NOW)).toBe(true);
    for (const unknown of ["missing", "unknown"] as const) {
      expect(attemptLost(unknown, NOW - ATTEMPT_ORPHANED_AFTER_MS, NOW)).toBe(false);
      expect(attemptLost(unknown, NOW - ATTEMPT_ORPHANED_AFTER_MS - 1, NOW)).toBe(true);
    }
  });

  test("re-run at once with the attempt given back, even on the last one; the breaker hears nothing", () => {
    const plan = complete({
      outcome: interruptedOutcome(NOW - 700, NOW),
      request: { status: "running", attempts: 3, maxAttempts: 3 },
      call: { status: "running", attempt: 3 },
      priorFaults: 10,
    });
    expect(plan).toEqual({
      kind: "apply",
      callStatus: "failed",
      request: { status: "waiting", notBefore: NOW, lastErrorClass: "interrupted", attempts: 2 },
      charge: false,
      retry: { delayMs: 0, at: NOW },
      event: { kind: "retrying", attempt: 2, delayMs: 0, nextAttemptAt: NOW, errorClass: "interrupted" },
      gatePatch: null,
      breakerChange: null,
      pumpBy: null,
    });
  });

  test("a lost probe frees the half-open breaker for another probe", () => {
    const halfOpen: GateState = { breaker: "half_open", consecutiveFailures: 3, openedAt: NOW - 5000, probeInFlight: true };
    const plan = complete({ outcome: interruptedOutcome(NOW - 10, NOW), state: halfOpen });
    expect(plan).toMatchObject({ gatePatch: { probeInFlight: false }, breakerChange: null, pumpBy: NOW });
  });

  test("a stop or cancel asked for meanwhile wins over the re-run", () => {
    const stopping = complete({ outcome: interruptedOutcome(NOW, NOW), request: { status: "running", attempts: 1, maxAttempts: 5, stopRequested: true } });
    expect(stopping).toMatchObject({ request: { status: "stopped", lastErrorClass: "interrupted" }, retry: null, event: { kind: "failed" } });
    const cancelled = complete({
      outcome: interruptedOutcome(NOW, NOW),
      request: { status: "running", attempts: 1, maxAttempts: 5, stopRequested: true, cancelRequested: true },
    });
    expect(cancelled).toMatchObject({ request: { status: "stopped", lastErrorClass: "cancelled" }, event: { kind: "failed", errorClass: "cancelled" } });
  });
});

describe("faultStreak", () => {
  test("counts provider faults back to the last sign of health; 429s, cancels and running calls are skipped", () => {
    expect(faultStreak([])).toBe(0);
    expect(
      faultStreak([
        { status: "failed", errorClass: "server_error" },
        { status: "failed", errorClass: "rate_limited" },
        { status: "running" },
        { status: "failed", errorClass: "timeout" },
        { status: "failed", errorClass: "cancelled" },
        { status: "succeeded" },
        { status: "failed", errorClass: "overloaded" },
      ]),
    ).toBe(2);
    expect(faultStreak([{ status: "failed", errorClass: "bad_request" }, { status: "failed", errorClass: "network" }])).toBe(0);
    expect(faultStreak([{ status: "stopped" }])).toBe(0);
    expect(faultStreak([{ status: "failed", errorClass: "interrupted" }, { status: "failed", errorClass: "overloaded" }])).toBe(1);
  });
});

describe("diffGate", () => {
  test("returns only changed fields, or null", () => {
    expect(diffGate(closed, { ...closed })).toBeNull();
    expect(diffGate({ ...closed, pausedUntil: 5 }, { ...closed, pausedUntil: undefined })).toEqual({ pausedUntil: undefined });
  });
});
