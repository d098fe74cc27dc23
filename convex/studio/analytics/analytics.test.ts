/**
 * Analytics against a raw recount: random but seeded events go through
 * recordAnalyticsEvent (as the store, failure and verdict paths will call it),
 * the same events are counted by hand, and every query must agree.
 */
import { makeFunctionReference, queryGeneric } from "convex/server";
import { v } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { newTest, type TestConvex } from "../../test.setup";
import { signIn, type SignedIn } from "../../test.users";
import { loadCoverage, loadTemplateAnalytics, loadTopPerformers, series } from "./analytics";
import { recordAnalyticsEvent, reviewedEvent } from "./record";
import { trendOf, utcDay, type AnalyticsEvent, type Verdict } from "./rollup";

/** The loaders the Analytics queries run, in one transaction, and what it read. */
const probe = {
  measure: queryGeneric({
    args: { templateId: v.string() },
    handler: async (ctx, { templateId }) => {
      const qctx = ctx as unknown as QueryCtx;
      const id = templateId as Id<"promptTemplates">;
      await loadTemplateAnalytics(qctx, id);
      await series(qctx, id, 30, Date.now());
      await loadTopPerformers(qctx, 5, 1);
      await loadCoverage(qctx);
      return { documentsRead: (await ctx.meta.getTransactionMetrics()).documentsRead.used };
    },
  }),
};
const measureRef = makeFunctionReference<"query", { templateId: string }, { documentsRead: number }>("analyticsProbe:measure");

const NOW = Date.UTC(2026, 10, 29, 12);
const DAY = 86_400_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type World = { t: TestConvex; admin: SignedIn; reviewer: SignedIn; templates: { id: Id<"promptTemplates">; versions: Id<"promptTemplateVersions">[]; tier: Doc<"promptTemplates">["tier"] }[] };

async function setup(): Promise<World> {
  const t = await newTest({ "./analyticsProbe.ts": async () => probe });
  const admin = await signIn(t, "admin@example.com");
  const reviewer = await signIn(t, "reviewer@example.com");
  await admin.as.mutation(api.users.admin.setRole, { userId: reviewer.userId, role: "reviewer" });
  const templates = await t.run(async (ctx) => {
    const starter = (await ctx.db.query("promptTemplates").withIndex("by_starterKey", (q) => q.eq("starterKey", "coaching-conversation")).unique())!;
    const version = (await ctx.db.get("promptTemplateVersions", starter.activeVersionId!))!;
    const out = [];
    for (const [k, tier] of (["template", "scenario", "edge_case", "scenario"] as const).entries()) {
      const { _id, _creationTime, ...fields } = starter;
      const id = await ctx.db.insert("promptTemplates", { ...fields, name: `T${k}`, nameKey: `t${k}`, tier, starterKey: undefined, activeVersionId: undefined });
      const versions = [];
      for (let n = 1; n <= 2; n++) {
        const { _id: _v, _creationTime: _c, ...vf } = version;
        versions.push(await ctx.db.insert("promptTemplateVersions", { ...vf, templateId: id, version: n, usageCount: 0 }));
      }
      out.push({ id, versions, tier });
    }
    return out;
  });
  return { t, admin, reviewer, templates };
}

type Conv = { templateId: Id<"promptTemplates">; templateVersionId: Id<"promptTemplateVersions">; framework: string; values: Record<string, string>; reviewStatus: Verdict };

/** Seeded events over the last 10 days, with the raw facts kept beside them. */
function makeEvents(world: World, n: number, seed: number) {
  const random = rng(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const events: AnalyticsEvent[] = [];
  const conversations: Conv[] = [];
  for (let i = 0; i < n; i++) {
    const template = pick(world.templates);
    const versionId = pick(template.versions);
    const at = NOW - Math.floor(random() * 10) * DAY;
    const roll = random();
    if (roll < 0.55 || conversations.length === 0) {
      // The first template's quality rises over time, so its trend is known.
      const score = template === world.templates[0] ? Math.min(10, 3 + i / (n / 6)) : Math.round(random() * 100) / 10;
      events.push({ kind: "generated", templateId: template.id, versionId, costMicros: 1000 + Math.floor(random() * 5000), latencyMs: 2000 + Math.floor(random() * 8000), score: random() < 0.1 ? undefined : score, at });
      conversations.push({ templateId: template.id, templateVersionId: versionId, framework: pick(["GROW", "CLEAR"]), values: { persona: pick(["manager", "nurse", "founder"]), emotion: pick(["calm", "anxious"]) }, reviewStatus: "pending" });
    } else if (roll < 0.65) {
      events.push({ kind: "failed", templateId: template.id, versionId, at });
    } else {
      const conversation = pick(conversations);
      const verdict = pick(["approved", "rejected", "approved", "pending"] as const);
      events.push(reviewedEvent(conversation, verdict, at));
      conversation.reviewStatus = verdict;
    }
  }
  return { events, conversations };
}

async function record(t: TestConvex, events: AnalyticsEvent[]) {
  for (let i = 0; i < events.length; i += 200) {
    await t.run(async (ctx) => {
      for (const event of events.slice(i, i + 200)) await recordAnalyticsEvent(ctx as unknown as MutationCtx, event);
    });
  }
}

function recount(events: AnalyticsEvent[], conversations: Conv[], match: (e: AnalyticsEvent) => boolean) {
  const mine = events.filter(match);
  const generated = mine.filter((e): e is Extract<AnalyticsEvent, { kind: "generated" }> => e.kind === "generated");
  const scores = generated.flatMap((e) => (e.score === undefined ? [] : [e.score]));
  const failures = mine.filter((e) => e.kind === "failed").length;
  const final = conversations.filter((c) => match({ kind: "failed", templateId: c.templateId, versionId: c.templateVersionId }));
  const approved = final.filter((c) => c.reviewStatus === "approved").length;
  const rejected = final.filter((c) => c.reviewStatus === "rejected").length;
  const cost = generated.reduce((s, e) => s + e.costMicros, 0);
  return {
    generations: generated.length + failures,
    successes: generated.length,
    failures,
    scored: scores.length,
    averageScore: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : undefined,
    minScore: scores.length ? Math.min(...scores) : undefined,
    maxScore: scores.length ? Math.max(...scores) : undefined,
    approved,
    rejected,
    totalCostMicros: cost,
    averageCostMicros: generated.length ? Math.round(cost / generated.length) : undefined,
    averageDurationMs: generated.length ? Math.round(generated.reduce((s, e) => s + e.latencyMs, 0) / generated.length) : undefined,
    trend: trendOf(scores.slice(-20)).trend,
  };
}

describe("template analytics", () => {
  test("per template and version, every figure agrees with a raw recount", async () => {
    const world = await setup();
    const { events, conversations } = makeEvents(world, 900, 7);
    await record(world.t, events);
    for (const template of world.templates) {
      const result = await world.reviewer.as.query(api.studio.analytics.analytics.getTemplateAnalytics, { templateId: template.id });
      expect(result.template.stats).toMatchObject(recount(events, conversations, (e) => e.templateId === template.id));
      expect(result.template.tier).toBe(template.tier);
      expect(result.versions.map((v) => v.version)).toEqual([2, 1]);
      for (const version of result.versions) {
        expect(version.stats, `${template.id} v${version.version}`).toMatchObject(recount(events, conversations, (e) => e.versionId === version.versionId));
      }
    }
    const rising = await world.reviewer.as.query(api.studio.analytics.analytics.getTemplateAnalytics, { templateId: world.templates[0].id });
    expect(rising.template.stats.trend).toBe("improving");

    const listed = await world.reviewer.as.query(api.studio.analytics.analytics.listTemplateAnalytics, { paginationOpts: { numItems: 10, cursor: null } });
    expect(listed.page.map((row) => row.templateId).sort()).toEqual(world.templates.map((tpl) => tpl.id).sort());
    const averages = listed.page.map((row) => row.stats.averageScore ?? -1);
    expect(averages).toEqual([...averages].sort((a, b) => b - a));
  });

  test("the quality trend series and the comparison agree with a recount per day", async () => {
    const world = await setup();
    const { events } = makeEvents(world, 500, 11);
    await record(world.t, events);
    const [a, b] = world.templates;
    const series = await world.reviewer.as.query(api.studio.analytics.analytics.qualityTrend, { templateId: a.id, days: 7 });
    const days = [...new Set(events.filter((e) => e.templateId === a.id).map((e) => utcDay(e.at!)))].filter((d) => d >= utcDay(NOW - 6 * DAY)).sort();
    expect(series.map((p) => p.day)).toEqual(days);
    for (const point of series) {
      const same = events.filter((e) => e.templateId === a.id && utcDay(e.at!) === point.day);
      const gen = same.filter((e): e is Extract<AnalyticsEvent, { kind: "generated" }> => e.kind === "generated");
      const scores = gen.flatMap((e) => (e.score === undefined ? [] : [e.score]));
      expect(point.successes).toBe(gen.length);
      expect(point.failures).toBe(same.filter((e) => e.kind === "failed").length);
      expect(point.scored).toBe(scores.length);
      if (scores.length) expect(point.averageScore).toBeCloseTo(scores.reduce((x, y) => x + y, 0) / scores.length, 2);
    }
    const compared = await world.reviewer.as.query(api.studio.analytics.analytics.compareTemplates, { templateIds: [a.id, b.id], days: 30 });
    expect(compared.map((c) => c.template.templateId)).toEqual([a.id, b.id]);
    expect(compared[0].series.reduce((s, p) => s + p.successes, 0)).toBe(compared[0].template.stats.successes);
    await expect(world.reviewer.as.query(api.studio.analytics.analytics.compareTemplates, { templateIds: [a.id] })).rejects.toThrow(/2 or 3/);
    await expect(world.reviewer.as.query(api.studio.analytics.analytics.qualityTrend, { templateId: a.id, days: 0 })).rejects.toThrow(/days/);
  });

  test("top performers: best average first within each tier, archived and rarely scored left out", async () => {
    const world = await setup();
    const [t0, t1, t2, t3] = world.templates;
    const gen = (templateId: Id<"promptTemplates">, versionId: Id<"promptTemplateVersions">, score: number): AnalyticsEvent => ({ kind: "generated", templateId, versionId, costMicros: 1, latencyMs: 1, score });
    await record(world.t, [gen(t0.id, t0.versions[0], 9), gen(t1.id, t1.versions[0], 6), gen(t1.id, t1.versions[0], 6), gen(t3.id, t3.versions[0], 8), gen(t3.id, t3.versions[0], 8), gen(t2.id, t2.versions[0], 7)]);
    const top = await world.reviewer.as.query(api.studio.analytics.analytics.topPerformers, { perTier: 5, minScored: 1 });
    expect(top.map((group) => [group.tier, group.templates.map((row) => row.name)])).toEqual([
      ["template", ["T0"]],
      ["scenario", ["T3", "T1"]],
      ["edge_case", ["T2"]],
    ]);
    const atLeastTwo = await world.reviewer.as.query(api.studio.analytics.analytics.topPerformers, { minScored: 2 });
    expect(atLeastTwo.find((g) => g.tier === "template")!.templates).toEqual([]);
    await world.t.run((ctx) => ctx.db.patch("promptTemplates", t3.id, { archived: true }));
    const unarchived = await world.reviewer.as.query(api.studio.analytics.analytics.topPerformers, {});
    expect(unarchived.find((g) => g.tier === "scenario")!.templates.map((row) => row.name)).toEqual(["T1"]);
  });

  test("what the Analytics queries read does not grow with the events", async () => {
    const world = await setup();
    const measure = () => world.t.query(measureRef, { templateId: world.templates[0].id });
    await record(world.t, makeEvents(world, 300, 3).events);
    const small = await measure();
    await record(world.t, makeEvents(world, 2700, 4).events);
    const large = await measure();
    // Days and coverage cells may still appear; conversations never add reads.
    expect(large.documentsRead / small.documentsRead).toBeLessThanOrEqual(1.1);
    expect(large.documentsRead).toBeLessThan(60);
  });
});

describe("coverage", () => {
  test("the heatmap counts approved conversations per cell, following changed verdicts", async () => {
    const world = await setup();
    const { events, conversations } = makeEvents(world, 700, 5);
    await record(world.t, events);
    const matrix = await world.reviewer.as.query(api.studio.analytics.analytics.coverageMatrix, {});
    const expected = new Map<string, number>();
    for (const c of conversations) {
      if (c.reviewStatus !== "approved") continue;
      const key = JSON.stringify([c.framework, c.values.persona, c.values.emotion]);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(matrix.cells.map((cell) => [JSON.stringify([cell.framework, cell.persona, cell.emotion]), cell.approved]))).toEqual(expected);
    expect(matrix.total).toBe(conversations.filter((c) => c.reviewStatus === "approved").length);
    for (const pair of matrix.pairs) {
      expect(pair.approved).toBe(conversations.filter((c) => c.reviewStatus === "approved" && c.framework === pair.framework && c.values.persona === pair.persona).length);
    }
    expect(matrix.frameworks).toEqual(["CLEAR", "GROW"]);
  });

  test("fill the gaps: one batch per framework and emotion with the thin personas, through createBatch", async () => {
    const world = await setup();
    const starter = await world.t.run(async (ctx) => (await ctx.db.query("promptTemplates").withIndex("by_starterKey", (q) => q.eq("starterKey", "coaching-conversation")).unique())!);
    const conv = (persona: string, framework: string, emotion: string): Conv => ({ templateId: starter._id, templateVersionId: starter.activeVersionId!, framework, values: { persona, emotion }, reviewStatus: "pending" });
    // GROW/calm has both personas; GROW/anxious has one.
    await record(world.t, [reviewedEvent(conv("a manager", "GROW", "calm"), "approved"), reviewedEvent(conv("a nurse", "GROW", "calm"), "approved"), reviewedEvent(conv("a manager", "GROW", "anxious"), "approved")]);
    const args = {
      versionId: starter.activeVersionId!,
      target: 1,
      frameworks: ["GROW", "CLEAR"],
      personas: ["a manager", "a nurse"],
      emotions: ["calm", "anxious"],
      otherAxes: [{ variable: "topic", values: ["delegating work"] }],
    };
    await expect(world.reviewer.as.action(api.studio.analytics.analytics.fillCoverageGaps, args)).rejects.toThrow(/doesn't give access|can view/);
    const result = await world.admin.as.action(api.studio.analytics.analytics.fillCoverageGaps, args);
    expect(result).toMatchObject({ thinCells: 5, scheduledCells: 5 });
    expect(result.batchIds).toHaveLength(3);
    const batches = await world.t.run(async (ctx) => Promise.all(result.batchIds.map((id) => ctx.db.get("generationBatches", id))));
    const shapes = batches.map((b) => ({ total: b!.total, matrix: Object.fromEntries(b!.matrix.map((axis) => [axis.variable, axis.values])) }));
    expect(shapes).toContainEqual({ total: 1, matrix: { persona: ["a nurse"], framework: ["GROW"], emotion: ["anxious"], topic: ["delegating work"] } });
    expect(shapes.filter((s) => s.matrix.framework[0] === "CLEAR").map((s) => s.total)).toEqual([2, 2]);
    await expect(world.admin.as.action(api.studio.analytics.analytics.fillCoverageGaps, { ...args, otherAxes: [{ variable: "persona", values: ["x"] }] })).rejects.toThrow(/other variables/);
  });
});
