import { convexAuth } from "@convex-dev/auth/server";
import { Password } from "@convex-dev/auth/providers/Password";
import type { DataModel } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { normalizeEmail, validatePassword } from "./users/credentials";
import { assignInitialRole } from "./users/roles";

const password = Password<DataModel>({
  profile(params) {
    return { email: normalizeEmail(params.email) };
  },
  validatePasswordRequirements: validatePassword,
});

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
