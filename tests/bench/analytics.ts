/**
 * npm run bench:analytics
 *
 * Seeds 1,000 and then 100,000 LLM call records (plus a fixed set of users
 * and coaching sessions), drains the roll-ups, and measures what the admin
 * dashboard's queries read — documents counted by convex-test's transaction
 * metrics (`ctx.meta.getTransactionMetrics()`) inside one query per
 * dashboard call. Dashboards read roll-ups only, so reads should not grow
 * with the number of calls: the goal is reads_ratio ≤ 1.1.
 *
 * Prints exactly one JSON line on stdout:
 * {"small_logs":1000,"large_logs":100000,"reads_small":…,"reads_large":…,"reads_ratio":…,"query_ms_large":…}
 * (progress goes to stderr). Not run in CI.
 *
 * The modules map comes from the offline backend's function loader
 * (tools/offline-backend/function-registry.ts), which picks and imports
 * convex/ the way Convex's bundler does; plain Node has no import.meta.glob.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { convexTest } from "convex-test";
import { makeFunctionReference, queryGeneric } from "convex/server";
import { v } from "convex/values";
import { REPO_ROOT } from "../../tools/offline-backend/backend";
import { FunctionRegistry } from "../../tools/offline-backend/function-registry";
import schema from "../../convex/schema";
import type { Id } from "../../convex/_generated/dataModel";
import { FRAMEWORK_IDS } from "../../convex/coaching/tables";
import { loadFunnel, loadUsage, loadUserUsagePage } from "../../convex/observability/dashboard";
import { healthSnapshot } from "../../convex/observability/health";
import { utcDay } from "../../convex/observability/rollupMath";
import { SETTLE_MS } from "../../convex/observability/rollups";

const SMALL = 1_000;
const LARGE = 100_000;
const USERS = 20;
const SESSIONS = 600;
const DAYS = 30;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MODELS = ["claude-sonnet-5-5", "claude-haiku-5-5", "claude-opus-5-5"];
const PURPOSES = ["coaching", "classification", "generation", "judging"] as const;
const INSERT_BATCH = 10_000;
const ROLLUP_PAGE = 4_000;

const progress = (message: string) => process.stderr.write(`[bench:analytics] ${message}\n`);

type Dashboard = "usage" | "funnel" | "users" | "health";

/** One query per dashboard call, returning what it read. */
const probeModule = {
  measure: queryGeneric({
    args: { dashboard: v.string(), day: v.string() },
    handler: async (ctx, { dashboard, day }) => {
      // The probe reads the same tables through the same helpers as the admin queries.
      const qctx = ctx as unknown as Parameters<typeof loadUsage>[0];
      const now = Date.now();
      const started = performance.now();
      if (dashboard === "usage") await loadUsage(qctx, DAYS, now);
      else if (dashboard === "funnel") await loadFunnel(qctx, DAYS, now);
      else if (dashboard === "users") await loadUserUsagePage(qctx, day, { numItems: 50, cursor: null });
      else await healthSnapshot(qctx, now);
      const ms = performance.now() - started;
      const metrics = await ctx.meta.getTransactionMetrics();
      return { documentsRead: metrics.documentsRead.used, ms };
    },
  }),
};
const measureRef = makeFunctionReference<"query", { dashboard: string; day: string }, { documentsRead: number; ms: number }>("benchProbe:measure");

async function newInstance(modules: Record<string, () => Promise<unknown>>) {
  return convexTest(schema, { ...modules, "./convex/benchProbe.ts": async () => probeModule });
}
type Instance = Awaited<ReturnType<typeof newInstance>>;

/** Deterministic calls spread over 30 days, every hour, 3 models × 4 purposes and 20 users. */
function call(i: number, end: number, users: Id<"users">[]) {
  const slot = Math.floor(i / DAYS);
  const finishedAt = end - (i % DAYS) * DAY - (slot % 24) * HOUR - (i % 997) * 1000;
  const latencyMs = 200 + ((i * 7919) % 4000);
  const failed = i % 17 === 0;
  const inputTokens = failed ? 0 : 100 + (i % 1500);
  const outputTokens = failed ? 0 : 20 + (i % 400);
  return {
    purpose: PURPOSES[slot % PURPOSES.length],
    model: MODELS[Math.floor(slot / PURPOSES.length) % MODELS.length],
    attempt: 1,
    status: failed ? ("failed" as const) : ("succeeded" as const),
    userId: users[slot % users.length],
    traceId: `tr_bench_${i}`,
    inputTokens,
    outputTokens,
    costMicros: inputTokens * 3 + outputTokens * 15,
    latencyMs,
    errorClass: failed ? ("overloaded" as const) : undefined,
    startedAt: finishedAt - latencyMs,
    finishedAt,
  };
}

async function seed(t: Instance, calls: number, end: number) {
  const users = await t.run(async (ctx) => {
    const ids: Id<"users">[] = [];
    for (let u = 0; u < USERS; u++) ids.push(await ctx.db.insert("users", { email: `bench${u}@example.com`, role: u === 0 ? "admin" : "member" }));
    for (let s = 0; s < SESSIONS; s++) {
      const startedAt = end - (s % DAYS) * DAY - 2 * HOUR;
      const status = (["completed", "abandoned", "active"] as const)[s % 3];
      await ctx.db.insert("coachingSessions", {
        userId: ids[s % USERS],
        frameworkId: FRAMEWORK_IDS[Math.floor(s / DAYS) % FRAMEWORK_IDS.length],
        challenge: "bench",
        status,
        currentStepIndex: s % 3,
        collected: {},
        missing: {},
        userTurnsInStep: 0,
        startedAt,
        lastActivityAt: startedAt + HOUR,
        endedAt: status === "active" ? undefined : startedAt + HOUR,
      });
    }
    return ids;
  });
  for (let from = 0; from < calls; from += INSERT_BATCH) {
    await t.run(async (ctx) => {
      for (let i = from; i < Math.min(calls, from + INSERT_BATCH); i++) await ctx.db.insert("llmCalls", call(i, end, users));
    });
  }
}

async function drainRollups(t: Instance) {
  const internalRef = (name: string) => makeFunctionReference<"mutation", { pageSize?: number }, { processed: number; more: boolean }>(name);
  let processed = 0;
  for (const name of ["observability/rollups:rollupLlmCalls", "observability/rollups:rollupSessions"]) {
    for (;;) {
      const result = await t.mutation(internalRef(name), { pageSize: ROLLUP_PAGE });
      processed += result.processed;
      if (!result.more) break;
    }
  }
  // A full page schedules a continuation; let any that started finish before measuring.
  await t.finishInProgressScheduledFunctions();
  return processed;
}

async function measure(t: Instance, day: string, repeats: number) {
  let reads = 0;
  const timings: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let total = 0;
    let ms = 0;
    for (const dashboard of ["usage", "funnel", "users", "health"] as Dashboard[]) {
      const started = performance.now();
      const result = await t.query(measureRef, { dashboard, day });
      ms += performance.now() - started;
      total += result.documentsRead;
    }
    reads = total;
    timings.push(ms);
  }
  timings.sort((a, b) => a - b);
  return { reads, ms: timings[Math.floor(timings.length / 2)] };
}

async function run(modules: Record<string, () => Promise<unknown>>, calls: number, now: number) {
  const t = await newInstance(modules);
  const end = now - HOUR;
  let started = performance.now();
  await seed(t, calls, end);
  progress(`${calls} calls seeded in ${Math.round(performance.now() - started)} ms`);
  // Roll-ups leave rows younger than SETTLE_MS for the next run; step the clock past
  // that window so both runs roll up everything they seeded, however fast they are.
  const realNow = Date.now;
  Date.now = () => realNow() + SETTLE_MS + 60_000;
  started = performance.now();
  const processed = await drainRollups(t);
  progress(`roll-ups read ${processed} rows in ${Math.round(performance.now() - started)} ms`);
  const rolledUp = await t.run(async (ctx) => {
    const docs = await ctx.db
      .query("analyticsRollups")
      .withIndex("by_kind_bucket_key", (q) => q.eq("kind", "llm_daily"))
      .collect();
    return docs.reduce((sum, doc) => sum + (doc.values.calls ?? 0), 0);
  });
  if (rolledUp !== calls) throw new Error(`roll-ups counted ${rolledUp} calls, expected ${calls}`);
  if (processed !== calls + SESSIONS + Math.ceil((SESSIONS * 2) / 3)) throw new Error(`roll-ups read ${processed} rows, expected every call and session event`);
  try {
    return await measure(t, utcDay(end), 5);
  } finally {
    Date.now = realNow;
  }
}

async function main() {
  const registry = await FunctionRegistry.load(path.join(REPO_ROOT, "convex"));
  const modules = registry.convexTestModules;
  const now = Date.now();
  const small = await run(modules, SMALL, now);
  progress(`small: ${small.reads} documents read, ${small.ms.toFixed(1)} ms`);
  const large = await run(modules, LARGE, now);
  progress(`large: ${large.reads} documents read, ${large.ms.toFixed(1)} ms`);
  const result = {
    small_logs: SMALL,
    large_logs: LARGE,
    reads_small: small.reads,
    reads_large: large.reads,
    reads_ratio: Math.round((large.reads / small.reads) * 1000) / 1000,
    query_ms_large: Math.round(large.ms * 10) / 10,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
