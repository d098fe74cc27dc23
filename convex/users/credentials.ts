import { v, type ConvexError } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation, internalQuery, type QueryCtx } from "../_generated/server";
import { findArgProblem } from "../lib/argGuard";
import { appError, type AppErrorData } from "../lib/errors";
import { hashUserId } from "../lib/log";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// eslint-disable-next-line no-control-regex
const BAD_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/;

/** Lower-cases and trims so that sign-in matches regardless of how the address was typed. */
export function normalizeEmail(raw: unknown): string {
  if (typeof raw !== "string") {
    throw appError("INVALID_INPUT", "Please enter your email address.", { field: "email" });
  }
  const email = raw.normalize("NFC").trim().toLowerCase();
  // Control characters and broken Unicode never belong in an address, and must never be stored.
  if (email.length > 254 || !EMAIL_PATTERN.test(email) || BAD_CHARACTERS.test(email) || findArgProblem(email) !== null) {
    throw appError("INVALID_INPUT", "That doesn't look like an email address.", { field: "email" });
  }
  return email;
}

export function validatePassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw appError(
      "INVALID_INPUT",
      `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`,
      { field: "password" },
    );
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw appError("INVALID_INPUT", `Passwords can have at most ${PASSWORD_MAX_LENGTH} characters.`, {
      field: "password",
    });
  }
  if (!/[a-zA-Z]/.test(password) || !/[^a-zA-Z]/.test(password)) {
    throw appError("INVALID_INPUT", "Use letters and at least one number or symbol in your password.", {
      field: "password",
    });
  }
}

/*
 * Sign-in refusals. Every wrong email or password gets the same error data,
 * whether or not the address has an account, so the form can't be used to
 * find out who signed up. Sign-up for a taken address has to say so (the
 * address is the account's unique key), and says nothing more.
 */

export const SIGN_IN_REFUSED_MESSAGE = "That email and password don't match.";
export const EMAIL_TAKEN_MESSAGE = "An account with that email already exists. Sign in instead.";

export function signInRefused(): ConvexError<AppErrorData> {
  return appError("UNAUTHENTICATED", SIGN_IN_REFUSED_MESSAGE);
}

export function emailTaken(): ConvexError<AppErrorData> {
  return appError("CONFLICT", EMAIL_TAKEN_MESSAGE);
}

export function lockoutMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

export function signInLocked(retryAfterMs: number): ConvexError<AppErrorData> {
  return appError("RATE_LIMITED", lockoutMessage(retryAfterMs), { retryAfterMs });
}

/**
 * Failed password attempts allowed per account per hour; passed to Convex
 * Auth (`signIn.maxFailedAttempsPerHour`) and used for unknown addresses too.
 */
export const SIGN_IN_MAX_FAILED_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

export type AttemptBucket = { attemptsLeft: number; lastAttemptTime: number };

/**
 * Convex Auth's failed-attempt bucket (implementation/rateLimit.ts), restated
 * so we can say when it opens again: it refills continuously at
 * `max` per hour and refuses while less than one attempt is left. A refused
 * attempt is not recorded, so the lockout always ends.
 */
export function attemptState(
  bucket: AttemptBucket | null,
  now: number,
  maxPerHour = SIGN_IN_MAX_FAILED_PER_HOUR,
): { attemptsLeft: number; retryAfterMs: number | null } {
  if (bucket === null) return { attemptsLeft: maxPerHour, retryAfterMs: null };
  const perMs = maxPerHour / HOUR_MS;
  const attemptsLeft = Math.min(maxPerHour, bucket.attemptsLeft + Math.max(0, now - bucket.lastAttemptTime) * perMs);
  if (attemptsLeft >= 1) return { attemptsLeft, retryAfterMs: null };
  return { attemptsLeft, retryAfterMs: Math.ceil((1 - attemptsLeft) / perMs) };
}

const PASSWORD_PROVIDER = "password";

const UNKNOWN_ACCOUNT_PREFIX = "unknown-account:";
/** The first identifier after every one with the prefix (";" follows ":"). */
const UNKNOWN_ACCOUNT_END = "unknown-account;";

/** Unknown addresses get buckets too, keyed by a salted hash so the table holds no address nobody registered. */
function unknownAccountKey(email: string): string {
  return `${UNKNOWN_ACCOUNT_PREFIX}${hashUserId(`email:${email}`)}`;
}

async function passwordAccount(ctx: QueryCtx, email: string) {
  return await ctx.db
    .query("authAccounts")
    .withIndex("providerAndAccountId", (q) => q.eq("provider", PASSWORD_PROVIDER).eq("providerAccountId", email))
    .unique();
}

async function bucketFor(ctx: QueryCtx, identifier: string) {
  return await ctx.db
    .query("authRateLimits")
    .withIndex("identifier", (q) => q.eq("identifier", identifier))
    .unique();
}

export const passwordAccountExists = internalQuery({
  args: { email: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { email }) => (await passwordAccount(ctx, email)) !== null,
});

/** How long until Convex Auth's lockout of this account lifts (null: not locked). */
export const accountLockout = internalQuery({
  args: { email: v.string() },
  returns: v.union(v.number(), v.null()),
  handler: async (ctx, { email }) => {
    const account = await passwordAccount(ctx, email);
    if (account === null) return null;
    return attemptState(await bucketFor(ctx, account._id), Date.now()).retryAfterMs;
  },
});

/**
 * The unknown-address twin of Convex Auth's check-then-record: refuses (and
 * records nothing) while the bucket is empty, otherwise records the failure.
 * Without it the eleventh guess would tell an account (locked) from no account.
 */
export const recordUnknownAccountFailure = internalMutation({
  args: { email: v.string() },
  returns: v.union(v.number(), v.null()),
  handler: async (ctx, { email }) => {
    const identifier = unknownAccountKey(email);
    const now = Date.now();
    const bucket = await bucketFor(ctx, identifier);
    const state = attemptState(bucket, now);
    if (state.retryAfterMs !== null) return state.retryAfterMs;
    if (bucket === null) {
      await ctx.db.insert("authRateLimits", { identifier, attemptsLeft: SIGN_IN_MAX_FAILED_PER_HOUR - 1, lastAttemptTime: now });
    } else {
      await ctx.db.patch("authRateLimits", bucket._id, { attemptsLeft: state.attemptsLeft - 1, lastAttemptTime: now });
    }
    return null;
  },
});

const PRUNE_PAGE = 200;

/**
 * Anyone can create unknown-address buckets by guessing, so they are pruned:
 * a bucket untouched for an hour has refilled completely, and deleting it
 * changes nothing. Walks the unknown-address key range in bounded pages and
 * reschedules itself while pages are full. (Convex Auth's own per-account
 * buckets are bounded by the number of accounts and reset on success.)
 */
export const pruneSignInBuckets = internalMutation({
  args: { after: v.optional(v.string()) },
  returns: v.object({ deleted: v.number(), more: v.boolean() }),
  handler: async (ctx, { after }) => {
    const now = Date.now();
    const page = await ctx.db
      .query("authRateLimits")
      .withIndex("identifier", (q) => q.gt("identifier", after ?? UNKNOWN_ACCOUNT_PREFIX).lt("identifier", UNKNOWN_ACCOUNT_END))
      .take(PRUNE_PAGE);
    let deleted = 0;
    for (const bucket of page) {
      if (bucket.lastAttemptTime <= now - HOUR_MS) {
        await ctx.db.delete("authRateLimits", bucket._id);
        deleted++;
      }
    }
    const more = page.length >= PRUNE_PAGE;
    if (more) {
      await ctx.scheduler.runAfter(0, internal.users.credentials.pruneSignInBuckets, { after: page[page.length - 1]!.identifier });
    }
    return { deleted, more };
  },
});
