/**
 * How often the automatic verdict (score ≥ threshold keeps) agrees with
 * reviewers (approved or revised keeps, rejected drops), overall and per
 * template, with a daily trend, read from the roll-ups verdicts keep: a read
 * costs O(templates + days), never O(conversations).
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc } from "../../_generated/dataModel";
import { paginateChecked, vPaginationResult } from "../../lib/pagination";
import { conversationReviewFields, confusionValidator } from "./validators";
import { reviewQuery } from "./queue";
import { agreement, AGREEMENT_TARGET, DAY_MS, dayOf, EMPTY_CONFUSION, total, TREND_DAYS } from "./rules";

/** Templates listed in the overview; far above what a Studio holds, a bound not a quota. */
const MAX_TEMPLATES = 200;

const summaryValidator = v.object({
  /** Scorer vs reviewer; keep is the positive class. */
  score: confusionValidator,
  /** Model judge vs reviewer, over the reviewed conversations the judge had rated. */
  judge: confusionValidator,
  reviewed: v.number(),
  agreement: v.union(v.number(), v.null()),
  judgeAgreement: v.union(v.number(), v.null()),
  meetsTarget: v.union(v.boolean(), v.null()),
});

function summary(row: Pick<Doc<"reviewCalibration">, "score" | "judge"> | null) {
  const score = row?.score ?? EMPTY_CONFUSION;
  const judge = row?.judge ?? EMPTY_CONFUSION;
  const share = agreement(score);
  return { score, judge, reviewed: total(score), agreement: share, judgeAgreement: agreement(judge), meetsTarget: share === null ? null : share >= AGREEMENT_TARGET };
}

export const getCalibration = reviewQuery({
  args: { templateId: v.optional(v.id("promptTemplates")) },
  returns: v.object({
    target: v.number(),
    overall: summaryValidator,
    /** Days with verdicts among the last TREND_DAYS, oldest first; `day` is the day's start (UTC, ms). */
    trend: v.array(v.object({ day: v.number(), ...summaryValidator.fields })),
    /** Per template, all time; only when no template was asked for. */
    templates: v.array(v.object({ templateId: v.id("promptTemplates"), name: v.optional(v.string()), ...summaryValidator.fields })),
  }),
  handler: async (ctx, { templateId }) => {
    const scope = templateId ?? "all";
    const totalRow = await ctx.db
      .query("reviewCalibration")
      .withIndex("by_scope_day", (q) => q.eq("scope", scope).eq("day", -1))
      .first();
    const firstDay = dayOf(Date.now()) - TREND_DAYS + 1;
    const days = await ctx.db
      .query("reviewCalibration")
      .withIndex("by_scope_day", (q) => q.eq("scope", scope).gte("day", firstDay))
      .take(TREND_DAYS);
    const templates = [];
    if (templateId === undefined) {
      const rows = await ctx.db
        .query("reviewCalibration")
        .withIndex("by_day_scope", (q) => q.eq("day", -1))
        .take(MAX_TEMPLATES + 1);
      for (const row of rows) {
        if (row.templateId === undefined) continue;
        const template = await ctx.db.get("promptTemplates", row.templateId);
        templates.push({ templateId: row.templateId, name: template?.name, ...summary(row) });
      }
    }
    return {
      target: AGREEMENT_TARGET,
      overall: summary(totalRow),
      trend: days.map((row) => ({ day: row.day * DAY_MS, ...summary(row) })),
      templates,
    };
  },
});

export const disagreementRowValidator = v.object({
  _id: v.id("generatedConversations"),
  templateId: v.id("promptTemplates"),
  framework: v.string(),
  /** The scorer's own score and the threshold it was held to. */
  scorerScore: v.optional(v.number()),
  threshold: v.optional(v.number()),
  judgeOverall: v.optional(v.number()),
  verdict: conversationReviewFields.verdict,
  rejectReason: conversationReviewFields.rejectReason,
  reviewedBy: v.optional(v.id("users")),
  reviewedAt: v.optional(v.number()),
});

/** Reviewed conversations where scorer and reviewer disagreed, newest verdict first: a second look. */
export const listDisagreements = reviewQuery({
  args: { paginationOpts: paginationOptsValidator, templateId: v.optional(v.id("promptTemplates")) },
  returns: vPaginationResult(disagreementRowValidator),
  handler: async (ctx, { paginationOpts, templateId }) => {
    const query = templateId
      ? ctx.db.query("generatedConversations").withIndex("by_template_disagrees", (q) => q.eq("templateId", templateId).eq("disagrees", true))
      : ctx.db.query("generatedConversations").withIndex("by_disagrees", (q) => q.eq("disagrees", true));
    const result = await paginateChecked(paginationOpts, (opts) => query.order("desc").paginate(opts));
    return {
      ...result,
      page: result.page.map((c) => ({
        _id: c._id,
        templateId: c.templateId,
        framework: c.framework,
        scorerScore: c.quality?.overall,
        threshold: c.quality?.threshold,
        judgeOverall: c.judge?.status === "done" ? c.judge.overall : undefined,
        verdict: c.verdict,
        rejectReason: c.rejectReason,
        reviewedBy: c.reviewedBy,
        reviewedAt: c.reviewedAt,
      })),
    };
  },
});
