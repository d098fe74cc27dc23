/**
 * npm run bench:export
 *
 * Part 1, the offline backend (in process, real limits): seeds 10,000
 * approved 12-turn conversations with quality reports (an admin-only probe
 * mutation in a bench copy of convex/, so no seeding function ships), then
 * exports them in all 5 formats page by page the way the browser does. Each
 * page runs through a probe query that calls exportPage's own loader
 * (loadExportPage) and reports the transaction's documents and bytes read.
 * Every line is validated again here, with the format's validator. The
 * backend runs with the goals as its limits (1,000 documents, 8 MiB read per
 * function), so a call over them fails the run.
 *
 * Part 2, in process with convex-test (as bench:analytics does, since seeding
 * 100,000 events through the backend's HTTP API takes too long on a shared
 * machine): 1,000 and then 100,000 analytics events go through
 * recordAnalyticsEvent, and the Analytics loaders (template + versions, trend
 * series, top performers, coverage) are measured in one query each time.
 *
 * Prints exactly one JSON line on stdout (progress on stderr):
 * {"conversations":10000,"formats":5,"export_s":…,"invalid_lines":…,"max_docs_read_per_call":…,
 *  "max_bytes_read_per_call":…,"analytics_reads_ratio_1k_vs_100k":…, …}
 * Goals: invalid_lines 0, max_docs_read_per_call ≤ 1,000, max_bytes_read_per_call ≤ 8 MB, ratio ≤ 1.1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { convexTest } from "convex-test";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference, queryGeneric } from "convex/server";
import { v } from "convex/values";
import schema from "../../convex/schema";
import type { Id } from "../../convex/_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../convex/_generated/server";
import { loadCoverage, loadTemplateAnalytics, loadTopPerformers, series } from "../../convex/studio/analytics/analytics";
import { recordAnalyticsEvent } from "../../convex/studio/analytics/record";
import type { AnalyticsEvent } from "../../convex/studio/analytics/rollup";
import { emptyCardCounts, mergeCardCounts, type CardCounts } from "../../convex/studio/export/card";
import { EXPORT_FORMATS, VALIDATORS, type ExportFormat } from "../../convex/studio/export/formats";
import { REPO_ROOT, startBackend } from "../../tools/offline-backend/backend";
import { FunctionRegistry } from "../../tools/offline-backend/function-registry";
import { functionsWithProbe } from "./probe-functions";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const SEED_PAGE = 500;
const SMALL_EVENTS = 1_000;
const LARGE_EVENTS = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 100_000);
const EVENT_PAGE = 2_000;

const progress = (message: string) => process.stderr.write(`[bench:export] ${message}\n`);

const PROBE = `
import { v } from "convex/values";
import { internalMutation, internalQuery } from "./_generated/server";
import { loadExportPage } from "./studio/export/exports";
import { seedConversations } from "./studio/export/seed.support";

export const setup = internalMutation({
  args: {},
  handler: async (ctx) => {
    const now = Date.now();
    const userId = await ctx.db.insert("users", { email: "bench-reviewer@example.com", role: "reviewer" });
    const templateId = await ctx.db.insert("promptTemplates", {
      name: "Bench coaching", description: "bench", tier: "template", purpose: "generation", personas: [], emotions: [],
      styleNotes: "", exampleConversation: "", qualityThreshold: 6, nameKey: "bench coaching", active: true, archived: false,
      latestVersion: 1, usageCount: 0, qualitySum: 0, qualityCount: 0, averageQuality: -1,
      createdBy: userId, createdAt: now, updatedBy: userId, updatedAt: now,
    });
    const versionId = await ctx.db.insert("promptTemplateVersions", {
      templateId, version: 1, body: "Write a coaching conversation about {{topic}}.", variables: [], note: "", usageCount: 0, createdBy: userId, createdAt: now,
    });
    return { userId, templateId, versionId };
  },
});

export const seed = internalMutation({
  args: { userId: v.id("users"), templateId: v.id("promptTemplates"), versionId: v.id("promptTemplateVersions"), from: v.number(), to: v.number() },
  handler: async (ctx, { userId, templateId, versionId, from, to }) => {
    await seedConversations(ctx, { userId, templateId, versionId, variantEvery: 4 }, from, to);
    return null;
  },
});

export const page = internalQuery({
  args: { args: v.any() },
  handler: async (ctx, { args }) => {
    const page = await loadExportPage(ctx, args);
    const metrics = await ctx.meta.getTransactionMetrics();
    return { ...page, documentsRead: metrics.documentsRead.used, bytesRead: metrics.bytesRead.used };
  },
});
`;

type Page = {
  lines: { split: "train" | "validation"; line: string }[];
  provenance: { file: string; line: number }[] | null;
  cardCounts: CardCounts;
  header?: string;
  invalidLines: number;
  nextCursor: string | null;
  isDone: boolean;
  documentsRead: number;
  bytesRead: number;
};

async function exportBench() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "framewise-bench-export-"));
  const quiet = !process.env.BENCH_VERBOSE;
  const backend = await startBackend({
    port: 0,
    sitePort: 0,
    dataDir,
    functionsDir: functionsWithProbe("export", PROBE),
    envFile: null,
    fsync: false,
    echoFunctionLogs: !quiet,
    log: quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
    // The goals as hard limits: any function reading more fails the run instead of passing unnoticed.
    limits: { documentsRead: 1_000, bytesRead: 8 * 1024 * 1024 },
  });
  try {
    const client = new ConvexHttpClient(backend.url, { logger: false });
    (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(backend.adminKey);
    const ref = {
      setup: makeFunctionReference<"mutation", Record<string, never>, { userId: Id<"users">; templateId: Id<"promptTemplates">; versionId: Id<"promptTemplateVersions"> }>("benchProbe:setup"),
      seed: makeFunctionReference<"mutation">("benchProbe:seed"),
      page: makeFunctionReference<"query", { args: unknown }, Page>("benchProbe:page"),
    };
    let started = performance.now();
    const ids = await client.mutation(ref.setup, {});
    for (let from = 0; from < CONVERSATIONS; from += SEED_PAGE) {
      await client.mutation(ref.seed, { ...ids, from, to: Math.min(CONVERSATIONS, from + SEED_PAGE) });
    }
    progress(`${CONVERSATIONS} conversations seeded in ${Math.round(performance.now() - started)} ms`);

    let invalid = 0;
    let maxDocs = 0;
    let maxBytes = 0;
    let calls = 0;
    const perFormat: Record<string, { lines: number; validation: number; s: number }> = {};
    started = performance.now();
    for (const format of EXPORT_FORMATS as readonly ExportFormat[]) {
      const formatStarted = performance.now();
      const validate = VALIDATORS[format];
      let cursor: string | null = null;
      const offsets = { train: 0, validation: 0 };
      let counts = emptyCardCounts();
      let provenanceEntries = 0;
      for (;;) {
        const page: Page = await client.query(ref.page, { args: { format, options: {}, cursor, offsets } });
        calls++;
        maxDocs = Math.max(maxDocs, page.documentsRead);
        maxBytes = Math.max(maxBytes, page.bytesRead);
        invalid += page.invalidLines;
        for (const { split, line } of page.lines) {
          if (validate(line).length > 0) invalid++;
          offsets[split]++;
        }
        if (page.provenance) {
          // Side file: one entry per line, numbered within its file.
          for (const entry of page.provenance) if (entry.line < 1) invalid++;
          provenanceEntries += page.provenance.length;
        }
        counts = mergeCardCounts(counts, page.cardCounts);
        if (page.isDone) break;
        cursor = page.nextCursor;
      }
      const lines = offsets.train + offsets.validation;
      if (counts.exported !== lines) throw new Error(`${format}: card counts ${counts.exported} ≠ ${lines} lines`);
      if (lines + counts.skipped.duplicates + counts.skipped.unusable + counts.skipped.filtered + counts.skipped.tooLong !== CONVERSATIONS) throw new Error(`${format}: ${lines} lines + skips ≠ ${CONVERSATIONS}`);
      if (lines !== CONVERSATIONS) throw new Error(`${format}: exported ${lines} of ${CONVERSATIONS}`);
      if (format === "openai" || format === "bedrock") {
        if (provenanceEntries !== lines) throw new Error(`${format}: ${provenanceEntries} provenance entries for ${lines} lines`);
      }
      perFormat[format] = { lines, validation: offsets.validation, s: Math.round((performance.now() - formatStarted) / 100) / 10 };
      progress(`${format}: ${lines} lines (${offsets.validation} validation) in ${perFormat[format].s} s`);
    }
    const exportS = (performance.now() - started) / 1000;
    return { exportS, invalid, maxDocs, maxBytes, calls, perFormat };
  } finally {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Analytics: reads at 1k vs 100k events

const analyticsProbe = {
  measure: queryGeneric({
    args: { templateId: v.string() },
    handler: async (ctx, { templateId }) => {
      const qctx = ctx as unknown as QueryCtx;
      const id = templateId as Id<"promptTemplates">;
      await loadTemplateAnalytics(qctx, id);
      await series(qctx, id, 30, Date.now());
      await loadTopPerformers(qctx, 5, 1);
      await loadCoverage(qctx);
      const metrics = await ctx.meta.getTransactionMetrics();
      return { documentsRead: metrics.documentsRead.used, bytesRead: metrics.bytesRead.used };
    },
  }),
};
const measureRef = makeFunctionReference<"query", { templateId: string }, { documentsRead: number; bytesRead: number }>("benchProbe:measure");

const TEMPLATES = 12;
const FRAMEWORKS = ["GROW", "CLEAR", "COMPASS", "EXECUTIVE_PRESENCE"];
const PERSONAS = ["manager", "engineer", "nurse", "founder", "teacher"];
const EMOTIONS = ["anxious", "frustrated", "hopeful"];

async function analyticsRun(modules: Record<string, () => Promise<unknown>>, events: number) {
  const t = convexTest(schema, { ...modules, "./convex/benchProbe.ts": async () => analyticsProbe });
  const now = Date.now();
  const templates = await t.run(async (ctx) => {
    const userId = await ctx.db.insert("users", { email: "bench@example.com", role: "admin" });
    const out: { templateId: Id<"promptTemplates">; versions: Id<"promptTemplateVersions">[] }[] = [];
    for (let k = 0; k < TEMPLATES; k++) {
      const templateId = await ctx.db.insert("promptTemplates", {
        name: `Bench ${k}`, description: "", tier: (["template", "scenario", "edge_case"] as const)[k % 3], purpose: "generation", personas: [], emotions: [],
        styleNotes: "", exampleConversation: "", qualityThreshold: 6, nameKey: `bench ${k}`, active: true, archived: false,
        latestVersion: 3, usageCount: 0, qualitySum: 0, qualityCount: 0, averageQuality: -1, createdBy: userId, createdAt: now, updatedBy: userId, updatedAt: now,
      });
      const versions = [];
      for (let n = 1; n <= 3; n++) versions.push(await ctx.db.insert("promptTemplateVersions", { templateId, version: n, body: "x", variables: [], note: "", usageCount: 0, createdBy: userId, createdAt: now }));
      out.push({ templateId, versions });
    }
    return out;
  });
  const event = (i: number): AnalyticsEvent => {
    const { templateId, versions } = templates[i % TEMPLATES];
    const versionId = versions[Math.floor(i / TEMPLATES) % versions.length];
    const at = now - (i % 30) * 86_400_000;
    if (i % 10 === 9) return { kind: "failed", templateId, versionId, at };
    if (i % 10 >= 6) {
      return {
        kind: "reviewed", templateId, versionId, verdict: i % 10 === 8 ? "rejected" : "approved", previous: "pending", at,
        cell: { framework: FRAMEWORKS[i % FRAMEWORKS.length], persona: PERSONAS[Math.floor(i / 7) % PERSONAS.length], emotion: EMOTIONS[Math.floor(i / 11) % EMOTIONS.length] },
      };
    }
    return { kind: "generated", templateId, versionId, costMicros: 20_000 + (i % 97) * 100, latencyMs: 6_000 + (i % 89) * 50, score: ((i * 37) % 101) / 10, at };
  };
  const started = performance.now();
  for (let from = 0; from < events; from += EVENT_PAGE) {
    await t.run(async (ctx) => {
      for (let i = from; i < Math.min(events, from + EVENT_PAGE); i++) await recordAnalyticsEvent(ctx as unknown as MutationCtx, event(i), now);
    });
  }
  progress(`${events} analytics events recorded in ${Math.round(performance.now() - started)} ms`);
  const measured = await t.query(measureRef, { templateId: templates[0].templateId });
  return measured;
}

async function main() {
  const exported = await exportBench();
  const registry = await FunctionRegistry.load(path.join(REPO_ROOT, "convex"));
  const small = await analyticsRun(registry.convexTestModules, SMALL_EVENTS);
  const large = await analyticsRun(registry.convexTestModules, LARGE_EVENTS);
  progress(`analytics reads: ${small.documentsRead} docs at ${SMALL_EVENTS} events, ${large.documentsRead} at ${LARGE_EVENTS}`);
  const result = {
    conversations: CONVERSATIONS,
    formats: EXPORT_FORMATS.length,
    export_s: Math.round(exported.exportS * 10) / 10,
    invalid_lines: exported.invalid,
    max_docs_read_per_call: exported.maxDocs,
    max_bytes_read_per_call: exported.maxBytes,
    analytics_reads_ratio_1k_vs_100k: Math.round((large.documentsRead / small.documentsRead) * 1000) / 1000,
    export_calls: exported.calls,
    per_format_s: Object.fromEntries(Object.entries(exported.perFormat).map(([format, f]) => [format, f.s])),
    validation_lines: exported.perFormat.openai?.validation,
    analytics_docs_read_1k: small.documentsRead,
    analytics_docs_read_100k: large.documentsRead,
    analytics_events_large: LARGE_EVENTS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
