import { defineTable } from "convex/server";
import { v } from "convex/values";
import { cardCountsValidator } from "./card";
import { exportFormatValidator } from "./formats";
import { resolvedOptionsValidator } from "./options";

export const EXPORT_RUN_STATUSES = ["started", "finished"] as const;

export const exportTables = {
  /**
   * One export a person ran: started, then finished with the totals the
   * browser merged from its pages. The audit log has the same facts; this
   * row lets finishExport refuse a second finish or someone else's run.
   */
  exportRuns: defineTable({
    format: exportFormatValidator,
    options: resolvedOptionsValidator,
    status: v.union(v.literal("started"), v.literal("finished")),
    startedBy: v.id("users"),
    startedAt: v.number(),
    finishedAt: v.optional(v.number()),
    counts: v.optional(cardCountsValidator),
  }).index("by_startedBy", ["startedBy", "startedAt"]),
};
