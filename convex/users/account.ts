import { getAuthUserId } from "@convex-dev/auth/server";
import { v } from "convex/values";
import { publicQuery } from "../lib/functions";
import { publicUserValidator, toPublicUser } from "./validators";

/**
 * The signed-in user, or null when signed out. Public rather than userQuery
 * because "who am I" must answer signed-out callers without an error.
 */
export const me = publicQuery({
  args: {},
  returns: v.union(v.null(), publicUserValidator),
  handler: async (ctx) => {
    const userId = await getAuthUserId(ctx);
    if (userId === null) return null;
    const user = await ctx.db.get("users", userId);
    return user === null ? null : toPublicUser(user);
  },
});
