/**
 * The gateway's batch-facing contract against the fake Anthropic server:
 * per-request retry policy, batch sub-priorities, cancel, streamed tool input,
 * and how often any one document is written per call.
 */
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { afterEach, describe, expect, test } from "vitest";
import type { Id } from "../_generated/dataModel";
import { internalMutation } from "../_generated/server";
import { events, fakeFaults, finalEvent, gatewayTest, simpleParams, waitFor } from "../test.llm";
import { newTest } from "../test.setup";
import { llmHandlerArgsFor } from "./events";
import { cancelLlmCall, enqueueLlmCall, type LlmHandler } from "./queue";
import { llmBatchPriorityValidator, llmParamsValidator, llmPriorityValidator, llmPurposeValidator, retryPolicyValidator } from "./tables";

const batchProbe = {
  // A typed context: Convex checks it on arrival.
  record: internalMutation({
    args: llmHandlerArgsFor(v.object({ label: v.string() })),
    handler: async (ctx, { requestId, context, event }) => {
      await ctx.db.insert("logs", {
        level: "info",
        area: "probe",
        event: event.kind,
        traceId: String(requestId),
        fields: { event, context, receivedAt: Date.now() },
        at: Date.now(),
      });
    },
  }),
  enqueue: internalMutation({
    args: {
      purpose: llmPurposeValidator,
      priority: llmPriorityValidator,
      batchPriority: v.optional(llmBatchPriorityValidator),
      params: llmParamsValidator,
      stream: v.boolean(),
      retry: v.optional(retryPolicyValidator),
      timeoutMs: v.optional(v.number()),
      label: v.optional(v.string()),
    },
    handler: async (ctx, { label, ...args }) =>
      enqueueLlmCall(ctx, {
        ...args,
        traceId: `trace-${Math.random().toString(36).slice(2)}`,
        handler: makeFunctionReference<"mutation">("llmBatchProbe:record") as unknown as LlmHandler,
        context: { label: label ?? "x" },
      }),
  }),
  cancel: internalMutation({
    args: { requestId: v.id("llmRequests") },
    handler: (ctx, { requestId }) => cancelLlmCall(ctx, requestId),
  }),
};
const probe = {
  enqueue: makeFunctionReference<"mutation">("llmBatchProbe:enqueue"),
  cancel: makeFunctionReference<"mutation", { requestId: Id<"llmRequests"> }, boolean>("llmBatchProbe:cancel"),
};

async function setup(env: Record<string, string> = {}, fake: "open" | "slow" = "open") {
  const { url } = await gatewayTest(env, fake);
  const t = await newTest({ "./llmBatchProbe.ts": async () => batchProbe });
  return { t, url };
}

type T = Awaited<ReturnType<typeof setup>>["t"];
const callsOf = (t: T, requestId: Id<"llmRequests">) =>
  t.run(async (ctx) =>
    (await ctx.db.query("llmCalls").withIndex("by_startedAt").collect()).filter((c) => c.llmRequestId === requestId).sort((a, b) => a.attempt - b.attempt),
  );

/**
 * Counts writes per document by wrapping the syscalls convex-test routes
 * every db.patch/replace/delete through (inserts create documents, so they
 * are counted per table instead).
 */
function countWrites() {
  const convex = (globalThis as unknown as { Convex: object }).Convex;
  const descriptor = Object.getOwnPropertyDescriptor(convex, "asyncSyscall")!;
  const perDoc = new Map<string, { table: string; writes: number }>();
  Object.defineProperty(convex, "asyncSyscall", {
    configurable: true,
    get() {
      const inner = descriptor.get!.call(this) as (op: string, json: string) => Promise<string>;
      return async (op: string, json: string) => {
        if (op === "1.0/shallowMerge" || op === "1.0/replace" || op === "1.0/remove") {
          const { table, id } = JSON.parse(json) as { table: string; id: string };
          const entry = perDoc.get(id) ?? { table, writes: 0 };
          entry.writes += 1;
          perDoc.set(id, entry);
        }
        const result = await inner(op, json);
        if (op === "1.0/insert") {
          const { table } = JSON.parse(json) as { table: string };
          const { _id } = JSON.parse(result) as { _id: string };
          // The insert is the document's first write.
          perDoc.set(_id, { table, writes: 1 });
        }
        return result;
      };
    },
  });
  return { perDoc, restore: () => Object.defineProperty(convex, "asyncSyscall", descriptor) };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe("gateway batch contract", () => {
  test("no document but the rate buckets is written by every call; each bucket at most once per call", async () => {
    // 54 admissions a second: a 250 ms lookahead books ~13 per pump, so the pump chain runs.
    const { t } = await setup({ LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":60}}', LLM_RATE_WINDOW_MS: "1000" });
    await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false }).then((id) => finalEvent(t, id));
    const counter = countWrites();
    restore = counter.restore;
    // A batch arrives at once, as a generation run enqueues it: the queue builds and the pump chain drains it.
    const N = 64;
    const ids = await Promise.all(
      Array.from({ length: N }, () => t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false })),
    );
    const finals = await Promise.all(ids.map((id) => finalEvent(t, id, 25_000)));
    expect(finals.every((f) => f.event.kind === "done")).toBe(true);
    const rows = [...counter.perDoc.values()];
    const buckets = rows.filter((r) => r.table === "providerBuckets");
    const others = rows.filter((r) => r.table !== "providerBuckets");
    const hottestOther = Math.max(...others.map((r) => r.writes));
    const hottestBucket = Math.max(...buckets.map((r) => r.writes));
    const gateWrites = rows.filter((r) => r.table === "gatewayState").reduce((n, r) => n + r.writes, 0);
    console.info(`writes over ${N} calls: hottest bucket ${hottestBucket}, hottest other ${hottestOther}, gatewayState ${gateWrites}`);
    const hottest = others.find((r) => r.writes === hottestOther);
    expect(hottestOther, `hottest non-bucket document: ${hottest?.table}`).toBeLessThanOrEqual(N / 8);
    expect(hottestBucket).toBeLessThanOrEqual(N);
    // The pump chain lives in rows of its own: each pump's row is inserted and deleted, and no
    // faults means the breaker and pause never change, so the state row is not written at all.
    expect(gateWrites).toBe(0);
    expect(Math.max(...rows.filter((r) => r.table === "gatewayPumps").map((r) => r.writes))).toBeLessThanOrEqual(2);
    // Exactly one attempt per call: nothing lost, nothing duplicated.
    const calls = await t.run((ctx) => ctx.db.query("llmCalls").withIndex("by_startedAt").collect());
    expect(calls).toHaveLength(N + 1);
  }, 40_000);

  test("under 20 % provider faults every request ends exactly once, with one success each", async () => {
    const { t, url } = await setup({ LLM_BREAKER_THRESHOLD: "10", LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":600}}', LLM_RATE_WINDOW_MS: "1000" });
    const N = 20;
    await fakeFaults(url, [{ kind: "500" }, { kind: "529" }, { kind: "reset" }, { kind: "500" }]);
    // Five attempts: the fake hands faults out in arrival order, so one request may take all four.
    const retry = { strategy: "fixed" as const, maxAttempts: 5, baseMs: 20, capMs: 100, jitter: true };
    const ids = await Promise.all(
      Array.from({ length: N }, () => t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false, retry })),
    );
    const finals = await Promise.all(ids.map((id) => finalEvent(t, id, 20_000)));
    expect(finals.map((f) => f.event.kind)).toEqual(ids.map(() => "done"));
    const calls = await t.run((ctx) => ctx.db.query("llmCalls").withIndex("by_startedAt").collect());
    expect(calls.filter((c) => c.status === "succeeded")).toHaveLength(N);
    expect(calls.filter((c) => c.status === "failed")).toHaveLength(4);
    for (const id of ids) {
      const recorded = await events(t, id);
      expect(recorded.filter((e) => e.event.kind === "done" || e.event.kind === "failed")).toHaveLength(1);
    }
  }, 30_000);

  test("the request's own retry policy decides the waits and the attempts; retrying says when", async () => {
    const { t, url } = await setup({ LLM_MAX_ATTEMPTS: "5", LLM_BREAKER_THRESHOLD: "10" });
    await fakeFaults(url, [{ kind: "500" }, { kind: "500" }, { kind: "500" }]);
    const retry = { strategy: "fixed" as const, maxAttempts: 2, baseMs: 150, capMs: 1000, jitter: false };
    const requestId = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false, retry });
    const final = await finalEvent(t, requestId);
    expect(final.event).toMatchObject({ kind: "failed", errorClass: "server_error" });
    const recorded = await events(t, requestId);
    const retrying = recorded.filter((e) => e.event.kind === "retrying");
    expect(retrying).toHaveLength(1);
    const event = retrying[0].event;
    if (event.kind !== "retrying") throw new Error();
    expect(event.delayMs).toBe(150);
    const calls = await callsOf(t, requestId);
    expect(event.nextAttemptAt).toBe(calls[0].finishedAt! + 150);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    // The test scheduler's timers may fire a millisecond early.
    expect(calls[1].startedAt).toBeGreaterThanOrEqual(event.nextAttemptAt - 2);
  });

  test("a retry policy outside 1–10 attempts is refused at enqueue", async () => {
    const { t } = await setup();
    const retry = { strategy: "fixed" as const, maxAttempts: 11, baseMs: 10, capMs: 100, jitter: false };
    await expect(t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false, retry })).rejects.toThrow(/maxAttempts/);
  });

  test("batch sub-priorities order the queue behind interactive requests", async () => {
    const { t } = await setup({ LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":3}}', LLM_RATE_WINDOW_MS: "1500" });
    const first = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false });
    const low = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", batchPriority: "low", params: simpleParams(), stream: false });
    const normal = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false });
    const high = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", batchPriority: "high", params: simpleParams(), stream: false });
    const interactive = await t.mutation(probe.enqueue, { purpose: "coaching", priority: "interactive", params: simpleParams(), stream: false });
    await Promise.all([first, low, normal, high, interactive].map((id) => finalEvent(t, id, 20_000)));
    const startOf = async (id: Id<"llmRequests">) => (await callsOf(t, id))[0].startedAt;
    const order = [interactive, high, normal, low];
    const starts = await Promise.all(order.map(startOf));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(await startOf(first)).toBeLessThanOrEqual(starts[0]);
  }, 30_000);

  test("cancel: a queued request ends at once as failed/cancelled, and a repeat is harmless", async () => {
    const { t } = await setup({ LLM_RATE_LIMITS: '{"claude-sonnet-5-5":{"rpm":2}}', LLM_RATE_WINDOW_MS: "60000" });
    const running = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false });
    const queued = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false });
    expect((await t.run((ctx) => ctx.db.get("llmRequests", queued)))?.status).toBe("queued");
    expect(await t.mutation(probe.cancel, { requestId: queued })).toBe(true);
    expect(await t.mutation(probe.cancel, { requestId: queued })).toBe(true);
    const recorded = await events(t, queued);
    expect(recorded.map((e) => e.event)).toEqual([{ kind: "failed", errorClass: "cancelled", message: "Cancelled." }]);
    expect(await t.run((ctx) => ctx.db.get("llmRequests", queued))).toMatchObject({ status: "stopped", lastErrorClass: "cancelled" });
    expect(await callsOf(t, queued)).toHaveLength(0);
    // A request that already finished is not cancelled.
    await finalEvent(t, running);
    expect(await t.mutation(probe.cancel, { requestId: running })).toBe(false);
  });

  test("cancel: a request waiting to retry is ended and never tried again", async () => {
    const { t, url } = await setup();
    await fakeFaults(url, [{ kind: "500" }]);
    const retry = { strategy: "fixed" as const, maxAttempts: 3, baseMs: 2000, capMs: 5000, jitter: false };
    const requestId = await t.mutation(probe.enqueue, { purpose: "generation", priority: "batch", params: simpleParams(), stream: false, retry });
    await waitFor(async () => (await events(t, requestId)).find((e) => e.event.kind === "retrying"));
    expect(await t.mutation(probe.cancel, { requestId })).toBe(true);
    const final = await finalEvent(t, requestId);
    expect(final.event).toMatchObject({ kind: "failed", errorClass: "cancelled" });
    await new Promise((resolve) => setTimeout(resolve, 2300));
    expect(await callsOf(t, requestId)).toHaveLength(1);
    expect((await t.run((ctx) => ctx.db.get("llmRequests", requestId)))?.status).toBe("stopped");
  });

  test("cancel: a running stream stops at its next flush and is reported as cancelled", async () => {
    // The slow fake keeps the reply streaming until the cancel lands, however loaded the machine.
    const { t } = await setup({}, "slow");
    const requestId = await t.mutation(probe.enqueue, {
      purpose: "coaching",
      priority: "interactive",
      params: simpleParams("Tell me everything about delegation, in detail.", 1000),
      stream: true,
    });
    await waitFor(async () => (await events(t, requestId)).find((e) => e.event.kind === "delta"));
    expect(await t.mutation(probe.cancel, { requestId })).toBe(true);
    const final = await finalEvent(t, requestId);
    expect(final.event).toMatchObject({ kind: "failed", errorClass: "cancelled" });
    const recorded = await events(t, requestId);
    expect(recorded.filter((e) => e.event.kind === "done" || e.event.kind === "failed")).toHaveLength(1);
    const [call] = await callsOf(t, requestId);
    expect(call.status).toBe("stopped");
    expect((await t.run((ctx) => ctx.db.get("llmRequests", requestId)))).toMatchObject({ status: "stopped", lastErrorClass: "cancelled" });
  });

  test("a streamed forced-tool reply delivers its tool input as JSON so far", async () => {
    const { t } = await setup({ LLM_STREAM_MIN_FLUSH_MS: "0", LLM_STREAM_MAX_FLUSH_MS: "0" });
    const requestId = await t.mutation(probe.enqueue, {
      purpose: "generation",
      priority: "batch",
      stream: true,
      params: {
        ...simpleParams("Write a short coaching conversation about delegation."),
        maxTokens: 1000,
        tools: [
          {
            name: "write_conversation",
            description: "Write the conversation turns.",
            input_schema: {
              type: "object",
              properties: {
                turns: {
                  type: "array",
                  items: { type: "object", properties: { role: { type: "string", enum: ["coach", "client"] }, text: { type: "string" } }, required: ["role", "text"] },
                },
              },
              required: ["turns"],
            },
          },
        ],
        toolChoice: { type: "tool", name: "write_conversation" },
      },
    });
    const done = await finalEvent(t, requestId);
    if (done.event.kind !== "done") throw new Error(JSON.stringify(done.event));
    const partials = (await events(t, requestId))
      .map((e) => e.event)
      .flatMap((e) => (e.kind === "delta" && e.toolInputJson !== undefined ? [e.toolInputJson] : []));
    expect(partials.length).toBeGreaterThan(0);
    // Whole-so-far: each is a prefix of the next, and the last parses to the final input.
    for (let i = 1; i < partials.length; i++) expect(partials[i].startsWith(partials[i - 1])).toBe(true);
    expect(JSON.parse(partials[partials.length - 1])).toEqual(done.event.toolUses[0].input);
  });
});
