import { v } from "convex/values";
import { currentUser, publicQuery } from "../lib/functions";
import { ROLE_PERMISSIONS, permissionValidator } from "../lib/permissions";
import { publicUserValidator, toPublicUser } from "./validators";

/**
 * The signed-in user, or null when signed out. Public rather than userQuery
 * because "who am I" must answer signed-out callers without an error.
 */
export const me = publicQuery({
  args: {},
  returns: v.union(
    v.null(),
    v.object({ ...publicUserValidator.fields, permissions: v.array(permissionValidator) }),
  ),
  handler: async (ctx) => {
    const user = await currentUser(ctx);
    // The SPA shows only what the role may use; the functions still check.
    return user === null ? null : { ...toPublicUser(user), permissions: [...ROLE_PERMISSIONS[user.role]] };
  },
});
