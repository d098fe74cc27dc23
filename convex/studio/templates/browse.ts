/**
 * Reading templates (permission studio.templates.view: admins and reviewers):
 * the sortable, filterable list, one template with its history, and the diff
 * of any two versions.
 */
import { doc } from "convex-helpers/validators";
import { v } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionQuery } from "../../lib/functions";
import { paginateChecked, paginationOptsValidator, vPaginationResult } from "../../lib/pagination";
import { literals } from "convex-helpers/validators";
import schema from "../../schema";
import { templatePurposeValidator, templateTierValidator } from "../tables";
import { diffVersionsPure } from "./versionDiff";

const viewQuery = permissionQuery("studio.templates.view");

/** A history longer than this shows its newest versions; older ones stay reachable by diff and id. */
export const HISTORY_LIMIT = 200;
const SEARCH_MAX = 100;

const templateDoc = doc(schema, "promptTemplates");
const versionDoc = doc(schema, "promptTemplateVersions");

const templateRowValidator = v.object({
  ...templateDoc.fields,
  activeVersion: v.union(v.number(), v.null()),
  updatedByEmail: v.union(v.string(), v.null()),
});

const versionRowValidator = v.object({ ...versionDoc.fields, createdByEmail: v.union(v.string(), v.null()) });

async function emails(ctx: QueryCtx, ids: Id<"users">[]): Promise<Map<Id<"users">, string | null>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => ctx.db.get("users", id)));
  return new Map(unique.map((id, i) => [id, users[i]?.email ?? users[i]?.name ?? null]));
}

async function toRows(ctx: QueryCtx, templates: Doc<"promptTemplates">[]) {
  const who = await emails(ctx, templates.map((t) => t.updatedBy));
  const active = await Promise.all(
    templates.map((t) => (t.activeVersionId ? ctx.db.get("promptTemplateVersions", t.activeVersionId) : null)),
  );
  return templates.map((template, i) => ({
    ...template,
    activeVersion: active[i]?.version ?? null,
    updatedByEmail: who.get(template.updatedBy) ?? null,
  }));
}

export const TEMPLATE_SORTS = ["updated", "name", "usage", "quality"] as const;

export const listTemplates = viewQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    sort: v.optional(literals(...TEMPLATE_SORTS)),
    order: v.optional(literals("asc", "desc")),
    tier: v.optional(templateTierValidator),
    purpose: v.optional(templatePurposeValidator),
    active: v.optional(v.boolean()),
    archived: v.optional(v.boolean()),
    search: v.optional(v.string()),
  },
  returns: vPaginationResult(templateRowValidator),
  handler: async (ctx, args) => {
    const archived = args.archived ?? false;
    const search = (args.search ?? "").trim().slice(0, SEARCH_MAX);
    if (search.length > 0) {
      // Relevance order: a name search ranks matches, so the sort choice does not apply.
      const result = await paginateChecked(args.paginationOpts, (paginationOpts) =>
        ctx.db
          .query("promptTemplates")
          .withSearchIndex("search_name", (q) => {
            let s = q.search("name", search).eq("archived", archived);
            if (args.tier !== undefined) s = s.eq("tier", args.tier);
            if (args.purpose !== undefined) s = s.eq("purpose", args.purpose);
            if (args.active !== undefined) s = s.eq("active", args.active);
            return s;
          })
          .paginate(paginationOpts),
      );
      return { ...result, page: await toRows(ctx, result.page) };
    }
    const sort = args.sort ?? "updated";
    const order = args.order ?? (sort === "name" ? "asc" : "desc");
    const index =
      sort === "name"
        ? "by_archived_nameKey"
        : sort === "usage"
          ? "by_archived_usageCount"
          : sort === "quality"
            ? "by_archived_averageQuality"
            : "by_archived_updatedAt";
    // Templates number in the tens or hundreds, so filtering a page's scan is cheap.
    const result = await paginateChecked(args.paginationOpts, (paginationOpts) =>
      ctx.db
        .query("promptTemplates")
        .withIndex(index, (q) => q.eq("archived", archived))
        .order(order)
        // eslint-disable-next-line @convex-dev/no-filter-in-query -- a page of a small table; an index per filter × sort would cost more than it saves
        .filter((q) =>
          q.and(
            args.tier === undefined ? true : q.eq(q.field("tier"), args.tier),
            args.purpose === undefined ? true : q.eq(q.field("purpose"), args.purpose),
            args.active === undefined ? true : q.eq(q.field("active"), args.active),
          ),
        )
        .paginate(paginationOpts),
    );
    return { ...result, page: await toRows(ctx, result.page) };
  },
});

export const getTemplate = viewQuery({
  args: { templateId: v.id("promptTemplates") },
  returns: v.union(
    v.null(),
    v.object({
      template: templateRowValidator,
      versions: v.array(versionRowValidator),
      historyTruncated: v.boolean(),
    }),
  ),
  handler: async (ctx, { templateId }) => {
    const template = await ctx.db.get("promptTemplates", templateId);
    if (template === null) return null;
    const versions = await ctx.db
      .query("promptTemplateVersions")
      .withIndex("by_template_version", (q) => q.eq("templateId", templateId))
      .order("desc")
      .take(HISTORY_LIMIT + 1);
    const shown = versions.slice(0, HISTORY_LIMIT);
    const who = await emails(ctx, shown.map((version) => version.createdBy));
    const [row] = await toRows(ctx, [template]);
    return {
      template: row,
      versions: shown.map((version) => ({ ...version, createdByEmail: who.get(version.createdBy) ?? null })),
      historyTruncated: versions.length > HISTORY_LIMIT,
    };
  },
});

/** The live version of a template, for the generation screens. */
export const getActiveVersion = viewQuery({
  args: { templateId: v.id("promptTemplates") },
  returns: v.union(v.null(), versionDoc),
  handler: async (ctx, { templateId }) => {
    const template = await ctx.db.get("promptTemplates", templateId);
    if (template?.activeVersionId === undefined) return null;
    return await ctx.db.get("promptTemplateVersions", template.activeVersionId);
  },
});

const lineValidator = v.object({ kind: literals("same", "added", "removed"), text: v.string() });
const fieldChange = v.object({ field: v.string(), before: v.string(), after: v.string() });

export const diffVersions = viewQuery({
  args: { fromVersionId: v.id("promptTemplateVersions"), toVersionId: v.id("promptTemplateVersions") },
  returns: v.object({
    from: v.object({ version: v.number(), note: v.string() }),
    to: v.object({ version: v.number(), note: v.string() }),
    body: v.array(lineValidator),
    variables: v.array(
      v.union(
        v.object({ kind: v.literal("added"), name: v.string(), after: schema.tables.promptTemplateVersions.validator.fields.variables.element }),
        v.object({ kind: v.literal("removed"), name: v.string(), before: schema.tables.promptTemplateVersions.validator.fields.variables.element }),
        v.object({ kind: v.literal("changed"), name: v.string(), fields: v.array(fieldChange) }),
      ),
    ),
    settings: v.array(fieldChange),
    stats: v.object({ linesAdded: v.number(), linesRemoved: v.number() }),
  }),
  handler: async (ctx, { fromVersionId, toVersionId }) => {
    const [from, to] = await Promise.all([
      ctx.db.get("promptTemplateVersions", fromVersionId),
      ctx.db.get("promptTemplateVersions", toVersionId),
    ]);
    if (from === null || to === null) throw appError("NOT_FOUND", "That template version doesn't exist.");
    if (from.templateId !== to.templateId) {
      throw appError("INVALID_INPUT", "Only versions of the same template can be compared.", { field: "toVersionId" });
    }
    return {
      from: { version: from.version, note: from.note },
      to: { version: to.version, note: to.note },
      ...diffVersionsPure(from, to),
    };
  },
});
