import { defineTable } from "convex/server";
import { v } from "convex/values";

export const logLevelValidator = v.union(
  v.literal("debug"),
  v.literal("info"),
  v.literal("warn"),
  v.literal("error"),
);

/** One log entry, as lib/log.ts builds it (already redacted). */
export const logEntryFields = {
  level: logLevelValidator,
  area: v.string(),
  event: v.string(),
  traceId: v.string(),
  userHash: v.optional(v.string()),
  fields: v.record(v.string(), v.any()),
  at: v.number(),
};
export const logEntryValidator = v.object(logEntryFields);

export const auditFields = {
  action: v.string(),
  actorId: v.optional(v.id("users")),
  targetTable: v.optional(v.string()),
  targetId: v.optional(v.string()),
  details: v.record(v.string(), v.any()),
  at: v.number(),
};

export const observabilityTables = {
  /** Structured, already-redacted log entries (lib/log.ts). Kept LOG_RETENTION_DAYS. */
  logs: defineTable(logEntryFields)
    .index("by_at", ["at"])
    .index("by_level_at", ["level", "at"])
    .index("by_area_at", ["area", "at"])
    .index("by_area_level_at", ["area", "level", "at"])
    .index("by_trace", ["traceId", "at"]),
  /**
   * Which user a log entry's `userHash` stands for, so the admin viewer can
   * name actors while log rows (and the console) keep only the hash. One row
   * per user, written the first time a mutation logs for them (lib/log.ts).
   */
  logActors: defineTable({
    userHash: v.string(),
    userId: v.id("users"),
  }).index("by_userHash", ["userHash"]),
  /** Security-relevant events: role changes, deletions, exports, injection flags. */
  auditLogs: defineTable(auditFields)
    .index("by_at", ["at"])
    .index("by_action_at", ["action", "at"]),
  /**
   * Roll-ups that dashboards read instead of raw rows. `bucket` is a UTC day
   * ("2026-11-22"), or a UTC hour ("2026-11-22T13") for `llm_hourly`; `key`
   * holds the other dimensions ("model=…|purpose=…"). See observability/rollups.ts.
   */
  analyticsRollups: defineTable({
    kind: v.string(),
    bucket: v.string(),
    key: v.string(),
    values: v.record(v.string(), v.number()),
    updatedAt: v.number(),
  })
    .index("by_kind_bucket_key", ["kind", "bucket", "key"]),
  /**
   * One row per cron job (observability/cronJobs.ts): its last run and last
   * success for health, and the roll-ups' incremental cursors. The row's
   * `_creationTime` is when the job was first expected to run.
   */
  cronRuns: defineTable({
    name: v.string(),
    lastRunAt: v.optional(v.number()),
    lastSuccessAt: v.optional(v.number()),
    lastError: v.optional(v.string()),
    cursor: v.optional(v.number()),
    /** Named positions, e.g. { "llm.at": finishedAt, "llm.ct": _creationTime }. */
    cursors: v.optional(v.record(v.string(), v.number())),
    /** What the last run did, e.g. { processed: 500, more: 1 }. */
    lastResult: v.optional(v.record(v.string(), v.number())),
  }).index("by_name", ["name"]),
  /**
   * The last readiness probe of an outside dependency ("anthropic"), shared by
   * every /readyz caller for a while so anonymous traffic cannot make us call
   * the provider with our key on every hit (observability/health.ts).
   */
  readinessProbes: defineTable({
    name: v.string(),
    last: v.optional(v.object({ ok: v.boolean(), detail: v.string(), checkedAt: v.number() })),
    /** While set and in the future, one caller is probing; the others reuse `last`. */
    leaseUntil: v.optional(v.number()),
  }).index("by_name", ["name"]),
};
