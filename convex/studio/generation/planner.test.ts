import { describe, expect, test } from "vitest";
import type { LlmEvent } from "../../llm/events";
import { CONVERSATION_TOOL_NAME } from "./conversation";
import {
  admissions,
  decideItemEvent,
  isDrained,
  liveCounts,
  MAX_BATCH_EVENTS,
  moveCount,
  planBatchAfterItem,
  pushEvent,
  statusAfter,
  type BatchView,
  type ItemView,
} from "./planner";
import type { RetryConfig } from "./validators";

const retry: RetryConfig = { strategy: "fixed", maxAttempts: 3, baseDelayMs: 2000, maxDelayMs: 10_000, jitter: false };
const item = (over: Partial<ItemView> = {}): ItemView => ({ status: "running", requestId: "r1", attempts: 1, attemptBase: 0, maxAttempts: 3, retry, ...over });
const usage = { inputTokens: 100, outputTokens: 50, costMicros: 1050 };
const good = {
  framework: "GROW",
  turns: [
    { role: "client", text: "a" },
    { role: "coach", text: "b" },
    { role: "client", text: "c" },
    { role: "coach", text: "d" },
  ],
};
const done = (input: unknown, extra: Partial<Extract<LlmEvent, { kind: "done" }>> = {}): LlmEvent => ({
  kind: "done",
  text: "",
  toolUses: [{ id: "t", name: CONVERSATION_TOOL_NAME, input }],
  usage,
  stopped: false,
  ...extra,
});
const retrying = (attempt: number, errorClass: "rate_limited" | "overloaded" = "overloaded"): LlmEvent => ({
  kind: "retrying",
  attempt,
  delayMs: 4000,
  nextAttemptAt: 5000,
  errorClass,
});

describe("decideItemEvent", () => {
  test("events for another request, or after the item settled, are ignored", () => {
    expect(decideItemEvent(item(), "r2", done(good), 0)).toEqual({ kind: "ignore" });
    expect(decideItemEvent(item({ requestId: undefined }), "r1", done(good), 0)).toEqual({ kind: "ignore" });
    for (const status of ["succeeded", "failed"] as const) {
      expect(decideItemEvent(item({ status }), "r1", done(good), 0)).toEqual({ kind: "ignore" });
    }
  });

  test("a delta carries the partial tool input", () => {
    expect(decideItemEvent(item(), "r1", { kind: "delta", text: "", toolInputJson: '{"tu' }, 0)).toEqual({ kind: "progress", partialJson: '{"tu' });
    expect(decideItemEvent(item(), "r1", { kind: "delta", text: "hi" }, 0)).toEqual({ kind: "progress", partialJson: undefined });
  });

  test("a gateway retry counts the next attempt, across re-sent requests", () => {
    expect(decideItemEvent(item(), "r1", retrying(1), 1000)).toEqual({
      kind: "retrying",
      attempts: 2,
      delayMs: 4000,
      nextAttemptAt: 5000,
      errorClass: "overloaded",
    });
    expect(decideItemEvent(item({ attemptBase: 2, attempts: 3, maxAttempts: 5 }), "r1", retrying(1), 1000)).toMatchObject({ attempts: 4 });
    const held = { ...retrying(1), nextAttemptAt: 9000 } as LlmEvent;
    expect(decideItemEvent(item(), "r1", held, 1000)).toMatchObject({ delayMs: 4000, nextAttemptAt: 9000 });
  });

  test("a valid conversation succeeds with its usage", () => {
    const decision = decideItemEvent(item(), "r1", done(good), 0);
    expect(decision).toMatchObject({ kind: "succeed", usage });
    if (decision.kind === "succeed") expect(decision.conversation.turns).toHaveLength(4);
  });

  test("an invalid conversation is re-sent after the policy's wait while attempts remain", () => {
    expect(decideItemEvent(item({ attempts: 1 }), "r1", done({ framework: "GROW", turns: [] }), 1000)).toMatchObject({
      kind: "resend",
      delayMs: 2000,
      nextAttemptAt: 3000,
      usage,
      message: expect.stringContaining("only 0 turns"),
    });
    expect(decideItemEvent(item({ attempts: 3 }), "r1", done({ framework: "GROW", turns: [] }), 1000)).toMatchObject({
      kind: "fail",
      errorClass: "invalid_output",
      usage,
    });
  });

  test("a reply without the tool is invalid output", () => {
    const decision = decideItemEvent(item({ attempts: 3 }), "r1", { ...done(good), toolUses: [] } as LlmEvent, 0);
    expect(decision).toMatchObject({ kind: "fail", errorClass: "invalid_output", message: "Claude replied without writing a conversation." });
  });

  test("a final gateway failure fails the item with its class", () => {
    expect(decideItemEvent(item(), "r1", { kind: "failed", errorClass: "server_error", message: "x" }, 0)).toEqual({
      kind: "fail",
      errorClass: "server_error",
      message: "x",
    });
  });

  test("a stopped reply on a live item ends it cancelled, keeping its cost", () => {
    const decision = decideItemEvent(item(), "r1", done(good, { stopped: true }), 0);
    expect(decision).toMatchObject({ kind: "fail", errorClass: "cancelled", usage });
    expect(statusAfter("running", decision)).toBe("cancelled");
  });

  test("a cancelled item only settles its request's cost; deltas and retries are ignored", () => {
    const cancelled = item({ status: "cancelled" });
    expect(decideItemEvent(cancelled, "r1", done(good), 0)).toEqual({ kind: "settle", usage });
    expect(decideItemEvent(cancelled, "r1", { kind: "failed", errorClass: "cancelled", message: "" }, 0)).toEqual({ kind: "settle" });
    expect(decideItemEvent(cancelled, "r1", { kind: "delta", text: "" }, 0)).toEqual({ kind: "ignore" });
    expect(decideItemEvent(cancelled, "r1", retrying(1), 0)).toEqual({ kind: "ignore" });
  });
});

const batch = (over: Partial<BatchView> = {}): BatchView => ({
  status: "running",
  total: 10,
  inserted: 10,
  // Stored counts: settled items only; queued and in flight live on the items.
  counts: { queued: 0, running: 0, retrying: 0, succeeded: 2, failed: 0, cancelled: 0 },
  costMicros: 0,
  inputTokens: 0,
  outputTokens: 0,
  pausedMs: 0,
  recentCompletions: [],
  events: [],
  options: { onError: "continue", concurrency: 3 },
  ...over,
});
const succeed = decideItemEvent(item(), "r1", done(good), 0);
const fail = decideItemEvent(item(), "r1", { kind: "failed", errorClass: "server_error", message: "Claude's service returned an error." }, 0);

describe("planBatchAfterItem", () => {
  test("a success moves one count, adds its cost and a completion sample, and frees a slot", () => {
    const { patch, admitMore } = planBatchAfterItem(batch({ pausedMs: 500 }), "running", succeed, 10_000);
    expect(patch.counts).toEqual({ queued: 0, running: 0, retrying: 0, succeeded: 3, failed: 0, cancelled: 0 });
    expect(patch).toMatchObject({ costMicros: 1050, inputTokens: 100, outputTokens: 50, recentCompletions: [9_500] });
    expect(admitMore).toBe(true);
  });

  test("deltas and ignored events write nothing", () => {
    expect(planBatchAfterItem(batch(), "running", { kind: "progress" }, 0)).toEqual({ patch: {}, admitMore: false });
    expect(planBatchAfterItem(batch(), "running", { kind: "ignore" }, 0)).toEqual({ patch: {}, admitMore: false });
  });

  test("the first delta after a retry moves the item back to running without writing the batch", () => {
    expect(planBatchAfterItem(batch(), "retrying", { kind: "progress" }, 0)).toEqual({ patch: {}, admitMore: false });
  });

  test("a resend (unusable reply) keeps the slot and writes only its cost", () => {
    const resend = { kind: "resend" as const, delayMs: 100, nextAttemptAt: 100, message: "bad", usage };
    expect(planBatchAfterItem(batch(), "running", resend, 0)).toEqual({ patch: { costMicros: 1050, inputTokens: 100, outputTokens: 50 }, admitMore: false });
  });

  test("a retrying item that settles frees its slot too", () => {
    const { patch, admitMore } = planBatchAfterItem(batch(), "retrying", fail, 9);
    expect(patch.counts).toEqual({ queued: 0, running: 0, retrying: 0, succeeded: 2, failed: 1, cancelled: 0 });
    expect(admitMore).toBe(true);
  });

  test("a retry keeps the slot; a 429 raises one toast per 10 s", () => {
    const first = planBatchAfterItem(batch(), "running", decideItemEvent(item(), "r1", retrying(1, "rate_limited"), 1000), 1000);
    expect(first.admitMore).toBe(false);
    // running → retrying moves nothing stored: only the toast is written.
    expect(first.patch.counts).toBeUndefined();
    expect(first.patch.events).toEqual([{ kind: "rate_limited", at: 1000, delayMs: 4000, message: expect.stringContaining("4 s") }]);
    const soon = planBatchAfterItem(batch({ events: first.patch.events }), "running", decideItemEvent(item(), "r1", retrying(1, "rate_limited"), 5000), 5000);
    expect(soon.patch.events).toBeUndefined();
    const later = planBatchAfterItem(batch({ events: first.patch.events }), "running", decideItemEvent(item(), "r1", retrying(1, "rate_limited"), 11_000), 11_000);
    expect(later.patch.events).toHaveLength(2);
    const overloaded = planBatchAfterItem(batch(), "running", decideItemEvent(item(), "r1", retrying(1), 1000), 1000);
    expect(overloaded).toEqual({ patch: {}, admitMore: false });
  });

  test("reaching the spend cap pauses the batch and says why", () => {
    const { patch, admitMore } = planBatchAfterItem(batch({ costMicros: 9000, options: { onError: "continue", concurrency: 3, spendCapMicros: 10_000 } }), "running", succeed, 7);
    expect(patch).toMatchObject({ status: "paused", pausedAt: 7, pausedReason: { kind: "spend_cap" }, costMicros: 10_050 });
    expect(patch.events?.at(-1)).toMatchObject({ kind: "spend_cap" });
    expect(admitMore).toBe(false);
  });

  test("below the cap nothing pauses", () => {
    const { patch } = planBatchAfterItem(batch({ costMicros: 0, options: { onError: "continue", concurrency: 3, spendCapMicros: 10_000 } }), "running", succeed, 7);
    expect(patch.status).toBeUndefined();
  });

  test("with stop on error the first final failure halts the batch with the reason", () => {
    const { patch, admitMore } = planBatchAfterItem(batch({ options: { onError: "stop", concurrency: 3 } }), "running", fail, 9);
    expect(patch).toMatchObject({ status: "paused", pausedReason: { kind: "error", message: expect.stringContaining("service returned an error") } });
    expect(patch.events?.at(-1)?.kind).toBe("halted");
    expect(admitMore).toBe(false);
  });

  test("with continue a failure is counted and the batch goes on", () => {
    const { patch, admitMore } = planBatchAfterItem(batch(), "running", fail, 9);
    expect(patch.status).toBeUndefined();
    expect(patch.counts?.failed).toBe(1);
    expect(admitMore).toBe(true);
  });

  test("the last item finishing completes the batch with counts", () => {
    const last = batch({ counts: { ...batch().counts, succeeded: 8, failed: 1 } });
    const { patch, admitMore } = planBatchAfterItem(last, "running", succeed, 50);
    expect(patch).toMatchObject({ status: "completed", finishedAt: 50 });
    expect(patch.events?.at(-1)).toMatchObject({ kind: "completed", message: "Finished: 9 succeeded, 1 failed." });
    expect(admitMore).toBe(false);
  });

  test("a batch still inserting is not complete when its inserted items drain", () => {
    const partial = batch({ inserted: 5, counts: { ...batch().counts, succeeded: 4 } });
    expect(planBatchAfterItem(partial, "running", succeed, 50).patch.status).toBeUndefined();
  });

  test("a paused batch whose last running item ends completes, counting the pause", () => {
    const paused = batch({ status: "paused", pausedAt: 20, pausedMs: 5, counts: { ...batch().counts, succeeded: 9 } });
    expect(planBatchAfterItem(paused, "running", succeed, 50).patch).toMatchObject({ status: "completed", pausedMs: 35, pausedAt: undefined });
  });

  test("a cancelled batch only accounts cost for late results", () => {
    const cancelled = batch({ status: "cancelled", counts: { queued: 0, running: 0, retrying: 0, succeeded: 2, failed: 0, cancelled: 8 } });
    const { patch, admitMore } = planBatchAfterItem(cancelled, "cancelled", { kind: "settle", usage }, 50);
    expect(patch).toEqual({ costMicros: 1050, inputTokens: 100, outputTokens: 50 });
    expect(admitMore).toBe(false);
  });
});

describe("admissions", () => {
  const stored = (succeeded = 0) => ({ queued: 0, running: 0, retrying: 0, succeeded, failed: 0, cancelled: 0 });
  test("fills free slots up to the concurrency, never beyond", () => {
    // inserted 10 + queued: what is neither settled nor in flight is queued.
    const b = (running: number, retrying: number, queued: number, concurrency = 3) =>
      admissions({ status: "running", inserted: running + retrying + queued, counts: stored(), options: { onError: "continue", concurrency } }, { running, retrying });
    expect(b(0, 0, 10)).toBe(3);
    expect(b(2, 0, 10)).toBe(1);
    expect(b(2, 1, 10)).toBe(0);
    expect(b(4, 0, 10)).toBe(0);
    expect(b(0, 0, 2)).toBe(2);
    expect(b(0, 0, 100, 20)).toBe(20);
    expect(b(0, 0, 0)).toBe(0);
  });

  test("settled items are not queued: only the rest of what was inserted starts", () => {
    const options = { onError: "continue" as const, concurrency: 5 };
    expect(admissions({ status: "running", inserted: 10, counts: stored(8), options }, { running: 1, retrying: 0 })).toBe(1);
    expect(admissions({ status: "running", inserted: 10, counts: { ...stored(6), failed: 2, cancelled: 1 }, options }, { running: 0, retrying: 1 })).toBe(0);
  });

  test("a batch that is not running admits nothing", () => {
    for (const status of ["paused", "completed", "cancelled"] as const) {
      expect(admissions({ status, inserted: 5, counts: stored(), options: { onError: "continue", concurrency: 3 } }, { running: 0, retrying: 0 })).toBe(0);
    }
  });
});

describe("live counts", () => {
  test("settled from the document, in flight from the items, queued the rest of what was inserted", () => {
    const counts = { queued: 0, running: 0, retrying: 0, succeeded: 3, failed: 1, cancelled: 1 };
    expect(liveCounts({ inserted: 20, counts }, { running: 4, retrying: 2 })).toEqual({ queued: 9, running: 4, retrying: 2, succeeded: 3, failed: 1, cancelled: 1 });
    expect(liveCounts({ inserted: 5, counts }, { running: 0, retrying: 0 })).toEqual({ ...counts, queued: 0 });
  });

  test("stale in-flight figures left on an older document are ignored", () => {
    const legacy = { queued: 7, running: 3, retrying: 1, succeeded: 2, failed: 0, cancelled: 0 };
    expect(liveCounts({ inserted: 10, counts: legacy }, { running: 1, retrying: 0 })).toEqual({ queued: 7, running: 1, retrying: 0, succeeded: 2, failed: 0, cancelled: 0 });
    expect(isDrained({ total: 2, inserted: 2, counts: { ...legacy, succeeded: 2 } })).toBe(true);
  });
});

test("only settled counts move; events stay capped", () => {
  const c = { queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 2, cancelled: 0 };
  expect(moveCount(c, "queued", "cancelled", 5)).toEqual({ ...c, cancelled: 5 });
  expect(moveCount(c, "failed", "queued", 2)).toEqual({ ...c, failed: 0 });
  expect(moveCount(c, "running", "succeeded")).toEqual({ ...c, succeeded: 1 });
  expect(moveCount(c, "queued", "running")).toBe(c);
  expect(moveCount(c, "running", "retrying")).toBe(c);
  expect(moveCount(c, "retrying", "running")).toBe(c);
  expect(moveCount(c, "queued", "queued")).toBe(c);
  let events = [] as ReturnType<typeof pushEvent>;
  for (let i = 0; i < 30; i++) events = pushEvent(events, { kind: "started", at: i, message: "" });
  expect(events).toHaveLength(MAX_BATCH_EVENTS);
  expect(events[0].at).toBe(10);
  expect(isDrained({ total: 2, inserted: 2, counts: { ...c, failed: 0, succeeded: 2 } })).toBe(true);
  expect(isDrained({ total: 2, inserted: 2, counts: { ...c, failed: 0, succeeded: 1 } })).toBe(false);
  expect(isDrained({ total: 3, inserted: 2, counts: { ...c, failed: 0, succeeded: 2 } })).toBe(false);
});
