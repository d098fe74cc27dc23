/** Return validators of the coaching API (the shapes the SPA reads). */
import { v } from "convex/values";
import {
  frameworkIdValidator,
  messageRoleValidator,
  messageStatusValidator,
  problemKindValidator,
  recommendationValidator,
  sessionStatusValidator,
} from "./tables";

export const sessionSummaryValidator = v.object({
  _id: v.id("coachingSessions"),
  frameworkId: frameworkIdValidator,
  frameworkName: v.string(),
  challenge: v.string(),
  status: sessionStatusValidator,
  currentStepIndex: v.number(),
  currentStepName: v.string(),
  stepCount: v.number(),
  startedAt: v.number(),
  lastActivityAt: v.number(),
});

export const fieldViewValidator = v.object({
  name: v.string(),
  label: v.string(),
  description: v.string(),
  required: v.boolean(),
  value: v.optional(v.any()),
  /** Why the field is not usable yet; the UI words it by kind. */
  problem: v.optional(v.object({ kind: problemKindValidator, message: v.string() })),
});

export const sessionViewValidator = v.object({
  _id: v.id("coachingSessions"),
  framework: v.object({ id: frameworkIdValidator, name: v.string(), description: v.string() }),
  challenge: v.string(),
  recommendation: v.optional(recommendationValidator),
  status: sessionStatusValidator,
  currentStepIndex: v.number(),
  replyInProgress: v.boolean(),
  steps: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      objective: v.string(),
      state: v.union(v.literal("done"), v.literal("current"), v.literal("upcoming")),
      fields: v.array(fieldViewValidator),
    }),
  ),
  summary: v.optional(v.string()),
  actionPlan: v.optional(v.string()),
  startedAt: v.number(),
  lastActivityAt: v.number(),
  endedAt: v.optional(v.number()),
});

export const messageViewValidator = v.object({
  _id: v.id("coachingMessages"),
  role: messageRoleValidator,
  text: v.string(),
  status: messageStatusValidator,
  stepIndex: v.number(),
  createdAt: v.number(),
  truncated: v.optional(v.boolean()),
  flaggedInjection: v.optional(v.boolean()),
  error: v.optional(v.string()),
  /** The reply's text is final while its tool call (the captured fields) still streams. */
  textComplete: v.optional(v.boolean()),
});
