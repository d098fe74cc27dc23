import { defineTable } from "convex/server";
import { literals } from "convex-helpers/validators";
import { v, type Infer } from "convex/values";

export const FRAMEWORK_IDS = [
  "GROW",
  "CLEAR",
  "COMPASS",
  "POWER_INTEREST_GRID",
  "PSYCHOLOGICAL_SAFETY",
  "EXECUTIVE_PRESENCE",
] as const;
export const frameworkIdValidator = v.union(
  v.literal("GROW"),
  v.literal("CLEAR"),
  v.literal("COMPASS"),
  v.literal("POWER_INTEREST_GRID"),
  v.literal("PSYCHOLOGICAL_SAFETY"),
  v.literal("EXECUTIVE_PRESENCE"),
);
export type FrameworkId = Infer<typeof frameworkIdValidator>;

export const sessionStatusValidator = v.union(
  v.literal("active"),
  v.literal("paused"),
  v.literal("completed"),
  v.literal("abandoned"),
  v.literal("error"),
);
export type SessionStatus = Infer<typeof sessionStatusValidator>;

export const recommendationValidator = v.object({
  frameworkId: frameworkIdValidator,
  confidence: v.number(),
  reason: v.string(),
  alternatives: v.array(frameworkIdValidator),
  /** "claude" when the model chose; "keywords" when the offline scorer stood in. */
  source: v.union(v.literal("claude"), v.literal("keywords")),
});

/**
 * Why a field of the current step is not (yet) usable; the UI words it.
 * missing: never given; invalid: broke the schema; vague: too unspecific to
 * record ("not sure"); past_date: a date before today for a forward-looking field.
 */
export const PROBLEM_KINDS = ["missing", "invalid", "vague", "past_date"] as const;
export const problemKindValidator = literals(...PROBLEM_KINDS);
export type ProblemKind = Infer<typeof problemKindValidator>;
export const fieldProblemValidator = v.object({ field: v.string(), kind: problemKindValidator, message: v.string() });
export type FieldProblem = Infer<typeof fieldProblemValidator>;
/** Sessions written before typed problems stored a sentence; read through `readProblems` in capture.ts. */
const legacyFieldProblemValidator = v.object({ field: v.string(), problem: v.string() });

/** One entry per framework step, keyed by step id, holding validated extracted fields. */
export const collectedDataValidator = v.record(v.string(), v.record(v.string(), v.any()));

export const sessionFields = {
  userId: v.id("users"),
  frameworkId: frameworkIdValidator,
  challenge: v.string(),
  recommendation: v.optional(recommendationValidator),
  status: sessionStatusValidator,
  currentStepIndex: v.number(),
  collected: collectedDataValidator,
  /** Per step id: fields still missing or not usable, as typed problems. */
  missing: v.record(v.string(), v.array(v.union(fieldProblemValidator, legacyFieldProblemValidator))),
  /** The person's IANA time zone, for "today" and relative dates (absent: UTC). */
  timeZone: v.optional(v.string()),
  summary: v.optional(v.string()),
  actionPlan: v.optional(v.string()),
  /** The assistant message being written; a session takes one turn at a time. */
  pendingReplyId: v.optional(v.id("coachingMessages")),
  /** User turns in the current step, so a step is never rushed (transition.minUserTurns). */
  userTurnsInStep: v.number(),
  startedAt: v.number(),
  lastActivityAt: v.number(),
  pausedAt: v.optional(v.number()),
  endedAt: v.optional(v.number()),
  errorMessage: v.optional(v.string()),
};

export const messageRoleValidator = v.union(
  v.literal("user"),
  v.literal("assistant"),
  v.literal("system"),
);
export const messageStatusValidator = v.union(
  v.literal("pending"),
  v.literal("streaming"),
  v.literal("done"),
  v.literal("failed"),
  v.literal("stopped"),
);
export const usageValidator = v.object({
  inputTokens: v.number(),
  outputTokens: v.number(),
  costMicros: v.number(),
});

export const messageFields = {
  sessionId: v.id("coachingSessions"),
  userId: v.id("users"),
  role: messageRoleValidator,
  text: v.string(),
  status: messageStatusValidator,
  stepIndex: v.number(),
  /** Client-generated; a retried send with the same key is not stored twice. */
  idempotencyKey: v.optional(v.string()),
  flaggedInjection: v.optional(v.boolean()),
  truncated: v.optional(v.boolean()),
  usage: v.optional(usageValidator),
  llmRequestId: v.optional(v.id("llmRequests")),
  error: v.optional(v.string()),
  /**
   * A streaming coach reply's text is final: the model has moved on to its
   * tool call (the captured fields). Set from the first delta that carries tool
   * input; cleared when a retry streams the reply again.
   */
  textComplete: v.optional(v.boolean()),
  createdAt: v.number(),
  updatedAt: v.number(),
};

export const recommendationStatusValidator = v.union(v.literal("pending"), v.literal("ready"));

export const coachingTables = {
  /** A challenge waiting for (or holding) its framework recommendation. */
  frameworkRecommendations: defineTable({
    userId: v.id("users"),
    challenge: v.string(),
    status: recommendationStatusValidator,
    result: v.optional(recommendationValidator),
    /** Why the keyword scorer answered instead of Claude, shown to the user. */
    fallbackReason: v.optional(v.string()),
    llmRequestId: v.optional(v.id("llmRequests")),
    createdAt: v.number(),
  }).index("by_user", ["userId", "createdAt"]),
  coachingSessions: defineTable(sessionFields)
    .index("by_user_status", ["userId", "status"])
    .index("by_user_lastActivity", ["userId", "lastActivityAt"])
    .index("by_status_lastActivity", ["status", "lastActivityAt"])
    // Roll-ups and retention read ended sessions in endedAt order (observability/).
    .index("by_status_endedAt", ["status", "endedAt"]),
  coachingMessages: defineTable(messageFields)
    // Both are needed: chat history reads in creation order, sends dedupe by key.
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes
    .index("by_session", ["sessionId"])
    .index("by_session_idempotencyKey", ["sessionId", "idempotencyKey"])
    .index("by_status_updatedAt", ["status", "updatedAt"]),
};
