/**
 * Studio → Conversations: the scored list, one conversation's quality in
 * detail, the flagged count, and a reviewer's override of a score.
 */
import { paginationOptsValidator } from "convex/server";
import { literals } from "convex-helpers/validators";
import { v, type ObjectType } from "convex/values";
import type { Doc } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionMutation, permissionQuery } from "../../lib/functions";
import { logger } from "../../lib/log";
import { paginateChecked, vPaginationResult } from "../../lib/pagination";
import { recordAudit } from "../../observability/audit";
import { MAX_FRAMEWORK_CHARS } from "../generation/conversation";
import { conversationStatusValidator, reviewStatusValidator, turnValidator, valuesValidator } from "../generation/validators";
import { syncReviewPlacement } from "../review/store";
import { passesPost, planList } from "./listPlan";
import { adjustCounter, FLAGGED_COUNTER, readCounter, shiftTemplateQuality } from "./store";
import { conversationPoolValidator, judgeResultValidator, qualityReportValidator } from "./validators";
import { checkOverride, effectiveScore, statusFor } from "./verdict";

const log = logger("studio");
const reviewQuery = permissionQuery("studio.review");
const reviewMutation = permissionMutation("studio.review");

const PREVIEW_CHARS = 160;

export const conversationRowValidator = v.object({
  _id: v.id("generatedConversations"),
  templateId: v.id("promptTemplates"),
  templateVersionId: v.id("promptTemplateVersions"),
  batchId: v.optional(v.id("generationBatches")),
  framework: v.string(),
  status: conversationStatusValidator,
  /** Effective score (override, else the scorer's). */
  score: v.optional(v.number()),
  /** The scorer's own score, when an override replaced it. */
  originalScore: v.optional(v.number()),
  overridden: v.boolean(),
  flags: v.array(v.string()),
  judgeStatus: v.optional(judgeResultValidator.fields.status),
  judgeOverall: v.optional(v.number()),
  turnCount: v.number(),
  preview: v.string(),
  reviewStatus: reviewStatusValidator,
  model: v.string(),
  createdAt: v.number(),
});

function toRow(c: Doc<"generatedConversations">) {
  const first = c.turns[0]?.text ?? "";
  return {
    _id: c._id,
    templateId: c.templateId,
    templateVersionId: c.templateVersionId,
    batchId: c.batchId,
    framework: c.framework,
    status: c.status,
    score: c.score,
    originalScore: c.quality?.override ? c.quality.overall : undefined,
    overridden: c.quality?.override !== undefined,
    flags: c.quality?.flags ?? [],
    judgeStatus: c.judge?.status,
    judgeOverall: c.judge?.overall,
    turnCount: c.turns.length,
    preview: first.length > PREVIEW_CHARS ? `${first.slice(0, PREVIEW_CHARS)}…` : first,
    reviewStatus: c.reviewStatus,
    model: c.model,
    createdAt: c.createdAt,
  };
}

function checkScoreBound(value: number | undefined, field: string): void {
  if (value !== undefined && !(value >= 0 && value <= 10)) throw appError("INVALID_INPUT", "Scores run from 0 to 10.", { field });
}

export const listArgs = {
  paginationOpts: paginationOptsValidator,
  batchId: v.optional(v.id("generationBatches")),
  templateId: v.optional(v.id("promptTemplates")),
  framework: v.optional(v.string()),
  status: v.optional(conversationStatusValidator),
  minScore: v.optional(v.number()),
  maxScore: v.optional(v.number()),
  sort: v.optional(literals("score_asc", "score_desc")),
};
export type ListArgs = ObjectType<typeof listArgs>;

/** The list's reads, apart from the builder so a test can count them through any `db`. */
export async function pageConversations(db: QueryCtx["db"], args: ListArgs) {
  checkScoreBound(args.minScore, "minScore");
  checkScoreBound(args.maxScore, "maxScore");
  if (args.minScore !== undefined && args.maxScore !== undefined && args.minScore > args.maxScore) {
    throw appError("INVALID_INPUT", "The lowest score can't be above the highest.", { field: "minScore" });
  }
  const framework = args.framework?.trim();
  if (framework !== undefined && (framework === "" || framework.length > MAX_FRAMEWORK_CHARS)) {
    throw appError("INVALID_INPUT", "Name a framework.", { field: "framework" });
  }
  const plan = planList({ batchId: args.batchId, templateId: args.templateId, framework, status: args.status });
  const result = await paginateChecked(args.paginationOpts, (opts) =>
    db
      .query("generatedConversations")
      .withIndex(plan.index, (q) => {
        // The plan names the index's own fields in order; Convex's types can't follow a computed index name.
        let range = q as unknown as Range;
        for (const [field, value] of plan.eq) range = range.eq(field, value);
        if (args.minScore !== undefined) range = range.gte("score", args.minScore);
        if (args.maxScore !== undefined) range = range.lte("score", args.maxScore);
        return range as unknown as ReturnType<typeof q.eq>;
      })
      .order(args.sort === "score_desc" ? "desc" : "asc")
      .paginate(opts),
  );
  return { ...result, page: result.page.filter((row) => passesPost(row, plan.post)).map(toRow) };
}

/**
 * Production conversations, by score (lowest first unless asked otherwise),
 * filtered by batch, template, framework, status and a score range. Each page
 * reads at most `numItems` rows through one index range, whatever the table's
 * size; a second scope (say a framework within a template) is checked on that
 * page, so a page may hold fewer rows than asked while `isDone` is false.
 */
export const listConversations = reviewQuery({
  args: listArgs,
  returns: vPaginationResult(conversationRowValidator),
  handler: async (ctx, args) => await pageConversations(ctx.db, args),
});

type Range = { eq(field: string, value: unknown): Range; gte(field: string, value: number): Range; lte(field: string, value: number): Range };

/** The Studio's badge: production conversations needing revision, from the sharded roll-up (at most 8 reads). */
export const flaggedCount = reviewQuery({
  args: {},
  returns: v.number(),
  handler: async (ctx) => await readCounter(ctx, FLAGGED_COUNTER),
});

export const qualityDetailsValidator = v.object({
  conversation: v.object({
    _id: v.id("generatedConversations"),
    pool: v.optional(conversationPoolValidator),
    status: conversationStatusValidator,
    score: v.optional(v.number()),
    framework: v.string(),
    turns: v.array(turnValidator),
    values: valuesValidator,
    model: v.string(),
    costMicros: v.number(),
    latencyMs: v.number(),
    attempts: v.number(),
    reviewStatus: reviewStatusValidator,
    createdBy: v.id("users"),
    createdAt: v.number(),
  }),
  provenance: v.object({
    templateId: v.id("promptTemplates"),
    templateName: v.optional(v.string()),
    templateVersionId: v.id("promptTemplateVersions"),
    version: v.optional(v.number()),
    batchId: v.optional(v.id("generationBatches")),
    batchName: v.optional(v.string()),
    itemId: v.optional(v.id("generationItems")),
  }),
  /** Bars: per criterion score, measured and target; recommendations and reasons; the override if any. */
  quality: v.union(qualityReportValidator, v.null()),
  judge: v.union(judgeResultValidator, v.null()),
  /** Who overrode the score, by email (as the review lease names a reviewer); null without an override or when that user is gone. */
  overriddenBy: v.union(v.string(), v.null()),
  /** Neighbours in the unfiltered list's order (score, lowest first), for previous/next without going back to the list. */
  neighbours: v.object({ previousId: v.optional(v.id("generatedConversations")), nextId: v.optional(v.id("generatedConversations")) }),
});

/** At most four indexed reads: the same score first (by creation), then the next score over. */
async function neighboursOf(db: QueryCtx["db"], c: Doc<"generatedConversations">) {
  if (c.pool !== "production" || c.score === undefined) return {};
  const score = c.score;
  const at = c._creationTime;
  const previous =
    (await db
      .query("generatedConversations")
      .withIndex("by_pool_score", (q) => q.eq("pool", "production").eq("score", score).lt("_creationTime", at))
      .order("desc")
      .first()) ??
    (await db
      .query("generatedConversations")
      .withIndex("by_pool_score", (q) => q.eq("pool", "production").lt("score", score))
      .order("desc")
      .first());
  const next =
    (await db
      .query("generatedConversations")
      .withIndex("by_pool_score", (q) => q.eq("pool", "production").eq("score", score).gt("_creationTime", at))
      .first()) ??
    (await db
      .query("generatedConversations")
      .withIndex("by_pool_score", (q) => q.eq("pool", "production").gt("score", score))
      .first());
  return { previousId: previous?._id, nextId: next?._id };
}

export const getQualityDetails = reviewQuery({
  args: { conversationId: v.id("generatedConversations") },
  returns: qualityDetailsValidator,
  handler: async (ctx, { conversationId }) => {
    const c = await ctx.db.get("generatedConversations", conversationId);
    if (c === null) throw appError("NOT_FOUND", "That conversation doesn't exist.");
    const [template, version, batch] = await Promise.all([
      ctx.db.get("promptTemplates", c.templateId),
      ctx.db.get("promptTemplateVersions", c.templateVersionId),
      c.batchId ? ctx.db.get("generationBatches", c.batchId) : null,
    ]);
    return {
      conversation: {
        _id: c._id,
        pool: c.pool,
        status: c.status,
        score: c.score,
        framework: c.framework,
        turns: c.turns,
        values: c.values,
        model: c.model,
        costMicros: c.costMicros,
        latencyMs: c.latencyMs,
        attempts: c.attempts,
        reviewStatus: c.reviewStatus,
        createdBy: c.createdBy,
        createdAt: c.createdAt,
      },
      provenance: {
        templateId: c.templateId,
        templateName: template?.name,
        templateVersionId: c.templateVersionId,
        version: version?.version,
        batchId: c.batchId,
        batchName: batch?.name,
        itemId: c.itemId,
      },
      quality: c.quality ?? null,
      judge: c.judge ?? null,
      overriddenBy: c.quality?.override ? ((await ctx.db.get("users", c.quality.override.by))?.email ?? null) : null,
      neighbours: await neighboursOf(ctx.db, c),
    };
  },
});

/**
 * A reviewer's score replaces the scorer's for lists, status and the
 * template's average; the scorer's own stays on the report. Audited.
 */
export const overrideScore = reviewMutation({
  args: { conversationId: v.id("generatedConversations"), score: v.number(), reason: v.string() },
  returns: v.object({ status: conversationStatusValidator, score: v.number() }),
  handler: async (ctx, args) => {
    const checked = checkOverride(args.score, args.reason);
    if (!checked.ok) throw appError("INVALID_INPUT", checked.problem.message, { field: checked.problem.field });
    const c = await ctx.db.get("generatedConversations", args.conversationId);
    if (c === null) throw appError("NOT_FOUND", "That conversation doesn't exist.");
    if (c.quality === undefined) throw appError("CONFLICT", "This conversation has not been scored, so there is no score to override.");
    if (c.pool === "test") throw appError("CONFLICT", "Test conversations belong to a template test; their scores can't be overridden.");
    const now = Date.now();
    const before = { score: effectiveScore(c.quality), status: c.status };
    const quality = { ...c.quality, override: { score: checked.score, reason: checked.reason, by: ctx.user._id, at: now } };
    const status = statusFor(quality);
    await ctx.db.patch("generatedConversations", c._id, { quality, score: checked.score, status });
    await syncReviewPlacement(ctx, c._id);
    if (c.pool === "production") {
      const delta = (status === "needs_revision" ? 1 : 0) - (before.status === "needs_revision" ? 1 : 0);
      await adjustCounter(ctx, FLAGGED_COUNTER, c._id, delta, now);
      await shiftTemplateQuality(ctx, c.templateId, checked.score - before.score);
    }
    await recordAudit(ctx, {
      action: "studio.quality_overridden",
      actorId: ctx.user._id,
      targetTable: "generatedConversations",
      targetId: c._id,
      details: { from: before.score, to: checked.score, original: c.quality.overall, statusFrom: before.status, status, reason: checked.reason },
    }, now);
    await log.with({ userId: ctx.user._id }).persist(ctx, "info", "quality_overridden", { conversationId: c._id, from: before.score, to: checked.score, status });
    return { status, score: checked.score };
  },
});
