/**
 * Health and readiness.
 *
 * - `healthSnapshot` (used by the public `health.status` query): cron
 *   freshness, the gateway's breaker and queue, and the error rate of the last
 *   24 h from `llm_hourly` roll-ups. A handful of indexed reads, whatever the
 *   traffic.
 * - `checkReadiness` (GET /readyz and the admin "Check readiness" button):
 *   the database answers (a mutation that also registers cron jobs), crons
 *   are fresh, configuration parses, and Claude — or the fake server —
 *   answers `GET /v1/models` with our key within READYZ_TIMEOUT_MS. That
 *   probe's result is stored and shared for PROBE_TTL_MS, so /readyz, which
 *   anyone may call, costs the provider at most one call per TTL. Anonymous
 *   callers get only the verdict; the details (which name our provider's
 *   URL) are for the admin view.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation, internalQuery, type ActionCtx, type QueryCtx } from "../_generated/server";
import { adminAction, adminQuery } from "../lib/functions";
import { logger } from "../lib/log";
import { anthropicCredentials, gatewayConfig } from "../llm/config";
import { readGatewayState } from "../llm/state";
import { breakerStateValidator } from "../llm/tables";
import { observabilityConfig } from "./config";
import { cronFreshness, cronFreshnessValidator, loadCronRuns, registerCronJobs, type CronFreshness } from "./cronRuns";
import { KIND, utcHour } from "./rollupMath";

const log = logger("observability");
const HOUR = 60 * 60_000;
/** Above this share of failed calls (with at least MIN_CALLS calls) health reports a problem. */
export const ERROR_RATE_ALERT = 0.5;
const MIN_CALLS = 20;

export const healthValidator = v.object({
  ok: v.boolean(),
  problems: v.array(v.string()),
  errorRate24h: v.union(v.number(), v.null()),
  calls24h: v.number(),
  failed24h: v.number(),
  gateway: v.object({
    breaker: breakerStateValidator,
    queued: v.number(),
    running: v.number(),
    pausedUntil: v.union(v.number(), v.null()),
  }),
  crons: v.array(cronFreshnessValidator),
});

/** Failed share of LLM calls that finished in the last 24 whole-or-partial UTC hours. */
export async function errorRateLast24h(ctx: QueryCtx, now: number) {
  const from = utcHour(now - 23 * HOUR);
  const rows = await ctx.db
    .query("analyticsRollups")
    .withIndex("by_kind_bucket_key", (q) => q.eq("kind", KIND.llmHourly).gte("bucket", from))
    .take(48);
  let calls = 0;
  let failed = 0;
  for (const row of rows) {
    calls += row.values.calls ?? 0;
    failed += row.values.failed ?? 0;
  }
  return { calls, failed, rate: calls > 0 ? failed / calls : null };
}

export function cronProblems(crons: CronFreshness[]): string[] {
  return crons.flatMap((job) => {
    if (job.ageMs === null) return [`cron ${job.name} has never run`];
    if (job.stale) return [`cron ${job.name} last succeeded ${Math.round(job.ageMs / 60_000)} min ago (allowed ${Math.round(job.maxAgeMs / 60_000)} min)`];
    return [];
  });
}

export async function healthSnapshot(ctx: QueryCtx, now: number) {
  const crons = cronFreshness(await loadCronRuns(ctx), now);
  const gateway = await readGatewayState(ctx);
  const errors = await errorRateLast24h(ctx, now);
  const problems = cronProblems(crons);
  if (gateway.breaker === "open") problems.push("the Claude circuit breaker is open");
  if (errors.rate !== null && errors.calls >= MIN_CALLS && errors.rate >= ERROR_RATE_ALERT) {
    problems.push(`${Math.round(errors.rate * 100)} % of LLM calls failed in the last 24 h`);
  }
  return {
    ok: problems.length === 0,
    problems,
    errorRate24h: errors.rate,
    calls24h: errors.calls,
    failed24h: errors.failed,
    gateway: {
      breaker: gateway.breaker,
      queued: gateway.queued,
      running: gateway.running,
      pausedUntil: gateway.pausedUntil ?? null,
    },
    crons,
  };
}

// ---------------------------------------------------------------- readiness

const checkValidator = v.object({ ok: v.boolean(), detail: v.string() });
export const readinessValidator = v.object({
  ok: v.boolean(),
  failing: v.array(v.string()),
  checks: v.object({
    database: checkValidator,
    crons: checkValidator,
    config: checkValidator,
    anthropic: checkValidator,
  }),
  time: v.number(),
});
type Check = { ok: boolean; detail: string };
export type Readiness = {
  ok: boolean;
  failing: string[];
  checks: { database: Check; crons: Check; config: Check; anthropic: Check };
  time: number;
};

// ---------------------------------------------------------------- the shared provider probe

/** How long one provider probe answers for every caller. */
export const PROBE_TTL_MS = 30_000;
/** How often a caller that found another caller's first-ever probe in flight looks for its result. */
const WAIT_POLL_MS = 100;
const PROVIDER = "anthropic";

export type ProbeResult = Check & { checkedAt: number };
export type ProbeRow = { last?: ProbeResult; leaseUntil?: number };
export type ProbePlan =
  | { kind: "reuse"; result: ProbeResult }
  | { kind: "probe"; leaseUntil: number }
  | { kind: "wait"; until: number };

const probeResultValidator = v.object({ ok: v.boolean(), detail: v.string(), checkedAt: v.number() });
const probePlanValidator = v.union(
  v.object({ kind: v.literal("reuse"), result: probeResultValidator }),
  v.object({ kind: v.literal("probe"), leaseUntil: v.number() }),
  v.object({ kind: v.literal("wait"), until: v.number() }),
);

/**
 * Whether this caller probes the provider or reuses what another probe found.
 * A fresh result is reused without a write; a stale one is refreshed by the
 * single caller that takes the lease, while the others keep reusing the
 * stale result (at most TTL + one probe old) rather than piling on. Only
 * when no result exists yet do they wait for the lease holder's. `force`
 * (an admin asking for a check now) probes regardless.
 */
export function planProviderProbe(
  row: ProbeRow | null,
  now: number,
  options: { ttlMs: number; leaseMs: number; force?: boolean },
): ProbePlan {
  const last = row?.last;
  if (!options.force && last && now - last.checkedAt < options.ttlMs) return { kind: "reuse", result: last };
  const leased = row?.leaseUntil !== undefined && row.leaseUntil > now;
  if (!options.force && leased) return last ? { kind: "reuse", result: last } : { kind: "wait", until: row!.leaseUntil! };
  return { kind: "probe", leaseUntil: now + options.leaseMs };
}

async function loadProbeRow(ctx: QueryCtx) {
  return ctx.db
    .query("readinessProbes")
    .withIndex("by_name", (q) => q.eq("name", PROVIDER))
    .unique();
}

/**
 * The database half of readiness, and the provider probe's plan: a write
 * (registering cron rows, or taking the probe lease) proves the database
 * answers; when neither is needed the call reads only.
 */
export const readinessSnapshot = internalMutation({
  args: { forceProbe: v.optional(v.boolean()), leaseMs: v.optional(v.number()) },
  returns: v.object({ crons: v.array(cronFreshnessValidator), probe: probePlanValidator }),
  handler: async (ctx, { forceProbe, leaseMs }) => {
    const now = Date.now();
    await registerCronJobs(ctx);
    const row = await loadProbeRow(ctx);
    const probe = planProviderProbe(row, now, { ttlMs: PROBE_TTL_MS, leaseMs: leaseMs ?? 5_000, force: forceProbe });
    if (probe.kind === "probe") {
      if (row) await ctx.db.patch("readinessProbes", row._id, { leaseUntil: probe.leaseUntil });
      else await ctx.db.insert("readinessProbes", { name: PROVIDER, leaseUntil: probe.leaseUntil });
    }
    return { crons: cronFreshness(await loadCronRuns(ctx), now), probe };
  },
});

/** Stores a probe's result for every caller, and gives back the lease if it is still ours. */
export const recordProviderProbe = internalMutation({
  args: { result: probeResultValidator, leaseUntil: v.number() },
  returns: v.null(),
  handler: async (ctx, { result, leaseUntil }) => {
    const row = await loadProbeRow(ctx);
    if (!row) {
      await ctx.db.insert("readinessProbes", { name: PROVIDER, last: result });
      return null;
    }
    const ours = row.leaseUntil === leaseUntil;
    // A newer result (a forced probe that finished first) wins; then there is nothing to write.
    const newer = row.last !== undefined && row.last.checkedAt > result.checkedAt;
    if (newer && !ours) return null;
    await ctx.db.patch("readinessProbes", row._id, {
      ...(newer ? {} : { last: result }),
      ...(ours ? { leaseUntil: undefined } : {}),
    });
    return null;
  },
});

export const lastProviderProbe = internalQuery({
  args: {},
  returns: v.union(probeResultValidator, v.null()),
  handler: async (ctx) => (await loadProbeRow(ctx))?.last ?? null,
});

function configCheck(): Check {
  try {
    observabilityConfig();
    gatewayConfig();
    anthropicCredentials();
    return { ok: true, detail: "configuration is valid" };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

async function probeAnthropic(timeoutMs: number): Promise<Check> {
  let credentials;
  try {
    credentials = anthropicCredentials();
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  const base = (credentials.baseURL ?? "https://api.anthropic.com").replace(/\/+$/, "");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${base}/v1/models?limit=1`, {
      method: "GET",
      headers: { "x-api-key": credentials.apiKey, "anthropic-version": "2023-06-01" },
      signal: controller.signal,
    });
    // Drain the body so the connection is released.
    await response.text().catch(() => "");
    if (response.ok) return { ok: true, detail: `${base} answered ${response.status}` };
    if (response.status === 401 || response.status === 403) {
      return { ok: false, detail: `${base} refused our API key (${response.status}); check ANTHROPIC_API_KEY` };
    }
    return { ok: false, detail: `${base} answered ${response.status}` };
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    return { ok: false, detail: `${base} is unreachable: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Carries out a probe plan: probe and share, reuse, or wait for the lease holder's result. */
async function providerCheck(ctx: ActionCtx, plan: ProbePlan, timeoutMs: number): Promise<ProbeResult> {
  if (plan.kind === "reuse") return plan.result;
  if (plan.kind === "probe") {
    const check = await probeAnthropic(timeoutMs);
    const result = { ...check, checkedAt: Date.now() };
    await ctx.runMutation(internal.observability.health.recordProviderProbe, { result, leaseUntil: plan.leaseUntil });
    return result;
  }
  // Counted polls rather than a clock check, so a frozen clock cannot make this spin.
  const polls = Math.max(1, Math.ceil((plan.until - Date.now()) / WAIT_POLL_MS));
  for (let i = 0; i < polls; i++) {
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    const last = await ctx.runQuery(internal.observability.health.lastProviderProbe, {});
    if (last) return last;
  }
  return { ok: false, detail: "another readiness probe of Claude did not finish in time", checkedAt: Date.now() };
}

/**
 * Runs every readiness check. The provider probe is shared: within
 * PROBE_TTL_MS every caller gets the same result, so however often /readyz
 * is hit, Claude sees at most one `GET /v1/models` per TTL. `forceProbe`
 * (the admin button) probes now and refreshes the shared result.
 */
export async function checkReadiness(ctx: ActionCtx, options: { forceProbe?: boolean } = {}): Promise<Readiness> {
  const config = configCheck();
  let timeoutMs = 2500;
  try {
    timeoutMs = observabilityConfig().readyzTimeoutMs;
  } catch {
    // Reported by the config check; probe with the default meanwhile.
  }
  const database = await ctx
    .runMutation(internal.observability.health.readinessSnapshot, { forceProbe: options.forceProbe, leaseMs: timeoutMs + 1_000 })
    .then((snapshot) => ({ ok: true as const, snapshot }))
    .catch((error: unknown) => ({ ok: false as const, error }));
  const checks: Readiness["checks"] = {
    database: database.ok
      ? { ok: true, detail: "the database answered" }
      : { ok: false, detail: `the database did not answer: ${database.error instanceof Error ? database.error.message : String(database.error)}` },
    crons: { ok: false, detail: "unknown: the database did not answer" },
    config,
    // Without the database there is no shared result to reuse, and probing per request is what the cache prevents.
    anthropic: { ok: false, detail: "not checked: the database did not answer" },
  };
  if (database.ok) {
    const problems = cronProblems(database.snapshot.crons);
    checks.crons = problems.length === 0 ? { ok: true, detail: "every cron job ran recently" } : { ok: false, detail: problems.join("; ") };
    const { ok, detail } = await providerCheck(ctx, database.snapshot.probe, timeoutMs);
    checks.anthropic = { ok, detail };
  }
  const failing = (Object.keys(checks) as (keyof Readiness["checks"])[]).filter((name) => !checks[name].ok);
  return { ok: failing.length === 0, failing, checks, time: Date.now() };
}

/** The admin panel's "Check readiness": every check in detail, with a fresh probe of Claude. */
export const runReadinessCheck = adminAction({
  args: {},
  returns: readinessValidator,
  handler: async (ctx) => {
    const readiness = await checkReadiness(ctx, { forceProbe: true });
    await log
      .with({ userId: ctx.user._id })
      .persist(ctx, readiness.ok ? "info" : "warn", "readiness_checked", { ok: readiness.ok, failing: readiness.failing });
    return readiness;
  },
});

/** Cron rows in full for the admin health panel (last error, last result). */
export const cronDetails = adminQuery({
  args: {},
  returns: v.array(
    v.object({
      name: v.string(),
      lastError: v.union(v.string(), v.null()),
      lastResult: v.union(v.record(v.string(), v.number()), v.null()),
    }),
  ),
  handler: async (ctx) => {
    const rows = await loadCronRuns(ctx);
    return [...rows.values()].map((row) => ({ name: row.name, lastError: row.lastError ?? null, lastResult: row.lastResult ?? null }));
  },
});
