/**
 * One conversation from one template: rendered, sent interactively, and
 * watched turn by turn while Claude writes it.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionMutation, permissionQuery } from "../../lib/functions";
import { gatewayConfig } from "../../llm/config";
import { turnValidator } from "./validators";
import { itemFailureMessage } from "./failures";
import { parsePartialTurns } from "./partialTurns";
import { templateRenderer } from "./prompt";
import { loadVersion, queuedItemFields, sendItem } from "./runs";
import { loadGenerationSettings } from "./settings";
import { itemErrorClassValidator, itemStatusValidator, valuesValidator } from "./validators";

/** The version a run or batch uses: the one named, or the template's active one. */
export async function resolveVersion(
  ctx: MutationCtx,
  ids: { templateId?: Id<"promptTemplates">; versionId?: Id<"promptTemplateVersions"> },
): Promise<Doc<"promptTemplateVersions">> {
  if ((ids.templateId === undefined) === (ids.versionId === undefined)) {
    throw appError("INVALID_INPUT", "Name either a template or one of its versions.", { field: "templateId" });
  }
  if (ids.versionId !== undefined) return await loadVersion(ctx, ids.versionId);
  const template = await ctx.db.get("promptTemplates", ids.templateId!);
  if (template === null) throw appError("NOT_FOUND", "That template doesn't exist.");
  if (template.activeVersionId === undefined) {
    throw appError("CONFLICT", "That template has no active version. Activate one, or pick a version.", { field: "templateId" });
  }
  return await loadVersion(ctx, template.activeVersionId);
}

export const startSingleGeneration = permissionMutation("studio.generate")({
  args: {
    templateId: v.optional(v.id("promptTemplates")),
    versionId: v.optional(v.id("promptTemplateVersions")),
    values: valuesValidator,
  },
  returns: v.object({ runId: v.id("generationItems") }),
  handler: async (ctx, args) => {
    const version = await resolveVersion(ctx, args);
    const render = templateRenderer(version);
    const rendered = render(args.values);
    if (!rendered.ok) throw appError("INVALID_INPUT", rendered.message, { field: "values" });
    const { retry, onError } = await loadGenerationSettings(ctx);
    const now = Date.now();
    const model = version.model ?? gatewayConfig().models.generation;
    const runId = await ctx.db.insert(
      "generationItems",
      queuedItemFields({ index: 0, templateId: version.templateId, templateVersionId: version._id, model, values: args.values, retry, onError, createdBy: ctx.user._id, now }),
    );
    const item = (await ctx.db.get("generationItems", runId))!;
    await sendItem(ctx, item, render, version, { priority: "interactive" }, now);
    return { runId };
  },
});

export const generationRunValidator = v.object({
  _id: v.id("generationItems"),
  batchId: v.optional(v.id("generationBatches")),
  templateId: v.id("promptTemplates"),
  templateVersionId: v.id("promptTemplateVersions"),
  model: v.string(),
  values: valuesValidator,
  status: itemStatusValidator,
  attempts: v.number(),
  maxAttempts: v.number(),
  nextAttemptAt: v.optional(v.number()),
  errorClass: v.optional(itemErrorClassValidator),
  errorMessage: v.optional(v.string()),
  /** Complete turns so far (final turns once stored). */
  framework: v.optional(v.string()),
  turns: v.array(turnValidator),
  /** The turn Claude is writing now. */
  writing: v.optional(v.object({ role: v.optional(turnValidator.fields.role), text: v.string() })),
  conversationId: v.optional(v.id("generatedConversations")),
  costMicros: v.number(),
  startedAt: v.optional(v.number()),
  finishedAt: v.optional(v.number()),
});

/** A run (or any batch item) with the turns written so far: the UI renders them as they arrive. */
export const getGenerationRun = permissionQuery("studio.generate")({
  args: { runId: v.id("generationItems") },
  returns: generationRunValidator,
  handler: async (ctx, { runId }) => {
    const item = await ctx.db.get("generationItems", runId);
    if (item === null) throw appError("NOT_FOUND", "That generation run doesn't exist.");
    const conversation = item.conversationId ? await ctx.db.get("generatedConversations", item.conversationId) : null;
    const partial = conversation ? { framework: conversation.framework, turns: conversation.turns, writing: undefined } : parsePartialTurns(item.partialJson);
    return {
      _id: item._id,
      batchId: item.batchId,
      templateId: item.templateId,
      templateVersionId: item.templateVersionId,
      model: item.model,
      values: item.values,
      status: item.status,
      attempts: item.attempts,
      maxAttempts: item.maxAttempts,
      nextAttemptAt: item.nextAttemptAt,
      errorClass: item.errorClass,
      errorMessage: item.errorClass ? itemFailureMessage(item.errorClass, item.errorMessage) : undefined,
      framework: partial.framework,
      turns: partial.turns,
      writing: partial.writing,
      conversationId: item.conversationId,
      costMicros: item.costMicros,
      startedAt: item.startedAt,
      finishedAt: item.finishedAt,
    };
  },
});
