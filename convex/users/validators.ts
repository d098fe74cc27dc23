import { v, type Infer } from "convex/values";
import { roleValidator } from "./tables";

/** What the API says about a user: never auth internals. */
export const publicUserValidator = v.object({
  _id: v.id("users"),
  _creationTime: v.number(),
  email: v.optional(v.string()),
  name: v.optional(v.string()),
  role: roleValidator,
});
export type PublicUser = Infer<typeof publicUserValidator>;

export function toPublicUser(user: {
  _id: PublicUser["_id"];
  _creationTime: number;
  email?: string;
  name?: string;
  role?: PublicUser["role"];
}): PublicUser {
  return {
    _id: user._id,
    _creationTime: user._creationTime,
    email: user.email,
    name: user.name,
    role: user.role ?? "member",
  };
}
