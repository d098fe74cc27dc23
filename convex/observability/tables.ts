import { defineTable } from "convex/server";
import { v } from "convex/values";

export const logLevelValidator = v.union(
  v.literal("debug"),
  v.literal("info"),
  v.literal("warn"),
  v.literal("error"),
);

export const observabilityTables = {
  /** Structured, already-redacted log entries. */
  logs: defineTable({
    level: logLevelValidator,
    area: v.string(),
    event: v.string(),
    traceId: v.string(),
    userHash: v.optional(v.string()),
    fields: v.record(v.string(), v.any()),
    at: v.number(),
  })
    .index("by_at", ["at"])
    .index("by_level_at", ["level", "at"])
    .index("by_area_at", ["area", "at"])
    .index("by_trace", ["traceId", "at"]),
  /** Security-relevant events: role changes, deletions, exports, injection flags. */
  auditLogs: defineTable({
    action: v.string(),
    actorId: v.optional(v.id("users")),
    targetTable: v.optional(v.string()),
    targetId: v.optional(v.string()),
    details: v.record(v.string(), v.any()),
    at: v.number(),
  })
    .index("by_at", ["at"])
    .index("by_action_at", ["action", "at"]),
  /**
   * Roll-ups that dashboards read instead of raw rows. `bucket` is a UTC day
   * ("2026-11-22"); `key` holds the other dimensions ("model=…|purpose=…").
   */
  analyticsRollups: defineTable({
    kind: v.string(),
    bucket: v.string(),
    key: v.string(),
    values: v.record(v.string(), v.number()),
    updatedAt: v.number(),
  })
    .index("by_kind_bucket_key", ["kind", "bucket", "key"]),
  /** Last run of each cron job, for health and incremental roll-up cursors. */
  cronRuns: defineTable({
    name: v.string(),
    lastRunAt: v.number(),
    lastSuccessAt: v.optional(v.number()),
    lastError: v.optional(v.string()),
    cursor: v.optional(v.number()),
  }).index("by_name", ["name"]),
};
