/**
 * Counting a template version's use: the generation queue calls this in the
 * same transaction that stores what the version produced, so the counts can
 * never drift from the conversations.
 */
import type { Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";

export async function recordTemplateUse(ctx: MutationCtx, versionId: Id<"promptTemplateVersions">): Promise<void> {
  const version = await ctx.db.get("promptTemplateVersions", versionId);
  if (version === null) throw appError("NOT_FOUND", "That template version doesn't exist.");
  const template = await ctx.db.get("promptTemplates", version.templateId);
  if (template === null) throw appError("NOT_FOUND", "That template doesn't exist.");
  await ctx.db.patch("promptTemplateVersions", versionId, { usageCount: version.usageCount + 1 });
  await ctx.db.patch("promptTemplates", template._id, { usageCount: template.usageCount + 1 });
}

/** Folds one quality score into the template's running average (sum and count, no scan). */
export async function recordTemplateQuality(ctx: MutationCtx, templateId: Id<"promptTemplates">, score: number): Promise<void> {
  const template = await ctx.db.get("promptTemplates", templateId);
  if (template === null) return;
  const qualitySum = template.qualitySum + score;
  const qualityCount = template.qualityCount + 1;
  await ctx.db.patch("promptTemplates", templateId, {
    qualitySum,
    qualityCount,
    averageQuality: Math.round((qualitySum / qualityCount) * 100) / 100,
  });
}
