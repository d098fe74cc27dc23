import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { logger, newTraceId } from "../lib/log";
import { recordCronSuccess } from "../observability/cronRuns";
import { SESSION_TTL_MS } from "./access";

const log = logger("coaching");

const PAGE = 100;

/**
 * Marks sessions idle for a day as abandoned, a bounded page per run; a full
 * page reschedules the job so a backlog drains without a huge transaction.
 * Re-running it finds nothing left to do, so it is idempotent.
 */
export const expireIdleSessions = internalMutation({
  args: {},
  returns: v.object({ expired: v.number(), more: v.boolean() }),
  handler: async (ctx) => {
    const now = Date.now();
    const cutoff = now - SESSION_TTL_MS;
    let expired = 0;
    for (const status of ["active", "paused"] as const) {
      const idle = await ctx.db
        .query("coachingSessions")
        .withIndex("by_status_lastActivity", (q) => q.eq("status", status).lt("lastActivityAt", cutoff))
        .take(PAGE - expired);
      for (const session of idle) {
        await ctx.db.patch("coachingSessions", session._id, { status: "abandoned", endedAt: now, pendingReplyId: undefined });
        expired++;
      }
    }
    const more = expired >= PAGE;
    if (more) await ctx.scheduler.runAfter(0, internal.coaching.expiry.expireIdleSessions, {});
    await recordCronSuccess(ctx, "expire_idle_sessions", { result: { expired, more: more ? 1 : 0 } }, now);
    if (expired > 0) await log.with({ traceId: newTraceId("cron") }).persist(ctx, "info", "sessions_expired", { expired, more });
    return { expired, more };
  },
});
