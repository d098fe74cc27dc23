/**
 * Exports of approved conversations, read page by page. The browser runs:
 *   startExport → exportPage (cursor null, then each nextCursor until isDone)
 *   → finishExport (with the merged card counts) → README.md.
 * No call reads more than PAGE_SIZE conversations plus their distinct template
 * versions and templates, so 10,000 or 1,000,000 conversations export within
 * Convex's per-function limits; the browser holds one page at a time plus the
 * output it is writing.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionMutation, permissionQuery } from "../../lib/functions";
import { paginateChecked } from "../../lib/pagination";
import { recordAudit } from "../../observability/audit";
import { cardCountsProblems, cardCountsValidator, countRecords, renderDatasetCard, type CardCounts, type CountedRecord } from "./card";
import {
  CSV_HEADER,
  defaultSystemPrompt,
  estimateTokens,
  exportFormatValidator,
  fileNameFor,
  FORMATTERS,
  isUsable,
  PROVENANCE_PLACEMENT,
  provenanceValidator,
  VALIDATORS,
  type ExportFormat,
  type ExportRecord,
  type Provenance,
} from "./formats";
import { exportOptionsValidator, optionProblems, resolveOptions, resolvedOptionsValidator, type ExportOptions, type ResolvedOptions } from "./options";
import { assignSplit, seedHash, seedKey } from "./split";

/** Conversations read per call. 12-turn conversations with their quality report are ~5 KB: ~1 MB a page. */
export const PAGE_SIZE = 200;

const exportQuery = permissionQuery("studio.export");
const exportMutation = permissionMutation("studio.export");

type Conversation = Doc<"generatedConversations">;

function refuseBadOptions(options: ExportOptions): ResolvedOptions {
  const problems = optionProblems(options);
  if (problems.length > 0) throw appError("INVALID_INPUT", problems[0].message, { field: `options.${problems[0].field}` });
  return resolveOptions(options);
}

const splitLine = v.object({ split: v.union(v.literal("train"), v.literal("validation")), line: v.string() });
const offsetsValidator = v.object({ train: v.number(), validation: v.number() });
const sideProvenance = v.object({ file: v.string(), line: v.number(), ...provenanceValidator.fields });

const pageResult = v.object({
  lines: v.array(splitLine),
  /** Side-file formats (openai, bedrock): one entry per line, in order, for provenance.jsonl; otherwise null. */
  provenance: v.union(v.null(), v.array(sideProvenance)),
  /** This page's counts; merge them with mergeCardCounts (card.ts). */
  cardCounts: cardCountsValidator,
  /** CSV only, on the first page: the header record. */
  header: v.optional(v.string()),
  /** Lines a validator refused (dropped, never sent); anything but 0 is a bug to report. */
  invalidLines: v.number(),
  scanned: v.number(),
  nextCursor: v.union(v.string(), v.null()),
  isDone: v.boolean(),
});

type Filters = ResolvedOptions["filters"];

/** The narrowest index for the filters; everything else is checked per row (a page is bounded either way). */
function pageQuery(ctx: QueryCtx, filters: Filters) {
  const from = filters.from ?? 0;
  const to = filters.to ?? Number.MAX_SAFE_INTEGER;
  const table = ctx.db.query("generatedConversations");
  const { batchId, templateId } = filters;
  if (batchId !== undefined) {
    return table.withIndex("by_batch", (q) => q.eq("batchId", batchId).gte("createdAt", from).lt("createdAt", to));
  }
  if (templateId !== undefined) {
    return table.withIndex("by_template", (q) => q.eq("templateId", templateId).gte("createdAt", from).lt("createdAt", to));
  }
  return table.withIndex("by_reviewStatus", (q) => q.eq("reviewStatus", "approved").gte("createdAt", from).lt("createdAt", to));
}

export function conversationScore(doc: Pick<Conversation, "score" | "quality">): number | undefined {
  return doc.score ?? doc.quality?.overall;
}

type Skip = "filtered" | "duplicates" | "tooLong" | "unusable";

function skipReason(doc: Conversation, options: ResolvedOptions): Skip | null {
  const f = options.filters;
  if (doc.reviewStatus !== "approved" || doc.pool === "test") return "filtered";
  if (f.framework !== undefined && doc.framework !== f.framework) return "filtered";
  if (f.minScore !== undefined) {
    const score = conversationScore(doc);
    if (score === undefined || score < f.minScore) return "filtered";
  }
  if (!options.includeDuplicates && doc.duplicateOf !== undefined) return "duplicates";
  if (!isUsable(doc.turns)) return "unusable";
  return null;
}

const stringValues = (values: Record<string, string | number | boolean>) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));

export type PageArgs = { format: ExportFormat; options: ExportOptions; cursor: string | null; offsets?: { train: number; validation: number } };

/** The whole page: shared by exportPage and the benchmark's probe, so what is measured is what runs. */
export async function loadExportPage(ctx: QueryCtx, args: PageArgs) {
  const options = refuseBadOptions(args.options);
  // paginateChecked's cursor checks, with this reader's own page size (above the lists' cap of 100).
  const result = await paginateChecked({ cursor: args.cursor, numItems: 1 }, (opts) => pageQuery(ctx, options.filters).paginate({ ...opts, numItems: PAGE_SIZE }));
  const versions = new Map<Id<"promptTemplateVersions">, Doc<"promptTemplateVersions"> | null>();
  const templates = new Map<Id<"promptTemplates">, Doc<"promptTemplates"> | null>();
  const skipped: Record<Skip, number> = { filtered: 0, duplicates: 0, tooLong: 0, unusable: 0 };
  const lines: { split: "train" | "validation"; line: string }[] = [];
  const provenance: (Provenance & { file: string; line: number })[] = [];
  const counted: CountedRecord[] = [];
  const offsets = { train: args.offsets?.train ?? 0, validation: args.offsets?.validation ?? 0 };
  const format = args.format;
  const validate = VALIDATORS[format];
  let invalidLines = 0;

  for (const doc of result.page) {
    const reason = skipReason(doc, options);
    if (reason) {
      skipped[reason]++;
      continue;
    }
    const system = options.includeSystemPrompt ? (options.systemPrompt ?? defaultSystemPrompt(doc.framework)) : undefined;
    if (options.maxTokens !== undefined && estimateTokens({ turns: doc.turns, system }) > options.maxTokens) {
      skipped.tooLong++;
      continue;
    }
    if (!versions.has(doc.templateVersionId)) versions.set(doc.templateVersionId, await ctx.db.get("promptTemplateVersions", doc.templateVersionId));
    if (!templates.has(doc.templateId)) templates.set(doc.templateId, await ctx.db.get("promptTemplates", doc.templateId));
    const version = versions.get(doc.templateVersionId) ?? null;
    const template = templates.get(doc.templateId) ?? null;
    const seed = seedHash(seedKey(doc.templateVersionId, doc.values));
    const split = assignSplit(seed, doc.framework, options.validationPercent);
    const record: ExportRecord = {
      turns: doc.turns,
      system,
      split,
      provenance: {
        conversationId: doc._id,
        templateId: doc.templateId,
        templateVersionId: doc.templateVersionId,
        templateVersion: version?.version,
        batchId: doc.batchId,
        seed,
        variables: stringValues(doc.values),
        framework: doc.framework,
        model: doc.model,
        score: conversationScore(doc),
        qualityOverall: doc.quality?.overall,
        judgeOverall: doc.judge?.overall,
        reviewedBy: doc.reviewedBy,
        reviewedAt: doc.reviewedAt,
        createdAt: doc.createdAt,
      },
    };
    const line = FORMATTERS[format](record);
    if (validate(line).length > 0) {
      invalidLines++;
      continue;
    }
    lines.push({ split, line });
    offsets[split]++;
    if (PROVENANCE_PLACEMENT[format] === "side_file") provenance.push({ file: fileNameFor(format, split), line: offsets[split], ...record.provenance });
    counted.push({
      split,
      framework: doc.framework,
      persona: doc.values.persona === undefined ? undefined : String(doc.values.persona),
      emotion: doc.values.emotion === undefined ? undefined : String(doc.values.emotion),
      templateVersionLabel: template && version ? `${template.name} v${version.version}` : doc.templateVersionId,
      model: doc.model,
      score: record.provenance.score,
    });
  }
  const cardCounts: CardCounts = countRecords(counted);
  cardCounts.skipped = skipped;
  return {
    lines,
    provenance: PROVENANCE_PLACEMENT[format] === "side_file" ? provenance : null,
    cardCounts,
    ...(format === "csv" && args.cursor === null ? { header: CSV_HEADER } : {}),
    invalidLines,
    scanned: result.page.length,
    nextCursor: result.isDone ? null : result.continueCursor,
    isDone: result.isDone,
  };
}

/**
 * One page of an export. Call with cursor null, then with each nextCursor
 * until isDone; pass `offsets` = lines written so far per split so provenance
 * line numbers continue (side-file formats). A page may hold no lines (all
 * filtered) while isDone is false: keep going.
 */
export const exportPage = exportQuery({
  args: {
    format: exportFormatValidator,
    options: exportOptionsValidator,
    cursor: v.union(v.string(), v.null()),
    offsets: v.optional(offsetsValidator),
  },
  returns: pageResult,
  handler: async (ctx, args) => {
    if (args.offsets && ![args.offsets.train, args.offsets.validation].every((n) => Number.isInteger(n) && n >= 0)) {
      throw appError("INVALID_INPUT", "Line offsets are whole numbers.", { field: "offsets" });
    }
    return await loadExportPage(ctx, args);
  },
});

async function checkFilterTargets(ctx: QueryCtx, options: ResolvedOptions) {
  const { templateId, batchId } = options.filters;
  if (templateId !== undefined && (await ctx.db.get("promptTemplates", templateId)) === null) {
    throw appError("NOT_FOUND", "That template doesn't exist.", { field: "options.filters.templateId" });
  }
  if (batchId !== undefined && (await ctx.db.get("generationBatches", batchId)) === null) {
    throw appError("NOT_FOUND", "That batch doesn't exist.", { field: "options.filters.batchId" });
  }
}

const withoutUndefined = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Records intent and audits it; the options come back resolved (defaults filled in) for the UI to show. */
export const startExport = exportMutation({
  args: { format: exportFormatValidator, options: exportOptionsValidator },
  returns: v.object({ exportId: v.id("exportRuns"), options: resolvedOptionsValidator, header: v.optional(v.string()) }),
  handler: async (ctx, { format, options: given }) => {
    const options = withoutUndefined(refuseBadOptions(given));
    await checkFilterTargets(ctx, options);
    const now = Date.now();
    const exportId = await ctx.db.insert("exportRuns", { format, options, status: "started", startedBy: ctx.user._id, startedAt: now });
    await recordAudit(ctx, { action: "studio.export_started", actorId: ctx.user._id, targetTable: "exportRuns", targetId: exportId, details: { format, options } }, now);
    return { exportId, options, ...(format === "csv" ? { header: CSV_HEADER } : {}) };
  },
});

/** Closes the run with the merged counts, audits them and returns the dataset card (README.md). */
export const finishExport = exportMutation({
  args: { exportId: v.id("exportRuns"), counts: cardCountsValidator },
  returns: v.object({ readme: v.string(), exported: v.number() }),
  handler: async (ctx, { exportId, counts }) => {
    const run = await ctx.db.get("exportRuns", exportId);
    if (run === null || run.startedBy !== ctx.user._id) throw appError("NOT_FOUND", "That export doesn't exist or isn't yours.");
    if (run.status === "finished") throw appError("CONFLICT", "That export is already finished.");
    const problems = cardCountsProblems(counts);
    if (problems.length > 0) throw appError("INVALID_INPUT", `The export's counts don't add up: ${problems[0]}.`, { field: "counts" });
    const now = Date.now();
    await ctx.db.patch("exportRuns", exportId, { status: "finished", finishedAt: now, counts });
    await recordAudit(
      ctx,
      {
        action: "studio.export_finished",
        actorId: ctx.user._id,
        targetTable: "exportRuns",
        targetId: exportId,
        details: { format: run.format, options: run.options, exported: counts.exported, train: counts.train, validation: counts.validation, skipped: counts.skipped },
      },
      now,
    );
    return { readme: renderDatasetCard(counts, { format: run.format, options: run.options, generatedAt: now }), exported: counts.exported };
  },
});
