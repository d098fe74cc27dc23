/**
 * Shapes shared by the generation tables, the public API and the pure
 * planners: each literal list is written once, and both the validator and the
 * TypeScript type derive from it.
 */
import { literals } from "convex-helpers/validators";
import { v, type Infer } from "convex/values";
import { errorClassValidator } from "../../llm/tables";

export const BATCH_STATUSES = ["running", "paused", "completed", "cancelled"] as const;
export const batchStatusValidator = literals(...BATCH_STATUSES);
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const ITEM_STATUSES = ["queued", "running", "retrying", "succeeded", "failed", "cancelled"] as const;
export const itemStatusValidator = literals(...ITEM_STATUSES);
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const REVIEW_STATUSES = ["pending", "approved", "rejected"] as const;
export const reviewStatusValidator = literals(...REVIEW_STATUSES);

/** needs_revision: scored below the template's threshold (or a blocking flag), or overridden below it. */
export const CONVERSATION_STATUSES = ["generated", "needs_revision"] as const;
export const conversationStatusValidator = literals(...CONVERSATION_STATUSES);

export const TURN_ROLES = ["client", "coach"] as const;
export const turnRoleValidator = literals(...TURN_ROLES);
export type TurnRole = (typeof TURN_ROLES)[number];
export const turnValidator = v.object({ role: turnRoleValidator, text: v.string() });
export type Turn = Infer<typeof turnValidator>;

/** The gateway's classes plus ours: a reply that arrived but is not a valid conversation. */
export const itemErrorClassValidator = v.union(errorClassValidator, v.literal("invalid_output"), v.literal("cancelled"));
export type ItemErrorClass = Infer<typeof itemErrorClassValidator>;

export const variableValueValidator = v.union(v.string(), v.number(), v.boolean());
export const valuesValidator = v.record(v.string(), variableValueValidator);

/** One axis of a batch: a template variable and the values it takes. */
export const matrixAxisValidator = v.object({ variable: v.string(), values: v.array(variableValueValidator) });
export const matrixValidator = v.array(matrixAxisValidator);
export type MatrixAxis = Infer<typeof matrixAxisValidator>;

export const MATRIX_MODES = ["all", "sample"] as const;
export const matrixModeValidator = literals(...MATRIX_MODES);
export type MatrixMode = (typeof MATRIX_MODES)[number];

export const RETRY_STRATEGIES = ["exponential", "linear", "fixed"] as const;
export const retryConfigValidator = v.object({
  strategy: literals(...RETRY_STRATEGIES),
  maxAttempts: v.number(),
  baseDelayMs: v.number(),
  maxDelayMs: v.number(),
  jitter: v.boolean(),
});
export type RetryConfig = Infer<typeof retryConfigValidator>;

export const ON_ERROR = ["continue", "stop"] as const;
export const onErrorValidator = literals(...ON_ERROR);
export type OnError = (typeof ON_ERROR)[number];

export const BATCH_PRIORITIES = ["low", "normal", "high"] as const;
export const batchPriorityValidator = literals(...BATCH_PRIORITIES);

export const batchOptionsValidator = v.object({
  priority: batchPriorityValidator,
  concurrency: v.number(),
  retry: retryConfigValidator,
  onError: onErrorValidator,
  itemTimeoutMs: v.number(),
  spendCapMicros: v.optional(v.number()),
  /** Also rate each stored conversation with the model judge (costs one more call per conversation). */
  judge: v.optional(v.boolean()),
});
export type BatchOptions = Infer<typeof batchOptionsValidator>;

/** What the options may leave out: the defaults come from the saved settings. */
export const batchOptionsArgValidator = v.object({
  priority: v.optional(batchPriorityValidator),
  concurrency: v.optional(v.number()),
  retry: v.optional(retryConfigValidator),
  onError: v.optional(onErrorValidator),
  itemTimeoutMs: v.optional(v.number()),
  spendCapMicros: v.optional(v.number()),
  /** Also rate each stored conversation with the model judge (costs one more call per conversation). */
  judge: v.optional(v.boolean()),
});
export type BatchOptionsArg = Infer<typeof batchOptionsArgValidator>;

export const PAUSE_REASONS = ["user", "spend_cap", "error"] as const;
export const pauseReasonValidator = v.object({ kind: literals(...PAUSE_REASONS), message: v.string() });
export type PauseReason = Infer<typeof pauseReasonValidator>;

/** The few moments the UI raises a toast for; the batch keeps the last 20. */
export const BATCH_EVENT_KINDS = [
  "started",
  "paused",
  "resumed",
  "rate_limited",
  "spend_cap",
  "halted",
  "retrying_failed",
  "completed",
  "cancelled",
] as const;
export const batchEventValidator = v.object({
  kind: literals(...BATCH_EVENT_KINDS),
  at: v.number(),
  message: v.string(),
  /** rate_limited: how long the gateway waits before the next attempt. */
  delayMs: v.optional(v.number()),
});
export type BatchEvent = Infer<typeof batchEventValidator>;

export const countsValidator = v.object({
  queued: v.number(),
  running: v.number(),
  retrying: v.number(),
  succeeded: v.number(),
  failed: v.number(),
  cancelled: v.number(),
});
export type Counts = Infer<typeof countsValidator>;
