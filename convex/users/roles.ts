import type { MutationCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
import { installStarters } from "../studio/templates/starters";
import type { Role } from "./tables";

/**
 * The first account becomes the admin so a fresh deployment can be managed
 * without a console. Mutations are serialisable, so two simultaneous first
 * sign-ups cannot both see "no admin yet".
 */
export async function assignInitialRole(ctx: MutationCtx, userId: Id<"users">): Promise<Role> {
  const user = await ctx.db.get("users", userId);
  if (user?.role) return user.role;
  const existingAdmin = await ctx.db
    .query("users")
    .withIndex("by_role", (q) => q.eq("role", "admin"))
    .first();
  const role: Role = existingAdmin ? "member" : "admin";
  await ctx.db.patch("users", userId, { role });
  // A fresh deployment's first admin finds the Studio ready to use.
  if (role === "admin") await installStarters(ctx, userId);
  await ctx.db.insert("auditLogs", {
    action: "user.role_assigned",
    targetTable: "users",
    targetId: userId,
    details: { role, reason: existingAdmin ? "sign_up" : "first_user" },
    at: Date.now(),
  });
  return role;
}
