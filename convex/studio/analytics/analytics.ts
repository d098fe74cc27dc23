/**
 * Studio → Analytics. Every query reads roll-ups (templateAnalytics,
 * templateAnalyticsDaily, coverageCells) through indexes with fixed bounds, so
 * what it reads depends on the number of templates, days and cells shown,
 * never on the number of conversations.
 */
import { v } from "convex/values";
import { api, internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import { internalQuery, type QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionAction, permissionQuery } from "../../lib/functions";
import { paginateChecked, paginationOptsValidator } from "../../lib/pagination";
import { matrixValidator } from "../generation/validators";
import { templateTierValidator, TEMPLATE_TIERS } from "../tables";
import { emptyRollup, planGapBatches, statsOf, statsValidator, thinCells, utcDay, type Rollup, type Stats } from "./rollup";

const viewQuery = permissionQuery("studio.templates.view");

const MAX_VERSIONS = 200;
/** Templates ranked for top performers: the best this many by average score. */
const RANK_WINDOW = 300;
export const MAX_CELLS = 5_000;
export const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const rollupOf = (doc: Doc<"templateAnalytics"> | null): Rollup => doc ?? emptyRollup();

async function templateRollup(ctx: QueryCtx, templateId: Id<"promptTemplates">) {
  return await ctx.db
    .query("templateAnalytics")
    .withIndex("by_template_version", (q) => q.eq("templateId", templateId).eq("versionId", undefined))
    .unique();
}

async function loadTemplate(ctx: QueryCtx, templateId: Id<"promptTemplates">) {
  const template = await ctx.db.get("promptTemplates", templateId);
  if (template === null) throw appError("NOT_FOUND", "That template doesn't exist.");
  return template;
}

const versionRow = v.object({ versionId: v.id("promptTemplateVersions"), version: v.number(), usage: v.number(), stats: statsValidator });
const templateRow = v.object({
  templateId: v.id("promptTemplates"),
  name: v.string(),
  tier: templateTierValidator,
  archived: v.boolean(),
  /** Times the template was used to start a generation (promptTemplates.usageCount). */
  usage: v.number(),
  stats: statsValidator,
});
type TemplateRow = { templateId: Id<"promptTemplates">; name: string; tier: Doc<"promptTemplates">["tier"]; archived: boolean; usage: number; stats: Stats };

const rowOf = (template: Doc<"promptTemplates">, rollup: Rollup): TemplateRow => ({
  templateId: template._id,
  name: template.name,
  tier: template.tier,
  archived: template.archived,
  usage: template.usageCount,
  stats: statsOf(rollup),
});

/** Shared by getTemplateAnalytics and the analytics benchmark's probe: what is measured is what runs. */
export async function loadTemplateAnalytics(ctx: QueryCtx, templateId: Id<"promptTemplates">) {
  const template = await loadTemplate(ctx, templateId);
  const [own, versionRollups, versions] = await Promise.all([
    templateRollup(ctx, templateId),
    ctx.db
      .query("templateAnalytics")
      .withIndex("by_template_version", (q) => q.eq("templateId", templateId))
      .take(MAX_VERSIONS + 1),
    ctx.db
      .query("promptTemplateVersions")
      .withIndex("by_template_version", (q) => q.eq("templateId", templateId))
      .order("desc")
      .take(MAX_VERSIONS),
  ]);
  const byVersion = new Map(versionRollups.map((doc) => [doc.versionId, doc]));
  return {
    template: rowOf(template, rollupOf(own)),
    versions: versions.map((version) => ({
      versionId: version._id,
      version: version.version,
      usage: version.usageCount,
      stats: statsOf(rollupOf(byVersion.get(version._id) ?? null)),
    })),
  };
}

/** One template and each of its versions. */
export const getTemplateAnalytics = viewQuery({
  args: { templateId: v.id("promptTemplates") },
  returns: v.object({ template: templateRow, versions: v.array(versionRow) }),
  handler: (ctx, { templateId }) => loadTemplateAnalytics(ctx, templateId),
});

/** Templates with any activity, best average score first; rows are flat so the table's CSV is the rows. */
export const listTemplateAnalytics = viewQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: v.object({ page: v.array(templateRow), isDone: v.boolean(), continueCursor: v.string() }),
  handler: async (ctx, { paginationOpts }) => {
    const result = await paginateChecked(paginationOpts, (opts) =>
      ctx.db
        .query("templateAnalytics")
        .withIndex("by_scope_averageScore", (q) => q.eq("scope", "template"))
        .order("desc")
        .paginate(opts),
    );
    const page: TemplateRow[] = [];
    for (const doc of result.page) {
      const template = await ctx.db.get("promptTemplates", doc.templateId);
      if (template !== null) page.push(rowOf(template, doc));
    }
    return { page, isDone: result.isDone, continueCursor: result.continueCursor };
  },
});

export async function loadTopPerformers(ctx: QueryCtx, perTier: number, minScored: number) {
  const ranked = await ctx.db
    .query("templateAnalytics")
    .withIndex("by_scope_averageScore", (q) => q.eq("scope", "template").gte("averageScore", 0))
    .order("desc")
    .take(RANK_WINDOW);
  const byTier = new Map<string, TemplateRow[]>(TEMPLATE_TIERS.map((tier) => [tier, []]));
  for (const doc of ranked) {
    if (doc.scoreCount < minScored) continue;
    const template = await ctx.db.get("promptTemplates", doc.templateId);
    if (template === null || template.archived) continue;
    const list = byTier.get(template.tier)!;
    if (list.length < perTier) list.push(rowOf(template, doc));
  }
  return TEMPLATE_TIERS.map((tier) => ({ tier, templates: byTier.get(tier)! }));
}

/** The best templates of each tier by average score, among those scored at least `minScored` times. */
export const topPerformers = viewQuery({
  args: { perTier: v.optional(v.number()), minScored: v.optional(v.number()) },
  returns: v.array(v.object({ tier: templateTierValidator, templates: v.array(templateRow) })),
  handler: async (ctx, { perTier = 5, minScored = 1 }) => {
    if (!Number.isInteger(perTier) || perTier < 1 || perTier > 20) throw appError("INVALID_INPUT", "Show 1 to 20 templates per tier.", { field: "perTier" });
    if (!Number.isInteger(minScored) || minScored < 0 || minScored > 1_000_000) throw appError("INVALID_INPUT", "The minimum is a whole number.", { field: "minScored" });
    return await loadTopPerformers(ctx, perTier, minScored);
  },
});

const dayPoint = v.object({
  day: v.string(),
  successes: v.number(),
  failures: v.number(),
  scored: v.number(),
  averageScore: v.optional(v.number()),
  approved: v.number(),
  rejected: v.number(),
  costMicros: v.number(),
});

function checkDays(days: number) {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw appError("INVALID_INPUT", `Pick 1 to ${MAX_DAYS} days.`, { field: "days" });
}

/** Days with activity in the last `days` (UTC), oldest first; days without any are absent. */
export async function series(ctx: QueryCtx, templateId: Id<"promptTemplates">, days: number, now: number) {
  const fromDay = utcDay(now - (days - 1) * DAY_MS);
  const docs = await ctx.db
    .query("templateAnalyticsDaily")
    .withIndex("by_template_day", (q) => q.eq("templateId", templateId).gte("day", fromDay))
    .take(days);
  return docs.map((doc) => ({
    day: doc.day,
    successes: doc.successes,
    failures: doc.failures,
    scored: doc.scoreCount,
    averageScore: doc.scoreCount === 0 ? undefined : Math.round((doc.scoreSum / doc.scoreCount) * 100) / 100,
    approved: doc.approved,
    rejected: doc.rejected,
    costMicros: doc.costMicros,
  }));
}

export const qualityTrend = viewQuery({
  args: { templateId: v.id("promptTemplates"), days: v.optional(v.number()) },
  returns: v.array(dayPoint),
  handler: async (ctx, { templateId, days = 30 }) => {
    checkDays(days);
    await loadTemplate(ctx, templateId);
    return await series(ctx, templateId, days, Date.now());
  },
});

/** 2 or 3 templates side by side: their totals and their daily series. */
export const compareTemplates = viewQuery({
  args: { templateIds: v.array(v.id("promptTemplates")), days: v.optional(v.number()) },
  returns: v.array(v.object({ template: templateRow, series: v.array(dayPoint) })),
  handler: async (ctx, { templateIds, days = 30 }) => {
    if (templateIds.length < 2 || templateIds.length > 3 || new Set(templateIds).size !== templateIds.length) {
      throw appError("INVALID_INPUT", "Compare 2 or 3 different templates.", { field: "templateIds" });
    }
    checkDays(days);
    const now = Date.now();
    const out = [];
    for (const templateId of templateIds) {
      const template = await loadTemplate(ctx, templateId);
      out.push({ template: rowOf(template, rollupOf(await templateRollup(ctx, templateId))), series: await series(ctx, templateId, days, now) });
    }
    return out;
  },
});

const cellRow = v.object({ framework: v.string(), persona: v.string(), emotion: v.string(), approved: v.number() });

async function readCells(ctx: QueryCtx) {
  const docs = await ctx.db.query("coverageCells").withIndex("by_cell").take(MAX_CELLS + 1);
  return {
    cells: docs.slice(0, MAX_CELLS).map(({ framework, persona, emotion, approved }) => ({ framework, persona, emotion, approved })),
    truncated: docs.length > MAX_CELLS,
  };
}

const sortedUnique = (values: string[]) => [...new Set(values)].sort();

/**
 * The coverage heatmap: approved conversations per persona × framework, and
 * per persona × framework × emotion. Axes are the values seen so far; a cell
 * missing from `cells` has 0.
 */
export const coverageMatrix = viewQuery({
  args: {},
  returns: v.object({
    frameworks: v.array(v.string()),
    personas: v.array(v.string()),
    emotions: v.array(v.string()),
    cells: v.array(cellRow),
    pairs: v.array(v.object({ framework: v.string(), persona: v.string(), approved: v.number() })),
    total: v.number(),
    truncated: v.boolean(),
  }),
  handler: (ctx) => loadCoverage(ctx),
});

export async function loadCoverage(ctx: QueryCtx) {
  const { cells, truncated } = await readCells(ctx);
  const pairs = new Map<string, { framework: string; persona: string; approved: number }>();
  for (const cell of cells) {
    const key = JSON.stringify([cell.framework, cell.persona]);
    const pair = pairs.get(key) ?? { framework: cell.framework, persona: cell.persona, approved: 0 };
    pair.approved += cell.approved;
    pairs.set(key, pair);
  }
  return {
    frameworks: sortedUnique(cells.map((cell) => cell.framework)),
    personas: sortedUnique(cells.map((cell) => cell.persona)),
    emotions: sortedUnique(cells.map((cell) => cell.emotion)),
    cells: cells.filter((cell) => cell.approved > 0),
    pairs: [...pairs.values()].filter((pair) => pair.approved > 0),
    total: cells.reduce((sum, cell) => sum + cell.approved, 0),
    truncated,
  };
}

export const coverageCellsForPlan = internalQuery({
  args: {},
  returns: v.array(cellRow),
  handler: async (ctx) => (await readCells(ctx)).cells,
});

export const MAX_GAP_BATCHES = 10;
export const MAX_GAP_CELLS = 500;
const axisValues = v.optional(v.array(v.string()));

/**
 * "Generate to fill the gaps": one batch per (framework, emotion) whose thin
 * personas form the matrix, through createBatch itself, so its checks, spend
 * estimate and permission apply unchanged. The template version must declare
 * persona, framework and emotion variables; createBatch refuses it otherwise.
 */
export const fillCoverageGaps = permissionAction("studio.generate")({
  args: {
    versionId: v.id("promptTemplateVersions"),
    /** Approved conversations each cell should have. */
    target: v.number(),
    /** Axes to cover; default: the values seen so far. */
    frameworks: axisValues,
    personas: axisValues,
    emotions: axisValues,
    maxBatches: v.optional(v.number()),
    /** Axes for the template's other variables (e.g. topic), multiplied into every batch. */
    otherAxes: v.optional(matrixValidator),
  },
  returns: v.object({
    batchIds: v.array(v.id("generationBatches")),
    thinCells: v.number(),
    /** Thin cells given a conversation by these batches (the rest wait for the next run). */
    scheduledCells: v.number(),
  }),
  handler: async (ctx, args): Promise<{ batchIds: Id<"generationBatches">[]; thinCells: number; scheduledCells: number }> => {
    if (!Number.isInteger(args.target) || args.target < 1 || args.target > 10_000) throw appError("INVALID_INPUT", "The target is a whole number from 1 to 10,000.", { field: "target" });
    const maxBatches = args.maxBatches ?? MAX_GAP_BATCHES;
    if (!Number.isInteger(maxBatches) || maxBatches < 1 || maxBatches > MAX_GAP_BATCHES) throw appError("INVALID_INPUT", `Create 1 to ${MAX_GAP_BATCHES} batches.`, { field: "maxBatches" });
    for (const [field, list] of [["frameworks", args.frameworks], ["personas", args.personas], ["emotions", args.emotions]] as const) {
      if (list !== undefined && (list.length === 0 || list.length > 100 || list.some((value) => value.trim().length === 0))) {
        throw appError("INVALID_INPUT", "Give 1 to 100 non-empty values.", { field });
      }
    }
    const otherAxes = args.otherAxes ?? [];
    if (otherAxes.some((axis) => ["persona", "framework", "emotion"].includes(axis.variable))) {
      throw appError("INVALID_INPUT", "Persona, framework and emotion come from the coverage gaps; give other variables only.", { field: "otherAxes" });
    }
    const cells = await ctx.runQuery(internal.studio.analytics.analytics.coverageCellsForPlan, {});
    const axes = {
      frameworks: args.frameworks ?? sortedUnique(cells.map((cell) => cell.framework)),
      personas: args.personas ?? sortedUnique(cells.map((cell) => cell.persona)),
      emotions: args.emotions ?? sortedUnique(cells.map((cell) => cell.emotion)),
    };
    const thin = thinCells(cells, axes, args.target);
    if (thin.length > MAX_GAP_CELLS) throw appError("LIMIT_REACHED", `${thin.length} cells are thin; narrow the axes to at most ${MAX_GAP_CELLS}.`, { field: "personas" });
    const plan = planGapBatches(thin, maxBatches);
    const batchIds: Id<"generationBatches">[] = [];
    let scheduledCells = 0;
    for (const group of plan) {
      const { batchId } = await ctx.runMutation(api.studio.generation.batches.createBatch, {
        name: `Fill coverage gaps: ${group.framework} / ${group.emotion}`.slice(0, 120),
        versionId: args.versionId,
        matrix: [
          { variable: "persona", values: group.personas },
          { variable: "framework", values: [group.framework] },
          { variable: "emotion", values: [group.emotion] },
          ...otherAxes,
        ],
        mode: "all",
        options: {},
      });
      batchIds.push(batchId);
      scheduledCells += group.personas.length;
    }
    return { batchIds, thinCells: thin.length, scheduledCells };
  },
});
