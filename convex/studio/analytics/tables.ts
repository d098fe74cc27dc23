import { defineTable } from "convex/server";
import { v } from "convex/values";

/** The counters one roll-up keeps: a whole template, or one version of it. */
export const rollupFields = {
  /** Conversations stored (successes). */
  successes: v.number(),
  /** Items that finally failed. */
  failures: v.number(),
  scoreCount: v.number(),
  scoreSum: v.number(),
  scoreMin: v.optional(v.number()),
  scoreMax: v.optional(v.number()),
  /** scoreSum / scoreCount, or -1 before any score: an index sorts on it. */
  averageScore: v.number(),
  /** Conversations currently approved / rejected (a changed verdict moves the count). */
  approved: v.number(),
  rejected: v.number(),
  latencySumMs: v.number(),
  costMicros: v.number(),
  /** The newest scores, oldest first, at most RECENT_SCORES: the trend compares the last N with the N before. */
  recentScores: v.array(v.number()),
  updatedAt: v.number(),
};

export const analyticsTables = {
  /**
   * Kept in the transaction that stores a conversation, fails an item or
   * records a verdict (recordAnalyticsEvent), so every Analytics read is a
   * few documents however many conversations exist.
   */
  templateAnalytics: defineTable({
    scope: v.union(v.literal("template"), v.literal("version")),
    templateId: v.id("promptTemplates"),
    /** Absent on the template's own roll-up. */
    versionId: v.optional(v.id("promptTemplateVersions")),
    ...rollupFields,
  })
    .index("by_template_version", ["templateId", "versionId"])
    .index("by_scope_averageScore", ["scope", "averageScore"]),
  /** One template's day (UTC, YYYY-MM-DD): the quality trend series. */
  templateAnalyticsDaily: defineTable({
    templateId: v.id("promptTemplates"),
    day: v.string(),
    successes: v.number(),
    failures: v.number(),
    scoreCount: v.number(),
    scoreSum: v.number(),
    costMicros: v.number(),
    /** Net verdicts recorded that day (an approval withdrawn counts -1). */
    approved: v.number(),
    rejected: v.number(),
    updatedAt: v.number(),
  }).index("by_template_day", ["templateId", "day"]),
  /** Approved conversations per persona × framework × emotion: the coverage heatmap. */
  coverageCells: defineTable({
    framework: v.string(),
    persona: v.string(),
    emotion: v.string(),
    approved: v.number(),
    updatedAt: v.number(),
  }).index("by_cell", ["framework", "persona", "emotion"]),
};
