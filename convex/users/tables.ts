import { defineTable } from "convex/server";
import { v, type Infer } from "convex/values";

export const ROLES = ["admin", "reviewer", "member"] as const;
export const roleValidator = v.union(v.literal("admin"), v.literal("reviewer"), v.literal("member"));
export type Role = Infer<typeof roleValidator>;

/**
 * Convex Auth's user fields plus our own. `role` is optional only because
 * Convex Auth inserts the row before our callback assigns the role; every
 * user has one once sign-up commits.
 */
export const userFields = {
  name: v.optional(v.string()),
  image: v.optional(v.string()),
  email: v.optional(v.string()),
  emailVerificationTime: v.optional(v.number()),
  phone: v.optional(v.string()),
  phoneVerificationTime: v.optional(v.number()),
  isAnonymous: v.optional(v.boolean()),
  role: v.optional(roleValidator),
};

export const usersTables = {
  // Index names "email" and "phone" are the ones Convex Auth queries.
  users: defineTable(userFields)
    .index("email", ["email"])
    .index("phone", ["phone"])
    .index("by_role", ["role"]),
};
