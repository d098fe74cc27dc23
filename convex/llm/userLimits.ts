import { z } from "zod";
import type { MutationCtx } from "../_generated/server";
import { intVar, parseEnv } from "../lib/env";
import { appError } from "../lib/errors";
import { slidingLogCheck, type WindowLimit } from "./slidingLog";

export const USER_LIMITS = {
  chat: { limit: 20, windowMs: 60_000 },
  batch: { limit: 10, windowMs: 60 * 60_000 },
  global: { limit: 100, windowMs: 60_000 },
} satisfies Record<string, WindowLimit>;

export type UserLimitName = keyof typeof USER_LIMITS;

// Per-user limits protect each user; the global one protects the deployment
// and its provider budget, so it is what an operator tunes as usage grows.
const limitsSchema = z.object({ RATE_LIMIT_GLOBAL_PER_MIN: intVar(USER_LIMITS.global.limit, { min: 1 }) });

export function limitFor(name: UserLimitName, env: Record<string, string | undefined> = process.env): WindowLimit {
  if (name !== "global") return USER_LIMITS[name];
  return { ...USER_LIMITS.global, limit: parseEnv(limitsSchema, env).RATE_LIMIT_GLOBAL_PER_MIN };
}

const MESSAGES: Record<UserLimitName, string> = {
  chat: "You're sending messages quickly.",
  batch: "You've started many generation batches this hour.",
  global: "Framewise is very busy right now.",
};

/**
 * Counts one use of `name` for `subject` (a user id, or "all") against a
 * rolling window, reading and writing one document. Throws RATE_LIMITED with
 * retryAfterMs when over; the mutation then rolls back, so a refused call
 * changes nothing.
 */
export async function consumeUserLimit(
  ctx: MutationCtx,
  name: UserLimitName,
  subject: string,
  now = Date.now(),
): Promise<void> {
  const limit = limitFor(name);
  const key = `${name}:${subject}`;
  const existing = await ctx.db
    .query("rateLimitWindows")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
  const decision = slidingLogCheck(limit, existing?.admittedAt ?? [], now);
  if (!decision.ok) {
    throw appError("RATE_LIMITED", MESSAGES[name], { retryAfterMs: decision.retryAfterMs });
  }
  const row = { windowMs: limit.windowMs, admittedAt: decision.admittedAt, expiresAt: decision.expiresAt };
  if (existing) {
    await ctx.db.patch("rateLimitWindows", existing._id, row);
  } else {
    await ctx.db.insert("rateLimitWindows", { key, ...row });
  }
}
