import { describe, expect, test } from "vitest";
import type { Id } from "../../_generated/dataModel";
import { applyEvent, emptyRollup, planGapBatches, RECENT_SCORES, statsOf, thinCells, trendOf, type AnalyticsEvent } from "./rollup";

const templateId = "t1" as Id<"promptTemplates">;
const versionId = "v1" as Id<"promptTemplateVersions">;
const generated = (score?: number, costMicros = 100, latencyMs = 1000): AnalyticsEvent => ({ kind: "generated", templateId, versionId, costMicros, latencyMs, score });

describe("roll-up math", () => {
  test("generations, failures, scores, cost and duration", () => {
    let r = emptyRollup();
    for (const e of [generated(6), generated(8, 300, 3000), generated(undefined, 50, 500), { kind: "failed", templateId, versionId } as AnalyticsEvent]) r = applyEvent(r, e);
    const s = statsOf(r);
    expect(s).toMatchObject({ generations: 4, successes: 3, failures: 1, successRate: 0.75, scored: 2, averageScore: 7, minScore: 6, maxScore: 8, totalCostMicros: 450, averageCostMicros: 150, averageDurationMs: 1500 });
  });
  test("a changed verdict moves the counts instead of adding to them", () => {
    const review = (verdict: "approved" | "rejected" | "pending", previous: "approved" | "rejected" | "pending"): AnalyticsEvent => ({ kind: "reviewed", templateId, versionId, verdict, previous });
    let r = emptyRollup();
    r = applyEvent(r, review("approved", "pending"));
    r = applyEvent(r, review("approved", "pending"));
    r = applyEvent(r, review("rejected", "approved"));
    r = applyEvent(r, review("pending", "rejected"));
    r = applyEvent(r, review("rejected", "pending"));
    expect(statsOf(r)).toMatchObject({ approved: 1, rejected: 1, approvalRate: 0.5 });
  });
  test("the ring keeps the newest RECENT_SCORES scores; the input is never changed", () => {
    let r = emptyRollup();
    for (let i = 0; i < 50; i++) r = applyEvent(r, generated(i % 10));
    expect(r.recentScores).toHaveLength(RECENT_SCORES);
    expect(r.recentScores.at(-1)).toBe(9);
    const before = JSON.stringify(r);
    applyEvent(r, generated(1));
    expect(JSON.stringify(r)).toBe(before);
  });
  test("trend: last N against the N before", () => {
    expect(trendOf([5, 5, 5, 5, 5, 5, 8, 8, 8, 8, 8, 8]).trend).toBe("improving");
    expect(trendOf([8, 8, 8, 8, 5, 5, 5, 5]).trend).toBe("declining");
    expect(trendOf([7, 7.1, 6.9, 7, 7.1, 7]).trend).toBe("stable");
    expect(trendOf([1, 9, 1, 9, 1]).trend).toBe("insufficient_data");
    // Only the last 2 × window count: an old slump no longer matters.
    expect(trendOf([...Array(30).fill(1), ...Array(20).fill(7)]).trend).toBe("stable");
  });
});

describe("coverage gaps", () => {
  const axes = { frameworks: ["GROW", "CLEAR"], personas: ["a", "b", "c"], emotions: ["calm", "anxious"] };
  test("thin cells are the combinations under target, with what they lack", () => {
    const thin = thinCells([{ framework: "GROW", persona: "a", emotion: "calm", approved: 5 }, { framework: "GROW", persona: "b", emotion: "calm", approved: 2 }], axes, 3);
    expect(thin).toHaveLength(11);
    expect(thin.find((c) => c.persona === "b" && c.framework === "GROW" && c.emotion === "calm")).toMatchObject({ approved: 2, missing: 1 });
    expect(thin.some((c) => c.persona === "a" && c.framework === "GROW" && c.emotion === "calm")).toBe(false);
  });
  test("one batch per framework and emotion, covering exactly the thin personas, largest gaps first", () => {
    const thin = thinCells([{ framework: "GROW", persona: "a", emotion: "calm", approved: 5 }], axes, 1);
    const plan = planGapBatches(thin, 10);
    expect(plan).toHaveLength(4);
    expect(plan.at(-1)).toEqual({ framework: "GROW", emotion: "calm", personas: ["b", "c"] });
    expect(plan.reduce((s, g) => s + g.personas.length, 0)).toBe(thin.length);
    expect(planGapBatches(thin, 2)).toHaveLength(2);
  });
});

describe("analytics CSV", () => {
  test("one header and one record per row; names quoted and guarded like the export", async () => {
    const { analyticsCsvLines, ANALYTICS_CSV_COLUMNS } = await import("./csv");
    const { parseCsv } = await import("../export/formats");
    let r = emptyRollup();
    for (const score of [6, 8]) r = applyEvent(r, generated(score));
    const lines = analyticsCsvLines([{ templateId: "t1", name: "=cmd|' /C calc'!A0, \"x\"", tier: "template", archived: false, usage: 3, stats: statsOf(r) }]);
    expect(lines).toHaveLength(2);
    expect(parseCsv(lines[0])![0]).toEqual([...ANALYTICS_CSV_COLUMNS]);
    const cells = parseCsv(lines[1])![0];
    expect(cells).toHaveLength(ANALYTICS_CSV_COLUMNS.length);
    expect(cells[1]).toBe("'=cmd|' /C calc'!A0, \"x\"");
    expect(cells[ANALYTICS_CSV_COLUMNS.indexOf("average_score")]).toBe("7");
  });
});
