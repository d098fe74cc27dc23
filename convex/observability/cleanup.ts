/**
 * Scheduled cleanup, each run bounded to one page per target and
 * rescheduling itself (runAfter 0) while a target still has a full page, so
 * no transaction grows with the table. Every run is idempotent: what it
 * deletes is gone, and running again finds only what is still due.
 *
 * - `purgeRateLimits` (every 5 min): rate-limit windows past `expiresAt`,
 *   and GCRA buckets idle for a day (an empty bucket reads the same as none).
 * - `applyRetention` (daily): logs older than LOG_RETENTION_DAYS; llmCalls
 *   and finished llmRequests older than LLM_CALL_RETENTION_DAYS; the messages
 *   of sessions abandoned more than ABANDONED_MESSAGE_RETENTION_DAYS ago (the
 *   session row stays, for history and roll-ups). Deletions are audited.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import { internalMutation } from "../_generated/server";
import { logger, newTraceId } from "../lib/log";
import { recordAudit } from "./audit";
import { daysToMs, observabilityConfig } from "./config";
import { ensureCronRun, recordCronFailure, recordCronSuccess, registerCronJobs } from "./cronRuns";

export const PAGE = 200;
const STALE_BUCKET_MS = 24 * 60 * 60_000;
const BUCKET_SCAN = 100;

const log = logger("observability");

export const purgeRateLimits = internalMutation({
  args: {},
  returns: v.object({ windows: v.number(), buckets: v.number(), more: v.boolean() }),
  handler: async (ctx) => {
    const now = Date.now();
    // The 5-minute tick keeps every job's row present, so health can judge jobs that have not run yet.
    await registerCronJobs(ctx);
    const expired = await ctx.db
      .query("rateLimitWindows")
      .withIndex("by_expiresAt", (q) => q.lt("expiresAt", now))
      .take(PAGE);
    for (const row of expired) await ctx.db.delete("rateLimitWindows", row._id);
    // One bucket per model and limit: a small table, scanned in one bounded read.
    const buckets = await ctx.db.query("providerBuckets").withIndex("by_key").take(BUCKET_SCAN);
    let staleBuckets = 0;
    for (const bucket of buckets) {
      if (bucket.tat < now - STALE_BUCKET_MS && bucket.updatedAt < now - STALE_BUCKET_MS) {
        await ctx.db.delete("providerBuckets", bucket._id);
        staleBuckets++;
      }
    }
    const more = expired.length >= PAGE;
    if (more) await ctx.scheduler.runAfter(0, internal.observability.cleanup.purgeRateLimits, {});
    await recordCronSuccess(ctx, "purge_rate_limits", { result: { windows: expired.length, buckets: staleBuckets, more: more ? 1 : 0 } }, now);
    return { windows: expired.length, buckets: staleBuckets, more };
  },
});

const retentionResult = v.object({
  logs: v.number(),
  llmCalls: v.number(),
  llmRequests: v.number(),
  messages: v.number(),
  sessionsPurged: v.number(),
  more: v.boolean(),
});

export const applyRetention = internalMutation({
  args: {},
  returns: retentionResult,
  handler: async (ctx) => {
    const now = Date.now();
    const nothing = { logs: 0, llmCalls: 0, llmRequests: 0, messages: 0, sessionsPurged: 0, more: false };
    let retention;
    try {
      retention = observabilityConfig().retention;
    } catch (error) {
      // A bad setting must not delete by a guess: record it, and health shows the job failing.
      await recordCronFailure(ctx, "retention", error, now);
      await log.persist(ctx, "error", "retention_config_invalid", { error: String(error) });
      return nothing;
    }
    const logCutoff = now - daysToMs(retention.logsDays);
    const callCutoff = now - daysToMs(retention.llmCallsDays);
    const messageCutoff = now - daysToMs(retention.abandonedMessagesDays);
    let more = false;

    const oldLogs = await ctx.db
      .query("logs")
      .withIndex("by_at", (q) => q.lt("at", logCutoff))
      .take(PAGE);
    for (const row of oldLogs) await ctx.db.delete("logs", row._id);
    more ||= oldLogs.length >= PAGE;

    const oldCalls = await ctx.db
      .query("llmCalls")
      .withIndex("by_startedAt", (q) => q.lt("startedAt", callCutoff))
      .take(PAGE);
    for (const row of oldCalls) await ctx.db.delete("llmCalls", row._id);
    more ||= oldCalls.length >= PAGE;

    let requests = 0;
    for (const status of ["succeeded", "failed", "stopped"] as const) {
      const budget = PAGE - requests;
      if (budget <= 0) {
        more = true;
        break;
      }
      const old = await ctx.db
        .query("llmRequests")
        .withIndex("by_status_finishedAt", (q) => q.eq("status", status).lt("finishedAt", callCutoff))
        .take(budget);
      for (const row of old) await ctx.db.delete("llmRequests", row._id);
      requests += old.length;
      if (old.length >= budget) more = true;
    }

    const purge = await purgeAbandonedMessages(ctx, messageCutoff);
    more ||= purge.more;

    const deleted = { logs: oldLogs.length, llmCalls: oldCalls.length, llmRequests: requests, messages: purge.messages };
    if (deleted.logs + deleted.llmCalls + deleted.llmRequests + deleted.messages > 0) {
      await recordAudit(ctx, { action: "retention.deleted", targetTable: "retention", details: { ...deleted, sessions: purge.sessions } }, now);
      await log.with({ traceId: newTraceId("cron") }).persist(ctx, "info", "retention_deleted", { ...deleted, more });
    }
    if (more) await ctx.scheduler.runAfter(0, internal.observability.cleanup.applyRetention, {});
    await recordCronSuccess(
      ctx,
      "retention",
      { result: { ...deleted, sessions: purge.sessions, more: more ? 1 : 0 }, cursors: purge.cursor },
      now,
    );
    return { ...deleted, sessionsPurged: purge.sessions, more };
  },
});

/**
 * Deletes messages of sessions abandoned before `cutoff`, oldest first, at
 * most a page of messages. A cursor (endedAt, _creationTime) in the job's
 * row marks sessions already emptied, so each run starts where the last one
 * stopped instead of re-reading emptied sessions.
 */
async function purgeAbandonedMessages(
  ctx: Parameters<typeof ensureCronRun>[0],
  cutoff: number,
): Promise<{ messages: number; sessions: number; more: boolean; cursor: Record<string, number> }> {
  const row = await ensureCronRun(ctx, "retention");
  let at = row.cursors?.["abandoned.at"] ?? -1;
  let ct = row.cursors?.["abandoned.ct"] ?? 0;
  let budget = PAGE;
  let messages = 0;
  let sessions = 0;
  const candidates: Doc<"coachingSessions">[] = [];
  if (at >= 0) {
    candidates.push(
      ...(await ctx.db
        .query("coachingSessions")
        .withIndex("by_status_endedAt", (q) => q.eq("status", "abandoned").eq("endedAt", at).gt("_creationTime", ct))
        .take(PAGE)),
    );
  }
  if (candidates.length < PAGE) {
    candidates.push(
      ...(await ctx.db
        .query("coachingSessions")
        .withIndex("by_status_endedAt", (q) => q.eq("status", "abandoned").gt("endedAt", at).lt("endedAt", cutoff))
        .take(PAGE - candidates.length)),
    );
  }
  let more = candidates.length >= PAGE;
  for (const session of candidates) {
    if (budget <= 0) {
      more = true;
      break;
    }
    // One extra row tells "exactly the budget" apart from "more than the budget".
    const batch = await ctx.db
      .query("coachingMessages")
      .withIndex("by_session", (q) => q.eq("sessionId", session._id))
      .take(budget + 1);
    const doomed = batch.slice(0, budget);
    for (const message of doomed) await ctx.db.delete("coachingMessages", message._id);
    messages += doomed.length;
    budget -= doomed.length;
    if (batch.length > doomed.length) {
      more = true;
      break;
    }
    sessions++;
    at = session.endedAt!;
    ct = session._creationTime;
  }
  return { messages, sessions, more, cursor: { "abandoned.at": at, "abandoned.ct": ct } };
}
