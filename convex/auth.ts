import { convexAuth } from "@convex-dev/auth/server";
import { Password } from "@convex-dev/auth/providers/Password";
import type { GenericActionCtx } from "convex/server";
import { internal } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { appErrorData } from "./lib/errors";
import { logger } from "./lib/log";
import {
  emailTaken,
  normalizeEmail,
  SIGN_IN_MAX_FAILED_PER_HOUR,
  signInLocked,
  signInRefused,
  validatePassword,
} from "./users/credentials";
import { assignInitialRole } from "./users/roles";

const log = logger("auth");

const password = guardPasswordFlows(
  Password<DataModel>({
    profile(params) {
      return { email: normalizeEmail(params.email) };
    },
    validatePasswordRequirements: validatePassword,
  }),
);

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [password],
  signIn: { maxFailedAttempsPerHour: SIGN_IN_MAX_FAILED_PER_HOUR },
  callbacks: {
    async afterUserCreatedOrUpdated(ctx, { userId, existingUserId }) {
      if (existingUserId === null) {
        // Convex Auth types ctx for any data model; ours is this schema's.
        await assignInitialRole(ctx as unknown as MutationCtx, userId);
      }
    },
  },
});

type Authorize = (params: Record<string, unknown>, ctx: GenericActionCtx<DataModel>) => Promise<unknown>;
type SecretCrypto = { hashSecret(secret: string): Promise<string>; verifySecret(secret: string, hash: string): Promise<boolean> };

/** Convex Auth's refusals arrive as `Error(reason)`; these are the reasons we translate. */
function refusalReason(error: unknown): "InvalidAccountId" | "InvalidSecret" | "TooManyFailedAttempts" | null {
  const message = error instanceof Error ? error.message : "";
  for (const reason of ["InvalidAccountId", "InvalidSecret", "TooManyFailedAttempts"] as const) {
    if (message.includes(reason)) return reason;
  }
  return null;
}

/**
 * Convex Auth's Password provider tells callers more than they should learn:
 * an unknown address and a wrong password fail differently, signing up with
 * a taken address and another password fails with "Account <email> already
 * exists" (which also lands in the server log), and the failed-attempt limit
 * answers with a bare "TooManyFailedAttempts". Its provider keeps the real
 * `authorize` in `options` (ConvexCredentials merges options over the
 * provider when it materialises it), so we wrap that and turn every refusal
 * into one of our coded errors before anything can log it.
 *
 * If a library upgrade moves `authorize`, sign-in keeps working with the
 * library's own errors and convex/users/auth.test.ts fails.
 */
function guardPasswordFlows<Provider extends object>(provider: Provider): Provider {
  const options = (provider as { options?: { authorize?: Authorize; crypto?: SecretCrypto } }).options;
  const original = options?.authorize;
  if (typeof original !== "function") return provider;
  const authorize: Authorize = original;
  const crypto = options?.crypto;
  let dummyHash: Promise<string> | undefined;

  /**
   * A known address costs a password hash check; an unknown one would return
   * at once, and the difference in time would tell them apart. So check the
   * password against a throwaway hash too.
   */
  async function spendHashTime(secret: unknown): Promise<void> {
    if (!crypto || typeof secret !== "string") return;
    dummyHash ??= crypto.hashSecret("framewise-no-such-account-1");
    await crypto.verifySecret(secret, await dummyHash);
  }

  async function signUp(params: Record<string, unknown>, ctx: GenericActionCtx<DataModel>) {
    // Same checks, in the same order, as the provider: bad input is reported
    // the same way whether or not the address is taken.
    const email = normalizeEmail(params.email);
    validatePassword(typeof params.password === "string" ? params.password : "");
    // The library would sign in when the password matches and say "already
    // exists" when not: a password check outside the failed-attempt limit.
    // A taken address is a conflict whatever the password.
    if (await ctx.runQuery(internal.users.credentials.passwordAccountExists, { email })) throw emailTaken();
    try {
      return await authorize(params, ctx);
    } catch (error) {
      // Lost a race with a concurrent sign-up for the same address.
      if (error instanceof Error && error.message.includes("already exists")) throw emailTaken();
      throw error;
    }
  }

  async function signIn(params: Record<string, unknown>, ctx: GenericActionCtx<DataModel>) {
    try {
      return await authorize(params, ctx);
    } catch (error) {
      if (appErrorData(error)) throw error;
      const reason = refusalReason(error);
      if (reason === null) throw error;
      // The provider's profile() already normalised this address once.
      const email = normalizeEmail(params.email);
      let retryAfterMs: number | null = null;
      if (reason === "InvalidAccountId") {
        retryAfterMs = await ctx.runMutation(internal.users.credentials.recordUnknownAccountFailure, { email });
        // A locked account is refused before its hash is checked; match that too.
        if (retryAfterMs === null) await spendHashTime(params.password);
      } else if (reason === "TooManyFailedAttempts") {
        // The bucket refills continuously; if it refilled between the two
        // reads, one more attempt is already allowed, so say "a minute".
        retryAfterMs = (await ctx.runQuery(internal.users.credentials.accountLockout, { email })) ?? 60_000;
      }
      if (retryAfterMs === null) {
        log.info("sign_in_failed", { reason: reason === "InvalidSecret" ? "wrong_password" : "unknown_account" });
        throw signInRefused();
      }
      await ctx.runMutation(internal.observability.audit.recordSignInRateLimited, { email });
      throw signInLocked(retryAfterMs);
    }
  }

  const guarded: Authorize = async (params, ctx) => {
    if (params.flow === "signUp") return await signUp(params, ctx);
    if (params.flow === "signIn") return await signIn(params, ctx);
    return await authorize(params, ctx);
  };
  return { ...provider, options: { ...options, authorize: guarded } } as Provider;
}
