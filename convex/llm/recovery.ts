/**
 * Finds attempts whose action died without reporting, and reports for them.
 *
 * An attempt's action is at most once: a backend restart (or a crash) while
 * it runs leaves its scheduled job failed and its llmCalls row "running",
 * and nothing else would ever move the request on. A cron looks at the
 * running calls, oldest first, one bounded page a run, and asks each one's
 * job (`attemptJobId`) whether it still runs. A lost attempt is recorded as
 * "interrupted": the request runs again at once and the attempt is given
 * back, so a restart changes nothing but the wall time.
 */
import { v } from "convex/values";
import { internalMutation } from "../_generated/server";
import { logger } from "../lib/log";
import { attemptLost, interruptedOutcome, type AttemptJobState } from "./plan";
import { completeAttempt } from "./queue";

const log = logger("llm");

/** Running calls examined per run: at most the gateway's concurrency in practice, so one page sees them all. */
export const RECOVERY_PAGE = 100;

export const recoverLostAttempts = internalMutation({
  args: {},
  returns: v.object({ examined: v.number(), recovered: v.number() }),
  handler: async (ctx) => {
    const now = Date.now();
    const running = await ctx.db
      .query("llmCalls")
      .withIndex("by_status_startedAt", (q) => q.eq("status", "running").lte("startedAt", now))
      .take(RECOVERY_PAGE);
    let recovered = 0;
    for (const call of running) {
      const job = call.attemptJobId === undefined ? null : await ctx.db.system.get(call.attemptJobId);
      const state: AttemptJobState = call.attemptJobId === undefined ? "unknown" : job === null ? "missing" : job.state.kind;
      if (!attemptLost(state, call.startedAt, now)) continue;
      const outcome = interruptedOutcome(call.startedAt, now);
      const applied = call.llmRequestId !== undefined && (await completeAttempt(ctx, call.llmRequestId, call._id, outcome));
      // A call whose request had already settled only needs closing, or every run would find it again.
      if (!applied) await ctx.db.patch("llmCalls", call._id, { status: "failed", errorClass: "interrupted", finishedAt: now, latencyMs: outcome.latencyMs });
      recovered += 1;
      await log
        .with({ traceId: call.traceId, userId: call.userId })
        .persist(ctx, "warn", "attempt_interrupted", { callId: call._id, requestId: call.llmRequestId, job: state, rerun: applied });
    }
    return { examined: running.length, recovered };
  },
});
