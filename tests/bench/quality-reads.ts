/**
 * npx tsx tests/bench/quality-reads.ts
 *
 * Seeds 5,000 and then 100,000 scored conversations (spread over scores,
 * statuses, frameworks, templates and batches, one in seven in the test
 * pool) and measures what Studio → Conversations reads per call: a page of
 * listConversations for each filter shape the UI offers, and the flagged
 * badge. Documents are counted by convex-test's transaction metrics
 * (`ctx.meta.getTransactionMetrics()`) inside one query per call. Every
 * list is one index range and the badge sums shards, so reads must not grow
 * with the table: the goal is reads_ratio = 1.
 *
 * Prints exactly one JSON line on stdout:
 * {"small":5000,"large":100000,"reads_small":…,"reads_large":…,"reads_ratio":…,"max_reads_per_call":…,"query_ms_large":…}
 * (progress goes to stderr). Not run in CI. BENCH_QUALITY_LARGE overrides the large size.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { convexTest } from "convex-test";
import { makeFunctionReference, queryGeneric } from "convex/server";
import { v } from "convex/values";
import { REPO_ROOT } from "../../tools/offline-backend/backend";
import { FunctionRegistry } from "../../tools/offline-backend/function-registry";
import schema from "../../convex/schema";
import type { Id } from "../../convex/_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../convex/_generated/server";
import { pageConversations, type ListArgs } from "../../convex/studio/quality/conversations";
import { adjustCounter, FLAGGED_COUNTER, readCounter } from "../../convex/studio/quality/store";

// Large enough that every filter fills its page, so the two sizes compare like for like.
const SMALL = 5_000;
const LARGE = Number(process.env.BENCH_QUALITY_LARGE ?? 100_000);
const PAGE = 50;
const INSERT_BATCH = 5_000;
const FRAMEWORKS = ["GROW", "CLEAR", "COMPASS", "EXECUTIVE_PRESENCE"];
const TEMPLATES = 6;
const BATCHES = 20;

const progress = (message: string) => process.stderr.write(`[bench:quality-reads] ${message}\n`);

type Shape = "all" | "status" | "range" | "framework_status" | "template_range" | "template_framework" | "batch_status" | "badge";
const SHAPES: Shape[] = ["all", "status", "range", "framework_status", "template_range", "template_framework", "batch_status", "badge"];

const probeModule = {
  measure: queryGeneric({
    args: { shape: v.string(), templateId: v.string(), batchId: v.string() },
    handler: async (ctx, { shape, templateId, batchId }) => {
      const qctx = ctx as unknown as QueryCtx;
      const page = { paginationOpts: { numItems: PAGE, cursor: null } };
      const tpl = templateId as Id<"promptTemplates">;
      const batch = batchId as Id<"generationBatches">;
      const args: Record<Exclude<Shape, "badge">, ListArgs> = {
        all: page,
        status: { ...page, status: "needs_revision" },
        range: { ...page, minScore: 4, maxScore: 7.5, sort: "score_desc" },
        framework_status: { ...page, framework: "CLEAR", status: "generated" },
        template_range: { ...page, templateId: tpl, minScore: 8 },
        template_framework: { ...page, templateId: tpl, framework: "GROW" },
        batch_status: { ...page, batchId: batch, status: "needs_revision" },
      };
      const started = performance.now();
      let rows = 0;
      if (shape === "badge") rows = await readCounter(qctx, FLAGGED_COUNTER);
      else rows = (await pageConversations(qctx.db, args[shape as Exclude<Shape, "badge">])).page.length;
      const ms = performance.now() - started;
      const metrics = await ctx.meta.getTransactionMetrics();
      return { documentsRead: metrics.documentsRead.used, rows, ms };
    },
  }),
};
const measureRef = makeFunctionReference<"query", { shape: string; templateId: string; batchId: string }, { documentsRead: number; rows: number; ms: number }>(
  "benchProbe:measure",
);

async function run(modules: Record<string, () => Promise<unknown>>, size: number) {
  const t = convexTest(schema, { ...modules, "./convex/benchProbe.ts": async () => probeModule });
  const now = Date.now();
  const world = await t.run(async (ctx) => {
    const userId = await ctx.db.insert("users", { email: "bench@example.com", role: "admin" });
    const templates: { templateId: Id<"promptTemplates">; versionId: Id<"promptTemplateVersions"> }[] = [];
    for (let k = 0; k < TEMPLATES; k++) {
      const templateId = await ctx.db.insert("promptTemplates", {
        name: `Bench ${k}`, description: "", tier: "template", purpose: "generation", personas: [], emotions: [], styleNotes: "", exampleConversation: "",
        qualityThreshold: 6, nameKey: `bench ${k}`, active: true, archived: false, latestVersion: 1, usageCount: 0, qualitySum: 0, qualityCount: 0,
        averageQuality: -1, createdBy: userId, createdAt: now, updatedBy: userId, updatedAt: now,
      });
      const versionId = await ctx.db.insert("promptTemplateVersions", { templateId, version: 1, body: "x", variables: [], note: "", usageCount: 0, createdBy: userId, createdAt: now });
      templates.push({ templateId, versionId });
    }
    const batches: Id<"generationBatches">[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const { templateId, versionId } = templates[b % TEMPLATES];
      batches.push(
        await ctx.db.insert("generationBatches", {
          name: `Batch ${b}`, createdBy: userId, templateId, templateVersionId: versionId, model: "claude-sonnet-5-5", matrix: [], mode: "all", seed: 1,
          options: { priority: "normal", concurrency: 4, retry: { strategy: "fixed", maxAttempts: 1, baseDelayMs: 1000, maxDelayMs: 1000, jitter: false }, onError: "continue", itemTimeoutMs: 60_000 },
          status: "completed", total: 0, inserted: 0, counts: { queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, cancelled: 0 },
          costMicros: 0, inputTokens: 0, outputTokens: 0, estimate: { lowMicros: 0, highMicros: 0 }, pausedMs: 0, recentCompletions: [], events: [],
          createdAt: now, startedAt: now, updatedAt: now,
        }),
      );
    }
    return { userId, templates, batches };
  });
  const started = performance.now();
  for (let from = 0; from < size; from += INSERT_BATCH) {
    await t.run(async (ctx) => {
      for (let i = from; i < Math.min(size, from + INSERT_BATCH); i++) {
        const score = ((i * 37) % 101) / 10;
        const test = i % 7 === 0;
        const { templateId, versionId } = world.templates[i % TEMPLATES];
        const status = score < 6 ? ("needs_revision" as const) : ("generated" as const);
        const id = await ctx.db.insert("generatedConversations", {
          templateId, templateVersionId: versionId, batchId: test ? undefined : world.batches[(i * 7) % BATCHES], framework: FRAMEWORKS[i % FRAMEWORKS.length],
          turns: [{ role: "client", text: "I want to delegate more." }, { role: "coach", text: "What would that look like?" }], values: {}, model: "claude-sonnet-5-5",
          inputTokens: 0, outputTokens: 0, costMicros: 0, latencyMs: 0, attempts: 1, status, pool: test ? "test" : "production", score,
          reviewStatus: "pending", createdBy: world.userId, createdAt: now + i,
        });
        if (!test && status === "needs_revision") await adjustCounter(ctx as unknown as MutationCtx, FLAGGED_COUNTER, id, 1, now);
      }
    });
  }
  progress(`${size} conversations seeded in ${Math.round(performance.now() - started)} ms`);
  const out: Record<string, { documentsRead: number; rows: number; ms: number }> = {};
  for (const shape of SHAPES) {
    out[shape] = await t.query(measureRef, { shape, templateId: world.templates[0].templateId, batchId: world.batches[0] });
  }
  return out;
}

async function main() {
  const registry = await FunctionRegistry.load(path.join(REPO_ROOT, "convex"));
  const modules = registry.convexTestModules;
  const small = await run(modules, SMALL);
  const large = await run(modules, LARGE);
  const sum = (r: typeof small) => Object.values(r).reduce((s, x) => s + x.documentsRead, 0);
  for (const shape of SHAPES) progress(`${shape}: ${small[shape].documentsRead} docs at ${SMALL}, ${large[shape].documentsRead} at ${LARGE} (${large[shape].rows} rows)`);
  const result = {
    small: SMALL,
    large: LARGE,
    reads_small: sum(small),
    reads_large: sum(large),
    reads_ratio: Math.round((sum(large) / sum(small)) * 1000) / 1000,
    max_reads_per_call: Math.max(...Object.values(large).map((r) => r.documentsRead)),
    query_ms_large: Math.round(Math.max(...Object.values(large).map((r) => r.ms)) * 10) / 10,
    per_shape_large: Object.fromEntries(SHAPES.map((s) => [s, large[s].documentsRead])),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
