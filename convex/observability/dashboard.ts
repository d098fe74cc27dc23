/**
 * The admin usage dashboard's queries. They read roll-up documents only
 * (one per day × model × purpose, per day × framework, per day × user), never
 * raw llmCalls or sessions, so what they read depends on the date range and
 * the number of models/frameworks, not on traffic. tests/bench/analytics.ts
 * measures it.
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { getFramework } from "../coaching/frameworks";
import { FRAMEWORK_IDS, frameworkIdValidator, type FrameworkId } from "../coaching/tables";
import { adminQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { wholeNumber } from "../lib/numbers";
import { paginateChecked } from "../lib/pagination";
import { histogramOf, percentile } from "./histogram";
import { DROP_PREFIX, KIND, parseKey, utcDay } from "./rollupMath";

const DAY_MS = 24 * 60 * 60_000;
export const MAX_DAYS = 90;
/** A safety net: days × models × purposes is far below this in practice. */
const MAX_ROLLUP_DOCS = 5000;

const nullableNumber = v.union(v.number(), v.null());
const usageNumbers = {
  calls: v.number(),
  failed: v.number(),
  errorRate: nullableNumber,
  inputTokens: v.number(),
  outputTokens: v.number(),
  costMicros: v.number(),
  p50Ms: nullableNumber,
  p95Ms: nullableNumber,
};

export const usageValidator = v.object({
  from: v.string(),
  to: v.string(),
  truncated: v.boolean(),
  rows: v.array(v.object({ day: v.string(), model: v.string(), purpose: v.string(), ...usageNumbers })),
  /** The whole range per model and purpose (histograms merged across days). */
  byKey: v.array(v.object({ model: v.string(), purpose: v.string(), ...usageNumbers })),
  days: v.array(v.object({ day: v.string(), ...usageNumbers })),
  totals: v.object(usageNumbers),
});

export function dayRange(days: number, now: number): { from: string; to: string; list: string[] } {
  const count = Math.max(1, Math.min(MAX_DAYS, Math.floor(days)));
  const list: string[] = [];
  for (let i = count - 1; i >= 0; i--) list.push(utcDay(now - i * DAY_MS));
  return { from: list[0], to: list[list.length - 1], list };
}

async function rollupsInRange(ctx: QueryCtx, kind: string, from: string, to: string): Promise<Doc<"analyticsRollups">[]> {
  return await ctx.db
    .query("analyticsRollups")
    .withIndex("by_kind_bucket_key", (q) => q.eq("kind", kind).gte("bucket", from).lte("bucket", to))
    .take(MAX_ROLLUP_DOCS);
}

function summarize(records: Record<string, number>[]) {
  const sum = (name: string) => records.reduce((total, values) => total + (values[name] ?? 0), 0);
  const calls = sum("calls");
  const failed = sum("failed");
  const histogram = histogramOf(...records);
  return {
    calls,
    failed,
    errorRate: calls > 0 ? failed / calls : null,
    inputTokens: sum("inputTokens"),
    outputTokens: sum("outputTokens"),
    costMicros: sum("costMicros"),
    p50Ms: percentile(histogram, 0.5),
    p95Ms: percentile(histogram, 0.95),
  };
}

/** Usage and cost per day by model and purpose, with error rate and latency percentiles. */
export async function loadUsage(ctx: QueryCtx, days: number, now: number) {
  const range = dayRange(days, now);
  const docs = await rollupsInRange(ctx, KIND.llmDaily, range.from, range.to);
  const rows = docs.map((doc) => {
    const key = parseKey(doc.key);
    return { day: doc.bucket, model: key.model ?? "?", purpose: key.purpose ?? "?", ...summarize([doc.values]) };
  });
  const byDay = new Map<string, Record<string, number>[]>();
  const byKey = new Map<string, Record<string, number>[]>();
  for (const doc of docs) {
    byDay.set(doc.bucket, [...(byDay.get(doc.bucket) ?? []), doc.values]);
    byKey.set(doc.key, [...(byKey.get(doc.key) ?? []), doc.values]);
  }
  return {
    from: range.from,
    to: range.to,
    truncated: docs.length >= MAX_ROLLUP_DOCS,
    rows,
    byKey: [...byKey.entries()].map(([key, records]) => {
      const parsed = parseKey(key);
      return { model: parsed.model ?? "?", purpose: parsed.purpose ?? "?", ...summarize(records) };
    }),
    days: range.list.map((day) => ({ day, ...summarize(byDay.get(day) ?? []) })),
    totals: summarize(docs.map((doc) => doc.values)),
  };
}

export const usage = adminQuery({
  args: { days: v.number() },
  returns: usageValidator,
  handler: async (ctx, { days }) => loadUsage(ctx, wholeNumber(days, "days", 1, MAX_DAYS), Date.now()),
});

export const funnelValidator = v.object({
  from: v.string(),
  to: v.string(),
  frameworks: v.array(
    v.object({
      frameworkId: frameworkIdValidator,
      name: v.string(),
      started: v.number(),
      completed: v.number(),
      abandoned: v.number(),
      completionRate: nullableNumber,
      steps: v.array(v.object({ index: v.number(), name: v.string(), dropped: v.number() })),
    }),
  ),
});

/** Sessions started, completed and abandoned per framework, with where abandoned sessions stopped. */
export async function loadFunnel(ctx: QueryCtx, days: number, now: number) {
  const range = dayRange(days, now);
  const docs = await rollupsInRange(ctx, KIND.sessionsDaily, range.from, range.to);
  const totals = new Map<string, Record<string, number>>();
  for (const doc of docs) {
    const id = parseKey(doc.key).framework ?? "?";
    const into = totals.get(id) ?? {};
    for (const [name, amount] of Object.entries(doc.values)) into[name] = (into[name] ?? 0) + amount;
    totals.set(id, into);
  }
  return {
    from: range.from,
    to: range.to,
    frameworks: FRAMEWORK_IDS.map((frameworkId: FrameworkId) => {
      const framework = getFramework(frameworkId);
      const values = totals.get(frameworkId) ?? {};
      const started = values.started ?? 0;
      const completed = values.completed ?? 0;
      const ended = completed + (values.abandoned ?? 0);
      return {
        frameworkId,
        name: framework.name,
        started,
        completed,
        abandoned: values.abandoned ?? 0,
        completionRate: ended > 0 ? completed / ended : null,
        steps: framework.steps.map((step, index) => ({ index, name: step.name, dropped: values[`${DROP_PREFIX}${index}`] ?? 0 })),
      };
    }),
  };
}

export const sessionFunnel = adminQuery({
  args: { days: v.number() },
  returns: funnelValidator,
  handler: async (ctx, { days }) => loadFunnel(ctx, wholeNumber(days, "days", 1, MAX_DAYS), Date.now()),
});

const userUsageRow = v.object({
  userId: v.union(v.id("users"), v.null()),
  email: v.union(v.string(), v.null()),
  calls: v.number(),
  failed: v.number(),
  inputTokens: v.number(),
  outputTokens: v.number(),
  costMicros: v.number(),
});

/** One day's usage per user, a page at a time (one roll-up document and one user per row). */
export async function loadUserUsagePage(
  ctx: QueryCtx,
  day: string,
  paginationOpts: { numItems: number; cursor: string | null },
) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw appError("INVALID_INPUT", "Pick a day as YYYY-MM-DD.", { field: "day" });
  const result = await paginateChecked(paginationOpts, (opts) =>
    ctx.db
      .query("analyticsRollups")
      .withIndex("by_kind_bucket_key", (q) => q.eq("kind", KIND.userDaily).eq("bucket", day))
      .paginate(opts),
  );
  const page = [];
  for (const doc of result.page) {
    const raw = parseKey(doc.key).user;
    const userId = raw && raw !== "none" ? ctx.db.normalizeId("users", raw) : null;
    const user = userId ? await ctx.db.get("users", userId) : null;
    page.push({
      userId,
      email: user?.email ?? null,
      calls: doc.values.calls ?? 0,
      failed: doc.values.failed ?? 0,
      inputTokens: doc.values.inputTokens ?? 0,
      outputTokens: doc.values.outputTokens ?? 0,
      costMicros: doc.values.costMicros ?? 0,
    });
  }
  return { ...result, page };
}

export const userUsage = adminQuery({
  args: { day: v.string(), paginationOpts: paginationOptsValidator },
  returns: v.object({
    page: v.array(userUsageRow),
    isDone: v.boolean(),
    continueCursor: v.string(),
    splitCursor: v.optional(v.union(v.string(), v.null())),
    pageStatus: v.optional(v.union(v.literal("SplitRecommended"), v.literal("SplitRequired"), v.null())),
  }),
  handler: async (ctx, { day, paginationOpts }) => loadUserUsagePage(ctx, day, paginationOpts),
});
