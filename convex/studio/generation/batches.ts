/**
 * Batches: preview a matrix, create and run it, control it, and watch it.
 * Decisions live in planner.ts, matrix.ts and estimate.ts; the scheduled
 * steps in runs.ts.
 */
import { paginationOptsValidator } from "convex/server";
import { doc } from "convex-helpers/validators";
import { v } from "convex/values";
import schema from "../../schema";
import { internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionMutation, permissionQuery, type AuthedUser } from "../../lib/functions";
import { paginateChecked, vPaginationResult } from "../../lib/pagination";
import { gatewayConfig } from "../../llm/config";
import { consumeUserLimit } from "../../llm/userLimits";
import { estimateCost, estimateEta, throughputPerMin } from "./estimate";
import { itemFailureMessage } from "./failures";
import { checkMatrix, describeMatrixProblem, matrixRows, productSize, type Row } from "./matrix";
import { capReached, liveCounts, moveCount, pauseWith, pushEvent } from "./planner";
import { DEFAULT_MAX_TOKENS, FIXED_PROMPT_CHARS, templateRenderer } from "./prompt";
import { admitItems, batchView, loadVersion, newItemFields, PAGE_SIZE, readInFlight } from "./runs";
import { ensureRetryConfig, loadGenerationSettings } from "./settings";
import { cancelLlmCall } from "../../llm/queue";
import {
  batchOptionsArgValidator,
  itemErrorClassValidator,
  itemStatusValidator,
  matrixModeValidator,
  matrixValidator,
  valuesValidator,
  type BatchOptions,
  type BatchOptionsArg,
  type MatrixAxis,
  type MatrixMode,
} from "./validators";

const generate = permissionQuery("studio.generate");
const control = permissionMutation("studio.generate");
const batchDoc = doc(schema, "generationBatches");

export const MAX_NAME_CHARS = 120;
export const CONCURRENCY = { min: 1, max: 20, default: 3 };
export const ITEM_TIMEOUT_MS = { min: 5_000, max: 600_000, default: 60_000 };
/** Render failures listed in a preview; the count covers all of them. */
const LISTED_FAILURES = 20;

type Spec = { matrix: MatrixAxis[]; mode: MatrixMode; sampleSize?: number; seed: number };

type Prepared = {
  rows: Row[];
  failures: { index: number; values: Row; message: string }[];
  failureCount: number;
  promptChars: number[];
};

/** Every row of the batch, rendered: the failures, and each prompt's length for the estimate. */
function prepare(version: Doc<"promptTemplateVersions">, spec: Spec): Prepared {
  const problems = checkMatrix(spec.matrix, spec.mode, spec.sampleSize);
  if (problems.length > 0) throw appError("INVALID_INPUT", problems.map(describeMatrixProblem).join(" "), { field: "matrix" });
  const rows = matrixRows(spec.matrix, spec.mode, spec.sampleSize, spec.seed);
  const render = templateRenderer(version);
  const failures: Prepared["failures"] = [];
  let failureCount = 0;
  const promptChars: number[] = [];
  rows.forEach((values, index) => {
    const rendered = render(values);
    if (rendered.ok) {
      promptChars.push(rendered.text.length + FIXED_PROMPT_CHARS);
    } else {
      failureCount++;
      if (failures.length < LISTED_FAILURES) failures.push({ index, values, message: rendered.message });
    }
  });
  return { rows, failures, failureCount, promptChars };
}

const modelOf = (version: Doc<"promptTemplateVersions">) => version.model ?? gatewayConfig().models.generation;

const estimateValidator = v.object({
  items: v.number(),
  inputTokens: v.number(),
  outputTokensLow: v.number(),
  outputTokensHigh: v.number(),
  lowMicros: v.number(),
  highMicros: v.number(),
});

const specArgs = {
  versionId: v.id("promptTemplateVersions"),
  matrix: matrixValidator,
  mode: matrixModeValidator,
  sampleSize: v.optional(v.number()),
  /** Which balanced sample; the same seed gives the same items. Default 1. */
  seed: v.optional(v.number()),
};

export const previewBatch = generate({
  args: specArgs,
  returns: v.object({
    count: v.number(),
    /** Combinations in the full matrix (a sample draws `count` of them). */
    productSize: v.number(),
    failureCount: v.number(),
    failures: v.array(v.object({ index: v.number(), values: valuesValidator, message: v.string() })),
    /** The first rows, so the screen can show what the items look like. */
    firstRows: v.array(valuesValidator),
    model: v.string(),
    estimate: estimateValidator,
  }),
  handler: async (ctx, args) => {
    const version = await loadVersion(ctx, args.versionId);
    const prepared = prepare(version, { ...args, seed: args.seed ?? 1 });
    const model = modelOf(version);
    return {
      count: prepared.rows.length,
      productSize: productSize(args.matrix),
      failureCount: prepared.failureCount,
      failures: prepared.failures,
      firstRows: prepared.rows.slice(0, 10),
      model,
      estimate: estimateCost(model, prepared.promptChars, version.maxTokens ?? DEFAULT_MAX_TOKENS, gatewayConfig().prices),
    };
  },
});

/** The options a batch runs with: what was given, else the saved defaults, checked against the bounds. */
async function resolveOptions(ctx: QueryCtx, given: BatchOptionsArg): Promise<BatchOptions> {
  const defaults = await loadGenerationSettings(ctx);
  const options: BatchOptions = {
    priority: given.priority ?? "normal",
    concurrency: given.concurrency ?? CONCURRENCY.default,
    retry: given.retry ?? defaults.retry,
    onError: given.onError ?? defaults.onError,
    itemTimeoutMs: given.itemTimeoutMs ?? ITEM_TIMEOUT_MS.default,
    spendCapMicros: given.spendCapMicros,
    judge: given.judge,
  };
  if (!Number.isInteger(options.concurrency) || options.concurrency < CONCURRENCY.min || options.concurrency > CONCURRENCY.max) {
    throw appError("INVALID_INPUT", `Concurrency must be a whole number from ${CONCURRENCY.min} to ${CONCURRENCY.max}.`, { field: "options.concurrency" });
  }
  if (!Number.isInteger(options.itemTimeoutMs) || options.itemTimeoutMs < ITEM_TIMEOUT_MS.min || options.itemTimeoutMs > ITEM_TIMEOUT_MS.max) {
    throw appError("INVALID_INPUT", `The item timeout must be from ${ITEM_TIMEOUT_MS.min / 1000} to ${ITEM_TIMEOUT_MS.max / 1000} seconds.`, {
      field: "options.itemTimeoutMs",
    });
  }
  if (options.spendCapMicros !== undefined && (!Number.isInteger(options.spendCapMicros) || options.spendCapMicros < 1)) {
    throw appError("INVALID_INPUT", "The spend cap must be a positive whole number of micro-dollars.", { field: "options.spendCapMicros" });
  }
  ensureRetryConfig(options.retry, "options.retry");
  return options;
}

async function createFrom(
  ctx: MutationCtx,
  user: AuthedUser,
  input: Spec & { name: string; versionId: Id<"promptTemplateVersions">; options: BatchOptions; copiedFrom?: Id<"generationBatches"> },
): Promise<Id<"generationBatches">> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_CHARS) {
    throw appError("INVALID_INPUT", `Give the batch a name of 1 to ${MAX_NAME_CHARS} characters.`, { field: "name" });
  }
  const version = await loadVersion(ctx, input.versionId);
  const prepared = prepare(version, input);
  if (prepared.failureCount > 0) {
    const first = prepared.failures[0];
    throw appError(
      "INVALID_INPUT",
      `${prepared.failureCount} of ${prepared.rows.length} items don't render; item ${first.index + 1} (${JSON.stringify(first.values)}): ${first.message}`,
      { field: "matrix" },
    );
  }
  await consumeUserLimit(ctx, "batch", user._id);
  const now = Date.now();
  const model = modelOf(version);
  const estimate = estimateCost(model, prepared.promptChars, version.maxTokens ?? DEFAULT_MAX_TOKENS, gatewayConfig().prices);
  const batchId = await ctx.db.insert("generationBatches", {
    name,
    createdBy: user._id,
    templateId: version.templateId,
    templateVersionId: version._id,
    model,
    matrix: input.matrix,
    mode: input.mode,
    sampleSize: input.mode === "sample" ? input.sampleSize : undefined,
    seed: input.seed,
    options: input.options,
    status: "running",
    total: prepared.rows.length,
    inserted: 0,
    counts: { queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, cancelled: 0 },
    costMicros: 0,
    inputTokens: 0,
    outputTokens: 0,
    estimate: { lowMicros: estimate.lowMicros, highMicros: estimate.highMicros },
    pausedMs: 0,
    recentCompletions: [],
    events: [{ kind: "started", at: now, message: `Started ${prepared.rows.length} items.` }],
    copiedFrom: input.copiedFrom,
    createdAt: now,
    startedAt: now,
    updatedAt: now,
  });
  // The first page goes in now so work starts at once; the rest follow in scheduled pages.
  let batch = (await ctx.db.get("generationBatches", batchId))!;
  const first = prepared.rows.slice(0, PAGE_SIZE);
  for (let i = 0; i < first.length; i++) await ctx.db.insert("generationItems", newItemFields(batch, i, first[i], now));
  await ctx.db.patch("generationBatches", batchId, { inserted: first.length });
  if (first.length < prepared.rows.length) {
    await ctx.scheduler.runAfter(0, internal.studio.generation.runs.insertItemsPage, { batchId, from: first.length });
  }
  batch = (await ctx.db.get("generationBatches", batchId))!;
  await admitItems(ctx, batch, now);
  return batchId;
}

export const createBatch = control({
  args: { name: v.string(), ...specArgs, options: batchOptionsArgValidator },
  returns: v.object({ batchId: v.id("generationBatches") }),
  handler: async (ctx, args) => {
    const options = await resolveOptions(ctx, args.options);
    const batchId = await createFrom(ctx, ctx.user, { ...args, seed: args.seed ?? 1, options });
    return { batchId };
  },
});

/** A new batch with the same template version, matrix and options. */
export const duplicateBatch = control({
  args: { batchId: v.id("generationBatches"), name: v.optional(v.string()) },
  returns: v.object({ batchId: v.id("generationBatches") }),
  handler: async (ctx, { batchId, name }) => {
    const source = await loadBatch(ctx, batchId);
    const copy = await createFrom(ctx, ctx.user, {
      name: name ?? `${source.name} (copy)`.slice(0, MAX_NAME_CHARS),
      versionId: source.templateVersionId,
      matrix: source.matrix,
      mode: source.mode,
      sampleSize: source.sampleSize,
      seed: source.seed,
      options: source.options,
      copiedFrom: source._id,
    });
    return { batchId: copy };
  },
});

async function loadBatch(ctx: QueryCtx, batchId: Id<"generationBatches">): Promise<Doc<"generationBatches">> {
  const batch = await ctx.db.get("generationBatches", batchId);
  if (batch === null) throw appError("NOT_FOUND", "That batch doesn't exist.");
  return batch;
}

/** Nothing new starts; items already running finish and are counted. */
export const pauseBatch = control({
  args: { batchId: v.id("generationBatches") },
  returns: v.null(),
  handler: async (ctx, { batchId }) => {
    const batch = await loadBatch(ctx, batchId);
    if (batch.status === "paused") return null;
    if (batch.status !== "running") throw appError("CONFLICT", `A ${batch.status} batch can't be paused.`);
    const now = Date.now();
    await ctx.db.patch("generationBatches", batchId, {
      ...pauseWith(batchView(batch), { kind: "user", message: "Paused." }, now, "paused"),
      updatedAt: now,
    });
    return null;
  },
});

/** Resumes a paused batch; after the spend cap stopped it, only with a higher cap. */
export const resumeBatch = control({
  args: { batchId: v.id("generationBatches"), spendCapMicros: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { batchId, spendCapMicros }) => {
    const batch = await loadBatch(ctx, batchId);
    if (batch.status === "running") return null;
    if (batch.status !== "paused") throw appError("CONFLICT", `A ${batch.status} batch can't be resumed.`);
    if (spendCapMicros !== undefined && (!Number.isInteger(spendCapMicros) || spendCapMicros < 1)) {
      throw appError("INVALID_INPUT", "The spend cap must be a positive whole number of micro-dollars.", { field: "spendCapMicros" });
    }
    const cap = spendCapMicros ?? batch.options.spendCapMicros;
    if (capReached(batch.costMicros, cap)) {
      throw appError("LIMIT_REACHED", "This batch has spent its cap. Raise the cap to resume it.", { field: "spendCapMicros" });
    }
    const now = Date.now();
    await ctx.db.patch("generationBatches", batchId, {
      status: "running",
      options: { ...batch.options, spendCapMicros: cap },
      pausedReason: undefined,
      pausedAt: undefined,
      pausedMs: batch.pausedMs + (batch.pausedAt !== undefined ? now - batch.pausedAt : 0),
      events: pushEvent(batch.events, { kind: "resumed", at: now, message: "Resumed." }),
      updatedAt: now,
    });
    await ctx.scheduler.runAfter(0, internal.studio.generation.runs.advanceBatch, { batchId });
    return null;
  },
});

/** Stops the batch: running requests are cancelled with the gateway, queued items are cancelled in pages. */
export const cancelBatch = control({
  args: { batchId: v.id("generationBatches") },
  returns: v.null(),
  handler: async (ctx, { batchId }) => {
    const batch = await loadBatch(ctx, batchId);
    if (batch.status === "cancelled") return null;
    if (batch.status === "completed") throw appError("CONFLICT", "A finished batch can't be cancelled.");
    const now = Date.now();
    // In flight is at most `concurrency` (≤ 20) items per state.
    const running = await ctx.db
      .query("generationItems")
      .withIndex("by_batch_status_index", (q) => q.eq("batchId", batchId).eq("status", "running"))
      .take(CONCURRENCY.max * 2);
    const retrying = await ctx.db
      .query("generationItems")
      .withIndex("by_batch_status_index", (q) => q.eq("batchId", batchId).eq("status", "retrying"))
      .take(CONCURRENCY.max * 2);
    const inflight = [...running, ...retrying];
    for (const item of inflight) {
      await ctx.db.patch("generationItems", item._id, {
        status: "cancelled",
        errorClass: "cancelled",
        nextAttemptAt: undefined,
        finishedAt: now,
        updatedAt: now,
      });
    }
    const counts = moveCount(batch.counts, "running", "cancelled", inflight.length);
    await ctx.db.patch("generationBatches", batchId, {
      status: "cancelled",
      counts,
      finishedAt: now,
      pausedReason: undefined,
      pausedAt: undefined,
      pausedMs: batch.pausedMs + (batch.pausedAt !== undefined ? now - batch.pausedAt : 0),
      events: pushEvent(batch.events, { kind: "cancelled", at: now, message: "Cancelled." }),
      updatedAt: now,
    });
    // After the writes above: cancelling a waiting request notifies the item's
    // handler inside this transaction, and it must find the item already cancelled.
    for (const item of inflight) if (item.requestId !== undefined) await cancelLlmCall(ctx, item.requestId);
    await ctx.scheduler.runAfter(0, internal.studio.generation.runs.cancelQueuedPage, { batchId });
    return null;
  },
});

/** Re-queues only the failed items, with fresh attempts; succeeded items are left as they are. */
export const retryFailedItems = control({
  args: { batchId: v.id("generationBatches") },
  returns: v.object({ requeued: v.number() }),
  handler: async (ctx, { batchId }) => {
    const batch = await loadBatch(ctx, batchId);
    if (batch.status === "cancelled") throw appError("CONFLICT", "A cancelled batch can't be retried. Duplicate it instead.");
    if (batch.counts.failed === 0) return { requeued: 0 };
    const now = Date.now();
    const wasPaused = batch.status === "paused";
    await ctx.db.patch("generationBatches", batchId, {
      status: "running",
      finishedAt: undefined,
      pausedReason: undefined,
      pausedAt: undefined,
      pausedMs: batch.pausedMs + (wasPaused && batch.pausedAt !== undefined ? now - batch.pausedAt : 0),
      events: pushEvent(batch.events, { kind: "retrying_failed", at: now, message: `Retrying ${batch.counts.failed} failed items.` }),
      updatedAt: now,
    });
    await ctx.scheduler.runAfter(0, internal.studio.generation.runs.requeueFailedPage, { batchId });
    return { requeued: batch.counts.failed };
  },
});

const etaValidator = v.union(
  v.object({ kind: v.literal("done") }),
  v.object({ kind: v.literal("paused") }),
  v.object({ kind: v.literal("unknown") }),
  v.object({ kind: v.literal("estimate"), remainingMs: v.number(), ratePerMin: v.number(), basis: v.union(v.literal("observed"), v.literal("ceiling")) }),
);

export const batchProgressValidator = v.object({
  /** The batch, its `counts` live: queued, running and retrying read from the items. */
  batch: batchDoc,
  /** Settled items (succeeded, failed, cancelled) over total, 0–100. */
  percent: v.number(),
  done: v.number(),
  remaining: v.number(),
  /** Items per minute over the recent completions, on running time; null before the first. */
  throughputPerMin: v.union(v.number(), v.null()),
  eta: etaValidator,
  /** The gateway's admission ceiling for this model, items per minute (one request each). */
  ceilingPerMin: v.number(),
  spendCapMicros: v.optional(v.number()),
});

export const getBatch = generate({
  args: { batchId: v.id("generationBatches") },
  returns: batchProgressValidator,
  handler: async (ctx, { batchId }) => {
    const stored = await loadBatch(ctx, batchId);
    // The document counts settled items; what is in flight is read from the items.
    const counts = liveCounts(stored, await readInFlight(ctx, stored));
    const batch = { ...stored, counts };
    const done = counts.succeeded + counts.failed + counts.cancelled;
    const remaining = Math.max(0, batch.total - done);
    const observed = throughputPerMin(batch.recentCompletions, batch.startedAt);
    // The gateway admits at 90 % of the provider's request limit.
    const config = gatewayConfig();
    const ceilingPerMin = Math.floor(config.limitsFor(batch.model).rpm * 0.9 * (60_000 / config.windowMs));
    const terminal = batch.status === "completed" || batch.status === "cancelled";
    return {
      batch,
      percent: batch.total === 0 ? 100 : Math.floor((done / batch.total) * 100),
      done,
      remaining,
      throughputPerMin: observed === null ? null : Math.round(observed * 10) / 10,
      eta: terminal
        ? { kind: "done" as const }
        : estimateEta({ remaining, paused: batch.status === "paused", observedPerMin: observed, ceilingPerMin }),
      ceilingPerMin,
      spendCapMicros: batch.options.spendCapMicros,
    };
  },
});

export const listBatches = generate({
  args: { paginationOpts: paginationOptsValidator },
  returns: vPaginationResult(batchDoc),
  handler: (ctx, { paginationOpts }) =>
    paginateChecked(paginationOpts, (opts) => ctx.db.query("generationBatches").withIndex("by_createdAt").order("desc").paginate(opts)),
});

export const batchNameValidator = v.object({ _id: v.id("generationBatches"), name: v.string(), createdAt: v.number() });

/**
 * Batch names, newest first, for the batch filters of Conversations, Review
 * and Export: reviewers filter by batch too, but may not see a batch's
 * settings, cost or controls (listBatches is for those who generate).
 */
export const listBatchNames = permissionQuery("studio.review")({
  args: { paginationOpts: paginationOptsValidator },
  returns: vPaginationResult(batchNameValidator),
  handler: async (ctx, { paginationOpts }) => {
    const result = await paginateChecked(paginationOpts, (opts) =>
      ctx.db.query("generationBatches").withIndex("by_createdAt").order("desc").paginate(opts),
    );
    return { ...result, page: result.page.map((b) => ({ _id: b._id, name: b.name, createdAt: b.createdAt })) };
  },
});

export const batchItemValidator = v.object({
  _id: v.id("generationItems"),
  index: v.number(),
  values: valuesValidator,
  status: itemStatusValidator,
  attempts: v.number(),
  maxAttempts: v.number(),
  nextAttemptAt: v.optional(v.number()),
  errorClass: v.optional(itemErrorClassValidator),
  errorMessage: v.optional(v.string()),
  conversationId: v.optional(v.id("generatedConversations")),
  costMicros: v.number(),
  startedAt: v.optional(v.number()),
  finishedAt: v.optional(v.number()),
});

export const listBatchItems = generate({
  args: { batchId: v.id("generationBatches"), paginationOpts: paginationOptsValidator, status: v.optional(itemStatusValidator) },
  returns: vPaginationResult(batchItemValidator),
  handler: async (ctx, { batchId, paginationOpts, status }) => {
    await loadBatch(ctx, batchId);
    const result = await paginateChecked(paginationOpts, (opts) =>
      status === undefined
        ? ctx.db.query("generationItems").withIndex("by_batch_index", (q) => q.eq("batchId", batchId)).paginate(opts)
        : ctx.db.query("generationItems").withIndex("by_batch_status_index", (q) => q.eq("batchId", batchId).eq("status", status)).paginate(opts),
    );
    return {
      ...result,
      page: result.page.map((item) => ({
        _id: item._id,
        index: item.index,
        values: item.values,
        status: item.status,
        attempts: item.attempts,
        maxAttempts: item.maxAttempts,
        nextAttemptAt: item.nextAttemptAt,
        errorClass: item.errorClass,
        errorMessage: item.errorClass ? itemFailureMessage(item.errorClass, item.errorMessage) : undefined,
        conversationId: item.conversationId,
        costMicros: item.costMicros,
        startedAt: item.startedAt,
        finishedAt: item.finishedAt,
      })),
    };
  },
});
