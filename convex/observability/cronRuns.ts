/**
 * Bookkeeping for scheduled jobs: one `cronRuns` row per job, holding its
 * last run, last success, last error and (for roll-ups) cursors. Health and
 * readiness judge each job by the age of its last success against the job's
 * own allowance.
 *
 * A job that has never succeeded is measured from the row's creation, which
 * `registerCronJobs` does on the first 5-minute tick or the first /readyz:
 * a fresh deployment is not "stale" before its daily job could have run.
 */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const CRON_JOBS = {
  expire_idle_sessions: { label: "Expire idle coaching sessions", schedule: "every 5 min", maxAgeMs: 15 * MINUTE },
  purge_rate_limits: { label: "Purge expired rate-limit windows", schedule: "every 5 min", maxAgeMs: 15 * MINUTE },
  rollup_llm_calls: { label: "Roll up LLM calls", schedule: "every 30 s", maxAgeMs: 10 * MINUTE },
  rollup_sessions: { label: "Roll up coaching sessions", schedule: "every 30 s", maxAgeMs: 10 * MINUTE },
  retention: { label: "Apply retention", schedule: "daily", maxAgeMs: 36 * HOUR },
} as const;

export type CronJobName = keyof typeof CRON_JOBS;
export const CRON_JOB_NAMES = Object.keys(CRON_JOBS) as CronJobName[];

export const cronFreshnessValidator = v.object({
  name: v.string(),
  label: v.string(),
  schedule: v.string(),
  lastRunAt: v.union(v.number(), v.null()),
  lastSuccessAt: v.union(v.number(), v.null()),
  /** Since the last success, or since the job was registered if it never succeeded; null if unknown. */
  ageMs: v.union(v.number(), v.null()),
  maxAgeMs: v.number(),
  stale: v.boolean(),
  failing: v.boolean(),
});
export type CronFreshness = {
  name: string;
  label: string;
  schedule: string;
  lastRunAt: number | null;
  lastSuccessAt: number | null;
  ageMs: number | null;
  maxAgeMs: number;
  stale: boolean;
  failing: boolean;
};

export async function loadCronRun(ctx: QueryCtx, name: CronJobName): Promise<Doc<"cronRuns"> | null> {
  return await ctx.db
    .query("cronRuns")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
}

/** All job rows: one indexed read per job (a handful of documents). */
export async function loadCronRuns(ctx: QueryCtx): Promise<Map<CronJobName, Doc<"cronRuns">>> {
  const rows = new Map<CronJobName, Doc<"cronRuns">>();
  for (const name of CRON_JOB_NAMES) {
    const row = await loadCronRun(ctx, name);
    if (row) rows.set(name, row);
  }
  return rows;
}

export async function ensureCronRun(ctx: MutationCtx, name: CronJobName): Promise<Doc<"cronRuns">> {
  const existing = await loadCronRun(ctx, name);
  if (existing) return existing;
  const id = await ctx.db.insert("cronRuns", { name });
  return (await ctx.db.get("cronRuns", id))!;
}

/** Creates the rows of jobs that have none yet; idempotent. */
export async function registerCronJobs(ctx: MutationCtx): Promise<void> {
  for (const name of CRON_JOB_NAMES) await ensureCronRun(ctx, name);
}

export async function recordCronSuccess(
  ctx: MutationCtx,
  name: CronJobName,
  update: { result?: Record<string, number>; cursors?: Record<string, number> } = {},
  now = Date.now(),
): Promise<void> {
  const row = await ensureCronRun(ctx, name);
  await ctx.db.patch("cronRuns", row._id, {
    lastRunAt: now,
    lastSuccessAt: now,
    lastError: undefined,
    ...(update.result ? { lastResult: update.result } : {}),
    ...(update.cursors ? { cursors: { ...row.cursors, ...update.cursors } } : {}),
  });
}

export async function recordCronFailure(ctx: MutationCtx, name: CronJobName, error: unknown, now = Date.now()): Promise<void> {
  const row = await ensureCronRun(ctx, name);
  const message = error instanceof Error ? error.message : String(error);
  await ctx.db.patch("cronRuns", row._id, { lastRunAt: now, lastError: message.slice(0, 1000) });
}

/** Pure: how fresh each job is at `now`. A job with no row at all is stale. */
export function cronFreshness(rows: Map<CronJobName, Doc<"cronRuns">>, now: number): CronFreshness[] {
  return CRON_JOB_NAMES.map((name) => {
    const job = CRON_JOBS[name];
    const row = rows.get(name);
    const since = row ? (row.lastSuccessAt ?? row._creationTime) : null;
    const ageMs = since === null ? null : Math.max(0, now - since);
    return {
      name,
      label: job.label,
      schedule: job.schedule,
      lastRunAt: row?.lastRunAt ?? null,
      lastSuccessAt: row?.lastSuccessAt ?? null,
      ageMs,
      maxAgeMs: job.maxAgeMs,
      stale: ageMs === null || ageMs > job.maxAgeMs,
      failing: row?.lastError !== undefined && (row.lastRunAt ?? 0) > (row.lastSuccessAt ?? 0),
    };
  });
}
