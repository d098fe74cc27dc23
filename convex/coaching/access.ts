import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { ensureOwned, permissionMutation, permissionQuery, type AuthedUser } from "../lib/functions";
import { appError } from "../lib/errors";

/** Every coaching function goes through the permission matrix (every role holds coaching.use today). */
export const coachingQuery = permissionQuery("coaching.use");
export const coachingMutation = permissionMutation("coaching.use");

/** Sessions untouched this long are over; the cron marks them abandoned. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_ACTIVE_SESSIONS = 3;

export async function ownedSession(ctx: QueryCtx, user: AuthedUser, sessionId: Id<"coachingSessions">) {
  return ensureOwned(user, await ctx.db.get("coachingSessions", sessionId), "session");
}

export function isExpired(session: Doc<"coachingSessions">, now: number): boolean {
  return session.status === "abandoned" || (["active", "paused"].includes(session.status) && now - session.lastActivityAt > SESSION_TTL_MS);
}

export function ensureNotExpired(session: Doc<"coachingSessions">, now: number): void {
  if (isExpired(session, now)) {
    throw appError("SESSION_EXPIRED", "This session expired after a day without activity. Start a new one to keep going.");
  }
}

/** The state a session must be in to take a new message, or the error a user sees. */
export function ensureAcceptsMessages(session: Doc<"coachingSessions">, now: number): void {
  ensureNotExpired(session, now);
  if (session.status === "completed") throw appError("CONFLICT", "This session is complete. Start a new one for another challenge.");
  if (session.status === "paused") throw appError("CONFLICT", "This session is paused. Resume it to continue.");
  if (session.status === "error") throw appError("CONFLICT", "This session hit a problem and can't continue. Please start a new one.");
  if (session.pendingReplyId !== undefined) throw appError("CONFLICT", "The coach is still replying. Wait a moment, or stop the reply.");
}

export async function ensureActiveSlot(ctx: QueryCtx, userId: Id<"users">): Promise<void> {
  const active = await ctx.db
    .query("coachingSessions")
    .withIndex("by_user_status", (q) => q.eq("userId", userId).eq("status", "active"))
    .take(MAX_ACTIVE_SESSIONS);
  if (active.length >= MAX_ACTIVE_SESSIONS) {
    throw appError(
      "LIMIT_REACHED",
      `You already have ${MAX_ACTIVE_SESSIONS} active sessions. Finish, pause or abandon one to start another.`,
    );
  }
}
