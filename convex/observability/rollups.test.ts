import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import crons from "../crons";
import type { Doc, Id } from "../_generated/dataModel";
import { FRAMEWORK_IDS, type FrameworkId } from "../coaching/tables";
import { newTest, type TestConvex } from "../test.setup";
import { signIn } from "../test.users";
import { loadFunnel, loadUsage } from "./dashboard";
import { binIndex, histogramOf, percentile } from "./histogram";
import { DEFAULT_PAGE, ROLLUP_INTERVAL_SECONDS, SETTLE_MS } from "./rollups";
import { DAY, HOUR, insertCalls, insertUsers, limitedTest, makeCalls, scheduled } from "./test.observability";

const T0 = Date.UTC(2026, 10, 20, 21, 30);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

type Cells = Map<string, Record<string, number>>;

async function storedRollups(t: TestConvex): Promise<Cells> {
  const rows = await t.run((ctx) => ctx.db.query("analyticsRollups").collect());
  const cells: Cells = new Map();
  for (const row of rows) cells.set(`${row.kind}|${row.bucket}|${row.key}`, row.values);
  return cells;
}

const add = (cells: Cells, id: string, values: Record<string, number>) => {
  const into = cells.get(id) ?? {};
  for (const [k, n] of Object.entries(values)) into[k] = (into[k] ?? 0) + n;
  cells.set(id, into);
};

/** Counted straight from raw rows, independently of rollupMath. */
function recountCalls(calls: Doc<"llmCalls">[], upTo: number): Cells {
  const cells: Cells = new Map();
  for (const c of calls) {
    if (c.finishedAt === undefined || c.finishedAt > upTo) continue;
    const iso = new Date(c.finishedAt).toISOString();
    const failed = c.status === "failed" ? 1 : 0;
    const daily: Record<string, number> = {
      calls: 1,
      succeeded: c.status === "succeeded" ? 1 : 0,
      failed,
      stopped: c.status === "stopped" ? 1 : 0,
      inputTokens: c.inputTokens,
      outputTokens: c.outputTokens,
      costMicros: c.costMicros,
    };
    if (c.latencyMs !== undefined) Object.assign(daily, { latencyCount: 1, latencySumMs: c.latencyMs, [`lat_${binIndex(c.latencyMs)}`]: 1 });
    if (failed && c.errorClass) daily[`err_${c.errorClass}`] = 1;
    add(cells, `llm_daily|${iso.slice(0, 10)}|model=${c.model}|purpose=${c.purpose}`, daily);
    add(cells, `llm_hourly|${iso.slice(0, 13)}|all`, { calls: 1, failed, costMicros: c.costMicros });
    add(cells, `user_daily|${iso.slice(0, 10)}|user=${c.userId ?? "none"}`, {
      calls: 1,
      failed,
      inputTokens: c.inputTokens,
      outputTokens: c.outputTokens,
      costMicros: c.costMicros,
    });
  }
  return cells;
}

function withoutZeros(cells: Cells): Cells {
  return new Map([...cells].map(([id, values]) => [id, Object.fromEntries(Object.entries(values).filter(([, n]) => n !== 0))]));
}

async function drain(t: TestConvex, fn: typeof internal.observability.rollups.rollupLlmCalls, pageSize?: number) {
  let runs = 0;
  for (;;) {
    const result = await t.mutation(fn, { pageSize });
    runs++;
    if (!result.more) return runs;
    if (runs > 500) throw new Error("roll-up does not converge");
  }
}

describe("LLM call roll-ups", () => {
  test("agree with a raw recount after many incremental runs, late finishes and new rows", async () => {
    const t = await newTest();
    const users = await insertUsers(t, 3);
    const userPool: (Id<"users"> | undefined)[] = [...users, undefined];
    await insertCalls(t, makeCalls(900, { start: T0 - 2 * DAY, spanMs: 2 * DAY - HOUR, users: userPool, seed: 3 }));

    // First pass in small pages: some runs end inside a tie of equal finishedAt values.
    const runs = await drain(t, internal.observability.rollups.rollupLlmCalls, 37);
    expect(runs).toBeGreaterThan(10);

    // Running calls finish later (their finishedAt is after the cursor), new calls arrive,
    // and some arrive inside the settle window, which the next run must leave alone.
    vi.setSystemTime(T0 + 3 * HOUR);
    await t.run(async (ctx) => {
      const running = await ctx.db.query("llmCalls").withIndex("by_status_startedAt", (q) => q.eq("status", "running")).collect();
      for (const [i, call] of running.entries()) {
        await ctx.db.patch("llmCalls", call._id, { status: i % 2 ? "succeeded" : "failed", finishedAt: Date.now() - HOUR + i, latencyMs: 300 + i, errorClass: i % 2 ? undefined : "timeout" });
      }
    });
    await insertCalls(t, makeCalls(400, { start: T0 + HOUR, spanMs: 2 * HOUR - 30_000, users: userPool, seed: 9 }));
    await insertCalls(t, makeCalls(20, { start: Date.now() - SETTLE_MS / 2, spanMs: SETTLE_MS / 4, users: userPool, seed: 11 }));
    await drain(t, internal.observability.rollups.rollupLlmCalls, 101);

    let all = await t.run((ctx) => ctx.db.query("llmCalls").collect());
    expect(withoutZeros(await storedRollups(t))).toEqual(withoutZeros(recountCalls(all, Date.now() - SETTLE_MS)));
    expect(all.some((c) => c.finishedAt !== undefined && c.finishedAt > Date.now() - SETTLE_MS)).toBe(true);

    // Once the settle window passes, the rest is counted too; nothing twice.
    vi.setSystemTime(T0 + 4 * HOUR);
    await drain(t, internal.observability.rollups.rollupLlmCalls);
    all = await t.run((ctx) => ctx.db.query("llmCalls").collect());
    const recount = recountCalls(all, Date.now());
    expect(withoutZeros(await storedRollups(t))).toEqual(withoutZeros(recount));

    // The dashboard's numbers are the recount's, percentiles included.
    const usage = await t.run((ctx) => loadUsage(ctx, 7, Date.now()));
    const finished = all.filter((c) => c.finishedAt !== undefined);
    expect(usage.totals.calls).toBe(finished.length);
    expect(usage.totals.failed).toBe(finished.filter((c) => c.status === "failed").length);
    expect(usage.totals.costMicros).toBe(finished.reduce((s, c) => s + c.costMicros, 0));
    expect(usage.totals.inputTokens).toBe(finished.reduce((s, c) => s + c.inputTokens, 0));
    const latencies: Record<string, number> = {};
    for (const c of finished) if (c.latencyMs !== undefined) latencies[`lat_${binIndex(c.latencyMs)}`] = (latencies[`lat_${binIndex(c.latencyMs)}`] ?? 0) + 1;
    expect(usage.totals.p50Ms).toBe(percentile(histogramOf(latencies), 0.5));
    expect(usage.totals.p95Ms).toBe(percentile(histogramOf(latencies), 0.95));
    expect(usage.days.reduce((s, d) => s + d.calls, 0)).toBe(finished.length);
  });

  test("re-running finds nothing new and changes nothing (idempotent)", async () => {
    const t = await newTest();
    await insertCalls(t, makeCalls(120, { start: T0 - DAY, spanMs: DAY - HOUR, users: [undefined] }));
    await drain(t, internal.observability.rollups.rollupLlmCalls);
    const before = await storedRollups(t);
    for (let i = 0; i < 3; i++) expect(await t.mutation(internal.observability.rollups.rollupLlmCalls, {})).toEqual({ processed: 0, more: false });
    expect(await storedRollups(t)).toEqual(before);
    const run = await t.run((ctx) => ctx.db.query("cronRuns").withIndex("by_name", (q) => q.eq("name", "rollup_llm_calls")).unique());
    expect(run?.lastSuccessAt).toBe(T0);
  });

  test("a run reads at most one page within Convex's limits and reschedules while rows remain", async () => {
    // documentsRead is tight: one page of calls plus the roll-up cells it touches.
    const t = await limitedTest({ documentsRead: DEFAULT_PAGE + 400 });
    const calls = makeCalls(DEFAULT_PAGE * 3, { start: T0 - DAY, spanMs: DAY - HOUR, users: [undefined] });
    const finished = calls.filter((c) => c.finishedAt !== undefined).length;
    expect(finished).toBeGreaterThan(DEFAULT_PAGE * 2);
    await insertCalls(t, calls, 500);
    // The limit is real: reading more than a page and its cells in one transaction fails.
    await expect(t.run((ctx) => ctx.db.query("llmCalls").take(DEFAULT_PAGE + 401))).rejects.toThrow(/too many documents/);
    const first = await t.mutation(internal.observability.rollups.rollupLlmCalls, {});
    expect(first).toEqual({ processed: DEFAULT_PAGE, more: true });
    expect(await scheduled(t, "rollupLlmCalls")).toHaveLength(1);
    let total = first.processed;
    for (let run = 0; run < 5; run++) {
      const next = await t.mutation(internal.observability.rollups.rollupLlmCalls, {});
      expect(next.processed).toBeLessThanOrEqual(DEFAULT_PAGE);
      expect(next.more).toBe(next.processed === DEFAULT_PAGE);
      total += next.processed;
      if (!next.more) break;
    }
    expect(total).toBe(finished);
  });
});

describe("session roll-ups", () => {
  type Seed = { frameworkId: FrameworkId; status: Doc<"coachingSessions">["status"]; startedAt: number; endedAt?: number; step: number };

  async function seedSessions(t: TestConvex, userId: Id<"users">, seeds: Seed[]) {
    await t.run(async (ctx) => {
      for (const s of seeds) {
        await ctx.db.insert("coachingSessions", {
          userId,
          frameworkId: s.frameworkId,
          challenge: "c",
          status: s.status,
          currentStepIndex: s.step,
          collected: {},
          missing: {},
          userTurnsInStep: 0,
          startedAt: s.startedAt,
          lastActivityAt: s.endedAt ?? s.startedAt,
          endedAt: s.endedAt,
        });
      }
    });
  }

  function makeSeeds(count: number, offset: number): Seed[] {
    return Array.from({ length: count }, (_, i) => {
      const n = i + offset;
      const status = (["active", "completed", "abandoned", "abandoned", "paused"] as const)[n % 5];
      const startedAt = T0 - 2 * DAY + n * 997;
      return {
        frameworkId: FRAMEWORK_IDS[n % FRAMEWORK_IDS.length],
        status,
        startedAt,
        // Ties on endedAt, across a day boundary.
        endedAt: status === "completed" || status === "abandoned" ? T0 - DAY + Math.floor(n / 3) * 60_000 : undefined,
        step: n % 4,
      };
    });
  }

  function recount(sessions: Doc<"coachingSessions">[]) {
    const cells: Cells = new Map();
    for (const s of sessions) {
      add(cells, `sessions_daily|${new Date(s.startedAt).toISOString().slice(0, 10)}|framework=${s.frameworkId}`, { started: 1 });
      if ((s.status === "completed" || s.status === "abandoned") && s.endedAt !== undefined) {
        const day = new Date(s.endedAt).toISOString().slice(0, 10);
        add(cells, `sessions_daily|${day}|framework=${s.frameworkId}`, s.status === "completed" ? { completed: 1 } : { abandoned: 1, [`drop_${s.currentStepIndex}`]: 1 });
      }
    }
    return cells;
  }

  test("started, completed, abandoned and step drop-off agree with a recount", async () => {
    const t = await newTest();
    const [userId] = await insertUsers(t, 1);
    await seedSessions(t, userId, makeSeeds(130, 0));
    vi.setSystemTime(T0 + 10 * 60_000);
    await drain(t, internal.observability.rollups.rollupSessions, 17);

    // Later: some open sessions end, new ones start.
    await t.run(async (ctx) => {
      const open = await ctx.db.query("coachingSessions").withIndex("by_status_endedAt", (q) => q.eq("status", "active")).take(10);
      for (const s of open) await ctx.db.patch("coachingSessions", s._id, { status: "abandoned", endedAt: Date.now() - 5 * 60_000 });
    });
    await seedSessions(t, userId, makeSeeds(40, 1000));
    vi.setSystemTime(T0 + 20 * 60_000);
    await drain(t, internal.observability.rollups.rollupSessions, 23);

    const sessions = await t.run((ctx) => ctx.db.query("coachingSessions").collect());
    const stored = new Map([...(await storedRollups(t))].filter(([id]) => id.startsWith("sessions_daily")));
    expect(stored).toEqual(recount(sessions));

    const funnel = await t.run((ctx) => loadFunnel(ctx, 7, Date.now()));
    for (const row of funnel.frameworks) {
      const mine = sessions.filter((s) => s.frameworkId === row.frameworkId);
      expect(row.started).toBe(mine.length);
      expect(row.completed).toBe(mine.filter((s) => s.status === "completed").length);
      expect(row.abandoned).toBe(mine.filter((s) => s.status === "abandoned").length);
      for (const step of row.steps) {
        expect(step.dropped).toBe(mine.filter((s) => s.status === "abandoned" && s.currentStepIndex === step.index).length);
      }
    }
    expect(await t.mutation(internal.observability.rollups.rollupSessions, {})).toEqual({ processed: 0, more: false });
  });
});

describe("usage is current", () => {
  test("a call shows in the dashboard's usage within one cron tick, without refreshRollups", async () => {
    const t = await newTest();
    const admin = await signIn(t, "admin@example.com");
    const before = await admin.as.query(api.observability.dashboard.usage, { days: 1 });
    await insertCalls(t, [
      {
        purpose: "coaching",
        model: "claude-sonnet-5-5",
        attempt: 1,
        status: "succeeded",
        userId: admin.userId,
        traceId: "tr_now",
        inputTokens: 1200,
        outputTokens: 300,
        costMicros: 8100,
        latencyMs: 900,
        startedAt: T0 - 900,
        finishedAt: T0,
      },
    ]);
    // One cron tick later, the cron's run has counted it.
    vi.setSystemTime(T0 + ROLLUP_INTERVAL_SECONDS * 1000);
    await t.mutation(internal.observability.rollups.rollupLlmCalls, {});
    const after = await admin.as.query(api.observability.dashboard.usage, { days: 1 });
    expect(after.totals.calls - before.totals.calls).toBe(1);
    expect(after.totals).toMatchObject({ inputTokens: 1200, outputTokens: 300, costMicros: 8100 });
    expect(after.days[after.days.length - 1]).toMatchObject({ day: "2026-11-20", calls: 1 });
  });

  test("the roll-up crons run often enough for a one-minute promise", () => {
    expect(SETTLE_MS + ROLLUP_INTERVAL_SECONDS * 1000).toBeLessThanOrEqual(60_000);
    const jobs = (crons as unknown as { crons: Record<string, { name: string; schedule: { type: string; seconds?: number } }> }).crons;
    for (const name of ["observability/rollups:rollupLlmCalls", "observability/rollups:rollupSessions"]) {
      const job = Object.values(jobs).find((j) => j.name === name);
      expect(job?.schedule).toEqual({ type: "interval", seconds: ROLLUP_INTERVAL_SECONDS });
    }
  });
});
