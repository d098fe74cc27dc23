import { defineTable } from "convex/server";
import { v, type Infer } from "convex/values";

export const llmPurposeValidator = v.union(
  v.literal("coaching"),
  v.literal("classification"),
  v.literal("generation"),
  v.literal("judging"),
);
export type LlmPurpose = Infer<typeof llmPurposeValidator>;

export const llmCallStatusValidator = v.union(
  v.literal("queued"),
  v.literal("running"),
  v.literal("succeeded"),
  v.literal("retrying"),
  v.literal("failed"),
  v.literal("stopped"),
);

export const errorClassValidator = v.union(
  v.literal("rate_limited"),
  v.literal("overloaded"),
  v.literal("server_error"),
  v.literal("timeout"),
  v.literal("network"),
  v.literal("conflict"),
  v.literal("bad_request"),
  v.literal("authentication"),
  v.literal("permission"),
  v.literal("not_found"),
  v.literal("too_large"),
  v.literal("malformed_response"),
  v.literal("circuit_open"),
  v.literal("unknown"),
);
export type ErrorClass = Infer<typeof errorClassValidator>;

export const llmTables = {
  /** One row per attempt, so retries and their costs stay visible. */
  llmCalls: defineTable({
    purpose: llmPurposeValidator,
    model: v.string(),
    attempt: v.number(),
    status: llmCallStatusValidator,
    userId: v.optional(v.id("users")),
    traceId: v.string(),
    inputTokens: v.number(),
    outputTokens: v.number(),
    costMicros: v.number(),
    latencyMs: v.optional(v.number()),
    ttftMs: v.optional(v.number()),
    errorClass: v.optional(errorClassValidator),
    requestId: v.optional(v.string()),
    startedAt: v.number(),
    finishedAt: v.optional(v.number()),
  })
    .index("by_startedAt", ["startedAt"])
    .index("by_purpose_startedAt", ["purpose", "startedAt"])
    .index("by_status_startedAt", ["status", "startedAt"])
    .index("by_trace", ["traceId"]),
  /**
   * Fixed windows keyed by what they limit ("chat:<userId>", "provider:<model>:rpm").
   * One document per key and window, so a check reads O(1) documents.
   */
  rateLimitWindows: defineTable({
    key: v.string(),
    windowStart: v.number(),
    windowMs: v.number(),
    count: v.number(),
    tokens: v.optional(v.number()),
    expiresAt: v.number(),
  })
    .index("by_key_windowStart", ["key", "windowStart"])
    .index("by_expiresAt", ["expiresAt"]),
  /** Circuit breaker per provider; a single row per `name`. */
  circuitBreakers: defineTable({
    name: v.string(),
    state: v.union(v.literal("closed"), v.literal("open"), v.literal("half_open")),
    consecutiveFailures: v.number(),
    openedAt: v.optional(v.number()),
    pausedUntil: v.optional(v.number()),
    updatedAt: v.number(),
  }).index("by_name", ["name"]),
};
