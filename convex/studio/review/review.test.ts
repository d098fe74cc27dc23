import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { FunctionReturnType } from "convex/server";
import { api, internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { newTest, type TestConvex } from "../../test.setup";
import { signIn, type SignedIn } from "../../test.users";
import { BULK_PAGE, LEASE_MS } from "./rules";
import { markNearDuplicate, onConversationStored, syncReviewPlacement } from "./store";

const START = Date.UTC(2026, 10, 29, 12, 0, 0);
const firstPage = { paginationOpts: { numItems: 50, cursor: null } };

type World = {
  t: TestConvex;
  admin: SignedIn;
  reviewer: SignedIn;
  other: SignedIn;
  member: SignedIn;
  templateId: Id<"promptTemplates">;
  otherTemplateId: Id<"promptTemplates">;
  versionId: Id<"promptTemplateVersions">;
  otherVersionId: Id<"promptTemplateVersions">;
};

async function world(): Promise<World> {
  const t = await newTest();
  const admin = await signIn(t, "admin@example.com");
  const reviewer = await signIn(t, "reviewer@example.com");
  const other = await signIn(t, "second.reviewer@example.com");
  const member = await signIn(t, "member@example.com");
  await admin.as.mutation(api.users.admin.setRole, { userId: reviewer.userId, role: "reviewer" });
  await admin.as.mutation(api.users.admin.setRole, { userId: other.userId, role: "reviewer" });
  const versions = await t.run(async (ctx) => await ctx.db.query("promptTemplateVersions").take(2));
  return {
    t,
    admin,
    reviewer,
    other,
    member,
    templateId: versions[0].templateId,
    versionId: versions[0]._id,
    otherTemplateId: versions[1].templateId,
    otherVersionId: versions[1]._id,
  };
}

const criterion = { score: 5, weight: 0.25, measured: "", target: "", details: [] };

type Seed = {
  score: number;
  threshold?: number;
  judge?: number;
  needsRevision?: boolean;
  framework?: string;
  other?: boolean;
  batchId?: Id<"generationBatches">;
  turns?: Doc<"generatedConversations">["turns"];
  pool?: "production" | "test";
};

const defaultTurns = (n: number): Doc<"generatedConversations">["turns"] => [
  { role: "client", text: `Conversation ${n}: my team keeps missing deadlines and I don't know why.` },
  { role: "coach", text: `What have you noticed about the deadlines they miss, case ${n}?` },
  { role: "client", text: "Mostly the ones I set without asking them." },
  { role: "coach", text: "What might change if you asked first?" },
];

let seeded = 0;

/** Stores a conversation the way the store path will: insert, then the review's hook in the same transaction. */
async function seed(w: World, s: Seed): Promise<Id<"generatedConversations">> {
  const n = ++seeded;
  const threshold = s.threshold ?? 6;
  return await w.t.run(async (ctx) => {
    const id = await ctx.db.insert("generatedConversations", {
      templateId: s.other ? w.otherTemplateId : w.templateId,
      templateVersionId: s.other ? w.otherVersionId : w.versionId,
      batchId: s.batchId,
      framework: s.framework ?? "GROW",
      turns: s.turns ?? defaultTurns(n),
      values: {},
      model: "claude-test",
      inputTokens: 0,
      outputTokens: 0,
      costMicros: 0,
      latencyMs: 0,
      attempts: 1,
      status: s.needsRevision || s.score < threshold ? "needs_revision" : "generated",
      pool: s.pool ?? "production",
      score: s.score,
      quality: {
        overall: s.score,
        flagged: s.needsRevision || s.score < threshold,
        threshold,
        confidence: "high",
        criteria: { turnCount: criterion, length: criterion, structure: criterion, confidence: criterion },
        recommendations: [],
        flags: [],
        reasons: [],
        scoredAt: Date.now(),
      },
      judge: s.judge === undefined ? undefined : { status: "done", model: "judge", overall: s.judge, costMicros: 0, requestedAt: Date.now() },
      reviewStatus: "pending",
      createdBy: w.admin.userId,
      createdAt: Date.now(),
    });
    await onConversationStored(ctx as unknown as MutationCtx, id);
    return id;
  });
}

async function conversation(w: World, id: Id<"generatedConversations">): Promise<Doc<"generatedConversations">> {
  return (await w.t.run(async (ctx) => await ctx.db.get("generatedConversations", id)))!;
}

/** Every page in order: the page that ends the first bucket is short, and the next starts the second. */
async function queueRows(as: SignedIn, filter: Record<string, unknown> = {}) {
  const rows = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const page: FunctionReturnType<typeof api.studio.review.queue.listReviewQueue> = await as.as.query(api.studio.review.queue.listReviewQueue, {
      paginationOpts: { numItems: 50, cursor },
      ...filter,
    });
    rows.push(...page.page);
    if (page.isDone) return rows;
    cursor = page.continueCursor;
  }
  throw new Error("the queue never finished");
}

async function queueIds(_w: World, as: SignedIn, filter: Record<string, unknown> = {}): Promise<Id<"generatedConversations">[]> {
  return (await queueRows(as, filter)).map((row) => row._id);
}

async function auditActions(w: World): Promise<string[]> {
  return await w.t.run(async (ctx) =>
    (await ctx.db.query("auditLogs").order("asc").take(1_000)).map((row) => row.action).filter((a) => a.startsWith("studio.review")),
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("review queue", () => {
  test("needs revision and scorer/judge disagreements come first, then the rest, lowest score first", async () => {
    const w = await world();
    const fine9 = await seed(w, { score: 9 });
    const fine7 = await seed(w, { score: 7, judge: 8 });
    const flagged5 = await seed(w, { score: 5 });
    const judgeDrops = await seed(w, { score: 8, judge: 3 });
    const judgeKeeps = await seed(w, { score: 4, judge: 9 });
    const blocking = await seed(w, { score: 7.5, needsRevision: true });
    await seed(w, { score: 1, pool: "test" });
    expect(await queueIds(w, w.reviewer)).toEqual([judgeKeeps, flagged5, blocking, judgeDrops, fine7, fine9]);
    expect((await queueRows(w.reviewer)).map((row) => row.reviewRank)).toEqual([0, 0, 0, 0, 1, 1]);
    // The first page ends with the first bucket.
    const first = await w.reviewer.as.query(api.studio.review.queue.listReviewQueue, firstPage);
    expect(first).toMatchObject({ isDone: false, continueCursor: "1:" });
    expect(first.page).toHaveLength(4);
  });

  test("filters: template, framework, batch and a score range, each still in review order", async () => {
    const w = await world();
    const batchId = await w.t.run(async (ctx) =>
      await ctx.db.insert("generationBatches", {
        name: "b",
        createdBy: w.admin.userId,
        templateId: w.templateId,
        templateVersionId: w.versionId,
        model: "claude-test",
        matrix: [],
        mode: "all",
        seed: 1,
        options: { priority: "normal", concurrency: 1, retry: { strategy: "fixed", maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, jitter: false }, onError: "continue", itemTimeoutMs: 1 },
        status: "completed",
        total: 0,
        inserted: 0,
        counts: { queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, cancelled: 0 },
        costMicros: 0,
        inputTokens: 0,
        outputTokens: 0,
        estimate: { lowMicros: 0, highMicros: 0 },
        pausedMs: 0,
        recentCompletions: [],
        events: [],
        createdAt: START,
        startedAt: START,
        updatedAt: START,
      }),
    );
    const a = await seed(w, { score: 8, batchId });
    const b = await seed(w, { score: 3, batchId, framework: "CLEAR" });
    const c = await seed(w, { score: 6.5, other: true });
    const d = await seed(w, { score: 9, framework: "CLEAR" });
    const e = await seed(w, { score: 2, other: true, framework: "CLEAR" });
    expect(await queueIds(w, w.reviewer, { batchId })).toEqual([b, a]);
    expect(await queueIds(w, w.reviewer, { batchId, framework: "GROW" })).toEqual([a]);
    expect(await queueIds(w, w.reviewer, { templateId: w.otherTemplateId })).toEqual([e, c]);
    expect(await queueIds(w, w.reviewer, { framework: " CLEAR " })).toEqual([e, b, d]);
    // A range spans both buckets: 3 (needs revision) first, then 6.5 and 8.
    expect(await queueIds(w, w.reviewer, { minScore: 3, maxScore: 8 })).toEqual([b, c, a]);
    await expect(w.reviewer.as.query(api.studio.review.queue.listReviewQueue, { ...firstPage, minScore: 7, maxScore: 2 })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "minScore" },
    });
  });

  test("pages are bounded and continue across the two buckets", async () => {
    const w = await world();
    const ids = [];
    for (const score of [9, 2, 8, 3, 7]) ids.push(await seed(w, { score }));
    const seen: Id<"generatedConversations">[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: { page: { _id: Id<"generatedConversations"> }[]; isDone: boolean; continueCursor: string } = await w.reviewer.as.query(
        api.studio.review.queue.listReviewQueue,
        { paginationOpts: { numItems: 2, cursor } },
      );
      expect(page.page.length).toBeLessThanOrEqual(2);
      seen.push(...page.page.map((row) => row._id));
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    expect(seen).toEqual([ids[1], ids[3], ids[4], ids[2], ids[0]]);
  });

  test("a judge's answer that contradicts the score moves the conversation up", async () => {
    const w = await world();
    const low = await seed(w, { score: 6.2 });
    const high = await seed(w, { score: 9 });
    expect(await queueIds(w, w.reviewer)).toEqual([low, high]);
    await w.t.run(async (ctx) => {
      await ctx.db.patch("generatedConversations", high, { judge: { status: "done", model: "judge", overall: 2, costMicros: 0, requestedAt: START } });
      await syncReviewPlacement(ctx as unknown as MutationCtx, high);
    });
    expect(await queueIds(w, w.reviewer)).toEqual([high, low]);
  });

  test("only studio.review may read or act", async () => {
    const w = await world();
    const id = await seed(w, { score: 7 });
    await expect(w.member.as.query(api.studio.review.queue.listReviewQueue, firstPage)).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(w.member.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(w.member.as.mutation(api.studio.review.verdicts.approve, { conversationId: id })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    expect((await conversation(w, id)).reviewStatus).toBe("pending");
  });
});

describe("leases", () => {
  test("a claim holds ten minutes against others, renews for its holder, and expires by itself", async () => {
    const w = await world();
    const id = await seed(w, { score: 7 });
    const { leaseUntil } = await w.reviewer.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id });
    expect(leaseUntil).toBe(START + LEASE_MS);
    await expect(w.other.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: "reviewer@example.com is reviewing this until 12:10 UTC." },
    });
    await expect(w.other.as.mutation(api.studio.review.verdicts.approve, { conversationId: id })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    const item = await w.other.as.query(api.studio.review.queue.getReviewItem, { conversationId: id });
    expect(item.lease).toMatchObject({ by: w.reviewer.userId, mine: false, until: START + LEASE_MS });

    vi.advanceTimersByTime(5 * 60_000);
    expect((await w.reviewer.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id })).leaseUntil).toBe(START + 15 * 60_000);

    vi.advanceTimersByTime(10 * 60_000);
    expect((await w.other.as.query(api.studio.review.queue.getReviewItem, { conversationId: id })).lease).toBeNull();
    await w.other.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id });
    // The first reviewer's lease ran out: now they are the one refused.
    await expect(w.reviewer.as.mutation(api.studio.review.verdicts.approve, { conversationId: id })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: expect.stringContaining("second.reviewer@example.com is reviewing this until 12:25 UTC") },
    });
    expect((await conversation(w, id)).reviewStatus).toBe("pending");
  });

  test("releasing gives the item back at once; releasing what one doesn't hold changes nothing", async () => {
    const w = await world();
    const id = await seed(w, { score: 7 });
    await w.reviewer.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id });
    expect(await w.other.as.mutation(api.studio.review.queue.releaseClaim, { conversationId: id })).toEqual({ released: false });
    expect((await conversation(w, id)).leaseBy).toBe(w.reviewer.userId);
    expect(await w.reviewer.as.mutation(api.studio.review.queue.releaseClaim, { conversationId: id })).toEqual({ released: true });
    await w.other.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id });
  });
});

describe("verdicts", () => {
  test("approve with no lease held by anyone records who and when, leaves the queue, and is audited", async () => {
    const w = await world();
    const id = await seed(w, { score: 7 });
    vi.advanceTimersByTime(1_000);
    expect(await w.reviewer.as.mutation(api.studio.review.verdicts.approve, { conversationId: id })).toEqual({
      reviewStatus: "approved",
      reviewedAt: START + 1_000,
      disagrees: false,
    });
    expect(await conversation(w, id)).toMatchObject({ reviewStatus: "approved", verdict: "approved", reviewedBy: w.reviewer.userId, reviewedAt: START + 1_000 });
    expect(await queueIds(w, w.reviewer)).toEqual([]);
    expect(await auditActions(w)).toEqual(["studio.review_approved"]);
    await expect(w.other.as.mutation(api.studio.review.verdicts.reject, { conversationId: id, reason: "unsafe" })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: "This conversation was already approved." },
    });
  });

  test("reject takes a reason; other needs a note; the holder's lease is released", async () => {
    const w = await world();
    const id = await seed(w, { score: 7 });
    await w.reviewer.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id });
    await expect(w.reviewer.as.mutation(api.studio.review.verdicts.reject, { conversationId: id, reason: "other" })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "note" },
    });
    expect((await conversation(w, id)).reviewStatus).toBe("pending");
    await w.reviewer.as.mutation(api.studio.review.verdicts.reject, { conversationId: id, reason: "other", note: " coach diagnoses " });
    expect(await conversation(w, id)).toMatchObject({
      reviewStatus: "rejected",
      verdict: "rejected",
      rejectReason: "other",
      reviewNote: "coach diagnoses",
      reviewedBy: w.reviewer.userId,
      disagrees: true,
    });
    expect(await conversation(w, id)).not.toHaveProperty("leaseBy");
    expect(await conversation(w, id)).not.toHaveProperty("leaseUntil");
    expect(await auditActions(w)).toEqual(["studio.review_rejected"]);
  });

  test("revise edits turns and approves, keeping the original turns and each edit", async () => {
    const w = await world();
    const id = await seed(w, { score: 5 });
    const original = (await conversation(w, id)).turns;
    await expect(w.reviewer.as.mutation(api.studio.review.verdicts.revise, { conversationId: id, edits: [{ turnIndex: 9, text: "x" }] })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "edits" },
    });
    vi.advanceTimersByTime(2_000);
    const result = await w.reviewer.as.mutation(api.studio.review.verdicts.revise, {
      conversationId: id,
      edits: [{ turnIndex: 3, text: "What would asking them first look like?" }],
    });
    expect(result).toEqual({ reviewStatus: "approved", reviewedAt: START + 2_000, disagrees: true });
    const after = await conversation(w, id);
    expect(after.turns[3].text).toBe("What would asking them first look like?");
    expect(after.turns.slice(0, 3)).toEqual(original.slice(0, 3));
    expect(after.originalTurns).toEqual(original);
    expect(after.revisions).toEqual([
      { by: w.reviewer.userId, at: START + 2_000, edits: [{ turnIndex: 3, before: original[3].text, text: "What would asking them first look like?" }] },
    ]);
    expect(after).toMatchObject({ reviewStatus: "approved", verdict: "revised" });
    const item = await w.admin.as.query(api.studio.review.queue.getReviewItem, { conversationId: id });
    expect(item).toMatchObject({ verdict: "revised", reviewedByName: "reviewer@example.com", originalTurns: original });
    expect(await auditActions(w)).toEqual(["studio.review_revised"]);
  });
});

describe("bulk verdicts", () => {
  test("a count confirmation that no longer holds is refused and changes nothing", async () => {
    const w = await world();
    for (const score of [7, 8]) await seed(w, { score, framework: "CLEAR" });
    const filter = { framework: "CLEAR" };
    expect(await w.reviewer.as.query(api.studio.review.bulk.previewBulk, { filter })).toEqual({ count: 2, overCap: false, cap: 500 });
    await seed(w, { score: 9, framework: "CLEAR" });
    await expect(w.reviewer.as.mutation(api.studio.review.bulk.bulkVerdict, { filter, verdict: "approved", expectedCount: 2 })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: expect.stringContaining("now matches 3 conversations, not 2") },
    });
    await expect(w.reviewer.as.mutation(api.studio.review.bulk.bulkVerdict, { filter, verdict: "rejected", expectedCount: 3 })).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "reason" },
    });
    expect(await queueIds(w, w.reviewer, filter)).toHaveLength(3);
    expect(await auditActions(w)).toEqual([]);
  });

  test("a bulk reject over more than one page runs in scheduled pages, skipping what another reviewer holds", async () => {
    const w = await world();
    const total = BULK_PAGE + 20;
    const ids: Id<"generatedConversations">[] = [];
    for (let i = 0; i < total; i++) ids.push(await seed(w, { score: 2 + (i % 7), other: true }));
    const keep = await seed(w, { score: 3 });
    await w.other.as.mutation(api.studio.review.queue.claimForReview, { conversationId: ids[total - 1] });
    const filter = { templateId: w.otherTemplateId };
    const { count } = await w.reviewer.as.query(api.studio.review.bulk.previewBulk, { filter });
    expect(count).toBe(total);
    const job = await w.reviewer.as.mutation(api.studio.review.bulk.bulkVerdict, { filter, verdict: "rejected", reason: "repetitive", expectedCount: count });
    // The held one is the lowest score, so the first page skips it.
    expect(job).toMatchObject({ total, applied: BULK_PAGE - 1, skipped: 1, done: false });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await w.reviewer.as.query(api.studio.review.bulk.getBulkJob, { jobId: job.jobId })).toEqual({
      jobId: job.jobId,
      total,
      applied: total - 1,
      skipped: 1,
      done: true,
    });
    const rows = await w.t.run(async (ctx) => await Promise.all(ids.map((id) => ctx.db.get("generatedConversations", id))));
    expect(rows.filter((r) => r?.reviewStatus === "rejected" && r.rejectReason === "repetitive" && r.reviewedBy === w.reviewer.userId)).toHaveLength(total - 1);
    expect(rows[total - 1]?.reviewStatus).toBe("pending");
    expect((await conversation(w, keep)).reviewStatus).toBe("pending");
    const actions = await auditActions(w);
    expect(actions[0]).toBe("studio.review_bulk");
    expect(actions.filter((a) => a === "studio.review_rejected")).toHaveLength(total - 1);
  });
});

describe("calibration", () => {
  test("the confusion matrix, agreement, trend and disagreements match a hand count", async () => {
    const w = await world();
    // threshold 6; auto keep = score ≥ 6.
    const tp1 = await seed(w, { score: 8, judge: 9 }); // keep, approved → tp (judge tp)
    const tp2 = await seed(w, { score: 7 }); // keep, revised → tp
    const fp = await seed(w, { score: 9, judge: 8 }); // keep, rejected → fp (judge fp)
    const fn = await seed(w, { score: 4, judge: 7 }); // drop, approved → fn (judge tp)
    const tn = await seed(w, { score: 3, other: true }); // drop, rejected → tn
    await w.reviewer.as.mutation(api.studio.review.verdicts.approve, { conversationId: tp1 });
    await w.reviewer.as.mutation(api.studio.review.verdicts.revise, { conversationId: tp2, edits: [{ turnIndex: 1, text: "What do you notice?" }] });
    await w.reviewer.as.mutation(api.studio.review.verdicts.reject, { conversationId: fp, reason: "tells_not_asks" });
    vi.advanceTimersByTime(86_400_000);
    await w.reviewer.as.mutation(api.studio.review.verdicts.approve, { conversationId: fn });
    await w.reviewer.as.mutation(api.studio.review.verdicts.reject, { conversationId: tn, reason: "too_short" });

    const all = await w.reviewer.as.query(api.studio.review.calibration.getCalibration, {});
    expect(all.target).toBe(0.85);
    expect(all.overall).toEqual({
      score: { tp: 2, fp: 1, fn: 1, tn: 1 },
      judge: { tp: 2, fp: 1, fn: 0, tn: 0 },
      reviewed: 5,
      agreement: 0.6,
      judgeAgreement: 2 / 3,
      meetsTarget: false,
    });
    const day0 = Math.floor(START / 86_400_000) * 86_400_000;
    expect(all.trend.map((d) => [d.day, d.score, d.agreement])).toEqual([
      [day0, { tp: 2, fp: 1, fn: 0, tn: 0 }, 2 / 3],
      [day0 + 86_400_000, { tp: 0, fp: 0, fn: 1, tn: 1 }, 0.5],
    ]);
    expect(all.templates.map((row) => [row.templateId, row.score, row.agreement]).sort()).toEqual(
      [
        [w.templateId, { tp: 2, fp: 1, fn: 1, tn: 0 }, 0.5],
        [w.otherTemplateId, { tp: 0, fp: 0, fn: 0, tn: 1 }, 1],
      ].sort(),
    );
    const other = await w.reviewer.as.query(api.studio.review.calibration.getCalibration, { templateId: w.otherTemplateId });
    expect(other.overall).toMatchObject({ reviewed: 1, agreement: 1, meetsTarget: true });
    expect(other.templates).toEqual([]);

    const disagreements = await w.reviewer.as.query(api.studio.review.calibration.listDisagreements, firstPage);
    expect(disagreements.page.map((row) => row._id)).toEqual([fn, fp]);
    expect(disagreements.page[0]).toMatchObject({ scorerScore: 4, threshold: 6, judgeOverall: 7, verdict: "approved" });
    expect((await w.reviewer.as.query(api.studio.review.calibration.listDisagreements, { ...firstPage, templateId: w.otherTemplateId })).page).toEqual([]);
  });
});

describe("near-duplicates", () => {
  const long = (swap = "evenings"): Doc<"generatedConversations">["turns"] => [
    { role: "coach", text: "What would you like to focus on in our time together today?" },
    { role: "client", text: "I keep saying yes to every request from the sales team and my own work stalls." },
    { role: "coach", text: "You mentioned the deadline keeps slipping; what does that cost you?" },
    { role: "client", text: `Honestly it costs me ${swap}, and my manager has started to notice the delays.` },
    { role: "coach", text: "If things went really well by Friday, what would be different?" },
    { role: "client", text: "I would finish the migration plan and feel calm walking into the review." },
    { role: "coach", text: "What have you already tried, and what happened when you did?" },
    { role: "client", text: "I blocked focus time once, but I gave it away the moment someone pinged me." },
    { role: "coach", text: "What is one small step you could take before our next conversation?" },
    { role: "client", text: "I could write a short note to the sales lead explaining the new intake process." },
  ];

  test("a near-identical conversation of the same template is marked with its first twin; different ones and other templates are not", async () => {
    const w = await world();
    const first = await seed(w, { score: 7, turns: long() });
    const second = await seed(w, { score: 7, turns: long("weekends") });
    const third = await seed(w, { score: 7, turns: long("mornings").map((t) => ({ ...t, text: t.text.toUpperCase() })) });
    const otherTemplate = await seed(w, { score: 7, turns: long(), other: true });
    const different = await seed(w, { score: 7 });
    expect((await conversation(w, first)).duplicateOf).toBeUndefined();
    const twin = await conversation(w, second);
    expect(twin.duplicateOf).toBe(first);
    expect(twin.duplicateSimilarity).toBeGreaterThanOrEqual(0.9);
    expect((await conversation(w, third)).duplicateOf).toBe(first);
    expect((await conversation(w, otherTemplate)).duplicateOf).toBeUndefined();
    expect((await conversation(w, different)).duplicateOf).toBeUndefined();
    const row = (await queueRows(w.reviewer)).find((r) => r._id === second);
    expect(row?.duplicateOf).toBe(first);
  });

  test("a conversation that shares only half its text stays below the threshold; marking twice changes nothing", async () => {
    const w = await world();
    const first = await seed(w, { score: 7, turns: long() });
    const half = await seed(w, {
      score: 7,
      turns: [
        ...long().slice(0, 5),
        { role: "client", text: "Actually the real problem is my director, who changes priorities every Monday." },
        { role: "coach", text: "What happens for you when the priorities change like that?" },
        { role: "client", text: "I feel like the plan I made on Friday was wasted effort." },
        { role: "coach", text: "What would you want your director to know about that?" },
        { role: "client", text: "That a short heads-up on Thursday would save the whole team a day." },
      ],
    });
    expect((await conversation(w, half)).duplicateOf).toBeUndefined();
    const again = await w.t.run(async (ctx) => await markNearDuplicate(ctx as unknown as MutationCtx, half));
    expect(again).toBeNull();
    const bands = await w.t.run(async (ctx) => (await ctx.db.query("conversationBands").take(100)).length);
    expect(bands).toBe(32);
    expect(first).toBeDefined();
  });

  test("a test-pool conversation is neither queued nor filed for duplicates", async () => {
    const w = await world();
    const id = await seed(w, { score: 2, pool: "test" });
    expect(await conversation(w, id)).not.toHaveProperty("reviewRank");
    expect(await conversation(w, id)).not.toHaveProperty("duplicateOf");
    await expect(w.reviewer.as.mutation(api.studio.review.queue.claimForReview, { conversationId: id })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    expect(await w.t.run(async (ctx) => (await ctx.db.query("conversationSignatures").take(10)).length)).toBe(0);
  });
});

describe("backfill", () => {
  test("pending conversations stored before the review get their place and duplicate mark, oldest first", async () => {
    const w = await world();
    const turns = defaultTurns(1000);
    const ids: Id<"generatedConversations">[] = [];
    for (const score of [8, 4, 8]) {
      ids.push(
        await w.t.run(async (ctx) =>
          await ctx.db.insert("generatedConversations", {
            templateId: w.templateId,
            templateVersionId: w.versionId,
            framework: "GROW",
            turns,
            values: {},
            model: "claude-test",
            inputTokens: 0,
            outputTokens: 0,
            costMicros: 0,
            latencyMs: 0,
            attempts: 1,
            status: "generated",
            score,
            reviewStatus: "pending",
            createdBy: w.admin.userId,
            createdAt: Date.now(),
          }),
        ),
      );
      vi.advanceTimersByTime(1);
    }
    expect(await queueIds(w, w.reviewer)).toEqual([]);
    await w.t.mutation(internal.studio.review.backfill.backfillReview, {});
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await queueIds(w, w.reviewer)).toEqual([ids[1], ids[0], ids[2]]);
    expect((await conversation(w, ids[0])).duplicateOf).toBeUndefined();
    expect((await conversation(w, ids[2])).duplicateOf).toBe(ids[0]);
  });
});
