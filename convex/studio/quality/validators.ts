/**
 * Stored shapes of quality results: the deterministic report, the model
 * judge's rubric and a template version's test. Kept apart from the tables so
 * the pure modules, the tables and the public API derive from one source.
 */
import { literals } from "convex-helpers/validators";
import { v, type Infer } from "convex/values";

export const CONVERSATION_POOLS = ["production", "test"] as const;
/** Test conversations (template tests) live beside production ones but never count or list with them. */
export const conversationPoolValidator = literals(...CONVERSATION_POOLS);
export type ConversationPool = (typeof CONVERSATION_POOLS)[number];

export const criterionScoreValidator = v.object({
  score: v.number(),
  weight: v.number(),
  measured: v.string(),
  target: v.string(),
  details: v.array(v.string()),
});

export const qualityOverrideValidator = v.object({
  score: v.number(),
  reason: v.string(),
  by: v.id("users"),
  at: v.number(),
});

export const qualityReportValidator = v.object({
  /** The scorer's own overall (0–10); an override never replaces it. */
  overall: v.number(),
  /** Below the template's threshold, or a blocking flag. */
  flagged: v.boolean(),
  threshold: v.number(),
  confidence: literals("high", "medium", "low"),
  criteria: v.object({
    turnCount: criterionScoreValidator,
    length: criterionScoreValidator,
    structure: criterionScoreValidator,
    confidence: criterionScoreValidator,
  }),
  recommendations: v.array(v.string()),
  flags: v.array(v.string()),
  /** Why the conversation needs revision; empty when it does not. */
  reasons: v.array(v.string()),
  scoredAt: v.number(),
  override: v.optional(qualityOverrideValidator),
});
export type StoredQuality = Infer<typeof qualityReportValidator>;

export const JUDGE_CRITERIA = ["frameworkFidelity", "asksRatherThanTells", "empathy", "clientRealism", "safety"] as const;
export type JudgeCriterion = (typeof JUDGE_CRITERIA)[number];

export const judgeScoresValidator = v.object({
  frameworkFidelity: v.number(),
  asksRatherThanTells: v.number(),
  empathy: v.number(),
  clientRealism: v.number(),
  safety: v.number(),
});
export const judgeRationalesValidator = v.object({
  frameworkFidelity: v.string(),
  asksRatherThanTells: v.string(),
  empathy: v.string(),
  clientRealism: v.string(),
  safety: v.string(),
});

export const JUDGE_STATUSES = ["pending", "done", "failed"] as const;
export const judgeStatusValidator = literals(...JUDGE_STATUSES);

/** The model judge's opinion, kept beside (never merged into) the deterministic score. */
export const judgeResultValidator = v.object({
  status: judgeStatusValidator,
  model: v.string(),
  requestId: v.optional(v.id("llmRequests")),
  /** 1–5 per criterion. */
  scores: v.optional(judgeScoresValidator),
  rationales: v.optional(judgeRationalesValidator),
  /** The criteria's mean mapped onto 0–10, one decimal. */
  overall: v.optional(v.number()),
  /** What the model answered when it could not be read: kept so a failure can be diagnosed. */
  raw: v.optional(v.string()),
  error: v.optional(v.string()),
  costMicros: v.number(),
  requestedAt: v.number(),
  finishedAt: v.optional(v.number()),
});
export type JudgeResult = Infer<typeof judgeResultValidator>;

export const TEST_RUN_STATUSES = ["running", "scored", "failed"] as const;
export const testRunValidator = v.object({
  itemId: v.id("generationItems"),
  status: literals(...TEST_RUN_STATUSES),
  conversationId: v.optional(v.id("generatedConversations")),
  score: v.optional(v.number()),
  flagged: v.optional(v.boolean()),
  judgeStatus: v.optional(judgeStatusValidator),
  judgeOverall: v.optional(v.number()),
  error: v.optional(v.string()),
});
export type TestRun = Infer<typeof testRunValidator>;

export const TEST_STATUSES = ["running", "complete"] as const;
export const testResultsValidator = v.object({
  status: literals(...TEST_STATUSES),
  runs: v.array(testRunValidator),
  values: v.record(v.string(), v.union(v.string(), v.number(), v.boolean())),
  /** Mean deterministic score of the runs that produced a conversation. */
  meanScore: v.optional(v.number()),
  /** Mean judge overall of the runs the judge finished. */
  judgeMean: v.optional(v.number()),
  passed: v.boolean(),
  /** Why it did not pass, for a person; absent while running or when passed. */
  verdict: v.optional(v.string()),
  threshold: v.number(),
  /** The live version's mean when the test started; absent when there was nothing to compare with. */
  baseline: v.optional(v.number()),
  baselineSource: v.optional(literals("conversations", "test")),
  /** meanScore − baseline. */
  deviation: v.optional(v.number()),
  margin: v.number(),
  ranBy: v.id("users"),
  startedAt: v.number(),
  /** When the last run settled. */
  ranAt: v.optional(v.number()),
});
export type TestResults = Infer<typeof testResultsValidator>;
