import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
import { ROLLUP_INTERVAL_SECONDS } from "./observability/rollups";

// Thin on purpose: each job lives with the feature that owns it. Every job
// handles one bounded page per run, reschedules itself while work remains,
// and records its run in `cronRuns` (observability/cronRuns.ts), which
// health and /readyz read.
const crons = cronJobs();

crons.interval("expire idle coaching sessions", { minutes: 5 }, internal.coaching.expiry.expireIdleSessions, {});
crons.interval("purge expired rate-limit windows", { minutes: 5 }, internal.observability.cleanup.purgeRateLimits, {});
// Often, so the usage dashboard is current within a minute; an idle run is one index read.
crons.interval("roll up llm calls", { seconds: ROLLUP_INTERVAL_SECONDS }, internal.observability.rollups.rollupLlmCalls, {});
crons.interval("roll up coaching sessions", { seconds: ROLLUP_INTERVAL_SECONDS }, internal.observability.rollups.rollupSessions, {});
// A safety net: a pump that failed would leave queued calls waiting for the
// next event; a cheap idle pump every minute bounds that wait.
crons.interval("restart a stalled llm queue", { minutes: 1 }, internal.llm.queue.pump, {});
// An attempt's action that died unreported (a backend restart) would hold its request, and a
// batch item, "running" for ever; an idle run is one index read.
crons.interval("recover interrupted llm attempts", { seconds: 30 }, internal.llm.recovery.recoverLostAttempts, {});
crons.interval("check whether the provider is the offline fake", { minutes: 10 }, internal.llm.providerMode.check, {});
// Failed sign-ins for emails with no account are counted under a hash; prune the stale counters.
crons.hourly("prune sign-in failure counters", { minuteUTC: 41 }, internal.users.credentials.pruneSignInBuckets, {});
crons.daily("apply retention", { hourUTC: 3, minuteUTC: 17 }, internal.observability.cleanup.applyRetention, {});

export default crons;
