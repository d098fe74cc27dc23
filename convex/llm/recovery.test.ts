/**
 * Attempts whose action died unreported. Under fake timers no scheduled work
 * runs unless the test runs it, so the "restart" is exact: the attempt's job
 * is ended without its action reporting, as a backend restart leaves it.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { events, gatewayTest, probe, simpleParams } from "../test.llm";
import type { TestConvex } from "../test.setup";
import type { AttemptOutcome } from "./events";
import { ATTEMPT_ORPHANED_AFTER_MS } from "./plan";

const okOutcome: AttemptOutcome = {
  ok: true,
  text: "A question back to you.",
  toolUses: [],
  inputTokens: 20,
  outputTokens: 10,
  stopped: false,
  latencyMs: 50,
};

async function world() {
  // Rate limits out of the way: a re-run is admitted by the pump that follows its requeue.
  const { t } = await gatewayTest({ LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":6000}}', LLM_RATE_WINDOW_MS: "1000" });
  vi.useFakeTimers();
  const enqueue = () => t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false });
  return { t, enqueue };
}

const callsOf = (t: TestConvex, requestId: Id<"llmRequests">) =>
  t.run(async (ctx) => (await ctx.db.query("llmCalls").collect()).filter((c) => c.llmRequestId === requestId).sort((a, b) => a._creationTime - b._creationTime));
const requestOf = (t: TestConvex, requestId: Id<"llmRequests">) => t.run(async (ctx) => (await ctx.db.get("llmRequests", requestId))!);
/** Ends an attempt's job without its action reporting, as a backend restart does. */
const killAttempt = (t: TestConvex, jobId: Id<"_scheduled_functions">) => t.run((ctx) => ctx.scheduler.cancel(jobId));
const recover = (t: TestConvex) => t.mutation(internal.llm.recovery.recoverLostAttempts, {});

afterEach(() => {
  vi.useRealTimers();
});

describe("recovering attempts that died unreported", () => {
  test("a live attempt is left alone; a killed one is run again at once and its attempt is given back", async () => {
    const { t, enqueue } = await world();
    const requestId = await enqueue();
    const [first] = await callsOf(t, requestId);
    expect(first).toMatchObject({ status: "running", attempt: 1 });
    expect(first.attemptJobId).toBeDefined();

    // Pending (not yet started) or running: nothing to recover.
    expect(await recover(t)).toEqual({ examined: 1, recovered: 0 });
    expect((await requestOf(t, requestId)).status).toBe("running");

    await killAttempt(t, first.attemptJobId!);
    expect(await recover(t)).toEqual({ examined: 1, recovered: 1 });
    const waiting = await requestOf(t, requestId);
    expect(waiting).toMatchObject({ status: "waiting", attempts: 0, lastErrorClass: "interrupted" });
    expect((await callsOf(t, requestId))[0]).toMatchObject({ status: "failed", errorClass: "interrupted" });
    const heard = (await events(t, requestId)).map((e) => e.event);
    expect(heard).toEqual([{ kind: "retrying", attempt: 0, delayMs: 0, nextAttemptAt: expect.any(Number), errorClass: "interrupted" }]);
    // Recovery is idempotent: the closed call is not found again.
    expect(await recover(t)).toEqual({ examined: 0, recovered: 0 });

    // The requeue is due now and asks for a pump; the re-run is attempt 1 again, and its result is the request's.
    await t.mutation(internal.llm.queue.requeue, { requestId });
    const [pending] = await t.run((ctx) => ctx.db.query("gatewayPumps").collect());
    expect(pending).toBeDefined();
    await t.mutation(internal.llm.queue.pump, { pumpId: pending._id });
    const rerun = (await callsOf(t, requestId))[1];
    expect(rerun).toMatchObject({ status: "running", attempt: 1 });
    expect(await requestOf(t, requestId)).toMatchObject({ status: "running", attempts: 1 });
    // A late report from the lost attempt changes nothing.
    await t.mutation(internal.llm.queue.complete, { requestId, callId: first._id, outcome: okOutcome });
    expect((await requestOf(t, requestId)).status).toBe("running");
    await t.mutation(internal.llm.queue.complete, { requestId, callId: rerun._id, outcome: okOutcome });
    expect(await requestOf(t, requestId)).toMatchObject({ status: "succeeded", attempts: 1 });
    const kinds = (await events(t, requestId)).map((e) => e.event.kind);
    expect(kinds).toEqual(["retrying", "done"]);
  });

  test("an interrupted attempt neither counts towards the breaker nor uses up the last attempt", async () => {
    const { t, enqueue } = await world();
    const requestId = await enqueue();
    // On its last allowed attempt: a counted failure would end it.
    await t.run((ctx) => ctx.db.patch("llmRequests", requestId, { maxAttempts: 1 }));
    const [call] = await callsOf(t, requestId);
    await killAttempt(t, call.attemptJobId!);
    await recover(t);
    expect(await requestOf(t, requestId)).toMatchObject({ status: "waiting", attempts: 0 });
    const gate = await t.run((ctx) => ctx.db.query("gatewayState").first());
    expect(gate === null || gate.breaker === "closed").toBe(true);
  });

  test("a cancelled request whose attempt was lost ends cancelled, not re-run", async () => {
    const { t, enqueue } = await world();
    const requestId = await enqueue();
    await t.run(async (ctx) => {
      const { cancelLlmCall } = await import("./queue");
      await cancelLlmCall(ctx, requestId);
    });
    const [call] = await callsOf(t, requestId);
    await killAttempt(t, call.attemptJobId!);
    await recover(t);
    expect(await requestOf(t, requestId)).toMatchObject({ status: "stopped", lastErrorClass: "cancelled" });
    expect((await events(t, requestId)).map((e) => e.event)).toEqual([expect.objectContaining({ kind: "failed", errorClass: "cancelled" })]);
  });

  test("a call with no job id is recovered only once it is older than any action can run", async () => {
    const { t, enqueue } = await world();
    const requestId = await enqueue();
    const [call] = await callsOf(t, requestId);
    await t.run((ctx) => ctx.db.patch("llmCalls", call._id, { attemptJobId: undefined }));
    await killAttempt(t, call.attemptJobId!);
    expect((await recover(t)).recovered).toBe(0);
    vi.setSystemTime(Date.now() + ATTEMPT_ORPHANED_AFTER_MS + 1000);
    expect((await recover(t)).recovered).toBe(1);
    expect((await requestOf(t, requestId)).status).toBe("waiting");
  });

  test("a call whose request already settled is closed, so later runs skip it", async () => {
    const { t, enqueue } = await world();
    const requestId = await enqueue();
    const [call] = await callsOf(t, requestId);
    await t.run((ctx) => ctx.db.patch("llmRequests", requestId, { status: "failed", finishedAt: Date.now() }));
    await killAttempt(t, call.attemptJobId!);
    expect((await recover(t)).recovered).toBe(1);
    expect((await callsOf(t, requestId))[0]).toMatchObject({ status: "failed", errorClass: "interrupted" });
    expect(await recover(t)).toEqual({ examined: 0, recovered: 0 });
    expect(await events(t, requestId)).toEqual([]);
  });
});
