/**
 * Testing a template version before it goes live: a few conversations
 * generated through the gateway like any single run, but in the test pool
 * (they count as neither use nor production data), each scored and judged;
 * the summary lives on the version and the activation gate reads it.
 */
import { v } from "convex/values";
import { appError } from "../../lib/errors";
import { permissionMutation, permissionQuery } from "../../lib/functions";
import { logger } from "../../lib/log";
import { wholeNumber } from "../../lib/numbers";
import { gatewayConfig } from "../../llm/config";
import { templateRenderer } from "../generation/prompt";
import { loadVersion, queuedItemFields, sendItem } from "../generation/runs";
import { loadGenerationSettings } from "../generation/settings";
import { valuesValidator } from "../generation/validators";
import { BASELINE_MARGIN, STALE_TEST_MS, TEST_COUNT } from "./testGate";
import { gateFor, liveBaseline, refreshTemplateTest } from "./testProgress";
import { testResultsValidator, type TestRun } from "./validators";
import { thresholdOf } from "./verdict";

const log = logger("studio");

export const runTemplateTest = permissionMutation("studio.templates.edit")({
  args: { versionId: v.id("promptTemplateVersions"), values: valuesValidator, count: v.number() },
  returns: v.null(),
  handler: async (ctx, { versionId, values, count }) => {
    wholeNumber(count, "count", TEST_COUNT.min, TEST_COUNT.max);
    const version = await loadVersion(ctx, versionId);
    const template = await ctx.db.get("promptTemplates", version.templateId);
    if (template === null) throw appError("NOT_FOUND", "That template doesn't exist.");
    if (template.archived) throw appError("CONFLICT", "This template is archived. Restore it before testing a version.");
    const now = Date.now();
    if (version.testResults?.status === "running" && now - version.testResults.startedAt < STALE_TEST_MS) {
      throw appError("CONFLICT", "A test of this version is already running. Wait for it to finish.");
    }
    const render = templateRenderer(version);
    const rendered = render(values);
    if (!rendered.ok) throw appError("INVALID_INPUT", rendered.message, { field: "values" });
    const baseline = await liveBaseline(ctx, template);
    const { retry, onError } = await loadGenerationSettings(ctx);
    const model = version.model ?? gatewayConfig().models.generation;
    const runs: TestRun[] = [];
    for (let index = 0; index < count; index++) {
      const itemId = await ctx.db.insert("generationItems", {
        ...queuedItemFields({ index, templateId: template._id, templateVersionId: versionId, model, values, retry, onError, createdBy: ctx.user._id, now }),
        test: true,
        judge: true,
      });
      runs.push({ itemId, status: "running" });
    }
    await ctx.db.patch("promptTemplateVersions", versionId, {
      testResults: {
        status: "running",
        runs,
        values,
        passed: false,
        threshold: thresholdOf(template.qualityThreshold),
        baseline: baseline?.value,
        baselineSource: baseline?.source,
        margin: BASELINE_MARGIN,
        ranBy: ctx.user._id,
        startedAt: now,
      },
    });
    for (const run of runs) {
      const item = (await ctx.db.get("generationItems", run.itemId))!;
      await sendItem(ctx, item, render, version, { priority: "interactive" }, now);
    }
    // A run whose values stopped rendering failed at once; the summary says so.
    await refreshTemplateTest(ctx, versionId);
    await log.with({ userId: ctx.user._id }).persist(ctx, "info", "template_test_started", { versionId, count, baseline: baseline?.value });
    return null;
  },
});

export const templateTestViewValidator = v.object({
  versionId: v.id("promptTemplateVersions"),
  version: v.number(),
  testResults: v.union(testResultsValidator, v.null()),
  threshold: v.number(),
  margin: v.number(),
  /** Whether activateVersion would accept this version now, and why not. */
  gate: v.object({ ok: v.boolean(), message: v.optional(v.string()) }),
});

/** The version's latest test, live while it runs, with what the activation gate would say. */
export const getTemplateTest = permissionQuery("studio.templates.view")({
  args: { versionId: v.id("promptTemplateVersions") },
  returns: templateTestViewValidator,
  handler: async (ctx, { versionId }) => {
    const version = await loadVersion(ctx, versionId);
    const template = await ctx.db.get("promptTemplates", version.templateId);
    if (template === null) throw appError("NOT_FOUND", "That template doesn't exist.");
    const gate = template.activeVersionId === versionId ? ({ ok: true, reason: "previously_active" } as const) : await gateFor(ctx, version, template);
    return {
      versionId,
      version: version.version,
      testResults: version.testResults ?? null,
      threshold: thresholdOf(template.qualityThreshold),
      margin: BASELINE_MARGIN,
      gate: gate.ok ? { ok: true } : { ok: false, message: gate.message },
    };
  },
});
