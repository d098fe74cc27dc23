/**
 * The `logs` table's API: the relay actions use to persist entries
 * (lib/log.ts), and the admin viewer's paginated, filterable, live query.
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, type QueryCtx } from "../_generated/server";
import { adminQuery } from "../lib/functions";
import { insertEntries } from "../lib/log";
import { actorNames } from "./audit";
import { logEntryFields, logEntryValidator, logLevelValidator } from "./tables";
import { paginateChecked } from "../lib/pagination";

const MAX_ENTRIES_PER_WRITE = 50;

/** Actions cannot write, so `log.persist` from an action lands here. Entries arrive redacted. */
export const write = internalMutation({
  args: { entries: v.array(logEntryValidator) },
  returns: v.null(),
  handler: async (ctx, { entries }) => {
    await insertEntries(ctx, entries.slice(0, MAX_ENTRIES_PER_WRITE));
    return null;
  },
});

const logRowValidator = v.object({
  _id: v.id("logs"),
  _creationTime: v.number(),
  ...logEntryFields,
  /** The email (or name) of the user behind `userHash`, when known (observability `logActors`). */
  actorEmail: v.optional(v.string()),
});

/** Adds actor emails to a page: one mapping read and one user read per distinct hash. */
async function withActors<P extends { page: Doc<"logs">[] }>(ctx: QueryCtx, result: P) {
  const ids = new Map<string, Id<"users"> | undefined>();
  for (const row of result.page) {
    if (!row.userHash || ids.has(row.userHash)) continue;
    const hash = row.userHash;
    const actor = await ctx.db
      .query("logActors")
      .withIndex("by_userHash", (q) => q.eq("userHash", hash))
      .first();
    ids.set(hash, actor?.userId);
  }
  const names = await actorNames(ctx, [...ids.values()]);
  return {
    ...result,
    page: result.page.map((row) => {
      const id = row.userHash ? ids.get(row.userHash) : undefined;
      return { ...row, actorEmail: id ? names.get(id) : undefined };
    }),
  };
}

/**
 * Newest first. Filters by level, area and trace, each through an index
 * (area+level has its own); with a trace, level and area narrow that one
 * trace's entries. `before` pins the view (a paused tail): entries newer than
 * it are left out, so the pages stop moving.
 */
export const listLogs = adminQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    level: v.optional(logLevelValidator),
    area: v.optional(v.string()),
    traceId: v.optional(v.string()),
    before: v.optional(v.number()),
  },
  returns: v.object({
    page: v.array(logRowValidator),
    isDone: v.boolean(),
    continueCursor: v.string(),
    splitCursor: v.optional(v.union(v.string(), v.null())),
    pageStatus: v.optional(v.union(v.literal("SplitRecommended"), v.literal("SplitRequired"), v.null())),
  }),
  handler: async (ctx, { paginationOpts, level, area, traceId, before }) => {
    const until = before ?? Number.MAX_SAFE_INTEGER;
    const area_ = area?.trim() || undefined;
    const trace = traceId?.trim() || undefined;
    if (trace) {
      let query = ctx.db.query("logs").withIndex("by_trace", (q) => q.eq("traceId", trace).lt("at", until)).order("desc");
      // One trace holds a handful of entries, so narrowing it further by filter stays cheap.
      if (level) query = query.filter((q) => q.eq(q.field("level"), level));
      if (area_) query = query.filter((q) => q.eq(q.field("area"), area_));
      return await withActors(ctx, await paginateChecked(paginationOpts, (opts) => query.paginate(opts)));
    }
    const query =
      area_ && level
        ? ctx.db.query("logs").withIndex("by_area_level_at", (q) => q.eq("area", area_).eq("level", level).lt("at", until))
        : area_
          ? ctx.db.query("logs").withIndex("by_area_at", (q) => q.eq("area", area_).lt("at", until))
          : level
            ? ctx.db.query("logs").withIndex("by_level_at", (q) => q.eq("level", level).lt("at", until))
            : ctx.db.query("logs").withIndex("by_at", (q) => q.lt("at", until));
    return await withActors(ctx, await paginateChecked(paginationOpts, (opts) => query.order("desc").paginate(opts)));
  },
});
