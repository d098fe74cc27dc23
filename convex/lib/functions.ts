/**
 * The only builders public functions use. Each resolves the caller from auth
 * (never from an argument) and puts the user document on `ctx.user`, so
 * handlers cannot forget an access check.
 */
import { getAuthUserId } from "@convex-dev/auth/server";
import {
  customAction,
  customCtx,
  customMutation,
  customQuery,
} from "convex-helpers/server/customFunctions";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import {
  action,
  internalQuery,
  mutation,
  query,
  type ActionCtx,
  type QueryCtx,
} from "../_generated/server";
import { doc } from "convex-helpers/validators";
import { v } from "convex/values";
import schema from "../schema";
import type { Role } from "../users/tables";
import { appError } from "./errors";

export type AuthedUser = Doc<"users"> & { role: Role };

function withRole(user: Doc<"users">): AuthedUser {
  return { ...user, role: user.role ?? "member" };
}

function requireRole(user: AuthedUser, role: Role | undefined): AuthedUser {
  if (role === "admin" && user.role !== "admin") {
    throw appError("FORBIDDEN", "This area is for admins only.");
  }
  return user;
}

async function userFromDb(ctx: QueryCtx, role?: Role): Promise<AuthedUser> {
  const userId = await getAuthUserId(ctx);
  if (userId === null) throw appError("UNAUTHENTICATED", "Please sign in to continue.");
  const user = await ctx.db.get("users", userId);
  // A valid token for a deleted user is as good as no token.
  if (user === null) throw appError("UNAUTHENTICATED", "Please sign in to continue.");
  return requireRole(withRole(user), role);
}

async function userFromAction(ctx: ActionCtx, role?: Role): Promise<AuthedUser> {
  const userId = await getAuthUserId(ctx);
  if (userId === null) throw appError("UNAUTHENTICATED", "Please sign in to continue.");
  const user: Doc<"users"> | null = await ctx.runQuery(internal.lib.functions.loadUser, { userId });
  if (user === null) throw appError("UNAUTHENTICATED", "Please sign in to continue.");
  return requireRole(withRole(user), role);
}

/** Actions cannot read the database, so they load the caller through this. */
export const loadUser = internalQuery({
  args: { userId: v.id("users") },
  returns: v.union(v.null(), doc(schema, "users")),
  handler: (ctx, { userId }) => ctx.db.get("users", userId),
});

/** For the few functions anyone may call (health). Kept as a builder so every public function goes through this file. */
export const publicQuery = customQuery(query, customCtx(async () => ({})));

export const userQuery = customQuery(
  query,
  customCtx(async (ctx) => ({ user: await userFromDb(ctx) })),
);
export const userMutation = customMutation(
  mutation,
  customCtx(async (ctx) => ({ user: await userFromDb(ctx) })),
);
export const userAction = customAction(
  action,
  customCtx(async (ctx) => ({ user: await userFromAction(ctx) })),
);
export const adminQuery = customQuery(
  query,
  customCtx(async (ctx) => ({ user: await userFromDb(ctx, "admin") })),
);
export const adminMutation = customMutation(
  mutation,
  customCtx(async (ctx) => ({ user: await userFromDb(ctx, "admin") })),
);
export const adminAction = customAction(
  action,
  customCtx(async (ctx) => ({ user: await userFromAction(ctx, "admin") })),
);

/**
 * Ownership check for per-user documents. A document owned by someone else
 * reads as NOT_FOUND so ids cannot be probed.
 */
export function ensureOwned<T extends { userId: Id<"users"> }>(
  user: AuthedUser,
  doc: T | null,
  what: string,
): T {
  if (doc === null || doc.userId !== user._id) {
    throw appError("NOT_FOUND", `That ${what} doesn't exist or isn't yours.`);
  }
  return doc;
}
