import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { newTest, type TestConvex } from "../test.setup";
import { PAGE } from "./cleanup";
import { CRON_JOB_NAMES } from "./cronRuns";
import { DAY, limitedTest, scheduled } from "./test.observability";

const T0 = Date.UTC(2026, 10, 22, 3, 17);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
  for (const name of ["LOG_RETENTION_DAYS", "LLM_CALL_RETENTION_DAYS", "ABANDONED_MESSAGE_RETENTION_DAYS"]) delete process.env[name];
});

type AnyTest = TestConvex | Awaited<ReturnType<typeof limitedTest>>;

async function drain<T extends { more: boolean }>(run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < 100; i++) {
    const result = await run();
    results.push(result);
    if (!result.more) return results;
  }
  throw new Error("does not converge");
}

describe("purging rate-limit windows", () => {
  async function seed(t: AnyTest) {
    const expired = PAGE * 2 + 30;
    for (let from = 0; from < expired; from += 100) {
      await t.run(async (ctx) => {
        for (let i = from; i < Math.min(expired, from + 100); i++) {
          await ctx.db.insert("rateLimitWindows", { key: `chat:u${i}`, windowMs: 60_000, admittedAt: [T0 - 120_000], expiresAt: T0 - 60_000 + i });
        }
      });
    }
    await t.run(async (ctx) => {
      for (let i = 0; i < 5; i++) {
        await ctx.db.insert("rateLimitWindows", { key: `chat:live${i}`, windowMs: 60_000, admittedAt: [T0], expiresAt: T0 + 60_000 });
      }
      await ctx.db.insert("providerBuckets", { key: "anthropic:old-model:rpm", tat: T0 - 3 * DAY, updatedAt: T0 - 3 * DAY });
      await ctx.db.insert("providerBuckets", { key: "anthropic:busy:rpm", tat: T0 + 5_000, updatedAt: T0 - 2 * DAY });
      await ctx.db.insert("providerBuckets", { key: "anthropic:recent:rpm", tat: T0 - 1000, updatedAt: T0 - 1000 });
    });
  }

  test("each run deletes at most a page, reschedules, and converges on exactly the expired rows", async () => {
    // A delete reads its document too: a page costs 2 × PAGE reads.
    const t = await limitedTest({ documentsRead: 2 * PAGE + 100, documentsWritten: PAGE + 50 });
    await seed(t);
    const first = await t.mutation(internal.observability.cleanup.purgeRateLimits, {});
    expect(first).toEqual({ windows: PAGE, buckets: 1, more: true });
    expect(await scheduled(t, "purgeRateLimits")).toHaveLength(1);
    const rest = await drain(() => t.mutation(internal.observability.cleanup.purgeRateLimits, {}));
    expect(rest.every((r) => r.windows <= PAGE)).toBe(true);
    expect(first.windows + rest.reduce((s, r) => s + r.windows, 0)).toBe(PAGE * 2 + 30);
    const left = await t.run(async (ctx) => ({
      windows: (await ctx.db.query("rateLimitWindows").take(100)).map((w) => w.key).sort(),
      buckets: (await ctx.db.query("providerBuckets").take(100)).map((b) => b.key).sort(),
    }));
    expect(left.windows).toEqual(["chat:live0", "chat:live1", "chat:live2", "chat:live3", "chat:live4"]);
    expect(left.buckets).toEqual(["anthropic:busy:rpm", "anthropic:recent:rpm"]);
    // Idempotent: nothing left to do.
    expect(await t.mutation(internal.observability.cleanup.purgeRateLimits, {})).toEqual({ windows: 0, buckets: 0, more: false });
  });

  test("records its run and registers every cron job for health", async () => {
    const t = await newTest();
    await t.mutation(internal.observability.cleanup.purgeRateLimits, {});
    const rows = await t.run((ctx) => ctx.db.query("cronRuns").collect());
    expect(rows.map((r) => r.name).sort()).toEqual([...CRON_JOB_NAMES].sort());
    expect(rows.find((r) => r.name === "purge_rate_limits")?.lastSuccessAt).toBe(T0);
    expect(rows.find((r) => r.name === "retention")?.lastSuccessAt).toBeUndefined();
  });
});

describe("retention", () => {
  type Seeded = {
    logs: { keep: Id<"logs">[]; drop: Id<"logs">[] };
    calls: { keep: Id<"llmCalls">[]; drop: Id<"llmCalls">[] };
    requests: { keep: Id<"llmRequests">[]; drop: Id<"llmRequests">[] };
    messages: { keep: Id<"coachingMessages">[]; drop: Id<"coachingMessages">[] };
  };

  /** Rows on both sides of each limit (in days: logs, llm calls, abandoned messages). */
  async function seed(t: AnyTest, days: { logs: number; calls: number; messages: number }): Promise<Seeded> {
    const ago = (d: number) => T0 - d * DAY;
    const out: Seeded = { logs: { keep: [], drop: [] }, calls: { keep: [], drop: [] }, requests: { keep: [], drop: [] }, messages: { keep: [], drop: [] } };
    // A backlog of logs several pages long, written in page-sized transactions.
    for (let batch = 0; batch < 5; batch++) {
      await t.run(async (ctx) => {
        for (let i = batch * PAGE; i < (batch + 1) * PAGE; i++) {
          out.logs.drop.push(await ctx.db.insert("logs", { level: "info", area: "x", event: "e", traceId: "-", fields: {}, at: ago(days.logs) - 1 - i * 1000 }));
        }
      });
    }
    await t.run(async (ctx) => {
      const log = (at: number) => ctx.db.insert("logs", { level: "info", area: "x", event: "e", traceId: "-", fields: {}, at });
      out.logs.keep.push(await log(ago(days.logs) + 1), await log(ago(1)), await log(T0));
    });
    await t.run(async (ctx) => {
      const call = (startedAt: number) =>
        ctx.db.insert("llmCalls", { purpose: "coaching", model: "m", attempt: 1, status: "succeeded", traceId: "t", inputTokens: 1, outputTokens: 1, costMicros: 1, startedAt, finishedAt: startedAt + 5 });
      for (let i = 0; i < PAGE + 10; i++) out.calls.drop.push(await call(ago(days.calls) - 1 - i));
      out.calls.keep.push(await call(ago(days.calls) + 10), await call(ago(2)));

      const request = (status: "succeeded" | "failed" | "stopped" | "queued", finishedAt: number | undefined) =>
        ctx.db.insert("llmRequests", {
          purpose: "coaching", priority: "interactive", priorityRank: 0, model: "m", traceId: "t", status, attempts: 1, maxAttempts: 3,
          params: { messages: [], maxTokens: 10 }, stream: false, handler: "h:h", context: null, estimatedInputTokens: 1,
          enqueuedAt: (finishedAt ?? ago(days.calls + 5)) - 10, finishedAt,
        });
      out.requests.drop.push(await request("succeeded", ago(days.calls) - 1), await request("failed", ago(days.calls + 30)), await request("stopped", ago(days.calls + 1)));
      out.requests.keep.push(await request("succeeded", ago(days.calls) + 100), await request("queued", undefined));
    });
    await t.run(async (ctx) => {

      const userId = await ctx.db.insert("users", { email: "r@example.com", role: "member" });
      const session = async (status: "abandoned" | "completed" | "active", endedAt: number | undefined, messages: number) => {
        const sessionId = await ctx.db.insert("coachingSessions", {
          userId, frameworkId: "GROW", challenge: "c", status, currentStepIndex: 1, collected: {}, missing: {}, userTurnsInStep: 0,
          startedAt: (endedAt ?? T0) - DAY, lastActivityAt: endedAt ?? T0, endedAt,
        });
        const ids: Id<"coachingMessages">[] = [];
        for (let i = 0; i < messages; i++) {
          ids.push(await ctx.db.insert("coachingMessages", { sessionId, userId, role: "user", text: `m${i}`, status: "done", stepIndex: 0, createdAt: T0, updatedAt: T0 }));
        }
        return ids;
      };
      // One abandoned session holds more than a page of messages; ties on endedAt too.
      out.messages.drop.push(...(await session("abandoned", ago(days.messages) - 1, PAGE + 25)));
      out.messages.drop.push(...(await session("abandoned", ago(days.messages + 10), 4)));
      out.messages.drop.push(...(await session("abandoned", ago(days.messages + 10), 3)));
      out.messages.keep.push(...(await session("abandoned", ago(days.messages) + 1000, 3)));
      out.messages.keep.push(...(await session("completed", ago(days.messages + 60), 5)));
      out.messages.keep.push(...(await session("active", undefined, 2)));
    });
    return out;
  }

  /** Ids still present (one table per transaction, to stay inside the limits); logs written by the job itself are not seeded rows. */
  async function survivors(t: AnyTest) {
    const ids = async (table: "llmCalls" | "llmRequests" | "coachingMessages") =>
      new Set(await t.run(async (ctx) => (await ctx.db.query(table).collect()).map((r) => r._id as string)));
    return {
      logs: new Set(await t.run(async (ctx) => (await ctx.db.query("logs").collect()).filter((r) => r.area === "x").map((r) => r._id as string))),
      calls: await ids("llmCalls"),
      requests: await ids("llmRequests"),
      messages: await ids("coachingMessages"),
      sessions: await t.run(async (ctx) => (await ctx.db.query("coachingSessions").collect()).length),
    };
  }

  function expectExactly(left: Awaited<ReturnType<typeof survivors>>, seeded: Seeded) {
    for (const table of ["logs", "calls", "requests", "messages"] as const) {
      expect([...left[table]].sort(), table).toEqual([...seeded[table].keep].sort());
    }
    expect(left.sessions).toBe(6);
  }

  test("removes exactly what is due under the defaults (30 / 90 / 30 days), a page at a time", async () => {
    // Four targets, a page each, and a delete reads its document: about 9 pages of reads per run,
    // while the backlog (5 pages of logs alone) is far more.
    const t = await limitedTest({ documentsRead: 9 * PAGE + 200, documentsWritten: 4 * PAGE + 50 });
    const seeded = await seed(t, { logs: 30, calls: 90, messages: 30 });
    const first = await t.mutation(internal.observability.cleanup.applyRetention, {});
    expect(first.logs).toBe(PAGE);
    expect(first.llmCalls).toBe(PAGE);
    expect(first.messages).toBeLessThanOrEqual(PAGE);
    expect(first.more).toBe(true);
    expect(await scheduled(t, "applyRetention")).toHaveLength(1);
    const rest = await drain(() => t.mutation(internal.observability.cleanup.applyRetention, {}));
    for (const r of rest) for (const n of [r.logs, r.llmCalls, r.llmRequests, r.messages]) expect(n).toBeLessThanOrEqual(PAGE);
    expectExactly(await survivors(t), seeded);
    // Idempotent.
    expect(await t.mutation(internal.observability.cleanup.applyRetention, {})).toEqual({
      logs: 0, llmCalls: 0, llmRequests: 0, messages: 0, sessionsPurged: 0, more: false,
    });
    const audit = await t.run((ctx) => ctx.db.query("auditLogs").withIndex("by_action_at", (q) => q.eq("action", "retention.deleted")).collect());
    expect(audit.reduce((s, a) => s + (a.details.messages as number), 0)).toBe(seeded.messages.drop.length);
    expect(audit.reduce((s, a) => s + (a.details.logs as number), 0)).toBe(seeded.logs.drop.length);
  });

  test("follows the configured periods", async () => {
    process.env.LOG_RETENTION_DAYS = "7";
    process.env.LLM_CALL_RETENTION_DAYS = "14";
    process.env.ABANDONED_MESSAGE_RETENTION_DAYS = "3";
    const t = await newTest();
    const seeded = await seed(t, { logs: 7, calls: 14, messages: 3 });
    await drain(() => t.mutation(internal.observability.cleanup.applyRetention, {}));
    expectExactly(await survivors(t), seeded);
  });

  test("an invalid period deletes nothing and records an error naming the variable", async () => {
    process.env.LOG_RETENTION_DAYS = "a month";
    const t = await newTest();
    await seed(t, { logs: 30, calls: 90, messages: 30 });
    const before = await survivors(t);
    const result = await t.mutation(internal.observability.cleanup.applyRetention, {});
    expect(result.more).toBe(false);
    const after = await survivors(t);
    expect(after.logs.size).toBe(before.logs.size);
    expect(after.messages.size).toBe(before.messages.size);
    const row = await t.run((ctx) => ctx.db.query("cronRuns").withIndex("by_name", (q) => q.eq("name", "retention")).unique());
    expect(row?.lastError).toMatch(/LOG_RETENTION_DAYS is invalid.*npx convex env set LOG_RETENTION_DAYS/);
    expect(row?.lastSuccessAt).toBeUndefined();
  });
});
