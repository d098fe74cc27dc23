/**
 * Quality end to end, with gateway events delivered by hand under fake
 * timers (as in generation.test.ts): scoring at storage, the flagged roll-up,
 * overrides, the model judge, template tests and the activation gate, and the
 * Conversations list's filters and bounded reads.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import type { LlmEvent } from "../../llm/events";
import { gatewayTest, waitFor } from "../../test.llm";
import type { TestConvex } from "../../test.setup";
import { signIn } from "../../test.users";
import { CONVERSATION_TOOL_NAME } from "../generation/conversation";
import { pageConversations } from "./conversations";
import { adjustCounter, COUNTER_SHARDS, readCounter } from "./store";
import { FIXTURES } from "./fixtures.conversations";
import { JUDGE_TOOL_NAME } from "./judgeRubric";
import { JUDGE_CRITERIA } from "./validators";

const values = { framework: "GROW", persona: "first-time manager", emotion: "anxious", topic: "delegating work to former peers" };
const usage = { inputTokens: 1000, outputTokens: 400, costMicros: 9000 };

const SHORT = [
  { role: "client" as const, text: "I can't let go of the work." },
  { role: "coach" as const, text: "You should delegate." },
  { role: "client" as const, text: "Okay." },
  { role: "coach" as const, text: "Good luck." },
];
const good = FIXTURES.find((f) => f.band === "good" && f.flags.length === 0 && f.input.tier === "template" && f.input.frameworkId === "GROW");
if (!good) throw new Error("no clean GROW fixture");
const GOOD = good.input.turns.map((turn) => ({ ...turn }));

const conversationDone = (turns: { role: "client" | "coach"; text: string }[]): LlmEvent => ({
  kind: "done",
  text: "",
  toolUses: [{ id: "toolu_1", name: CONVERSATION_TOOL_NAME, input: { framework: "GROW", turns } }],
  usage,
  stopped: false,
});
const judgeDone = (input: unknown, text = ""): LlmEvent => ({
  kind: "done",
  text,
  toolUses: input === undefined ? [] : [{ id: "toolu_j", name: JUDGE_TOOL_NAME, input }],
  usage: { inputTokens: 800, outputTokens: 200, costMicros: 4000 },
  stopped: false,
});
const rubric = (score: number) => Object.fromEntries(JUDGE_CRITERIA.map((c) => [c, { score, rationale: `Turn 2 shows ${c}.` }]));

async function setup() {
  const { t } = await gatewayTest();
  const admin = await signIn(t, "admin@example.com");
  const member = await signIn(t, "member@example.com");
  const reviewer = await signIn(t, "reviewer@example.com");
  await admin.as.mutation(api.users.admin.setRole, { userId: reviewer.userId, role: "reviewer" });
  const template = await t.run(async (ctx) =>
    ctx.db
      .query("promptTemplates")
      .withIndex("by_starterKey", (q) => q.eq("starterKey", "coaching-conversation"))
      .unique(),
  );
  if (!template?.activeVersionId) throw new Error("starter template missing");
  vi.useFakeTimers();
  return { t, admin, member, reviewer, templateId: template._id, versionId: template.activeVersionId };
}

const itemDoc = (t: TestConvex, id: Id<"generationItems">) => t.run(async (ctx) => (await ctx.db.get("generationItems", id))!);
const conversationDoc = (t: TestConvex, id: Id<"generatedConversations">) => t.run(async (ctx) => (await ctx.db.get("generatedConversations", id))!);

async function deliverItem(t: TestConvex, itemId: Id<"generationItems">, event: LlmEvent) {
  const item = await itemDoc(t, itemId);
  await t.mutation(internal.studio.generation.runs.onItemEvent, { requestId: item.requestId!, context: { itemId }, event });
  return (await itemDoc(t, itemId)).conversationId;
}

/** Runs the scheduled judge step by hand and delivers its answer. */
async function judge(t: TestConvex, conversationId: Id<"generatedConversations">, event: LlmEvent) {
  await t.mutation(internal.studio.quality.judge.startJudging, { conversationId });
  const requestId = (await conversationDoc(t, conversationId)).judge!.requestId!;
  await t.mutation(internal.studio.quality.judge.onJudgeEvent, { requestId, context: { conversationId }, event });
  return (await conversationDoc(t, conversationId)).judge!;
}

async function singleRun(world: Awaited<ReturnType<typeof setup>>, turns: typeof SHORT) {
  const { runId } = await world.admin.as.mutation(api.studio.generation.single.startSingleGeneration, { templateId: world.templateId, values });
  return (await deliverItem(world.t, runId, conversationDone(turns)))!;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("scoring at storage", () => {
  test("a flawed conversation is stored needs_revision with its reasons, logged, counted and averaged; a good one is not", async () => {
    const world = await setup();
    const { t, reviewer, templateId } = world;
    const flawedId = await singleRun(world, SHORT);
    const flawed = await conversationDoc(t, flawedId);
    // The review queue puts it first, at its score.
    expect(flawed).toMatchObject({ status: "needs_revision", pool: "production", reviewRank: 0, reviewScore: flawed.quality!.overall });
    expect(flawed.score).toBe(flawed.quality!.overall);
    expect(flawed.quality!.overall).toBeLessThan(6);
    expect(flawed.quality!.reasons[0]).toMatch(/^Score \d\.\d is below the template's threshold of 6\.0\.$/);
    expect(flawed.quality!.reasons.length).toBeGreaterThan(1);
    expect(flawed.quality!.flags).toContain("too_short");
    expect(flawed.quality!.criteria.turnCount).toMatchObject({ weight: 0.3, measured: expect.any(String), target: expect.any(String) });
    expect(flawed.judge).toBeUndefined();
    const logged = await t.run((ctx) => ctx.db.query("logs").collect());
    expect(logged.find((row) => row.event === "conversation_flagged")?.fields).toMatchObject({ conversationId: flawedId, reasons: flawed.quality!.reasons });

    const goodId = await singleRun(world, GOOD);
    const stored = await conversationDoc(t, goodId);
    expect(stored).toMatchObject({ status: "generated", reviewRank: 1 });
    expect(stored.quality).toMatchObject({ flagged: false, reasons: [] });
    expect(await reviewer.as.query(api.studio.quality.conversations.flaggedCount, {})).toBe(1);
    const template = await t.run(async (ctx) => (await ctx.db.get("promptTemplates", templateId))!);
    expect(template).toMatchObject({ qualityCount: 2, usageCount: 2 });
    expect(template.averageQuality).toBeCloseTo((flawed.quality!.overall + stored.quality!.overall) / 2, 2);
  });

  test("the template's own threshold decides", async () => {
    const world = await setup();
    await world.t.run((ctx) => ctx.db.patch("promptTemplates", world.templateId, { qualityThreshold: 1 }));
    const id = await singleRun(world, SHORT);
    const stored = await conversationDoc(world.t, id);
    expect(stored.quality!.overall).toBeGreaterThanOrEqual(1);
    expect(stored.status).toBe("generated");
    expect(stored.quality).toMatchObject({ threshold: 1, flagged: false, reasons: [] });
  });
});

test("the flagged count is spread over shards, each id always in its own, and sums in a bounded read", async () => {
  const world = await setup();
  const ids = Array.from({ length: 40 }, (_, i) => `conversation-${i}`);
  const result = await world.t.run(async (ctx) => {
    for (const id of ids) await adjustCounter(ctx, "flagged", id, 1);
    for (const id of ids.slice(0, 10)) await adjustCounter(ctx, "flagged", id, -1);
    await adjustCounter(ctx, "other", "x", 5);
    return { total: await readCounter(ctx, "flagged"), rows: await ctx.db.query("qualityCounters").collect() };
  });
  expect(result.total).toBe(30);
  const shards = result.rows.filter((row) => row.key.startsWith("flagged:"));
  expect(shards.length).toBeGreaterThan(1);
  expect(shards.length).toBeLessThanOrEqual(COUNTER_SHARDS);
  expect(shards.every((row) => row.count >= 0)).toBe(true);
  expect(await world.reviewer.as.query(api.studio.quality.conversations.flaggedCount, {})).toBe(30);
});

describe("overrides", () => {
  test("a reviewer's override keeps the original, moves status, count and average, and is audited", async () => {
    const world = await setup();
    const { t, reviewer, member, templateId } = world;
    const id = await singleRun(world, SHORT);
    const before = await conversationDoc(t, id);
    await expect(member.as.mutation(api.studio.quality.conversations.overrideScore, { conversationId: id, score: 7, reason: "Reads fine to me." })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
    await expect(reviewer.as.mutation(api.studio.quality.conversations.overrideScore, { conversationId: id, score: 7, reason: "fine" })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "reason" },
    });
    await expect(reviewer.as.mutation(api.studio.quality.conversations.overrideScore, { conversationId: id, score: 11, reason: "Reads fine to me." })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "score" },
    });
    expect(await conversationDoc(t, id)).toEqual(before);

    const result = await reviewer.as.mutation(api.studio.quality.conversations.overrideScore, {
      conversationId: id,
      score: 7,
      reason: "  Short, but a realistic quick check-in.  ",
    });
    expect(result).toEqual({ status: "generated", score: 7 });
    const after = await conversationDoc(t, id);
    expect(after).toMatchObject({ status: "generated", score: 7, reviewRank: 1, reviewScore: 7 });
    expect(after.quality).toMatchObject({ overall: before.quality!.overall, override: { score: 7, reason: "Short, but a realistic quick check-in.", by: reviewer.userId } });
    expect(await reviewer.as.query(api.studio.quality.conversations.flaggedCount, {})).toBe(0);
    // The details name the overrider by email, not by id.
    expect((await reviewer.as.query(api.studio.quality.conversations.getQualityDetails, { conversationId: id })).overriddenBy).toBe("reviewer@example.com");
    expect((await t.run((ctx) => ctx.db.get("promptTemplates", templateId)))!.averageQuality).toBe(7);
    const audit = await t.run((ctx) => ctx.db.query("auditLogs").collect());
    expect(audit.filter((row) => row.action === "studio.quality_overridden")).toEqual([
      expect.objectContaining({
        actorId: reviewer.userId,
        targetTable: "generatedConversations",
        targetId: id,
        details: expect.objectContaining({ from: before.quality!.overall, to: 7, original: before.quality!.overall, status: "generated" }),
      }),
    ]);

    // Overriding down flags it again.
    await reviewer.as.mutation(api.studio.quality.conversations.overrideScore, { conversationId: id, score: 2, reason: "On reflection the coach lectures." });
    expect((await conversationDoc(t, id)).status).toBe("needs_revision");
    expect(await reviewer.as.query(api.studio.quality.conversations.flaggedCount, {})).toBe(1);
  });
});

describe("the model judge", () => {
  async function judgedBatch() {
    const world = await setup();
    const { batchId } = await world.admin.as.mutation(api.studio.generation.batches.createBatch, {
      name: "judged",
      versionId: world.versionId,
      matrix: [
        { variable: "persona", values: ["a manager"] },
        { variable: "framework", values: ["GROW"] },
        { variable: "emotion", values: ["anxious"] },
        { variable: "topic", values: ["delegating"] },
      ],
      mode: "all",
      options: { judge: true },
    });
    const [item] = await world.t.run((ctx) => ctx.db.query("generationItems").withIndex("by_batch_index", (q) => q.eq("batchId", batchId)).collect());
    const conversationId = (await deliverItem(world.t, item._id, conversationDone(GOOD)))!;
    return { ...world, batchId, conversationId };
  }

  test("a batch with judge on stores the rubric beside the deterministic score, through the gateway's judging purpose", async () => {
    const { t, conversationId } = await judgedBatch();
    const pending = await conversationDoc(t, conversationId);
    expect(pending.judge).toMatchObject({ status: "pending", costMicros: 0 });
    const result = await judge(t, conversationId, judgeDone({ ...rubric(4), safety: { score: 5, rationale: "No advice given." } }));
    expect(result).toMatchObject({ status: "done", overall: 8, scores: { frameworkFidelity: 4, safety: 5 }, rationales: { safety: "No advice given." }, costMicros: 4000 });
    const stored = await conversationDoc(t, conversationId);
    expect(stored.quality).toEqual(pending.quality);
    expect(stored.score).toBe(pending.score);
    const request = await t.run(async (ctx) => (await ctx.db.get("llmRequests", result.requestId!))!);
    expect(request).toMatchObject({ purpose: "judging", stream: false });
    expect(request.params.toolChoice).toEqual({ type: "tool", name: JUDGE_TOOL_NAME });
    // Re-delivered or re-scheduled work changes nothing.
    await t.mutation(internal.studio.quality.judge.startJudging, { conversationId });
    await t.mutation(internal.studio.quality.judge.onJudgeEvent, { requestId: result.requestId!, context: { conversationId }, event: judgeDone(rubric(1)) });
    expect((await conversationDoc(t, conversationId)).judge).toEqual(result);
  });

  test("an unparseable answer is a failure with its raw text, never a silent null", async () => {
    const { t, conversationId } = await judgedBatch();
    const invalid = { ...rubric(4), empathy: { score: "high", rationale: "Warm throughout." } };
    const result = await judge(t, conversationId, judgeDone(invalid));
    expect(result).toMatchObject({ status: "failed", error: expect.stringContaining("empathy.score"), costMicros: 4000 });
    expect(JSON.parse(result.raw!)).toEqual(invalid);
    expect(result.scores).toBeUndefined();
    expect(result.overall).toBeUndefined();
  });

  test("a reply without the tool keeps the reply's text; a failed call keeps the gateway's message", async () => {
    const first = await judgedBatch();
    const noTool = await judge(first.t, first.conversationId, judgeDone(undefined, "Overall I'd give this a 4."));
    expect(noTool).toMatchObject({ status: "failed", raw: "Overall I'd give this a 4.", error: expect.stringContaining("without using the rubric tool") });
    vi.useRealTimers();
    const second = await judgedBatch();
    const failed = await judge(second.t, second.conversationId, { kind: "failed", errorClass: "server_error", message: "Claude had a server error." });
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("Claude had a server error.") });
  });

  test("without the batch option no judge runs", async () => {
    const world = await setup();
    const id = await singleRun(world, GOOD);
    expect((await conversationDoc(world.t, id)).judge).toBeUndefined();
    await world.t.mutation(internal.studio.quality.judge.startJudging, { conversationId: id });
    expect(await world.t.run((ctx) => ctx.db.query("llmRequests").collect())).toHaveLength(1);
  });
});

describe("template tests and the activation gate", () => {
  async function newVersion(world: Awaited<ReturnType<typeof setup>>) {
    const version = await world.t.run(async (ctx) => (await ctx.db.get("promptTemplateVersions", world.versionId))!);
    const saved = await world.admin.as.mutation(api.studio.templates.manage.saveVersion, {
      templateId: world.templateId,
      body: `${version.body}\nKeep every coach turn short.`,
      variables: version.variables,
      note: "Shorter coach turns",
    });
    return saved.versionId;
  }

  async function runTest(world: Awaited<ReturnType<typeof setup>>, versionId: Id<"promptTemplateVersions">, conversations: (typeof SHORT)[], judgeScore = 4) {
    await world.admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: conversations.length });
    const started = await world.admin.as.query(api.studio.quality.testing.getTemplateTest, { versionId });
    expect(started.testResults).toMatchObject({ status: "running", passed: false });
    for (const [i, run] of started.testResults!.runs.entries()) {
      const conversationId = (await deliverItem(world.t, run.itemId, conversationDone(conversations[i])))!;
      await judge(world.t, conversationId, judgeDone(rubric(judgeScore)));
    }
    return await world.admin.as.query(api.studio.quality.testing.getTemplateTest, { versionId });
  }

  test("a passing test (scored and judged, in the test pool, counted nowhere) lets the version go live", async () => {
    const world = await setup();
    const { t, admin, reviewer } = world;
    const versionId = await newVersion(world);
    await expect(admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: expect.stringContaining("Run a passing test first") },
    });
    const view = await runTest(world, versionId, [GOOD, GOOD]);
    expect(view.testResults).toMatchObject({ status: "complete", passed: true, judgeMean: 7.5, threshold: 6, margin: 0.5, ranAt: expect.any(Number) });
    expect(view.testResults!.baseline).toBeUndefined();
    expect(view.testResults!.meanScore).toBeGreaterThanOrEqual(6);
    expect(view.testResults!.runs.every((run) => run.status === "scored" && run.judgeStatus === "done")).toBe(true);
    expect(view.gate).toEqual({ ok: true });
    // Test conversations are not production data.
    const versionDoc = await t.run(async (ctx) => (await ctx.db.get("promptTemplateVersions", versionId))!);
    expect(versionDoc.usageCount).toBe(0);
    expect((await t.run((ctx) => ctx.db.get("promptTemplates", world.templateId)))!.qualityCount).toBe(0);
    const listed = await reviewer.as.query(api.studio.quality.conversations.listConversations, { paginationOpts: { numItems: 20, cursor: null } });
    expect(listed.page).toEqual([]);
    // As if the starter went live before activations were recorded.
    await t.run((ctx) => ctx.db.patch("promptTemplateVersions", world.versionId, { activatedAt: undefined }));
    await admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId });
    expect((await t.run((ctx) => ctx.db.get("promptTemplates", world.templateId)))!.activeVersionId).toBe(versionId);
    // The starter was live before: rolling back needs no test.
    await admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId: world.versionId });
  });

  test("a failing test is refused with its reason; an admin override with a written reason goes through, audited", async () => {
    const world = await setup();
    const { admin, t } = world;
    const versionId = await newVersion(world);
    const view = await runTest(world, versionId, [SHORT]);
    expect(view.testResults).toMatchObject({ status: "complete", passed: false, verdict: expect.stringContaining("below the template's threshold") });
    expect(view.testResults!.runs[0]).toMatchObject({ flagged: true });
    expect(view.gate).toMatchObject({ ok: false, message: expect.stringContaining("Run a passing test first") });
    // Flagged test conversations do not raise the Studio's badge.
    expect(await admin.as.query(api.studio.quality.conversations.flaggedCount, {})).toBe(0);
    await expect(admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    await admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId, override: { reason: "Client asked for this wording today." } });
    const audit = await t.run((ctx) => ctx.db.query("auditLogs").collect());
    expect(audit.find((row) => row.action === "studio.template_activation_overridden")?.details).toMatchObject({
      reason: "Client asked for this wording today.",
      refused: expect.stringContaining("below the template's threshold"),
    });
  });

  test("a test scoring well below the live version fails by its deviation, and activation says by how much", async () => {
    const world = await setup();
    const { t, admin } = world;
    // A low threshold, so only the comparison with the live version can fail the test.
    await t.run((ctx) => ctx.db.patch("promptTemplates", world.templateId, { qualityThreshold: 1 }));
    // The live version's recent production conversations all scored 9.8.
    await t.run(async (ctx) => {
      for (let i = 0; i < 3; i++) {
        await ctx.db.insert("generatedConversations", seedRow(world, { pool: "production", score: 9.8, status: "generated", templateVersionId: world.versionId }, i));
      }
    });
    const versionId = await newVersion(world);
    const view = await runTest(world, versionId, [SHORT]);
    const mean = view.testResults!.meanScore!;
    expect(mean).toBeLessThan(9.3);
    expect(view.testResults).toMatchObject({ status: "complete", baseline: 9.8, baselineSource: "conversations", passed: false, verdict: expect.stringContaining("below the live version") });
    expect(view.testResults!.deviation).toBeCloseTo(mean - 9.8, 2);
    const gap = (9.8 - mean).toFixed(2).replace(/(\.\d)0$/, "$1");
    await expect(admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: expect.stringContaining(`Scores ${gap} below the live version`) },
    });
  });

  test("a generation failure fails the run; bad input is refused and nothing is written", async () => {
    const world = await setup();
    const { admin, t } = world;
    const versionId = await newVersion(world);
    await expect(admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: 6 })).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "count" } });
    await expect(admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: 1.5 })).rejects.toMatchObject({ data: { code: "INVALID_INPUT" } });
    await expect(admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values: {}, count: 1 })).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "values" } });
    await expect(world.reviewer.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: 1 })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    expect((await t.run((ctx) => ctx.db.get("promptTemplateVersions", versionId)))!.testResults).toBeUndefined();
    await admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: 1 });
    await expect(admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: 1 })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    // A test whose steps were lost does not block the version for good.
    vi.setSystemTime(Date.now() + 16 * 60_000);
    await admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: 1 });
    const { testResults } = await admin.as.query(api.studio.quality.testing.getTemplateTest, { versionId });
    await deliverItem(t, testResults!.runs[0].itemId, { kind: "failed", errorClass: "authentication", message: "Claude rejected the API key." });
    const after = await admin.as.query(api.studio.quality.testing.getTemplateTest, { versionId });
    expect(after.testResults).toMatchObject({ status: "complete", passed: false, runs: [{ status: "failed" }], verdict: "1 of 1 runs produced no conversation. Run the test again." });
  });
});

// ------------------------------------------------------------------ the list

type World = Awaited<ReturnType<typeof setup>>;
const FRAMEWORKS = ["GROW", "CLEAR", "COMPASS"];

function seedRow(world: World & { otherTemplateId?: Id<"promptTemplates">; batchId?: Id<"generationBatches"> }, fields: Partial<Doc<"generatedConversations">>, i: number) {
  return {
    templateId: world.templateId,
    templateVersionId: world.versionId,
    framework: "GROW",
    turns: SHORT,
    values: {},
    model: "claude-sonnet-5-5",
    inputTokens: 0,
    outputTokens: 0,
    costMicros: 0,
    latencyMs: 0,
    attempts: 1,
    status: "generated" as const,
    reviewStatus: "pending" as const,
    createdBy: world.admin.userId,
    createdAt: i,
    ...fields,
  };
}

/** Deterministic rows: scores spread over 0–10, three frameworks, two templates, every fifth in one batch, every seventh a test. */
function row(world: World & { otherTemplateId: Id<"promptTemplates">; batchId: Id<"generationBatches"> }, i: number) {
  const score = ((i * 37) % 101) / 10;
  return seedRow(
    world,
    {
      score,
      status: score < 6 ? "needs_revision" : "generated",
      framework: FRAMEWORKS[i % 3],
      templateId: i % 2 === 0 ? world.templateId : world.otherTemplateId,
      // Template tests run outside batches, so no batch holds a test conversation.
      batchId: i % 5 === 0 && i % 7 !== 0 ? world.batchId : undefined,
      pool: i % 7 === 0 ? "test" : "production",
    },
    i,
  );
}

async function listWorld(size: number) {
  const world = await setup();
  const other = await world.t.run(async (ctx) =>
    ctx.db
      .query("promptTemplates")
      .withIndex("by_starterKey", (q) => q.eq("starterKey", "scenario-role-play"))
      .unique(),
  );
  const otherTemplateId = other?._id ?? (await world.t.run(async (ctx) => (await ctx.db.query("promptTemplates").collect()).find((tpl) => tpl._id !== world.templateId)!._id));
  const { batchId } = await world.admin.as.mutation(api.studio.generation.batches.createBatch, {
    name: "seeded",
    versionId: world.versionId,
    matrix: [
      { variable: "persona", values: ["a manager"] },
      { variable: "framework", values: ["GROW"] },
      { variable: "emotion", values: ["anxious"] },
      { variable: "topic", values: ["delegating"] },
    ],
    mode: "all",
    options: {},
  });
  const full = { ...world, otherTemplateId, batchId };
  const rows: ReturnType<typeof row>[] = [];
  for (let from = 0; from < size; from += 1000) {
    const chunk = Array.from({ length: Math.min(1000, size - from) }, (_, k) => row(full, from + k));
    rows.push(...chunk);
    await world.t.run(async (ctx) => {
      for (const r of chunk) await ctx.db.insert("generatedConversations", r);
    });
  }
  return { ...full, rows };
}

/** Counts the documents a function's reads return through `db`: what a page costs. */
function countingDb(db: QueryCtx["db"]) {
  const counter = { docs: 0 };
  const count = (value: unknown) => {
    if (Array.isArray(value)) counter.docs += value.length;
    else if (value && typeof value === "object" && "page" in value) counter.docs += (value as { page: unknown[] }).page.length;
    else if (value && typeof value === "object" && "_id" in value) counter.docs += 1;
  };
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, key, receiver) {
        const value = Reflect.get(obj, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const result = value.apply(obj, args);
          if (result instanceof Promise) return result.then((resolved) => (count(resolved), resolved));
          return result && typeof result === "object" ? wrap(result) : result;
        };
      },
    });
  return { db: wrap(db), counter };
}

describe("listConversations", () => {
  test("filters by batch, template, framework, status and a score range, sorted by score; tests never list", async () => {
    const world = await listWorld(600);
    const { reviewer, member, rows } = world;
    const all = async (args: Record<string, unknown>) => {
      const out: { _id: string; score?: number }[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: { page: { _id: string; score?: number }[]; isDone: boolean; continueCursor: string } = await reviewer.as.query(
          api.studio.quality.conversations.listConversations,
          { paginationOpts: { numItems: 100, cursor }, ...args },
        );
        out.push(...page.page);
        if (page.isDone) return out;
        cursor = page.continueCursor;
      }
    };
    const expected = (keep: (r: (typeof rows)[number]) => boolean, desc = false) =>
      rows
        .filter((r) => r.pool === "production" && keep(r))
        .sort((a, b) => (desc ? b.score! - a.score! || b.createdAt - a.createdAt : a.score! - b.score! || a.createdAt - b.createdAt))
        .map((r) => r.score);
    const cases: [Record<string, unknown>, (r: (typeof rows)[number]) => boolean][] = [
      [{}, () => true],
      [{ status: "needs_revision" }, (r) => r.status === "needs_revision"],
      [{ minScore: 4, maxScore: 7.5 }, (r) => r.score! >= 4 && r.score! <= 7.5],
      [{ framework: "CLEAR", status: "generated" }, (r) => r.framework === "CLEAR" && r.status === "generated"],
      [{ templateId: world.otherTemplateId, minScore: 8 }, (r) => r.templateId === world.otherTemplateId && r.score! >= 8],
      [{ templateId: world.templateId, framework: "GROW", maxScore: 3 }, (r) => r.templateId === world.templateId && r.framework === "GROW" && r.score! <= 3],
      [{ batchId: world.batchId, status: "needs_revision", minScore: 2 }, (r) => r.batchId === world.batchId && r.status === "needs_revision" && r.score! >= 2],
    ];
    for (const [args, keep] of cases) {
      expect((await all(args)).map((r) => r.score), JSON.stringify(args)).toEqual(expected(keep));
    }
    expect((await all({ sort: "score_desc", minScore: 9 })).map((r) => r.score)).toEqual(expected((r) => r.score! >= 9, true));
    await expect(reviewer.as.query(api.studio.quality.conversations.listConversations, { paginationOpts: { numItems: 10, cursor: null }, minScore: 8, maxScore: 2 })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "minScore" },
    });
    await expect(reviewer.as.query(api.studio.quality.conversations.listConversations, { paginationOpts: { numItems: 10, cursor: null }, minScore: -1 })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT" },
    });
    await expect(member.as.query(api.studio.quality.conversations.listConversations, { paginationOpts: { numItems: 10, cursor: null } })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
  }, 120_000);

  test("a page reads the same number of documents at 500 and at 5,000 rows", async () => {
    const reads = async (size: number) => {
      const world = await listWorld(size);
      const argsList = [
        {},
        { status: "needs_revision" as const, minScore: 2, maxScore: 5 },
        { templateId: world.templateId, framework: "CLEAR" },
        { batchId: world.batchId, sort: "score_desc" as const },
      ];
      const counts: number[] = [];
      for (const args of argsList) {
        counts.push(
          await world.t.run(async (ctx) => {
            const { db, counter } = countingDb(ctx.db);
            const page = await pageConversations(db, { paginationOpts: { numItems: 25, cursor: null }, ...args });
            expect(page.page.length).toBeGreaterThan(0);
            return counter.docs;
          }),
        );
      }
      vi.useRealTimers();
      return counts;
    };
    const small = await reads(500);
    const large = await reads(5000);
    expect(large).toEqual(small);
    for (const docs of large) expect(docs).toBeLessThanOrEqual(25);
  }, 240_000);

  test("getQualityDetails returns the bars, judge, transcript and provenance", async () => {
    const world = await setup();
    const id = await singleRun(world, SHORT);
    const details = await world.reviewer.as.query(api.studio.quality.conversations.getQualityDetails, { conversationId: id });
    expect(details.conversation).toMatchObject({ _id: id, status: "needs_revision", turns: SHORT, pool: "production" });
    expect(details.provenance).toMatchObject({ templateId: world.templateId, templateVersionId: world.versionId, version: 1, templateName: expect.any(String) });
    expect(Object.keys(details.quality!.criteria).sort()).toEqual(["confidence", "length", "structure", "turnCount"]);
    expect(details.quality!.criteria.turnCount).toMatchObject({ score: expect.any(Number), measured: expect.any(String), target: expect.any(String) });
    expect(details.quality!.recommendations.length).toBeGreaterThan(0);
    expect(details.judge).toBeNull();
    expect(details.neighbours).toEqual({});
    // Two more at the same score and one higher: neighbours follow the list's order (score, then creation).
    const [same1, same2, higher] = await world.t.run(async (ctx) => {
      const score = details.conversation.score!;
      return [
        await ctx.db.insert("generatedConversations", seedRow(world, { pool: "production", score }, 1)),
        await ctx.db.insert("generatedConversations", seedRow(world, { pool: "production", score }, 2)),
        await ctx.db.insert("generatedConversations", seedRow(world, { pool: "production", score: score + 1 }, 3)),
      ];
    });
    const middle = await world.reviewer.as.query(api.studio.quality.conversations.getQualityDetails, { conversationId: same1 });
    expect(middle.neighbours).toEqual({ previousId: id, nextId: same2 });
    const last = await world.reviewer.as.query(api.studio.quality.conversations.getQualityDetails, { conversationId: higher });
    expect(last.neighbours).toEqual({ previousId: same2 });
    await expect(world.member.as.query(api.studio.quality.conversations.getQualityDetails, { conversationId: id })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  });
});

describe("against the fake Anthropic server", () => {
  test("a template test runs through the gateway: generated, scored and judged, then complete", async () => {
    const { t } = await gatewayTest({ LLM_STREAM_MIN_FLUSH_MS: "20", LLM_STREAM_MAX_FLUSH_MS: "50" });
    const admin = await signIn(t, "admin@example.com");
    const template = await t.run(async (ctx) =>
      ctx.db
        .query("promptTemplates")
        .withIndex("by_starterKey", (q) => q.eq("starterKey", "coaching-conversation"))
        .unique(),
    );
    const versionId = template!.activeVersionId!;
    await admin.as.mutation(api.studio.quality.testing.runTemplateTest, { versionId, values, count: 1 });
    const view = await waitFor(async () => {
      const current = await admin.as.query(api.studio.quality.testing.getTemplateTest, { versionId });
      return current.testResults?.status === "complete" ? current : undefined;
    }, 45_000);
    const [run] = view.testResults!.runs;
    expect(run).toMatchObject({ status: "scored", score: expect.any(Number), judgeStatus: expect.stringMatching(/^(done|failed)$/) });
    const conversation = await conversationDoc(t, run.conversationId!);
    expect(conversation).toMatchObject({ pool: "test", score: conversation.quality!.overall });
    // Whatever the fake answers, the judge's outcome is recorded: scores, or a failure with the raw answer.
    if (conversation.judge!.status === "done") expect(conversation.judge!.overall).toEqual(expect.any(Number));
    else expect(conversation.judge!.raw ?? conversation.judge!.error).toEqual(expect.any(String));
    const requests = await t.run((ctx) => ctx.db.query("llmRequests").collect());
    expect(requests.map((r) => r.purpose).sort()).toEqual(["generation", "judging"]);
    const judging = requests.find((r) => r.purpose === "judging")!;
    expect(judging).toMatchObject({ stream: false, priority: "interactive" });
    expect(judging.params.toolChoice).toEqual({ type: "tool", name: JUDGE_TOOL_NAME });
    // Test conversations are not use.
    expect((await t.run((ctx) => ctx.db.get("promptTemplateVersions", versionId)))!.usageCount).toBe(0);
  }, 60_000);
});
