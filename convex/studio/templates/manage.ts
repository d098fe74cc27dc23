/**
 * Changing templates (permission studio.templates.edit). Versions are
 * immutable: editing saves a new one, and going live means moving the
 * template's active pointer, which is audited.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionMutation } from "../../lib/functions";
import { logger } from "../../lib/log";
import { recordAudit } from "../../observability/audit";
import { gateFor } from "../quality/testProgress";
import { OVERRIDE_REASON } from "../quality/verdict";
import { templateDetailFields, versionContentFields } from "../tables";
import { formatProblems } from "../templating/problems";
import { parseTemplate } from "../templating/syntax";
import { checkDetails, checkVersionSettings, nameKey, sameContent, type DetailProblem, type TemplateDetails } from "./details";

const log = logger("studio");
const editMutation = permissionMutation("studio.templates.edit");

/** Deleting stops at this many versions per transaction and schedules nothing: templates rarely have more. */
const MAX_VERSIONS_DELETED = 500;

function refuse(problem: DetailProblem): never {
  throw appError("INVALID_INPUT", problem.message, { field: problem.field });
}

function validDetails(raw: TemplateDetails): TemplateDetails {
  const checked = checkDetails(raw);
  if (!checked.ok) refuse(checked.problem);
  return checked.value;
}

/** Refuses a body with a syntax error or an undeclared placeholder, naming the line and column. */
function validContent(content: { body: string; variables: Doc<"promptTemplateVersions">["variables"] }) {
  if (content.body.trim().length === 0) throw appError("INVALID_INPUT", "The template body can't be empty.", { field: "body" });
  const { errors } = parseTemplate(content.body, content.variables);
  if (errors.length > 0) {
    const field = errors.every((problem) => problem.kind === "definition") ? "variables" : "body";
    throw appError("INVALID_INPUT", formatProblems(errors), { field });
  }
}

async function ensureNameFree(ctx: MutationCtx, name: string, except?: Id<"promptTemplates">) {
  const key = nameKey(name);
  const clash = await ctx.db
    .query("promptTemplates")
    .withIndex("by_nameKey", (q) => q.eq("nameKey", key))
    .first();
  if (clash !== null && clash._id !== except) {
    throw appError("CONFLICT", `A template named "${clash.name}" already exists. Choose another name.`, { field: "name" });
  }
  return key;
}

async function loadTemplate(ctx: MutationCtx, templateId: Id<"promptTemplates">): Promise<Doc<"promptTemplates">> {
  const template = await ctx.db.get("promptTemplates", templateId);
  if (template === null) throw appError("NOT_FOUND", "That template doesn't exist.");
  return template;
}

const versionArgs = {
  ...versionContentFields,
  note: v.optional(v.string()),
};

/** Inserts a template with its first version; shared by the editor and the starter installer. */
export async function insertTemplate(
  ctx: MutationCtx,
  userId: Id<"users">,
  details: TemplateDetails,
  content: Pick<Doc<"promptTemplateVersions">, "body" | "variables" | "model" | "temperature" | "maxTokens">,
  extra: { note: string; starterKey?: string; activate?: boolean },
  now = Date.now(),
): Promise<{ templateId: Id<"promptTemplates">; versionId: Id<"promptTemplateVersions"> }> {
  const key = await ensureNameFree(ctx, details.name);
  const templateId = await ctx.db.insert("promptTemplates", {
    ...details,
    nameKey: key,
    active: false,
    archived: false,
    latestVersion: 1,
    usageCount: 0,
    qualitySum: 0,
    qualityCount: 0,
    averageQuality: -1,
    starterKey: extra.starterKey,
    createdBy: userId,
    createdAt: now,
    updatedBy: userId,
    updatedAt: now,
  });
  const versionId = await ctx.db.insert("promptTemplateVersions", {
    templateId,
    version: 1,
    ...content,
    note: extra.note,
    usageCount: 0,
    createdBy: userId,
    createdAt: now,
  });
  if (extra.activate) {
    // Starters are installed live: they are the reference every later version is tested against.
    await ctx.db.patch("promptTemplates", templateId, { activeVersionId: versionId, active: true });
    await ctx.db.patch("promptTemplateVersions", versionId, { activatedAt: now });
  }
  return { templateId, versionId };
}

export const createTemplate = editMutation({
  args: { ...templateDetailFields, ...versionArgs },
  returns: v.object({ templateId: v.id("promptTemplates"), versionId: v.id("promptTemplateVersions") }),
  handler: async (ctx, args) => {
    const { body, variables, model, temperature, maxTokens, note, ...rawDetails } = args;
    const details = validDetails(rawDetails);
    const settings = checkVersionSettings({ model, temperature, maxTokens, note });
    if (!settings.ok) refuse(settings.problem);
    validContent({ body, variables });
    const { note: cleanNote, ...versionSettings } = settings.value;
    const created = await insertTemplate(ctx, ctx.user._id, details, { body, variables, ...versionSettings }, { note: cleanNote || "First version" });
    await recordAudit(ctx, {
      action: "studio.template_created",
      actorId: ctx.user._id,
      targetTable: "promptTemplates",
      targetId: created.templateId,
      details: { name: details.name, tier: details.tier },
    });
    return created;
  },
});

export const updateTemplateDetails = editMutation({
  args: { templateId: v.id("promptTemplates"), ...templateDetailFields },
  returns: v.null(),
  handler: async (ctx, { templateId, ...raw }) => {
    const template = await loadTemplate(ctx, templateId);
    const details = validDetails(raw);
    const key = await ensureNameFree(ctx, details.name, templateId);
    const unchanged = (Object.keys(details) as (keyof TemplateDetails)[]).every(
      (field) => JSON.stringify(template[field]) === JSON.stringify(details[field]),
    );
    if (unchanged) return null;
    await ctx.db.patch("promptTemplates", templateId, { ...details, nameKey: key, updatedBy: ctx.user._id, updatedAt: Date.now() });
    return null;
  },
});

export const saveVersion = editMutation({
  args: { templateId: v.id("promptTemplates"), ...versionArgs },
  returns: v.object({ versionId: v.id("promptTemplateVersions"), version: v.number(), unchanged: v.boolean() }),
  handler: async (ctx, { templateId, body, variables, model, temperature, maxTokens, note }) => {
    const template = await loadTemplate(ctx, templateId);
    if (template.archived) throw appError("CONFLICT", "This template is archived. Restore it before saving a new version.");
    const settings = checkVersionSettings({ model, temperature, maxTokens, note });
    if (!settings.ok) refuse(settings.problem);
    validContent({ body, variables });
    const { note: cleanNote, ...versionSettings } = settings.value;
    const latest = await ctx.db
      .query("promptTemplateVersions")
      .withIndex("by_template_version", (q) => q.eq("templateId", templateId).eq("version", template.latestVersion))
      .unique();
    // A save that changes nothing would only add a confusing duplicate to the history.
    if (latest !== null && sameContent(latest, { body, variables, ...versionSettings })) {
      return { versionId: latest._id, version: latest.version, unchanged: true };
    }
    const now = Date.now();
    const version = template.latestVersion + 1;
    const versionId = await ctx.db.insert("promptTemplateVersions", {
      templateId,
      version,
      body,
      variables,
      ...versionSettings,
      note: cleanNote,
      usageCount: 0,
      createdBy: ctx.user._id,
      createdAt: now,
    });
    await ctx.db.patch("promptTemplates", templateId, { latestVersion: version, updatedBy: ctx.user._id, updatedAt: now });
    await log.with({ userId: ctx.user._id }).persist(ctx, "info", "template_version_saved", { templateId, version });
    return { versionId, version, unchanged: false };
  },
});

/**
 * Moves the live pointer. A new version needs a passing template test that
 * scores no worse than the live version by more than the margin; a version
 * that was live before may return untested, so a rollback stays quick. An
 * admin may override the gate with a written reason, audited as such.
 */
export const activateVersion = editMutation({
  args: { versionId: v.id("promptTemplateVersions"), override: v.optional(v.object({ reason: v.string() })) },
  returns: v.null(),
  handler: async (ctx, { versionId, override }) => {
    const version = await ctx.db.get("promptTemplateVersions", versionId);
    if (version === null) throw appError("NOT_FOUND", "That template version doesn't exist.");
    const template = await loadTemplate(ctx, version.templateId);
    if (template.archived) throw appError("CONFLICT", "This template is archived. Restore it before making a version live.");
    if (template.activeVersionId === versionId) return null;
    const reason = override?.reason.trim();
    if (reason !== undefined && (reason.length < OVERRIDE_REASON.min || reason.length > OVERRIDE_REASON.max)) {
      throw appError("INVALID_INPUT", `Give a reason of ${OVERRIDE_REASON.min} to ${OVERRIDE_REASON.max} characters for overriding the test.`, {
        field: "override.reason",
      });
    }
    const gate = await gateFor(ctx, version, template);
    if (!gate.ok && reason === undefined) throw appError("CONFLICT", gate.message);
    const previous = template.activeVersionId ? await ctx.db.get("promptTemplateVersions", template.activeVersionId) : null;
    const rollback = previous !== null && version.version < previous.version;
    const now = Date.now();
    await ctx.db.patch("promptTemplates", template._id, {
      activeVersionId: versionId,
      active: true,
      updatedBy: ctx.user._id,
      updatedAt: now,
    });
    if (version.activatedAt === undefined) await ctx.db.patch("promptTemplateVersions", versionId, { activatedAt: now });
    // A version live since before activation was recorded must still be a quick rollback target.
    if (previous !== null && previous.activatedAt === undefined) await ctx.db.patch("promptTemplateVersions", previous._id, { activatedAt: now });
    await recordAudit(ctx, {
      action: !gate.ok ? "studio.template_activation_overridden" : rollback ? "studio.template_rolled_back" : "studio.template_activated",
      actorId: ctx.user._id,
      targetTable: "promptTemplates",
      targetId: template._id,
      details: {
        name: template.name,
        from: previous?.version ?? null,
        to: version.version,
        ...(gate.ok ? {} : { refused: gate.message, reason }),
      },
    });
    return null;
  },
});

export const deactivateTemplate = editMutation({
  args: { templateId: v.id("promptTemplates") },
  returns: v.null(),
  handler: async (ctx, { templateId }) => {
    const template = await loadTemplate(ctx, templateId);
    if (!template.active) return null;
    await ctx.db.patch("promptTemplates", templateId, {
      activeVersionId: undefined,
      active: false,
      updatedBy: ctx.user._id,
      updatedAt: Date.now(),
    });
    await recordAudit(ctx, {
      action: "studio.template_deactivated",
      actorId: ctx.user._id,
      targetTable: "promptTemplates",
      targetId: templateId,
      details: { name: template.name },
    });
    return null;
  },
});

export const setTemplateArchived = editMutation({
  args: { templateId: v.id("promptTemplates"), archived: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { templateId, archived }) => {
    const template = await loadTemplate(ctx, templateId);
    if (template.archived === archived) return null;
    // An archived template can't generate, so it can't stay live either.
    await ctx.db.patch("promptTemplates", templateId, {
      archived,
      ...(archived ? { active: false, activeVersionId: undefined } : {}),
      updatedBy: ctx.user._id,
      updatedAt: Date.now(),
    });
    await recordAudit(ctx, {
      action: archived ? "studio.template_archived" : "studio.template_restored",
      actorId: ctx.user._id,
      targetTable: "promptTemplates",
      targetId: templateId,
      details: { name: template.name },
    });
    return null;
  },
});

export const deleteTemplate = editMutation({
  args: { templateId: v.id("promptTemplates") },
  returns: v.null(),
  handler: async (ctx, { templateId }) => {
    const template = await loadTemplate(ctx, templateId);
    const dependent = await ctx.db
      .query("generatedConversations")
      .withIndex("by_template", (q) => q.eq("templateId", templateId))
      .first();
    if (dependent !== null) {
      throw appError("CONFLICT", "Generated conversations depend on this template, so it can't be deleted. Archive it instead.");
    }
    const versions = await ctx.db
      .query("promptTemplateVersions")
      .withIndex("by_template_version", (q) => q.eq("templateId", templateId))
      .take(MAX_VERSIONS_DELETED + 1);
    if (versions.length > MAX_VERSIONS_DELETED) {
      throw appError("CONFLICT", `This template has more than ${MAX_VERSIONS_DELETED} versions. Archive it instead.`);
    }
    for (const version of versions) await ctx.db.delete("promptTemplateVersions", version._id);
    await ctx.db.delete("promptTemplates", templateId);
    await recordAudit(ctx, {
      action: "studio.template_deleted",
      actorId: ctx.user._id,
      targetTable: "promptTemplates",
      targetId: templateId,
      details: { name: template.name, versions: versions.length },
    });
    return null;
  },
});
