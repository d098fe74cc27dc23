import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { permissionMutation, permissionQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { paginateChecked } from "../lib/pagination";
import { hashUserId, logger } from "../lib/log";
import { roleValidator } from "./tables";
import { publicUserValidator, toPublicUser } from "./validators";

const log = logger("users");

export const listUsers = permissionQuery("admin.users")({
  args: { paginationOpts: paginationOptsValidator },
  returns: v.object({
    page: v.array(publicUserValidator),
    isDone: v.boolean(),
    continueCursor: v.string(),
    splitCursor: v.optional(v.union(v.string(), v.null())),
    pageStatus: v.optional(
      v.union(v.literal("SplitRecommended"), v.literal("SplitRequired"), v.null()),
    ),
  }),
  handler: async (ctx, { paginationOpts }) => {
    const result = await paginateChecked(paginationOpts, (opts) => ctx.db.query("users").order("asc").paginate(opts));
    return { ...result, page: result.page.map(toPublicUser) };
  },
});

export const setRole = permissionMutation("admin.users")({
  args: { userId: v.id("users"), role: roleValidator },
  returns: publicUserValidator,
  handler: async (ctx, { userId, role }) => {
    const target = await ctx.db.get("users", userId);
    if (target === null) throw appError("NOT_FOUND", "That user doesn't exist.");
    const previous = target.role ?? "member";
    if (previous === role) return toPublicUser(target);
    if (previous === "admin" && role !== "admin") {
      // Never leave the deployment without an admin who can undo this.
      const admins = await ctx.db
        .query("users")
        .withIndex("by_role", (q) => q.eq("role", "admin"))
        .take(2);
      if (admins.length < 2) {
        throw appError("CONFLICT", "Framewise needs at least one admin. Promote someone else first.");
      }
    }
    await ctx.db.patch("users", userId, { role });
    await ctx.db.insert("auditLogs", {
      action: "user.role_changed",
      actorId: ctx.user._id,
      targetTable: "users",
      targetId: userId,
      details: { from: previous, to: role },
      at: Date.now(),
    });
    await log.with({ userId: ctx.user._id }).persist(ctx, "info", "role_changed", { target: hashUserId(userId), from: previous, to: role });
    return toPublicUser({ ...target, role });
  },
});
