/**
 * Exports end to end in convex-test: seeded conversations, the public
 * functions as the browser calls them (page by page), and what each call read.
 */
import { makeFunctionReference, queryGeneric } from "convex/server";
import { v } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../_generated/api";
import type { Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { newTest, type TestConvex } from "../../test.setup";
import { signIn, type SignedIn } from "../../test.users";
import { emptyCardCounts, mergeCardCounts, renderDatasetCard, type CardCounts } from "./card";
import { loadExportPage, PAGE_SIZE, type PageArgs } from "./exports";
import { CSV_COLUMNS, EXPORT_FORMATS, parseCsv, VALIDATORS, type ExportFormat } from "./formats";
import type { ExportOptions } from "./options";
import { seedConversations, seedRow, seedValues, type SeedSpec } from "./seed.support";

/** The same code exportPage runs, plus what the transaction read. */
const probe = {
  measure: queryGeneric({
    args: { args: v.any() },
    handler: async (ctx, { args }) => {
      const page = await loadExportPage(ctx as unknown as QueryCtx, args as PageArgs);
      const metrics = await ctx.meta.getTransactionMetrics();
      return { nextCursor: page.nextCursor, isDone: page.isDone, lines: page.lines.length, documentsRead: metrics.documentsRead.used, bytesRead: metrics.bytesRead.used };
    },
  }),
};

type Measured = { nextCursor: string | null; isDone: boolean; lines: number; documentsRead: number; bytesRead: number };
const measureRef = makeFunctionReference<"query", { args: PageArgs }, Measured>("exportProbe:measure");

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 29, 12));
});
afterEach(() => vi.useRealTimers());

type Setup = { t: TestConvex; admin: SignedIn; reviewer: SignedIn; member: SignedIn; spec: SeedSpec };

async function setup(): Promise<Setup> {
  const t = await newTest({ "./exportProbe.ts": async () => probe });
  const admin = await signIn(t, "admin@example.com");
  const reviewer = await signIn(t, "reviewer@example.com");
  const member = await signIn(t, "member@example.com");
  await admin.as.mutation(api.users.admin.setRole, { userId: reviewer.userId, role: "reviewer" });
  const template = await t.run((ctx) => ctx.db.query("promptTemplates").withIndex("by_starterKey", (q) => q.eq("starterKey", "coaching-conversation")).unique());
  if (!template?.activeVersionId) throw new Error("starter template missing");
  return { t, admin, reviewer, member, spec: { templateId: template._id, versionId: template.activeVersionId, userId: reviewer.userId } };
}

const seed = (t: TestConvex, spec: SeedSpec, from: number, to: number) => t.run((ctx) => seedConversations(ctx as unknown as MutationCtx, spec, from, to));

type Assembled = { files: Map<string, string[]>; provenance: Record<string, unknown>[]; counts: CardCounts; calls: number; invalid: number };

/** What the browser does: page until done, append lines per file, number provenance, merge counts. */
async function runExport(as: SignedIn["as"], format: ExportFormat, options: ExportOptions = {}): Promise<Assembled> {
  const files = new Map<string, string[]>();
  const provenance: Record<string, unknown>[] = [];
  let counts = emptyCardCounts();
  let cursor: string | null = null;
  const offsets = { train: 0, validation: 0 };
  let calls = 0;
  let invalid = 0;
  for (;;) {
    const page: Awaited<ReturnType<typeof loadExportPage>> = await as.query(api.studio.export.exports.exportPage, { format, options, cursor, offsets });
    calls++;
    invalid += page.invalidLines;
    if (page.header) files.set("conversations.csv", [page.header]);
    for (const { split, line } of page.lines) {
      const file = format === "csv" ? "conversations.csv" : `${split}.jsonl`;
      files.set(file, [...(files.get(file) ?? []), line]);
      offsets[split]++;
    }
    if (page.provenance) provenance.push(...page.provenance);
    counts = mergeCardCounts(counts, page.cardCounts);
    if (page.isDone) break;
    cursor = page.nextCursor;
  }
  return { files, provenance, counts, calls, invalid };
}

describe("exportPage", () => {
  test("exports every approved production conversation once, in every format, each line valid", async () => {
    const { t, reviewer, spec } = await setup();
    await seed(t, { ...spec, status: (i) => (i % 5 === 4 ? "pending" : i % 5 === 3 ? "rejected" : "approved") }, 0, 250);
    // A template-test conversation, approved, never leaves.
    await t.run(async (ctx) => {
      const [id] = await seedConversations(ctx as unknown as MutationCtx, spec, 250, 251);
      await ctx.db.patch("generatedConversations", id, { pool: "test" });
    });
    const approved = Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 5 < 3).length;
    for (const format of EXPORT_FORMATS) {
      const out = await runExport(reviewer.as, format);
      expect(out.invalid).toBe(0);
      const lines = [...out.files.entries()].flatMap(([, list]) => list);
      const dataLines = format === "csv" ? lines.slice(1) : lines;
      expect(dataLines, format).toHaveLength(approved);
      for (const line of dataLines) expect(VALIDATORS[format](line), format).toEqual([]);
      expect(out.counts.exported).toBe(approved);
      expect(out.counts.train + out.counts.validation).toBe(approved);
      if (format === "csv") {
        expect(parseCsv(lines[0])![0]).toEqual([...CSV_COLUMNS]);
        const ids = dataLines.map((line) => parseCsv(line)![0][0]);
        expect(new Set(ids).size).toBe(approved);
      }
    }
  });

  test("provenance: a side file numbered per output file for OpenAI and Bedrock, inline metadata for TRL and ShareGPT", async () => {
    const { t, reviewer, spec } = await setup();
    await seed(t, spec, 0, 450);
    const out = await runExport(reviewer.as, "bedrock");
    expect(out.calls).toBe(3);
    for (const file of ["train.jsonl", "validation.jsonl"]) {
      const lines = out.files.get(file)!;
      const entries = out.provenance.filter((p) => p.file === file);
      expect(entries.map((p) => p.line)).toEqual(lines.map((_, i) => i + 1));
    }
    const first = out.provenance[0];
    const row = seedRow(0, {});
    expect(first).toMatchObject({ templateId: spec.templateId, templateVersionId: spec.versionId, templateVersion: 1, framework: row.framework, score: row.score, reviewedBy: spec.userId, reviewedAt: row.createdAt + 3_600_000 });
    expect(first.variables).toMatchObject({ persona: row.persona, emotion: row.emotion, turns: "12" });
    // Bedrock lines carry nothing but system and messages.
    expect(Object.keys(JSON.parse(out.files.get("train.jsonl")![0]))).toEqual(["system", "messages"]);
    const trl = await runExport(reviewer.as, "trl");
    expect(trl.provenance).toEqual([]);
    expect(JSON.parse(trl.files.get("train.jsonl")![0]).metadata).toMatchObject({ templateVersionId: spec.versionId, model: expect.any(String) });
  });

  test("options: system prompt, filters, token limit, near-duplicates", async () => {
    const { t, reviewer, spec } = await setup();
    await seed(t, { ...spec, duplicates: new Set([5, 6]) }, 0, 60);
    const all = await runExport(reviewer.as, "openai");
    expect(all.counts.exported).toBe(58);
    expect(all.counts.skipped.duplicates).toBe(2);
    expect(JSON.parse(all.files.get("train.jsonl")![0]).messages[0].role).toBe("system");
    const withDuplicates = await runExport(reviewer.as, "openai", { includeDuplicates: true, includeSystemPrompt: false });
    expect(withDuplicates.counts.exported).toBe(60);
    expect(JSON.parse(withDuplicates.files.get("train.jsonl")![0]).messages[0].role).toBe("user");
    const custom = await runExport(reviewer.as, "sharegpt", { systemPrompt: "Be a GROW coach." });
    expect(JSON.parse(custom.files.get("train.jsonl")![0]).conversations[0]).toEqual({ from: "system", value: "Be a GROW coach." });

    const rows = Array.from({ length: 60 }, (_, i) => seedRow(i, {})).filter((r) => r.i !== 5 && r.i !== 6);
    const grow = await runExport(reviewer.as, "openai", { filters: { framework: "GROW", minScore: 5 } });
    expect(grow.counts.exported).toBe(rows.filter((r) => r.framework === "GROW" && r.score >= 5).length);
    expect(grow.counts.frameworks.map((f) => f.key)).toEqual(["GROW"]);
    const from = seedRow(10, {}).createdAt;
    const to = seedRow(20, {}).createdAt;
    const dated = await runExport(reviewer.as, "openai", { filters: { from, to } });
    expect(dated.counts.exported).toBe(10);
    const byTemplate = await runExport(reviewer.as, "openai", { filters: { templateId: spec.templateId } });
    expect(byTemplate.counts.exported).toBe(58);
    // Each record is ~12 turns of ~130 characters: ~400 tokens.
    const short = await runExport(reviewer.as, "openai", { maxTokens: 100 });
    expect(short.counts.exported).toBe(0);
    expect(short.counts.skipped.tooLong).toBe(58);
  });

  test("split: variants of one seed are on one side; the same data exports the same way twice", async () => {
    const { t, reviewer, spec } = await setup();
    await seed(t, { ...spec, variantEvery: 2 }, 0, 400);
    const first = await runExport(reviewer.as, "trl", { validationPercent: 30 });
    const second = await runExport(reviewer.as, "trl", { validationPercent: 30 });
    expect(second.files).toEqual(first.files);
    const sideOf = new Map<string, Set<string>>();
    for (const [file, lines] of first.files) {
      for (const line of lines) {
        const seedHashValue = JSON.parse(line).metadata.seed as string;
        sideOf.set(seedHashValue, (sideOf.get(seedHashValue) ?? new Set()).add(file));
      }
    }
    const distinct = new Set(Array.from({ length: 400 }, (_, i) => JSON.stringify(seedValues(seedRow(i, { variantEvery: 2 })))));
    expect(distinct.size).toBeLessThanOrEqual(200);
    expect(sideOf.size).toBe(distinct.size);
    for (const sides of sideOf.values()) expect(sides.size).toBe(1);
    expect(first.counts.validation).toBeGreaterThan(0);
    for (const framework of first.counts.frameworks) expect(framework.validation, framework.key).toBeGreaterThan(0);
  });

  test("each call reads at most one page of conversations plus their templates and versions", async () => {
    const { t, spec } = await setup();
    await seed(t, spec, 0, 2 * PAGE_SIZE + 17);
    let cursor: string | null = null;
    const reads: number[] = [];
    for (;;) {
      const page: Measured = await t.query(measureRef, { args: { format: "openai", options: {}, cursor } });
      reads.push(page.documentsRead);
      expect(page.bytesRead).toBeLessThan(8 * 1024 * 1024);
      if (page.isDone) break;
      cursor = page.nextCursor;
    }
    expect(reads.length).toBe(3);
    for (const n of reads) expect(n).toBeLessThanOrEqual(PAGE_SIZE + 1 + 2);
  });

  test("permissions and bad input", async () => {
    const { t, member, reviewer, spec } = await setup();
    await seed(t, spec, 0, 3);
    await expect(member.as.query(api.studio.export.exports.exportPage, { format: "openai", options: {}, cursor: null })).rejects.toThrow(/doesn't give access/);
    await expect(reviewer.as.query(api.studio.export.exports.exportPage, { format: "openai", options: { validationPercent: 90 }, cursor: null })).rejects.toThrow(/validation share/);
    await expect(reviewer.as.query(api.studio.export.exports.exportPage, { format: "openai", options: { maxTokens: 0.5 }, cursor: null })).rejects.toThrow(/token limit/);
    await expect(reviewer.as.query(api.studio.export.exports.exportPage, { format: "openai", options: { filters: { from: 10, to: 5 } }, cursor: null })).rejects.toThrow(/end date/);
    await expect(reviewer.as.query(api.studio.export.exports.exportPage, { format: "openai", options: {}, cursor: "garbage" })).rejects.toThrow(/cursor/);
  });
});

describe("startExport and finishExport", () => {
  test("audit the export with its format, options and counts, and return the dataset card", async () => {
    const { t, reviewer, spec } = await setup();
    await seed(t, spec, 0, 30);
    const started = await reviewer.as.mutation(api.studio.export.exports.startExport, { format: "bedrock", options: { filters: { minScore: 2 } } });
    expect(started.options).toMatchObject({ includeSystemPrompt: true, includeDuplicates: false, validationPercent: 10, filters: { minScore: 2 } });
    const out = await runExport(reviewer.as, "bedrock", started.options);
    const finished = await reviewer.as.mutation(api.studio.export.exports.finishExport, { exportId: started.exportId, counts: out.counts });
    expect(finished.exported).toBe(out.counts.exported);
    expect(finished.readme).toBe(renderDatasetCard(out.counts, { format: "bedrock", options: started.options, generatedAt: Date.now() }));
    expect(finished.readme).toContain(`| Exported | ${out.counts.exported} |`);
    const audit = await t.run((ctx) => ctx.db.query("auditLogs").collect());
    const actions = audit.filter((a) => a.action.startsWith("studio.export")).map((a) => ({ action: a.action, actorId: a.actorId, details: a.details }));
    expect(actions).toEqual([
      { action: "studio.export_started", actorId: reviewer.userId, details: expect.objectContaining({ format: "bedrock" }) },
      { action: "studio.export_finished", actorId: reviewer.userId, details: expect.objectContaining({ format: "bedrock", exported: out.counts.exported, train: out.counts.train, validation: out.counts.validation }) },
    ]);
    await expect(reviewer.as.mutation(api.studio.export.exports.finishExport, { exportId: started.exportId, counts: out.counts })).rejects.toThrow(/already finished/);
  });

  test("refuse bad options, unknown targets, someone else's run and counts that don't add up, changing nothing", async () => {
    const { t, admin, reviewer, spec } = await setup();
    await expect(reviewer.as.mutation(api.studio.export.exports.startExport, { format: "csv", options: { systemPrompt: "x", includeSystemPrompt: false } })).rejects.toThrow(/needs the system prompt/);
    const batchId = await t.run(async (ctx) => {
      const id = await ctx.db.insert("exportRuns", { format: "csv", options: { includeSystemPrompt: true, filters: {}, includeDuplicates: false, validationPercent: 10 }, status: "started", startedBy: admin.userId, startedAt: 0 });
      await ctx.db.delete("exportRuns", id);
      return id;
    });
    expect(batchId).toBeDefined();
    const deletedTemplate = await t.run(async (ctx) => {
      const copy = (await ctx.db.get("promptTemplates", spec.templateId))!;
      const { _id, _creationTime, ...fields } = copy;
      const id = await ctx.db.insert("promptTemplates", { ...fields, nameKey: "gone", starterKey: undefined });
      await ctx.db.delete("promptTemplates", id);
      return id as Id<"promptTemplates">;
    });
    await expect(reviewer.as.mutation(api.studio.export.exports.startExport, { format: "csv", options: { filters: { templateId: deletedTemplate } } })).rejects.toThrow(/doesn't exist/);
    expect(await t.run((ctx) => ctx.db.query("exportRuns").collect())).toEqual([]);
    const started = await admin.as.mutation(api.studio.export.exports.startExport, { format: "csv", options: {} });
    expect(started.header?.split(",")).toHaveLength(CSV_COLUMNS.length);
    await expect(reviewer.as.mutation(api.studio.export.exports.finishExport, { exportId: started.exportId, counts: emptyCardCounts() })).rejects.toThrow(/isn't yours/);
    await expect(admin.as.mutation(api.studio.export.exports.finishExport, { exportId: started.exportId, counts: { ...emptyCardCounts(), exported: 1 } })).rejects.toThrow(/don't add up/);
    const run = await t.run((ctx) => ctx.db.get("exportRuns", started.exportId));
    expect(run?.status).toBe("started");
  });
});
