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

export const llmPriorityValidator = v.union(v.literal("interactive"), v.literal("batch"));
export type LlmPriority = Infer<typeof llmPriorityValidator>;

/** Orders batch requests among themselves; interactive ones always go first. */
export const llmBatchPriorityValidator = v.union(v.literal("high"), v.literal("normal"), v.literal("low"));
export type LlmBatchPriority = Infer<typeof llmBatchPriorityValidator>;

/** The queue index sorts on this rank: interactive 0, then batch high 1, normal 2, low 3. */
export function priorityRank(priority: LlmPriority, batchPriority: LlmBatchPriority = "normal"): number {
  if (priority === "interactive") return 0;
  return { high: 1, normal: 2, low: 3 }[batchPriority];
}

/** A retry policy a caller may set per request (a batch sets its own); the env one is the default. */
export const retryPolicyValidator = v.object({
  strategy: v.union(v.literal("exponential"), v.literal("linear"), v.literal("fixed")),
  maxAttempts: v.number(),
  baseMs: v.number(),
  capMs: v.number(),
  jitter: v.boolean(),
});

export const llmRequestStatusValidator = v.union(
  v.literal("queued"),
  v.literal("waiting"),
  v.literal("running"),
  v.literal("succeeded"),
  v.literal("failed"),
  v.literal("stopped"),
);

export const breakerStateValidator = v.union(
  v.literal("closed"),
  v.literal("open"),
  v.literal("half_open"),
);
export type BreakerState = Infer<typeof breakerStateValidator>;

/** The subset of the Messages API the product uses; content stays opaque. */
export const llmParamsValidator = v.object({
  system: v.optional(v.string()),
  messages: v.array(v.object({ role: v.union(v.literal("user"), v.literal("assistant")), content: v.any() })),
  tools: v.optional(v.array(v.object({ name: v.string(), description: v.optional(v.string()), input_schema: v.any() }))),
  toolChoice: v.optional(v.any()),
  maxTokens: v.number(),
  temperature: v.optional(v.number()),
});
export type LlmParams = Infer<typeof llmParamsValidator>;

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
  /** The caller cancelled the request (cancelLlmCall); never retried. */
  v.literal("cancelled"),
  /**
   * The attempt's action ended without reporting (a backend restart killed
   * it); found by llm/recovery.ts, run again, and not counted as an attempt.
   */
  v.literal("interrupted"),
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
    /** The provider's request id, for support tickets. */
    requestId: v.optional(v.string()),
    llmRequestId: v.optional(v.id("llmRequests")),
    /** The scheduled action running this attempt: recovery reads its state to find an attempt that died unreported. */
    attemptJobId: v.optional(v.id("_scheduled_functions")),
    startedAt: v.number(),
    finishedAt: v.optional(v.number()),
  })
    .index("by_startedAt", ["startedAt"])
    .index("by_purpose_startedAt", ["purpose", "startedAt"])
    .index("by_status_startedAt", ["status", "startedAt"])
    // Roll-ups read finished attempts in finishedAt order (observability/rollups.ts).
    .index("by_finishedAt", ["finishedAt"])
    .index("by_trace", ["traceId"]),
  /**
   * User-facing limits (llm/userLimits.ts), one document per key ("chat:<userId>",
   * "global:all"): the newest admission times, at most `limit` of them, so a
   * check reads one document however busy the key is. Past `expiresAt` every
   * entry has left the window and the row reads the same as none, so cleanup
   * may delete it.
   */
  rateLimitWindows: defineTable({
    key: v.string(),
    windowMs: v.number(),
    /** Admission times (ms), ascending. */
    admittedAt: v.array(v.number()),
    expiresAt: v.number(),
  })
    .index("by_key", ["key"])
    .index("by_expiresAt", ["expiresAt"]),
  /**
   * Work waiting for, or holding, provider capacity. Feature code enqueues a
   * request naming an internal mutation (`handler`) that receives its events.
   */
  llmRequests: defineTable({
    purpose: llmPurposeValidator,
    priority: llmPriorityValidator,
    batchPriority: v.optional(llmBatchPriorityValidator),
    /** See `priorityRank`: the queue index sorts on it. */
    priorityRank: v.number(),
    model: v.string(),
    userId: v.optional(v.id("users")),
    traceId: v.string(),
    status: llmRequestStatusValidator,
    attempts: v.number(),
    maxAttempts: v.number(),
    /** The caller's own retry policy; absent means the env one. */
    retry: v.optional(retryPolicyValidator),
    /** Per-attempt timeout; absent means LLM_TIMEOUT_MS. */
    timeoutMs: v.optional(v.number()),
    params: llmParamsValidator,
    stream: v.boolean(),
    handler: v.string(),
    context: v.any(),
    estimatedInputTokens: v.number(),
    stopRequested: v.optional(v.boolean()),
    /** Set by cancelLlmCall: the handler hears `failed`/"cancelled" instead of a result. */
    cancelRequested: v.optional(v.boolean()),
    lastErrorClass: v.optional(errorClassValidator),
    enqueuedAt: v.number(),
    notBefore: v.optional(v.number()),
    finishedAt: v.optional(v.number()),
  })
    .index("by_status_priority", ["status", "priorityRank", "enqueuedAt"])
    .index("by_status_finishedAt", ["status", "finishedAt"]),
  /**
   * GCRA state per provider limit ("anthropic:<model>:rpm"): one theoretical
   * arrival time is all a smooth limiter needs, so a check reads one document.
   */
  providerBuckets: defineTable({
    key: v.string(),
    tat: v.number(),
    /**
     * Input tokens the provider reported beyond admission's estimate, in total
     * (kept on the otpm row, which completion writes anyway), and how much of
     * that total the itpm row has already charged. Splitting it so keeps every
     * bucket at one write per call.
     */
    inputDebt: v.optional(v.number()),
    inputDebtPaid: v.optional(v.number()),
    updatedAt: v.number(),
  }).index("by_key", ["key"]),
  /**
   * One row per provider: circuit breaker and 429 pause. Written only when
   * one of these changes, never per call: queue depth and running counts are
   * derived from llmRequests, consecutive failures from the latest llmCalls,
   * and the pending pump is a gatewayPumps row.
   */
  gatewayState: defineTable({
    provider: v.string(),
    breaker: breakerStateValidator,
    /** The failure streak that opened the breaker (0 while closed). */
    consecutiveFailures: v.number(),
    openedAt: v.optional(v.number()),
    probeInFlight: v.boolean(),
    pausedUntil: v.optional(v.number()),
    /** No longer kept (pumps are gatewayPumps rows; counts are derived on read); optional so older rows still validate. */
    nextPumpAt: v.optional(v.number()),
    pumpSeq: v.optional(v.number()),
    queued: v.optional(v.number()),
    running: v.optional(v.number()),
    updatedAt: v.number(),
  }).index("by_provider", ["provider"]),
  /**
   * The pending pump: at most one live row per provider, inserted when a
   * pump is scheduled and deleted when it runs or is superseded. A pump whose
   * row is gone exits without work. A row per pump, rather than fields on
   * gatewayState, keeps every document at a couple of writes however many
   * pumps a busy queue runs.
   */
  gatewayPumps: defineTable({
    provider: v.string(),
    at: v.number(),
  }).index("by_provider_at", ["provider", "at"]),
  /**
   * Whether the provider behind ANTHROPIC_BASE_URL is the offline fake, as
   * llm/providerMode.ts last saw it. One row per provider, written only when it changes.
   */
  providerModes: defineTable({
    provider: v.string(),
    simulated: v.boolean(),
    checkedAt: v.number(),
  }).index("by_provider", ["provider"]),
};
