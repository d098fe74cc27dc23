/**
 * Incremental roll-ups into `analyticsRollups` (see rollupMath.ts for the
 * kinds and values). Crons run them every ROLLUP_INTERVAL_SECONDS; each run
 * reads one bounded page of new rows after its cursor (usually a few rows,
 * or none: one index read), adds them into the roll-up documents, and
 * moves the cursor in the same transaction, so a run is all-or-nothing and
 * re-running it never counts a row twice. A full page reschedules the job
 * at once until the backlog is drained.
 *
 * Why a frequent watermark run rather than counters bumped by the gateway:
 * the dashboard must show a call within a minute, and the roll-ups are
 * already incremental, so running them often gives "today" the same source
 * as history with no second write path in the gateway's completion and no
 * hot counter document. Worst-case lag is SETTLE_MS + one interval (40 s).
 *
 * Cursors live in the job's `cronRuns` row as (time, _creationTime) pairs:
 * rows are read in index order (time, then _creationTime), so a page that
 * ends inside a run of equal times resumes exactly after its last row.
 *
 * - LLM calls change after insert (running → succeeded/failed), so only
 *   finished attempts are read, in `finishedAt` order (llmCalls.by_finishedAt).
 * - Sessions: "started" reads new sessions by _creationTime; "completed" and
 *   "abandoned" read ended sessions by endedAt (coachingSessions.by_status_endedAt).
 *   Both are terminal, so a session is counted once per event.
 *
 * Timestamps come from `Date.now()` when a mutation runs, not when it
 * commits, so a row can become visible with a time slightly in the past.
 * Runs therefore only read rows at least SETTLE_MS old; later rows wait for
 * the next run. Roll-ups lag by that much and always agree with a recount.
 * A mutation runs for at most about a second before it commits (a retry
 * re-reads the clock), so 10 s is ample margin.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import { internalMutation, type MutationCtx } from "../_generated/server";
import { adminMutation } from "../lib/functions";
import { logger, newTraceId } from "../lib/log";
import { recordCronFailure, recordCronSuccess, ensureCronRun, type CronJobName } from "./cronRuns";
import { addCall, addSessionEvent, RollupDelta, type SessionEvent } from "./rollupMath";

export const SETTLE_MS = 10_000;
/** How often crons.ts runs both roll-ups: SETTLE_MS + this is the dashboard's worst-case lag. */
export const ROLLUP_INTERVAL_SECONDS = 30;
export const DEFAULT_PAGE = 500;
const MAX_PAGE = 4000;

const log = logger("observability");

type Cursor = { at: number; ct: number };
const START: Cursor = { at: -1, ct: 0 };

function readCursor(cursors: Record<string, number> | undefined, name: string): Cursor {
  const at = cursors?.[`${name}.at`];
  const ct = cursors?.[`${name}.ct`];
  return at === undefined || ct === undefined ? START : { at, ct };
}

function cursorFields(name: string, cursor: Cursor): Record<string, number> {
  return { [`${name}.at`]: cursor.at, [`${name}.ct`]: cursor.ct };
}

function pageSizeOf(requested: number | undefined): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(requested ?? DEFAULT_PAGE)));
}

async function applyDelta(ctx: MutationCtx, delta: RollupDelta, now: number): Promise<void> {
  for (const cell of delta.cells.values()) {
    const existing = await ctx.db
      .query("analyticsRollups")
      .withIndex("by_kind_bucket_key", (q) => q.eq("kind", cell.kind).eq("bucket", cell.bucket).eq("key", cell.key))
      .unique();
    if (existing) {
      const values = { ...existing.values };
      for (const [name, amount] of Object.entries(cell.values)) values[name] = (values[name] ?? 0) + amount;
      await ctx.db.patch("analyticsRollups", existing._id, { values, updatedAt: now });
    } else {
      await ctx.db.insert("analyticsRollups", { ...cell, updatedAt: now });
    }
  }
}

const runResult = v.object({ processed: v.number(), more: v.boolean() });

// ---------------------------------------------------------------- LLM calls

async function finishedCallsAfter(ctx: MutationCtx, cursor: Cursor, upTo: number, limit: number): Promise<Doc<"llmCalls">[]> {
  const same =
    cursor.at >= 0
      ? await ctx.db
          .query("llmCalls")
          .withIndex("by_finishedAt", (q) => q.eq("finishedAt", cursor.at).gt("_creationTime", cursor.ct))
          .take(limit)
      : [];
  if (same.length >= limit) return same;
  const later = await ctx.db
    .query("llmCalls")
    .withIndex("by_finishedAt", (q) => q.gt("finishedAt", cursor.at).lte("finishedAt", upTo))
    .take(limit - same.length);
  return [...same, ...later];
}

export const rollupLlmCalls = internalMutation({
  args: { pageSize: v.optional(v.number()) },
  returns: runResult,
  handler: async (ctx, { pageSize }) => {
    const job: CronJobName = "rollup_llm_calls";
    const now = Date.now();
    const limit = pageSizeOf(pageSize);
    const row = await ensureCronRun(ctx, job);
    const cursor = readCursor(row.cursors, "llm");
    let calls: Doc<"llmCalls">[];
    const delta = new RollupDelta();
    try {
      calls = await finishedCallsAfter(ctx, cursor, now - SETTLE_MS, limit);
      for (const call of calls) addCall(delta, { ...call, finishedAt: call.finishedAt! });
    } catch (error) {
      await recordCronFailure(ctx, job, error, now);
      await log.persist(ctx, "error", "rollup_failed", { job, error: String(error) });
      return { processed: 0, more: false };
    }
    await applyDelta(ctx, delta, now);
    const last = calls[calls.length - 1];
    const next = last ? { at: last.finishedAt!, ct: last._creationTime } : cursor;
    const more = calls.length >= limit;
    await recordCronSuccess(ctx, job, { result: { processed: calls.length, cells: delta.size, more: more ? 1 : 0 }, cursors: cursorFields("llm", next) }, now);
    if (more) await ctx.scheduler.runAfter(0, internal.observability.rollups.rollupLlmCalls, { pageSize });
    if (calls.length > 0) {
      await log.with({ traceId: newTraceId("cron") }).persist(ctx, "info", "rollup_llm_calls", { processed: calls.length, cells: delta.size, more });
    }
    return { processed: calls.length, more };
  },
});

// ---------------------------------------------------------------- sessions

type EndedStatus = "completed" | "abandoned";

async function endedSessionsAfter(
  ctx: MutationCtx,
  status: EndedStatus,
  cursor: Cursor,
  upTo: number,
  limit: number,
): Promise<Doc<"coachingSessions">[]> {
  if (limit <= 0) return [];
  const same =
    cursor.at >= 0
      ? await ctx.db
          .query("coachingSessions")
          .withIndex("by_status_endedAt", (q) => q.eq("status", status).eq("endedAt", cursor.at).gt("_creationTime", cursor.ct))
          .take(limit)
      : [];
  if (same.length >= limit) return same;
  const later = await ctx.db
    .query("coachingSessions")
    .withIndex("by_status_endedAt", (q) => q.eq("status", status).gt("endedAt", cursor.at).lte("endedAt", upTo))
    .take(limit - same.length);
  return [...same, ...later];
}

export const rollupSessions = internalMutation({
  args: { pageSize: v.optional(v.number()) },
  returns: runResult,
  handler: async (ctx, { pageSize }) => {
    const job: CronJobName = "rollup_sessions";
    const now = Date.now();
    const upTo = now - SETTLE_MS;
    const limit = pageSizeOf(pageSize);
    const row = await ensureCronRun(ctx, job);
    const started = readCursor(row.cursors, "started");
    const ended: Record<EndedStatus, Cursor> = {
      completed: readCursor(row.cursors, "completed"),
      abandoned: readCursor(row.cursors, "abandoned"),
    };
    const delta = new RollupDelta();
    const cursors: Record<string, number> = {};
    let processed = 0;
    let more = false;
    try {
      // Started: new sessions in creation order (the cursor's `at` mirrors `ct`).
      const fresh = await ctx.db
        .query("coachingSessions")
        .withIndex("by_creation_time", (q) => q.gt("_creationTime", started.ct).lte("_creationTime", upTo))
        .take(limit);
      for (const session of fresh) {
        addSessionEvent(delta, { kind: "started", frameworkId: session.frameworkId, at: session.startedAt });
      }
      processed += fresh.length;
      if (fresh.length > 0) {
        const ct = fresh[fresh.length - 1]._creationTime;
        Object.assign(cursors, cursorFields("started", { at: ct, ct }));
      }
      more = fresh.length >= limit;
      for (const status of ["completed", "abandoned"] as const) {
        const budget = limit - processed;
        if (budget <= 0) {
          more = true;
          break;
        }
        const sessions = await endedSessionsAfter(ctx, status, ended[status], upTo, budget);
        for (const session of sessions) {
          const event: SessionEvent =
            status === "completed"
              ? { kind: "completed", frameworkId: session.frameworkId, at: session.endedAt! }
              : { kind: "abandoned", frameworkId: session.frameworkId, at: session.endedAt!, stepIndex: session.currentStepIndex };
          addSessionEvent(delta, event);
        }
        processed += sessions.length;
        const last = sessions[sessions.length - 1];
        if (last) Object.assign(cursors, cursorFields(status, { at: last.endedAt!, ct: last._creationTime }));
        if (sessions.length >= budget) more = true;
      }
    } catch (error) {
      await recordCronFailure(ctx, job, error, now);
      await log.persist(ctx, "error", "rollup_failed", { job, error: String(error) });
      return { processed: 0, more: false };
    }
    await applyDelta(ctx, delta, now);
    await recordCronSuccess(ctx, job, { result: { processed, cells: delta.size, more: more ? 1 : 0 }, cursors }, now);
    if (more) await ctx.scheduler.runAfter(0, internal.observability.rollups.rollupSessions, { pageSize });
    if (processed > 0) {
      await log.with({ traceId: newTraceId("cron") }).persist(ctx, "info", "rollup_sessions", { processed, cells: delta.size, more });
    }
    return { processed, more };
  },
});

/** The admin's "refresh now": runs both roll-ups at once instead of waiting for the next tick. */
export const refreshRollups = adminMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.observability.rollups.rollupLlmCalls, {});
    await ctx.scheduler.runAfter(0, internal.observability.rollups.rollupSessions, {});
    await log.with({ userId: ctx.user._id }).persist(ctx, "info", "rollups_refresh_requested");
    return null;
  },
});
