import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import {
  events,
  fakeFaults,
  fakeStats,
  finalEvent,
  gatewayTest,
  probe,
  simpleParams,
  waitFor,
} from "../test.llm";
import { signIn } from "../test.users";

const calls = (t: Awaited<ReturnType<typeof gatewayTest>>["t"], requestId: Id<"llmRequests">) =>
  t.run(async (ctx) =>
    (await ctx.db.query("llmCalls").collect())
      .filter((c) => c.llmRequestId === requestId)
      .sort((a, b) => a.attempt - b.attempt),
  );


describe("gateway against the fake Anthropic server", () => {
  test("a streamed call delivers text in batches, then the result with usage and cost", async () => {
    const { t } = await gatewayTest();
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: true });
    const done = await finalEvent(t, requestId);
    expect(done.event.kind).toBe("done");
    if (done.event.kind !== "done") throw new Error();
    expect(done.event.text.length).toBeGreaterThan(20);
    expect(done.event.usage.outputTokens).toBeGreaterThan(0);
    const deltas = (await events(t, requestId)).filter((e) => e.event.kind === "delta");
    expect(deltas.length).toBeGreaterThan(0);
    // Each delta carries the text so far, so the last equals the final text.
    const last = deltas[deltas.length - 1].event;
    expect(last.kind === "delta" && done.event.text.startsWith(last.text)).toBe(true);
    const [call] = await calls(t, requestId);
    expect(call).toMatchObject({
      status: "succeeded",
      attempt: 1,
      purpose: "coaching",
      model: "claude-sonnet-5-5",
      inputTokens: done.event.usage.inputTokens,
      outputTokens: done.event.usage.outputTokens,
      costMicros: done.event.usage.costMicros,
    });
    expect(call.costMicros).toBe(call.inputTokens * 3 + call.outputTokens * 15);
    expect(call.latencyMs).toBeGreaterThan(0);
    expect(call.ttftMs).toBeGreaterThan(0);
    expect(call.requestId).toMatch(/.+/);
  });

  test("a tool call returns structured input", async () => {
    const { t } = await gatewayTest();
    const requestId = await t.mutation(probe.enqueue, {
      purpose: "classification",
      priority: "interactive",
      stream: false,
      params: {
        ...simpleParams("My team keeps missing deadlines and I need a plan."),
        tools: [
          {
            name: "recommend",
            input_schema: {
              type: "object",
              properties: { framework: { type: "string", enum: ["GROW", "CLEAR"] }, confidence: { type: "number", minimum: 0, maximum: 1 } },
              required: ["framework", "confidence"],
            },
          },
        ],
        toolChoice: { type: "tool", name: "recommend" },
      },
    });
    const done = await finalEvent(t, requestId);
    if (done.event.kind !== "done") throw new Error(JSON.stringify(done.event));
    expect(done.event.toolUses).toHaveLength(1);
    expect(done.event.toolUses[0].name).toBe("recommend");
    expect(["GROW", "CLEAR"]).toContain(done.event.toolUses[0].input.framework);
    const [call] = await calls(t, requestId);
    expect(call.model).toBe("claude-haiku-5-5");
  });

  test.each([
    ["500", "server_error"],
    ["529", "overloaded"],
    ["reset", "network"],
    ["malformed", "malformed_response"],
  ])("a %s fault is recorded as %s and retried to success", async (kind, errorClass) => {
    const { t, url } = await gatewayTest();
    await fakeFaults(url, [{ kind }]);
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: true });
    const done = await finalEvent(t, requestId);
    expect(done.event.kind).toBe("done");
    const attempts = await calls(t, requestId);
    expect(attempts.map((c) => [c.attempt, c.status, c.errorClass])).toEqual([
      [1, "failed", errorClass],
      [2, "succeeded", undefined],
    ]);
    const kinds = (await events(t, requestId)).map((e) => e.event.kind);
    expect(kinds).toContain("retrying");
  });

  test("a hung request times out and is retried", async () => {
    const { t, url } = await gatewayTest({ LLM_TIMEOUT_MS: "300" });
    await fakeFaults(url, [{ kind: "hang" }]);
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false });
    const done = await finalEvent(t, requestId);
    expect(done.event.kind).toBe("done");
    expect((await calls(t, requestId)).map((c) => c.errorClass)).toEqual(["timeout", undefined]);
  });

  test("a hung streamed request is cut at the time to headers, not the attempt timeout, and retried", async () => {
    const { t, url } = await gatewayTest({ LLM_TIMEOUT_MS: "30000", LLM_HEADERS_TIMEOUT_MS: "300" });
    await fakeFaults(url, [{ kind: "hang" }]);
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: true });
    const done = await finalEvent(t, requestId);
    expect(done.event.kind).toBe("done");
    const [hung, retried] = await calls(t, requestId);
    expect([hung.errorClass, retried.status]).toEqual(["timeout", "succeeded"]);
    // Aborted at 300 ms, far from the 30 s attempt timeout.
    expect(hung.finishedAt! - hung.startedAt).toBeGreaterThanOrEqual(250);
    expect(hung.finishedAt! - hung.startedAt).toBeLessThan(10_000);
  });

  test("headers in time: a reply slower than the time to headers still completes", async () => {
    // The fake sends headers at once and streams the tokens after; only a hang trips the headers clock.
    const { t } = await gatewayTest({ LLM_HEADERS_TIMEOUT_MS: "150" });
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: true });
    const done = await finalEvent(t, requestId);
    expect(done.event.kind).toBe("done");
    const [call] = await calls(t, requestId);
    expect(call.status).toBe("succeeded");
    expect(call.attempt).toBe(1);
  });

  test("a 429 honours retry-after and pauses the whole gateway", async () => {
    const { t, url } = await gatewayTest();
    await fakeFaults(url, [{ kind: "429", retryAfterS: 1 }]);
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false });
    const retrying = await waitFor(async () => (await events(t, requestId)).find((e) => e.event.kind === "retrying"));
    if (retrying.event.kind !== "retrying") throw new Error();
    expect(retrying.event.errorClass).toBe("rate_limited");
    expect(retrying.event.delayMs).toBeGreaterThanOrEqual(1000);
    const state = await t.run((ctx) => ctx.db.query("gatewayState").first());
    expect(state?.pausedUntil).toBeGreaterThan(Date.now() + 500);
    // Another caller queued during the pause waits for it to end.
    const other = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false });
    await finalEvent(t, requestId);
    await finalEvent(t, other);
    const [first, second] = await calls(t, requestId);
    const [otherCall] = await calls(t, other);
    expect(second.startedAt - first.finishedAt!).toBeGreaterThanOrEqual(990);
    expect(otherCall.startedAt).toBeGreaterThanOrEqual(state!.pausedUntil! - 5);
  });

  test.each([
    ["400", "bad_request", /rephrasing/],
    ["401", "authentication", /misconfigured/],
    ["413", "too_large", /too long/],
  ])("a %s fails at once with a friendly message", async (kind, errorClass, message) => {
    const { t, url } = await gatewayTest();
    await fakeFaults(url, [{ kind }]);
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: true });
    const final = await finalEvent(t, requestId);
    expect(final.event).toMatchObject({ kind: "failed", errorClass, message: expect.stringMatching(message) });
    expect(await calls(t, requestId)).toHaveLength(1);
    const request = await t.run((ctx) => ctx.db.get("llmRequests", requestId));
    expect(request?.status).toBe("failed");
  });

  test("retries stop after the configured attempts and the failure is final", async () => {
    const { t, url } = await gatewayTest({ LLM_MAX_ATTEMPTS: "3", LLM_BREAKER_THRESHOLD: "10" });
    await fakeFaults(url, [{ kind: "500" }, { kind: "500" }, { kind: "500" }]);
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false });
    const final = await finalEvent(t, requestId);
    expect(final.event).toMatchObject({ kind: "failed", errorClass: "server_error" });
    expect((await calls(t, requestId)).map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  test("the circuit breaker opens after consecutive failures, probes, then closes", async () => {
    const { t, url } = await gatewayTest({ LLM_BREAKER_THRESHOLD: "2", LLM_MAX_ATTEMPTS: "5", LLM_BREAKER_COOLDOWN_MS: "400" });
    await fakeFaults(url, [{ kind: "500" }, { kind: "500" }]);
    const { as } = await signIn(t, "admin@example.com");
    const requestId = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false });
    const open = await waitFor(async () => {
      const state = await t.run((ctx) => ctx.db.query("gatewayState").first());
      return state?.breaker === "open" ? state : undefined;
    });
    expect(open.consecutiveFailures).toBe(2);
    const status = await as.query(api.llm.status.queueStatus, {});
    expect(status).toMatchObject({ breaker: "open", state: "throttled" });
    const done = await finalEvent(t, requestId);
    expect(done.event.kind).toBe("done");
    const attempts = await calls(t, requestId);
    // The probe waited out the cool-down after the second failure.
    expect(attempts[2].startedAt - attempts[1].finishedAt!).toBeGreaterThanOrEqual(390);
    const closed = await t.run((ctx) => ctx.db.query("gatewayState").first());
    expect(closed).toMatchObject({ breaker: "closed", consecutiveFailures: 0, probeInFlight: false });
  });

  test("a stop request ends the stream between batches and keeps the partial text", async () => {
    // The slow fake keeps the reply streaming until the stop lands, however loaded the machine.
    const { t } = await gatewayTest({}, "slow");
    const requestId = await t.mutation(probe.enqueue, {
      purpose: "coaching",
      priority: "interactive",
      params: simpleParams("Tell me everything about delegation, in detail.", 1000),
      stream: true,
    });
    await waitFor(async () => (await events(t, requestId)).find((e) => e.event.kind === "delta"));
    await t.mutation(probe.stop, { requestId });
    const final = await finalEvent(t, requestId);
    if (final.event.kind !== "done") throw new Error(JSON.stringify(final.event));
    expect(final.event.stopped).toBe(true);
    const [call] = await calls(t, requestId);
    expect(call.status).toBe("stopped");
    const request = await t.run((ctx) => ctx.db.get("llmRequests", requestId));
    expect(request?.status).toBe("stopped");
  });

  test("interactive requests overtake queued batch requests", async () => {
    const { t } = await gatewayTest({ LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":3}}', LLM_RATE_WINDOW_MS: "1500" });
    const batch: Id<"llmRequests">[] = [];
    for (let i = 0; i < 4; i++) {
      batch.push(await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false }));
    }
    const interactive = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false });
    await finalEvent(t, interactive);
    await Promise.all(batch.map((id) => finalEvent(t, id)));
    const started = await t.run(async (ctx) => (await ctx.db.query("llmCalls").collect()).map((c) => [c.llmRequestId, c.startedAt] as const));
    const startOf = (id: Id<"llmRequests">) => started.find(([r]) => r === id)![1];
    // Capacity is one request per window/ceiling; the interactive call goes before the batch calls still waiting.
    const waitingBatch = batch.filter((id) => startOf(id) > startOf(batch[0]));
    expect(waitingBatch.length).toBeGreaterThan(0);
    for (const id of waitingBatch) expect(startOf(interactive)).toBeLessThanOrEqual(startOf(id));
  });

  test("50 concurrent callers are never over-admitted and the provider never says 429", async () => {
    const { t, url } = await gatewayTest(
      { LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":40}}', LLM_RATE_WINDOW_MS: "4500" },
      "limited",
    );
    const ids = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false }),
      ),
    );
    await Promise.all(ids.map((id) => finalEvent(t, id, 25_000)));
    const all = await t.run((ctx) => ctx.db.query("llmCalls").collect());
    expect(all.filter((c) => c.status === "succeeded")).toHaveLength(50);
    const starts = all.map((c) => c.startedAt).sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[i] - starts[j] >= 4500) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(36); // 90 % of 40
    const stats = (await fakeStats(url)) as { rateLimited?: number; rate_limited?: number };
    expect(stats.rateLimited ?? stats.rate_limited).toBe(0);
  }, 40_000);

  test("one chain of pumps drives the queue, however many events ask for a pump", async () => {
    const { t } = await gatewayTest({ LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":10}}', LLM_RATE_WINDOW_MS: "1000" });
    const ids = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false }),
      ),
    );
    // A pending pump is live while its row exists; a superseded one exits on arrival.
    const live = async () =>
      await t.run(async (ctx) => {
        const jobs = await ctx.db.system.query("_scheduled_functions").collect();
        const pending = jobs.filter((j) => j.name.includes("pump") && j.state.kind === "pending");
        const rows = await ctx.db.query("gatewayPumps").collect();
        expect(rows.length).toBeLessThanOrEqual(1);
        const ids = new Set(rows.map((r) => r._id as string));
        return pending.filter((j) => ids.has((j.args[0] as { pumpId?: string }).pumpId ?? "")).length;
      });
    await waitFor(async () => (await calls(t, ids[3])).length > 0);
    expect(await live()).toBeLessThanOrEqual(1);
    await Promise.all(ids.map((id) => finalEvent(t, id)));
    const pumps = await t.run(async (ctx) =>
      (await ctx.db.system.query("_scheduled_functions").collect()).filter((j) => j.name.includes("pump")),
    );
    // Roughly one pump per admission plus one per completion; a runaway chain would be far more.
    expect(pumps.length).toBeLessThanOrEqual(12 * 3);
  });
});
