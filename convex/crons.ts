import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

// Thin on purpose: each job lives with the feature that owns it.
const crons = cronJobs();

crons.interval("expire idle coaching sessions", { minutes: 5 }, internal.coaching.expiry.expireIdleSessions, {});

export default crons;
