import { cronJobs } from "convex/server";

// Jobs are added by the features that own them (cleanup, roll-ups).
const crons = cronJobs();

export default crons;
