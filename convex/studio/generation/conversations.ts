import { doc } from "convex-helpers/validators";
import { v } from "convex/values";
import schema from "../../schema";
import { appError } from "../../lib/errors";
import { userQuery } from "../../lib/functions";
import { can, forbiddenMessage } from "../../lib/permissions";

export const conversationDoc = doc(schema, "generatedConversations");

/** A stored conversation with its provenance: for those who generate and those who review. */
export const getConversation = userQuery({
  args: { conversationId: v.id("generatedConversations") },
  returns: conversationDoc,
  handler: async (ctx, { conversationId }) => {
    if (!can(ctx.user.role, "studio.generate") && !can(ctx.user.role, "studio.review")) {
      throw appError("FORBIDDEN", forbiddenMessage("studio.review"));
    }
    const conversation = await ctx.db.get("generatedConversations", conversationId);
    if (conversation === null) throw appError("NOT_FOUND", "That conversation doesn't exist.");
    return conversation;
  },
});
