import { convexAuth } from "@convex-dev/auth/server";
import { Password } from "@convex-dev/auth/providers/Password";
import type { GenericActionCtx } from "convex/server";
import { internal } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { logger } from "./lib/log";
import { normalizeEmail, validatePassword } from "./users/credentials";
import { assignInitialRole } from "./users/roles";

const log = logger("auth");

const password = auditRateLimitedSignIns(
  Password<DataModel>({
    profile(params) {
      return { email: normalizeEmail(params.email) };
    },
    validatePasswordRequirements: validatePassword,
  }),
);

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [password],
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

/**
 * Convex Auth limits failed password attempts per account (10 an hour) and
 * then refuses sign-in with `Error("TooManyFailedAttempts")`, but offers no
 * callback for it. Its Password provider keeps the real `authorize` in
 * `options` (ConvexCredentials merges options over the provider when it
 * materialises it), so we wrap that: a refusal for too many attempts writes
 * an audit entry, then the error goes on to the client unchanged. If a
 * library upgrade moves `authorize`, sign-in keeps working without the hook
 * and convex/observability/auditSignIn.test.ts fails.
 */
function auditRateLimitedSignIns<Provider extends object>(provider: Provider): Provider {
  const options = (provider as { options?: { authorize?: Authorize } }).options;
  const authorize = options?.authorize;
  if (typeof authorize !== "function") return provider;
  const audited: Authorize = async (params, ctx) => {
    try {
      return await authorize(params, ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes("TooManyFailedAttempts")) {
        let email = "";
        try {
          email = normalizeEmail(params.email);
        } catch {
          // Unparseable addresses never reach the rate limit; record what we can.
        }
        await ctx.runMutation(internal.observability.audit.recordSignInRateLimited, { email });
      } else if (message.includes("InvalidSecret") || message.includes("InvalidAccountId")) {
        log.info("sign_in_failed", { reason: message.includes("InvalidSecret") ? "wrong_password" : "unknown_account" });
      }
      throw error;
    }
  };
  return { ...provider, options: { ...options, authorize: audited } } as Provider;
}
