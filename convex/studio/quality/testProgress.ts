/**
 * A template test's bookkeeping, shared by the test's own functions, the
 * generation queue (a run settled), the judge (a run judged) and the
 * activation gate. Reads are bounded: at most TEST_COUNT.max runs, and
 * BASELINE_CONVERSATIONS conversations for a baseline.
 */
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { logger } from "../../lib/log";
import { activationGate, BASELINE_CONVERSATIONS, meanOf, summariseTest, type GateDecision } from "./testGate";
import type { TestRun } from "./validators";
import { thresholdOf } from "./verdict";

const log = logger("studio");

export type Baseline = { value: number; source: "conversations" | "test" } | undefined;

/**
 * The live version's quality: the mean score of its newest production
 * conversations (bounded), else its last complete test, else nothing.
 */
export async function liveBaseline(ctx: QueryCtx, template: Doc<"promptTemplates">): Promise<Baseline> {
  if (template.activeVersionId === undefined) return undefined;
  const recent = await ctx.db
    .query("generatedConversations")
    .withIndex("by_version_pool", (q) => q.eq("templateVersionId", template.activeVersionId!).eq("pool", "production"))
    .order("desc")
    .take(BASELINE_CONVERSATIONS);
  const mean = meanOf(recent.flatMap((c) => (c.score === undefined ? [] : [c.score])));
  if (mean !== undefined) return { value: mean, source: "conversations" };
  const live = await ctx.db.get("promptTemplateVersions", template.activeVersionId);
  const test = live?.testResults;
  if (test?.status === "complete" && test.meanScore !== undefined) return { value: test.meanScore, source: "test" };
  return undefined;
}

/** Whether the version may go live now, and the sentence when it may not. */
export async function gateFor(ctx: QueryCtx, version: Doc<"promptTemplateVersions">, template: Doc<"promptTemplates">): Promise<GateDecision> {
  const baseline = template.activeVersionId === version._id ? undefined : await liveBaseline(ctx, template);
  return activationGate({
    previouslyActive: version.activatedAt !== undefined,
    test: version.testResults,
    threshold: thresholdOf(template.qualityThreshold),
    baseline: baseline?.value,
  });
}

/** Re-reads a version's test runs (at most TEST_COUNT.max items and conversations) and rewrites the summary. */
export async function refreshTemplateTest(ctx: MutationCtx, versionId: Id<"promptTemplateVersions">): Promise<void> {
  const version = await ctx.db.get("promptTemplateVersions", versionId);
  const test = version?.testResults;
  if (!version || !test) return;
  const runs: TestRun[] = [];
  for (const run of test.runs) {
    const item = await ctx.db.get("generationItems", run.itemId);
    if (item === null || item.status === "failed" || item.status === "cancelled") {
      runs.push({ itemId: run.itemId, status: "failed", error: item?.errorMessage ?? "The run was lost." });
      continue;
    }
    const conversation = item.conversationId ? await ctx.db.get("generatedConversations", item.conversationId) : null;
    if (item.status !== "succeeded" || conversation === null) {
      runs.push({ itemId: run.itemId, status: "running" });
      continue;
    }
    runs.push({
      itemId: run.itemId,
      status: "scored",
      conversationId: conversation._id,
      score: conversation.score,
      flagged: conversation.status === "needs_revision",
      // Tests always ask for the judge; a conversation without one counts as judged so the test can finish.
      judgeStatus: conversation.judge?.status ?? "failed",
      judgeOverall: conversation.judge?.overall,
      error: conversation.judge?.status === "failed" ? conversation.judge.error : undefined,
    });
  }
  const summary = summariseTest(runs, test.threshold, test.baseline);
  const next = { ...test, runs, ...summary, ranAt: summary.status === "complete" ? (test.ranAt ?? Date.now()) : undefined };
  if (JSON.stringify(next) === JSON.stringify(test)) return;
  await ctx.db.patch("promptTemplateVersions", versionId, { testResults: next });
  if (summary.status === "complete" && test.status !== "complete") {
    await log.persist(ctx, "info", "template_test_finished", {
      versionId,
      passed: summary.passed,
      meanScore: summary.meanScore,
      judgeMean: summary.judgeMean,
      baseline: test.baseline,
    });
  }
}
