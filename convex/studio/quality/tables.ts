import { defineTable } from "convex/server";
import { v } from "convex/values";

export const qualityTables = {
  /**
   * Roll-up counts the Studio shows without scanning (keys "flagged:0".."flagged:7":
   * shards of the production conversations that need revision). Written only
   * when a conversation enters or leaves the counted state.
   */
  qualityCounters: defineTable({
    key: v.string(),
    count: v.number(),
    updatedAt: v.number(),
  }).index("by_key", ["key"]),
};
