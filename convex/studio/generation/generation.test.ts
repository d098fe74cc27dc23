/**
 * Generation end to end. The first block runs against the fake Anthropic
 * server through the real gateway (real timers). The second drives items with
 * gateway events delivered by hand, under fake timers so no scheduled work
 * runs unless a test runs it: that makes pause, cancel, retry and restart
 * cases exact.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { LlmEvent } from "../../llm/events";
import { fakeFaults, gatewayTest, waitFor } from "../../test.llm";
import type { TestConvex } from "../../test.setup";
import { signIn, type SignedIn } from "../../test.users";
import { CONVERSATION_TOOL_NAME } from "./conversation";
import type { RetryConfig } from "./validators";

const fixedRetry: RetryConfig = { strategy: "fixed", maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: false };
const values = { framework: "GROW", persona: "first-time manager", emotion: "anxious", topic: "delegating work to former peers" };

async function setup() {
  const { t, url } = await gatewayTest({ LLM_STREAM_MIN_FLUSH_MS: "20", LLM_STREAM_MAX_FLUSH_MS: "50" });
  const admin = await signIn(t, "admin@example.com");
  const member = await signIn(t, "member@example.com");
  const reviewer = await signIn(t, "reviewer@example.com");
  await admin.as.mutation(api.users.admin.setRole, { userId: reviewer.userId, role: "reviewer" });
  const template = await t.run(async (ctx) =>
    ctx.db
      .query("promptTemplates")
      .withIndex("by_starterKey", (q) => q.eq("starterKey", "coaching-conversation"))
      .unique(),
  );
  if (!template?.activeVersionId) throw new Error("starter template missing");
  return { t, url, admin, member, reviewer, templateId: template._id, versionId: template.activeVersionId };
}

/** persona × framework × emotion × topic = `personas.length` × 2 items. */
function matrix(personas = ["first-time manager", "senior engineer"]) {
  return [
    { variable: "persona", values: personas },
    { variable: "framework", values: ["GROW", "CLEAR"] },
    { variable: "emotion", values: ["anxious"] },
    { variable: "topic", values: ["delegating work"] },
  ];
}

const items = (t: TestConvex, batchId: Id<"generationBatches">) =>
  t.run((ctx) => ctx.db.query("generationItems").withIndex("by_batch_index", (q) => q.eq("batchId", batchId)).collect());
const batchDoc = (t: TestConvex, batchId: Id<"generationBatches">) => t.run(async (ctx) => (await ctx.db.get("generationBatches", batchId))!);
/** The batch as getBatch shows it: counts live (in flight read from the items). */
const liveBatch = async (world: { admin: { as: { query: TestConvex["query"] } } }, batchId: Id<"generationBatches">) =>
  (await world.admin.as.query(api.studio.generation.batches.getBatch, { batchId })).batch;

describe("against the fake Anthropic server", () => {
  test("a single generation streams through the gateway and stores a valid conversation with provenance; usage counts it", async () => {
    const { t, admin, reviewer, templateId, versionId } = await setup();
    const { runId } = await admin.as.mutation(api.studio.generation.single.startSingleGeneration, { templateId, values });
    const seen: { turns: { role: string; text: string }[]; writing?: { text: string } }[] = [];
    const run = await waitFor(async () => {
      const r = await admin.as.query(api.studio.generation.single.getGenerationRun, { runId });
      if (r.status === "running" && (r.turns.length > 0 || r.writing)) seen.push({ turns: r.turns, writing: r.writing });
      return r.status === "succeeded" || r.status === "failed" ? r : undefined;
    }, 30_000);
    expect(run.status).toBe("succeeded");
    // While Claude wrote, the run showed the turns so far: each view a prefix of the final conversation.
    expect(seen.length).toBeGreaterThan(0);
    for (const view of seen) {
      expect(view.turns).toEqual(run.turns.slice(0, view.turns.length));
      if (view.writing) expect(run.turns[view.turns.length].text.startsWith(view.writing.text)).toBe(true);
    }
    expect(run.turns.length).toBeGreaterThanOrEqual(4);
    expect(run.turns[0].role).toBe("client");
    expect(run.turns.at(-1)?.role).toBe("coach");
    const conversation = await reviewer.as.query(api.studio.generation.conversations.getConversation, { conversationId: run.conversationId! });
    expect(conversation).toMatchObject({
      templateId,
      templateVersionId: versionId,
      itemId: runId,
      model: "claude-sonnet-5-5",
      attempts: 1,
      status: "generated",
      reviewStatus: "pending",
      createdBy: admin.userId,
      values: { ...values, turns: 12, include_setback: false },
    });
    expect(conversation.batchId).toBeUndefined();
    expect(conversation.turns).toEqual(run.turns);
    expect(conversation.costMicros).toBeGreaterThan(0);
    expect(conversation.inputTokens).toBeGreaterThan(0);
    expect(conversation.latencyMs).toBeGreaterThan(0);
    const request = await t.run(async (ctx) => (await ctx.db.query("llmRequests").collect())[0]);
    expect(request).toMatchObject({ purpose: "generation", priority: "interactive", stream: true });
    expect(request.params.toolChoice).toEqual({ type: "tool", name: CONVERSATION_TOOL_NAME });
    expect(request.params.messages[0].content).toContain("first-time manager");
    const counts = await t.run(async (ctx) => ({
      version: (await ctx.db.get("promptTemplateVersions", versionId))!.usageCount,
      template: (await ctx.db.get("promptTemplates", templateId))!.usageCount,
    }));
    expect(counts).toEqual({ version: 1, template: 1 });
  }, 60_000);

  test("a batch runs to completion through injected faults, never more than its concurrency in flight", async () => {
    const { t, url, admin, versionId } = await setup();
    await fakeFaults(url, [{ kind: "500" }, { kind: "529" }]);
    const { batchId } = await admin.as.mutation(api.studio.generation.batches.createBatch, {
      name: "faults",
      versionId,
      matrix: matrix(["first-time manager", "senior engineer", "startup founder"]),
      mode: "all",
      options: { concurrency: 2, retry: fixedRetry },
    });
    const peaks: number[] = [];
    const final = await waitFor(async () => {
      const view = await admin.as.query(api.studio.generation.batches.getBatch, { batchId });
      peaks.push(view.batch.counts.running + view.batch.counts.retrying);
      return view.batch.status === "completed" ? view : undefined;
    }, 60_000);
    expect(final.batch.counts).toEqual({ queued: 0, running: 0, retrying: 0, succeeded: 6, failed: 0, cancelled: 0 });
    expect(final.percent).toBe(100);
    expect(final.eta).toEqual({ kind: "done" });
    expect(final.throughputPerMin).toBeGreaterThan(0);
    expect(final.batch.events.at(-1)).toMatchObject({ kind: "completed", message: "Finished: 6 succeeded, 0 failed." });
    expect(Math.max(...peaks)).toBeLessThanOrEqual(2);
    const rows = await items(t, batchId);
    // The two faults cost two extra attempts, and the batch's cost is the sum of its conversations'.
    expect(rows.reduce((sum, item) => sum + item.attempts, 0)).toBe(8);
    const conversations = await t.run((ctx) => ctx.db.query("generatedConversations").withIndex("by_batch", (q) => q.eq("batchId", batchId)).collect());
    expect(conversations).toHaveLength(6);
    expect(conversations.reduce((sum, c) => sum + c.costMicros, 0)).toBe(final.batch.costMicros);
    expect(new Set(conversations.map((c) => c.itemId))).toEqual(new Set(rows.map((r) => r._id)));
    // Never more than two items' [start, finish] intervals overlap.
    const edges = rows.flatMap((r) => [[r.startedAt!, 1], [r.finishedAt!, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    for (const [, step] of edges) {
      open += step;
      expect(open).toBeLessThanOrEqual(2);
    }
    const version = await t.run(async (ctx) => (await ctx.db.get("promptTemplateVersions", versionId))!);
    expect(version.usageCount).toBe(6);
    const failedCalls = await t.run(async (ctx) => (await ctx.db.query("llmCalls").collect()).filter((c) => c.status === "failed"));
    expect(failedCalls.map((c) => c.errorClass).sort()).toEqual(["overloaded", "server_error"]);
  }, 90_000);
});

/** The event a request's handler would hear, delivered by hand. */
async function deliver(t: TestConvex, item: Doc<"generationItems">, event: LlmEvent, requestId = item.requestId!) {
  await t.mutation(internal.studio.generation.runs.onItemEvent, { requestId, context: { itemId: item._id }, event });
}
const usage = { inputTokens: 1000, outputTokens: 400, costMicros: 9000 };
const conversationEvent: LlmEvent = {
  kind: "done",
  text: "",
  toolUses: [
    {
      id: "toolu_1",
      name: CONVERSATION_TOOL_NAME,
      input: {
        framework: "GROW",
        turns: [
          { role: "client", text: "I can't let go of the work." },
          { role: "coach", text: "What would letting go look like?" },
          { role: "client", text: "Trusting them with the release." },
          { role: "coach", text: "What is one step this week?" },
        ],
      },
    },
  ],
  usage,
  stopped: false,
};
const failure: LlmEvent = { kind: "failed", errorClass: "server_error", message: "x" };

async function controlled(options: Record<string, unknown> = {}, personas?: string[]) {
  const world = await setup();
  vi.useFakeTimers();
  const { batchId } = await world.admin.as.mutation(api.studio.generation.batches.createBatch, {
    name: "controlled",
    versionId: world.versionId,
    matrix: matrix(personas),
    mode: "all",
    options: { concurrency: 2, retry: fixedRetry, ...options },
  });
  const byStatus = async (status: Doc<"generationItems">["status"]) => (await items(world.t, batchId)).filter((i) => i.status === status);
  return { ...world, batchId, byStatus };
}

describe("batch controls, with gateway events delivered by hand", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("the concurrency cap holds, and re-running admission never starts an item twice", async () => {
    const world = await controlled({ concurrency: 3 }, ["a manager", "an engineer", "a founder", "a nurse", "a director"]);
    const { t, batchId, byStatus } = world;
    expect((await byStatus("running")).length).toBe(3);
    // A restart re-runs scheduled steps: admission counts the items in flight, so nothing more starts.
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    expect((await byStatus("running")).length).toBe(3);
    const [first] = await byStatus("running");
    await deliver(t, first, conversationEvent);
    expect((await byStatus("running")).length).toBe(2);
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    expect((await byStatus("running")).length).toBe(3);
    expect((await liveBatch(world, batchId)).counts).toEqual({ queued: 6, running: 3, retrying: 0, succeeded: 1, failed: 0, cancelled: 0 });
    // The document holds settled counts only: admissions never wrote it.
    expect((await batchDoc(t, batchId)).counts).toEqual({ queued: 0, running: 0, retrying: 0, succeeded: 1, failed: 0, cancelled: 0 });
    // Every running item holds its own gateway request.
    expect(new Set((await byStatus("running")).map((i) => i.requestId)).size).toBe(3);
  });

  test("a re-delivered or stale event neither loses nor doubles an item", async () => {
    const { t, batchId, byStatus, versionId } = await controlled();
    const [item] = await byStatus("running");
    await deliver(t, item, conversationEvent);
    await deliver(t, item, conversationEvent);
    await deliver(t, item, failure);
    const conversations = await t.run((ctx) => ctx.db.query("generatedConversations").withIndex("by_batch", (q) => q.eq("batchId", batchId)).collect());
    expect(conversations).toHaveLength(1);
    const batch = await batchDoc(t, batchId);
    expect(batch.counts.succeeded).toBe(1);
    expect(batch.costMicros).toBe(usage.costMicros);
    expect((await t.run((ctx) => ctx.db.get("promptTemplateVersions", versionId)))!.usageCount).toBe(1);
    // An event from a request the item no longer listens to changes nothing.
    const [other] = await byStatus("running");
    await deliver(t, other, failure, item.requestId!);
    expect((await t.run((ctx) => ctx.db.get("generationItems", other._id)))!.status).toBe("running");
  });

  test("a gateway retry shows on the item; a 429 raises a toast event; the next delta resumes it", async () => {
    const world = await controlled();
    const { t, batchId, byStatus, admin } = world;
    const [item] = await byStatus("running");
    const stored = await batchDoc(t, batchId);
    const now = Date.now();
    await deliver(t, item, { kind: "retrying", attempt: 1, delayMs: 3000, nextAttemptAt: now + 3000, errorClass: "rate_limited" });
    const page = await admin.as.query(api.studio.generation.batches.listBatchItems, { batchId, paginationOpts: { numItems: 10, cursor: null }, status: "retrying" });
    expect(page.page).toEqual([
      expect.objectContaining({ _id: item._id, status: "retrying", attempts: 2, nextAttemptAt: now + 3000, errorClass: "rate_limited", errorMessage: "Claude's rate limit was reached." }),
    ]);
    const view = await admin.as.query(api.studio.generation.batches.getBatch, { batchId });
    expect(view.batch.events.at(-1)).toMatchObject({ kind: "rate_limited", delayMs: 3000 });
    expect(view.batch.counts).toMatchObject({ running: 1, retrying: 1 });
    await deliver(t, item, { kind: "delta", text: "", toolInputJson: '{"framework":"GROW","turns":[{"role":"client","text":"I ca' });
    const run = await admin.as.query(api.studio.generation.single.getGenerationRun, { runId: item._id });
    expect(run).toMatchObject({ status: "running", framework: "GROW", turns: [], writing: { role: "client", text: "I ca" } });
    expect((await liveBatch(world, batchId)).counts).toMatchObject({ running: 2, retrying: 0 });
    // Retry and resume moved nothing the document holds; only the toast was written.
    const after = await batchDoc(t, batchId);
    expect(after.counts).toEqual(stored.counts);
    expect(after.events.length).toBe(stored.events.length + 1);
    const other = (await byStatus("running")).find((i) => i._id !== item._id)!;
    await deliver(t, other, { kind: "retrying", attempt: 1, delayMs: 1000, nextAttemptAt: Date.now() + 1000, errorClass: "overloaded" });
    expect(await batchDoc(t, batchId)).toEqual(after);
  });

  test("pause admits nothing new while running items finish; resume continues", async () => {
    const { t, batchId, byStatus, admin } = await controlled();
    await admin.as.mutation(api.studio.generation.batches.pauseBatch, { batchId });
    const running = await byStatus("running");
    expect(running).toHaveLength(2);
    await deliver(t, running[0], conversationEvent);
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    expect(await byStatus("running")).toHaveLength(1);
    const paused = await admin.as.query(api.studio.generation.batches.getBatch, { batchId });
    expect(paused.batch).toMatchObject({ status: "paused", pausedReason: { kind: "user" } });
    expect(paused.eta).toEqual({ kind: "paused" });
    expect(paused.batch.counts).toMatchObject({ queued: 2, running: 1, succeeded: 1 });
    await admin.as.mutation(api.studio.generation.batches.resumeBatch, { batchId });
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    expect(await byStatus("running")).toHaveLength(2);
    expect((await batchDoc(t, batchId)).events.map((e) => e.kind)).toEqual(["started", "paused", "resumed"]);
  });

  test("cancel stops running requests through the gateway and cancels the queue; late results only add their cost", async () => {
    const { t, batchId, byStatus, admin } = await controlled({}, ["a manager", "an engineer", "a founder"]);
    const running = await byStatus("running");
    await admin.as.mutation(api.studio.generation.batches.cancelBatch, { batchId });
    await t.mutation(internal.studio.generation.runs.cancelQueuedPage, { batchId });
    const requests = await t.run(async (ctx) => Promise.all(running.map((i) => ctx.db.get("llmRequests", i.requestId!))));
    expect(requests.every((r) => r?.cancelRequested === true)).toBe(true);
    // The gateway reports the stopped attempt later; the item stays cancelled, the cost is counted.
    await deliver(t, running[0], { ...conversationEvent, stopped: true } as LlmEvent);
    await deliver(t, running[1], { kind: "failed", errorClass: "cancelled", message: "Cancelled." });
    const batch = await batchDoc(t, batchId);
    expect(batch.status).toBe("cancelled");
    expect(batch.counts).toEqual({ queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, cancelled: 6 });
    expect(batch.costMicros).toBe(usage.costMicros);
    expect(await t.run((ctx) => ctx.db.query("generatedConversations").collect())).toHaveLength(0);
    await expect(admin.as.mutation(api.studio.generation.batches.resumeBatch, { batchId })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  });

  test("retry failed only re-queues the failed items with fresh attempts and leaves successes alone", async () => {
    const world = await controlled({ concurrency: 4 });
    const { t, batchId, byStatus, admin } = world;
    const [a, b, c, d] = await byStatus("running");
    await deliver(t, a, conversationEvent);
    await deliver(t, b, conversationEvent);
    await deliver(t, c, failure);
    await deliver(t, d, { kind: "retrying", attempt: 1, delayMs: 1000, nextAttemptAt: Date.now() + 1000, errorClass: "overloaded" });
    await deliver(t, d, failure);
    let batch = await batchDoc(t, batchId);
    expect(batch).toMatchObject({ status: "completed", counts: { succeeded: 2, failed: 2 } });
    const before = await items(t, batchId);
    expect(await admin.as.mutation(api.studio.generation.batches.retryFailedItems, { batchId })).toEqual({ requeued: 2 });
    await t.mutation(internal.studio.generation.runs.requeueFailedPage, { batchId });
    await t.mutation(internal.studio.generation.runs.requeueFailedPage, { batchId });
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    const after = await items(t, batchId);
    for (const item of before.filter((i) => i.status === "succeeded")) {
      expect(after.find((i) => i._id === item._id)).toEqual(item);
    }
    const retried = after.filter((i) => i._id === c._id || i._id === d._id);
    expect(retried.map((i) => [i.status, i.attempts, i.errorClass])).toEqual([
      ["running", 1, undefined],
      ["running", 1, undefined],
    ]);
    batch = await liveBatch(world, batchId);
    expect(batch).toMatchObject({ status: "running", counts: { queued: 0, running: 2, succeeded: 2, failed: 0 } });
    expect(batch.finishedAt).toBeUndefined();
    expect(batch.events.at(-1)).toMatchObject({ kind: "retrying_failed" });
  });

  test("the spend cap pauses the batch on real cost; resuming needs a higher cap", async () => {
    const { t, batchId, byStatus, admin } = await controlled({ spendCapMicros: 15_000 });
    const [a, b] = await byStatus("running");
    await deliver(t, a, conversationEvent);
    expect((await batchDoc(t, batchId)).status).toBe("running");
    await deliver(t, b, conversationEvent);
    const view = await admin.as.query(api.studio.generation.batches.getBatch, { batchId });
    expect(view.batch).toMatchObject({ status: "paused", pausedReason: { kind: "spend_cap" }, costMicros: 18_000 });
    expect(view.batch.events.at(-1)?.kind).toBe("spend_cap");
    expect(view.spendCapMicros).toBe(15_000);
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    expect(await byStatus("running")).toHaveLength(0);
    await expect(admin.as.mutation(api.studio.generation.batches.resumeBatch, { batchId })).rejects.toMatchObject({ data: { code: "LIMIT_REACHED" } });
    await admin.as.mutation(api.studio.generation.batches.resumeBatch, { batchId, spendCapMicros: 100_000 });
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    expect(await byStatus("running")).toHaveLength(2);
  });

  test("a stored conversation, a final failure and a verdict show up in the template's analytics", async () => {
    const world = await controlled();
    const { t, batchId, byStatus, admin, reviewer, templateId, versionId } = world;
    const [a, b] = await byStatus("running");
    await deliver(t, a, conversationEvent);
    await deliver(t, b, failure);
    const stored = await t.run((ctx) => ctx.db.query("generatedConversations").withIndex("by_batch", (q) => q.eq("batchId", batchId)).collect());
    expect(stored).toHaveLength(1);
    const conversation = stored[0];
    let view = await admin.as.query(api.studio.analytics.analytics.getTemplateAnalytics, { templateId });
    expect(view.template.stats).toMatchObject({ successes: 1, failures: 1, approved: 0, rejected: 0, averageCostMicros: usage.costMicros });
    expect(view.template.stats.averageScore).toBe(conversation.quality ? Math.round(conversation.quality.overall * 100) / 100 : undefined);
    expect(view.template.stats.averageDurationMs).toBe(conversation.latencyMs);
    expect(view.versions.find((row) => row.versionId === versionId)?.stats).toMatchObject({ successes: 1, failures: 1 });

    await reviewer.as.mutation(api.studio.review.verdicts.approve, { conversationId: conversation._id });
    view = await admin.as.query(api.studio.analytics.analytics.getTemplateAnalytics, { templateId });
    expect(view.template.stats).toMatchObject({ successes: 1, failures: 1, approved: 1, rejected: 0, approvalRate: 1 });
    expect(view.versions.find((row) => row.versionId === versionId)?.stats).toMatchObject({ approved: 1 });
  });

  test("a template test's conversations stay out of the analytics", async () => {
    const world = await controlled();
    const { t, byStatus, admin, templateId } = world;
    const [item] = await byStatus("running");
    await t.run((ctx) => ctx.db.patch("generationItems", item._id, { test: true }));
    await deliver(t, { ...item, test: true }, conversationEvent);
    const [other] = (await byStatus("running")).filter((i) => i._id !== item._id);
    await t.run((ctx) => ctx.db.patch("generationItems", other._id, { test: true }));
    await deliver(t, { ...other, test: true }, failure);
    const rows = await t.run((ctx) => ctx.db.query("templateAnalytics").collect());
    expect(rows.filter((row) => row.templateId === templateId)).toEqual([]);
    const view = await admin.as.query(api.studio.analytics.analytics.getTemplateAnalytics, { templateId });
    expect(view.template.stats).toMatchObject({ successes: 0, failures: 0 });
  });

  test("stop on error halts the batch at the first final failure, with the reason", async () => {
    const { t, batchId, byStatus, admin } = await controlled({ onError: "stop" });
    const [a] = await byStatus("running");
    await deliver(t, a, { kind: "failed", errorClass: "authentication", message: "bad key" });
    await t.mutation(internal.studio.generation.runs.advanceBatch, { batchId });
    const view = await admin.as.query(api.studio.generation.batches.getBatch, { batchId });
    expect(view.batch).toMatchObject({ status: "paused", pausedReason: { kind: "error", message: expect.stringContaining("bad key") } });
    expect(view.batch.counts).toMatchObject({ queued: 2, running: 1, failed: 1 });
    expect(view.batch.events.at(-1)?.kind).toBe("halted");
  });

  test("an unusable reply is re-sent after the policy's wait, as a fresh request; a repeated resend does nothing", async () => {
    const { t, batchId, byStatus } = await controlled();
    const [item] = await byStatus("running");
    await deliver(t, item, { ...conversationEvent, toolUses: [{ id: "x", name: CONVERSATION_TOOL_NAME, input: { framework: "GROW", turns: [] } }] } as LlmEvent);
    const waiting = (await t.run((ctx) => ctx.db.get("generationItems", item._id)))!;
    expect(waiting).toMatchObject({ status: "retrying", errorClass: "invalid_output", attempts: 1, nextAttemptAt: Date.now() + 1000 });
    expect(waiting.requestId).toBeUndefined();
    await t.mutation(internal.studio.generation.runs.resendItem, { itemId: item._id });
    await t.mutation(internal.studio.generation.runs.resendItem, { itemId: item._id });
    const resent = (await t.run((ctx) => ctx.db.get("generationItems", item._id)))!;
    expect(resent).toMatchObject({ status: "running", attempts: 2, attemptBase: 1, costMicros: usage.costMicros });
    expect(resent.requestId).not.toBe(item.requestId);
    const request = await t.run(async (ctx) => (await ctx.db.get("llmRequests", resent.requestId!))!);
    expect(request.maxAttempts).toBe(2);
    await deliver(t, resent, conversationEvent);
    const conversation = await t.run(async (ctx) => (await ctx.db.query("generatedConversations").collect())[0]);
    expect(conversation).toMatchObject({ attempts: 2, costMicros: 2 * usage.costMicros });
    expect((await batchDoc(t, batchId)).costMicros).toBe(2 * usage.costMicros);
  });

  test("a batch over one page is inserted in scheduled pages; a repeated page inserts nothing", async () => {
    const world = await setup();
    vi.useFakeTimers();
    const personas = Array.from({ length: 130 }, (_, i) => `persona number ${i}`);
    const { batchId } = await world.admin.as.mutation(api.studio.generation.batches.createBatch, {
      name: "big",
      versionId: world.versionId,
      matrix: [...matrix(personas), { variable: "include_setback", values: [true, false] }],
      mode: "sample",
      sampleSize: 520,
      options: {},
    });
    let batch = await liveBatch(world, batchId);
    expect(batch).toMatchObject({ total: 520, inserted: 500, counts: { queued: 497, running: 3 } });
    await world.t.mutation(internal.studio.generation.runs.insertItemsPage, { batchId, from: 500 });
    await world.t.mutation(internal.studio.generation.runs.insertItemsPage, { batchId, from: 500 });
    batch = await liveBatch(world, batchId);
    expect(batch).toMatchObject({ inserted: 520, counts: { queued: 517, running: 3 } });
    const rows = await items(world.t, batchId);
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: 520 }, (_, i) => i));
  });
});

describe("preview, settings and access", () => {
  test("preview counts items, lists the ones that fail to render, and estimates cost; create refuses them", async () => {
    const { admin, versionId } = await setup();
    const ok = await admin.as.query(api.studio.generation.batches.previewBatch, { versionId, matrix: matrix(), mode: "all" });
    expect(ok).toMatchObject({ count: 4, productSize: 4, failureCount: 0, failures: [], model: "claude-sonnet-5-5" });
    expect(ok.estimate.lowMicros).toBeGreaterThan(0);
    expect(ok.estimate.highMicros).toBeGreaterThan(ok.estimate.lowMicros);
    const broken = [...matrix(), { variable: "turns", values: [12, 99] }];
    const bad = await admin.as.query(api.studio.generation.batches.previewBatch, { versionId, matrix: broken, mode: "all" });
    expect(bad.failureCount).toBe(4);
    expect(bad.failures[0].message).toMatch(/turns/);
    await expect(
      admin.as.mutation(api.studio.generation.batches.createBatch, { name: "x", versionId, matrix: broken, mode: "all", options: {} }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "matrix" } });
    await expect(
      admin.as.mutation(api.studio.generation.batches.createBatch, { name: "x", versionId, matrix: matrix(), mode: "all", options: { concurrency: 21 } }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "options.concurrency" } });
    const sample = await admin.as.query(api.studio.generation.batches.previewBatch, { versionId, matrix: matrix(), mode: "sample", sampleSize: 3 });
    expect(sample.count).toBe(3);
  });

  test("single generation refuses values that don't render, with the renderer's message, and changes nothing", async () => {
    const { t, admin, templateId } = await setup();
    await expect(
      admin.as.mutation(api.studio.generation.single.startSingleGeneration, { templateId, values: { ...values, framework: "SWOT" } }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "values", message: expect.stringContaining("framework") } });
    expect(await t.run((ctx) => ctx.db.query("generationItems").collect())).toHaveLength(0);
  });

  test("saved retry settings become the defaults of new batches; bad ones are refused", async () => {
    const { t, admin, versionId } = await setup();
    expect(await admin.as.query(api.studio.generation.settings.getGenerationSettings, {})).toMatchObject({ onError: "continue", retry: { maxAttempts: 5 } });
    const retry: RetryConfig = { strategy: "linear", maxAttempts: 7, baseDelayMs: 2000, maxDelayMs: 20_000, jitter: false };
    await admin.as.mutation(api.studio.generation.settings.saveGenerationSettings, { retry, onError: "stop" });
    expect(await admin.as.query(api.studio.generation.settings.getGenerationSettings, {})).toMatchObject({ retry, onError: "stop" });
    await expect(
      admin.as.mutation(api.studio.generation.settings.saveGenerationSettings, { retry: { ...retry, maxAttempts: 11 }, onError: "stop" }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "retry.maxAttempts" } });
    vi.useFakeTimers();
    try {
      const { batchId } = await admin.as.mutation(api.studio.generation.batches.createBatch, { name: "defaults", versionId, matrix: matrix(), mode: "all", options: {} });
      expect((await batchDoc(t, batchId)).options).toMatchObject({ retry, onError: "stop", concurrency: 3, itemTimeoutMs: 60_000, priority: "normal" });
      const sim = await admin.as.query(api.studio.generation.settings.simulateRetryPolicy, { policy: retry, failureRate: 1, items: 1 });
      expect(sim.items[0].attempts.map((a) => a.delayMs)).toEqual([2000, 4000, 6000, 8000, 10_000, 12_000, null]);
      const dup = await admin.as.mutation(api.studio.generation.batches.duplicateBatch, { batchId });
      const copy = await batchDoc(t, dup.batchId);
      expect(copy).toMatchObject({ name: "defaults (copy)", copiedFrom: batchId, total: 4, options: (await batchDoc(t, batchId)).options });
      const list = await admin.as.query(api.studio.generation.batches.listBatches, { paginationOpts: { numItems: 10, cursor: null } });
      expect(list.page.map((b) => b.name)).toEqual(["defaults (copy)", "defaults"]);
    } finally {
      vi.useRealTimers();
    }
  });

  test("reviewers read conversations but cannot generate; members reach nothing", async () => {
    const { t, admin, member, reviewer, templateId, versionId } = await setup();
    const conversationId = await t.run(async (ctx) =>
      ctx.db.insert("generatedConversations", {
        templateId,
        templateVersionId: versionId,
        framework: "GROW",
        turns: [],
        values: {},
        model: "m",
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        latencyMs: 0,
        attempts: 1,
        status: "generated",
        reviewStatus: "pending",
        createdBy: admin.userId,
        createdAt: 1,
      }),
    );
    expect((await reviewer.as.query(api.studio.generation.conversations.getConversation, { conversationId }))._id).toBe(conversationId);
    const forbidden = { data: { code: "FORBIDDEN" } };
    await expect(member.as.query(api.studio.generation.conversations.getConversation, { conversationId })).rejects.toMatchObject(forbidden);
    for (const who of [member, reviewer] as SignedIn[]) {
      await expect(who.as.mutation(api.studio.generation.single.startSingleGeneration, { templateId, values })).rejects.toMatchObject(forbidden);
      await expect(who.as.query(api.studio.generation.batches.previewBatch, { versionId, matrix: matrix(), mode: "all" })).rejects.toMatchObject(forbidden);
      await expect(who.as.query(api.studio.generation.settings.getGenerationSettings, {})).rejects.toMatchObject(forbidden);
    }
  });

  test("reviewers list batch names for their filters, newest first, and nothing else about a batch", async () => {
    const { admin, reviewer, member, versionId } = await setup();
    for (const name of ["first", "second"]) {
      await admin.as.mutation(api.studio.generation.batches.createBatch, { name, versionId, matrix: matrix(), mode: "all", options: { concurrency: 1 } });
    }
    const page = await reviewer.as.query(api.studio.generation.batches.listBatchNames, { paginationOpts: { numItems: 10, cursor: null } });
    expect(page.page.map((b) => b.name)).toEqual(["second", "first"]);
    expect(Object.keys(page.page[0]).sort()).toEqual(["_id", "createdAt", "name"]);
    await expect(reviewer.as.query(api.studio.generation.batches.listBatches, { paginationOpts: { numItems: 10, cursor: null } })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(member.as.query(api.studio.generation.batches.listBatchNames, { paginationOpts: { numItems: 10, cursor: null } })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  });
});
