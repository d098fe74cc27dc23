/**
 * The only builders public functions use. Each resolves the caller from auth
 * (never from an argument) and puts the user document on `ctx.user`, so
 * handlers cannot forget an access check.
 */
import { getAuthSessionId, getAuthUserId } from "@convex-dev/auth/server";
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
import { guardArgs } from "./argGuard";
import { appError } from "./errors";
import { can, forbiddenMessage, type Permission } from "./permissions";

export type AuthedUser = Doc<"users"> & { role: Role };

function withRole(user: Doc<"users">): AuthedUser {
  return { ...user, role: user.role ?? "member" };
}

function requirePermission(user: AuthedUser, permission: Permission | undefined): AuthedUser {
  if (permission !== undefined && !can(user.role, permission)) {
    throw appError("FORBIDDEN", forbiddenMessage(permission));
  }
  return user;
}

const signInAgain = () => appError("UNAUTHENTICATED", "Please sign in to continue.");

/**
 * The caller's user, if their auth session still exists. Signing out deletes
 * the session, so checking it (one indexed read) refuses a signed-out token
 * at once instead of when the JWT expires an hour later.
 */
async function liveUser(ctx: QueryCtx, userId: Id<"users">, sessionId: Id<"authSessions">): Promise<Doc<"users"> | null> {
  const session = await ctx.db.get("authSessions", sessionId);
  if (session === null || session.userId !== userId) return null;
  // A valid token for a deleted user is as good as no token.
  return await ctx.db.get("users", userId);
}

/** The signed-in caller with a live session, or null: for "who am I", which must not throw. */
export async function currentUser(ctx: QueryCtx): Promise<AuthedUser | null> {
  const [userId, sessionId] = await Promise.all([getAuthUserId(ctx), getAuthSessionId(ctx)]);
  if (userId === null || sessionId === null) return null;
  const user = await liveUser(ctx, userId, sessionId);
  return user === null ? null : withRole(user);
}

async function userFromDb(ctx: QueryCtx, permission?: Permission): Promise<AuthedUser> {
  const user = await currentUser(ctx);
  if (user === null) throw signInAgain();
  return requirePermission(user, permission);
}

async function userFromAction(ctx: ActionCtx, permission?: Permission): Promise<AuthedUser> {
  const [userId, sessionId] = await Promise.all([getAuthUserId(ctx), getAuthSessionId(ctx)]);
  if (userId === null || sessionId === null) throw signInAgain();
  const user: Doc<"users"> | null = await ctx.runQuery(internal.lib.functions.loadUser, { userId, sessionId });
  if (user === null) throw signInAgain();
  return requirePermission(withRole(user), permission);
}

/** Actions cannot read the database, so they load the caller through this. */
export const loadUser = internalQuery({
  args: { userId: v.id("users"), sessionId: v.id("authSessions") },
  returns: v.union(v.null(), doc(schema, "users")),
  handler: (ctx, { userId, sessionId }) => liveUser(ctx, userId, sessionId),
});

/**
 * Convex's builders with the argument guard in front of every handler: each
 * public function refuses NUL, broken Unicode, non-finite numbers and absurd
 * sizes with INVALID_INPUT before it reads or writes anything.
 */
function guarded<Builder extends typeof query | typeof mutation | typeof action>(builder: Builder): Builder {
  const wrap = (definition: { handler: (ctx: unknown, args: unknown) => unknown }) =>
    (builder as (definition: unknown) => unknown)({
      ...definition,
      handler: (ctx: unknown, args: unknown) => {
        guardArgs(args);
        return definition.handler(ctx, args);
      },
    });
  return wrap as unknown as Builder;
}
const guardedQuery = guarded(query);
const guardedMutation = guarded(mutation);
const guardedAction = guarded(action);

/** For the few functions anyone may call (health). Kept as a builder so every public function goes through this file. */
export const publicQuery = customQuery(guardedQuery, customCtx(async () => ({})));

/** Any signed-in user, whatever their role (their own account, their own sessions). */
export const userQuery = customQuery(
  guardedQuery,
  customCtx(async (ctx) => ({ user: await userFromDb(ctx) })),
);
export const userMutation = customMutation(
  guardedMutation,
  customCtx(async (ctx) => ({ user: await userFromDb(ctx) })),
);
export const userAction = customAction(
  guardedAction,
  customCtx(async (ctx) => ({ user: await userFromAction(ctx) })),
);

/** A signed-in user whose role holds `permission` (convex/lib/permissions.ts). */
export const permissionQuery = (permission: Permission) =>
  customQuery(guardedQuery, customCtx(async (ctx) => ({ user: await userFromDb(ctx, permission) })));
export const permissionMutation = (permission: Permission) =>
  customMutation(guardedMutation, customCtx(async (ctx) => ({ user: await userFromDb(ctx, permission) })));
export const permissionAction = (permission: Permission) =>
  customAction(guardedAction, customCtx(async (ctx) => ({ user: await userFromAction(ctx, permission) })));

/** The admin area's observability views; users and roles use permission "admin.users". */
export const adminQuery = permissionQuery("admin.observability");
export const adminMutation = permissionMutation("admin.observability");
export const adminAction = permissionAction("admin.observability");

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
