/**
 * The machinery behind single runs and batches: sending an item to the
 * gateway, hearing its events, and the scheduled steps that admit items,
 * resend them, and insert, cancel or requeue items in bounded pages.
 *
 * Durability: every step is a mutation that reads what it needs from the
 * database, so a restart loses nothing. An item listens only to its current
 * gateway request (`requestId`); events for any other request, or repeats
 * after the item settled, change nothing. Admission counts what is in
 * flight from the items' status index (and reads the queued items it
 * starts), all in its own transaction, so re-running a step never starts an
 * item twice: two admissions that overlap conflict on those reads, and one
 * retries after the other.
 */
import { v } from "convex/values";
import { internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import { internalMutation, type MutationCtx, type QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { logger } from "../../lib/log";
import { llmHandlerArgsFor } from "../../llm/events";
import { enqueueLlmCall, type LlmHandler } from "../../llm/queue";
import { recordAnalyticsEvent } from "../analytics/record";
import { afterConversationStored, scoreForStorage } from "../quality/store";
import { refreshTemplateTest } from "../quality/testProgress";
import { matrixRows } from "./matrix";
import {
  admissions,
  decideItemEvent,
  moveCount,
  planBatchAfterItem,
  settleBatch,
  statusAfter,
  type BatchView,
  type InFlight,
} from "./planner";
import { generationParams, templateRenderer, type Rendered } from "./prompt";
import { toRetryPolicy } from "./retry";
import type { Counts } from "./validators";

const log = logger("studio");

/** Items inserted, cancelled or requeued per transaction. */
export const PAGE_SIZE = 500;

export const itemContextValidator = v.object({ itemId: v.id("generationItems") });

export function batchView(batch: Doc<"generationBatches">): BatchView {
  return { ...batch, options: batch.options };
}

export async function loadVersion(ctx: QueryCtx, versionId: Id<"promptTemplateVersions">): Promise<Doc<"promptTemplateVersions">> {
  const version = await ctx.db.get("promptTemplateVersions", versionId);
  if (version === null) throw appError("NOT_FOUND", "That template version doesn't exist.");
  return version;
}

type SendOptions = {
  priority: "interactive" | "batch";
  batchPriority?: "low" | "normal" | "high";
  timeoutMs?: number;
};

/**
 * Queues the item's next attempt with the gateway and marks it running.
 * Returns false (and fails the item) if its values no longer render, which
 * only a hand-edited database could cause: batches refuse broken rows.
 */
export async function sendItem(
  ctx: MutationCtx,
  item: Doc<"generationItems">,
  render: (values: Record<string, unknown>) => Rendered,
  version: Doc<"promptTemplateVersions">,
  options: SendOptions,
  now: number,
): Promise<boolean> {
  const rendered = render(item.values);
  if (!rendered.ok) {
    await ctx.db.patch("generationItems", item._id, {
      status: "failed",
      errorClass: "bad_request",
      errorMessage: rendered.message,
      requestId: undefined,
      finishedAt: now,
      updatedAt: now,
    });
    if (item.test !== true) await recordAnalyticsEvent(ctx, { kind: "failed", templateId: item.templateId, versionId: item.templateVersionId }, now);
    return false;
  }
  const remaining = item.maxAttempts - item.attempts;
  const requestId = await enqueueLlmCall(ctx, {
    purpose: "generation",
    priority: options.priority,
    batchPriority: options.batchPriority,
    userId: item.createdBy,
    traceId: `gen-${item._id}-${item.attempts + 1}`,
    params: generationParams(rendered.text, version),
    stream: true,
    handler: internal.studio.generation.runs.onItemEvent as unknown as LlmHandler,
    context: { itemId: item._id },
    model: item.model,
    retry: { ...toRetryPolicy(item.retry), maxAttempts: Math.max(1, remaining) },
    timeoutMs: options.timeoutMs,
  });
  await ctx.db.patch("generationItems", item._id, {
    status: "running",
    requestId,
    attemptBase: item.attempts,
    attempts: item.attempts + 1,
    nextAttemptAt: undefined,
    partialJson: undefined,
    startedAt: item.startedAt ?? now,
    updatedAt: now,
  });
  return true;
}

function batchSendOptions(batch: Doc<"generationBatches">): SendOptions {
  return { priority: "batch", batchPriority: batch.options.priority, timeoutMs: batch.options.itemTimeoutMs };
}

/**
 * The batch's items running and retrying, from the status index. At most
 * `concurrency` are in flight, so `concurrency + 1` reads each tell the exact
 * count, or that the batch is full.
 */
export async function readInFlight(ctx: QueryCtx, batch: Doc<"generationBatches">): Promise<InFlight> {
  const limit = batch.options.concurrency + 1;
  const count = async (status: "running" | "retrying") =>
    (await ctx.db
      .query("generationItems")
      .withIndex("by_batch_status_index", (q) => q.eq("batchId", batch._id).eq("status", status))
      .take(limit)).length;
  return { running: await count("running"), retrying: await count("retrying") };
}

/**
 * Starts as many queued items as the batch's concurrency allows. Writes the
 * batch document only if an item fails to render or the batch completes.
 */
export async function admitItems(ctx: MutationCtx, batch: Doc<"generationBatches">, now: number): Promise<void> {
  const wanted = batch.status === "running" ? admissions(batch, await readInFlight(ctx, batch)) : 0;
  let counts: Counts = batch.counts;
  if (wanted > 0) {
    const queued = await ctx.db
      .query("generationItems")
      .withIndex("by_batch_status_index", (q) => q.eq("batchId", batch._id).eq("status", "queued"))
      .take(wanted);
    const version = await loadVersion(ctx, batch.templateVersionId);
    const render = templateRenderer(version);
    for (const item of queued) {
      const sent = await sendItem(ctx, item, render, version, batchSendOptions(batch), now);
      counts = moveCount(counts, "queued", sent ? "running" : "failed");
    }
  }
  const patch = settleBatch(batchView(batch), counts === batch.counts ? {} : { counts }, now);
  if (Object.keys(patch).length > 0) await ctx.db.patch("generationBatches", batch._id, { ...patch, updatedAt: now });
}

export const advanceBatch = internalMutation({
  args: { batchId: v.id("generationBatches") },
  returns: v.null(),
  handler: async (ctx, { batchId }) => {
    const batch = await ctx.db.get("generationBatches", batchId);
    if (batch === null || batch.status !== "running") return null;
    await admitItems(ctx, batch, Date.now());
    return null;
  },
});

/** Sends a fresh request for an item whose last reply was unusable, once its wait is over. */
export const resendItem = internalMutation({
  args: { itemId: v.id("generationItems") },
  returns: v.null(),
  handler: async (ctx, { itemId }) => {
    const item = await ctx.db.get("generationItems", itemId);
    // Already resent (a repeated run), or cancelled meanwhile.
    if (item === null || item.status !== "retrying" || item.requestId !== undefined) return null;
    const now = Date.now();
    const version = await loadVersion(ctx, item.templateVersionId);
    const batch = item.batchId === undefined ? null : await ctx.db.get("generationBatches", item.batchId);
    const options: SendOptions = batch ? batchSendOptions(batch) : { priority: "interactive" };
    const sent = await sendItem(ctx, item, templateRenderer(version), version, options, now);
    // Back to running moves no stored count; only a render failure settles the item.
    if (batch && !sent) {
      const counts = moveCount(batch.counts, "retrying", "failed");
      await ctx.db.patch("generationBatches", batch._id, { ...settleBatch(batchView(batch), { counts }, now), updatedAt: now });
    }
    return null;
  },
});

/** Inserts the batch's rows [from, from + PAGE_SIZE), then schedules the next page. */
export const insertItemsPage = internalMutation({
  args: { batchId: v.id("generationBatches"), from: v.number() },
  returns: v.null(),
  handler: async (ctx, { batchId, from }) => {
    const batch = await ctx.db.get("generationBatches", batchId);
    // A repeated run finds `inserted` already past `from`; a cancelled batch inserts no more.
    if (batch === null || batch.inserted !== from || batch.status === "cancelled") return null;
    const now = Date.now();
    const rows = matrixRows(batch.matrix, batch.mode, batch.sampleSize, batch.seed).slice(from, from + PAGE_SIZE);
    for (let i = 0; i < rows.length; i++) {
      await ctx.db.insert("generationItems", newItemFields(batch, from + i, rows[i], now));
    }
    const inserted = from + rows.length;
    // Queued is read as inserted − settled − in flight: only `inserted` moves.
    await ctx.db.patch("generationBatches", batchId, { inserted, updatedAt: now });
    if (inserted < batch.total) await ctx.scheduler.runAfter(0, internal.studio.generation.runs.insertItemsPage, { batchId, from: inserted });
    if (batch.status === "running") await ctx.scheduler.runAfter(0, internal.studio.generation.runs.advanceBatch, { batchId });
    return null;
  },
});

/** A queued item, nothing spent yet: a batch's, a single run's or a template test's. */
export function queuedItemFields(item: {
  index: number;
  templateId: Id<"promptTemplates">;
  templateVersionId: Id<"promptTemplateVersions">;
  model: string;
  values: Doc<"generationItems">["values"];
  retry: Doc<"generationItems">["retry"];
  onError: Doc<"generationItems">["onError"];
  createdBy: Id<"users">;
  now: number;
}) {
  const { now, ...fields } = item;
  return {
    ...fields,
    status: "queued" as const,
    attempts: 0,
    attemptBase: 0,
    maxAttempts: item.retry.maxAttempts,
    costMicros: 0,
    inputTokens: 0,
    outputTokens: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export function newItemFields(batch: Doc<"generationBatches">, index: number, values: Doc<"generationItems">["values"], now: number) {
  return {
    ...queuedItemFields({
      index,
      templateId: batch.templateId,
      templateVersionId: batch.templateVersionId,
      model: batch.model,
      values,
      retry: batch.options.retry,
      onError: batch.options.onError,
      createdBy: batch.createdBy,
      now,
    }),
    batchId: batch._id,
    judge: batch.options.judge,
  };
}

/** Marks a page of a cancelled batch's queued items cancelled. */
export const cancelQueuedPage = internalMutation({
  args: { batchId: v.id("generationBatches") },
  returns: v.null(),
  handler: async (ctx, { batchId }) => {
    const batch = await ctx.db.get("generationBatches", batchId);
    if (batch === null || batch.status !== "cancelled") return null;
    const now = Date.now();
    const page = await ctx.db
      .query("generationItems")
      .withIndex("by_batch_status_index", (q) => q.eq("batchId", batchId).eq("status", "queued"))
      .take(PAGE_SIZE);
    for (const item of page) {
      await ctx.db.patch("generationItems", item._id, { status: "cancelled", errorClass: "cancelled", finishedAt: now, updatedAt: now });
    }
    if (page.length === 0) return null;
    await ctx.db.patch("generationBatches", batchId, { counts: moveCount(batch.counts, "queued", "cancelled", page.length), updatedAt: now });
    if (page.length === PAGE_SIZE) await ctx.scheduler.runAfter(0, internal.studio.generation.runs.cancelQueuedPage, { batchId });
    return null;
  },
});

/** Puts a page of failed items back in the queue with fresh attempts; succeeded ones are never touched. */
export const requeueFailedPage = internalMutation({
  args: { batchId: v.id("generationBatches") },
  returns: v.null(),
  handler: async (ctx, { batchId }) => {
    const batch = await ctx.db.get("generationBatches", batchId);
    if (batch === null || batch.status === "cancelled") return null;
    const now = Date.now();
    const page = await ctx.db
      .query("generationItems")
      .withIndex("by_batch_status_index", (q) => q.eq("batchId", batchId).eq("status", "failed"))
      .take(PAGE_SIZE);
    for (const item of page) {
      await ctx.db.patch("generationItems", item._id, {
        status: "queued",
        attempts: 0,
        attemptBase: 0,
        errorClass: undefined,
        errorMessage: undefined,
        nextAttemptAt: undefined,
        partialJson: undefined,
        startedAt: undefined,
        finishedAt: undefined,
        updatedAt: now,
      });
    }
    if (page.length > 0) {
      await ctx.db.patch("generationBatches", batchId, { counts: moveCount(batch.counts, "failed", "queued", page.length), updatedAt: now });
    }
    if (page.length === PAGE_SIZE) await ctx.scheduler.runAfter(0, internal.studio.generation.runs.requeueFailedPage, { batchId });
    await ctx.scheduler.runAfter(0, internal.studio.generation.runs.advanceBatch, { batchId });
    return null;
  },
});

/** Receives the gateway's events for one item's request. */
export const onItemEvent = internalMutation({
  args: llmHandlerArgsFor(itemContextValidator),
  returns: v.null(),
  handler: async (ctx, { requestId, context, event }) => {
    const item = await ctx.db.get("generationItems", context.itemId);
    if (item === null) return null;
    const now = Date.now();
    const decision = decideItemEvent(item, requestId, event, now);
    if (decision.kind === "ignore") return null;
    const to = statusAfter(item.status, decision);
    const usage = "usage" in decision ? decision.usage : undefined;
    const spent = usage
      ? {
          costMicros: item.costMicros + usage.costMicros,
          inputTokens: item.inputTokens + usage.inputTokens,
          outputTokens: item.outputTokens + usage.outputTokens,
        }
      : {};
    let conversationId: Id<"generatedConversations"> | undefined;
    switch (decision.kind) {
      case "progress":
        // Deltas write the item only; the batch hears nothing until the item changes state.
        if (item.status === "running" && item.partialJson === decision.partialJson) return null;
        await ctx.db.patch("generationItems", item._id, {
          status: "running",
          partialJson: decision.partialJson ?? item.partialJson,
          nextAttemptAt: undefined,
          updatedAt: now,
        });
        break;
      case "retrying":
        await ctx.db.patch("generationItems", item._id, {
          status: "retrying",
          attempts: decision.attempts,
          nextAttemptAt: decision.nextAttemptAt,
          errorClass: decision.errorClass,
          partialJson: undefined,
          updatedAt: now,
        });
        break;
      case "resend":
        await ctx.db.patch("generationItems", item._id, {
          ...spent,
          status: "retrying",
          requestId: undefined,
          nextAttemptAt: decision.nextAttemptAt,
          errorClass: "invalid_output",
          errorMessage: decision.message,
          partialJson: undefined,
          updatedAt: now,
        });
        await ctx.scheduler.runAfter(decision.delayMs, internal.studio.generation.runs.resendItem, { itemId: item._id });
        break;
      case "fail":
        await ctx.db.patch("generationItems", item._id, {
          ...spent,
          status: to,
          requestId: undefined,
          errorClass: decision.errorClass,
          errorMessage: decision.message,
          nextAttemptAt: undefined,
          partialJson: undefined,
          finishedAt: now,
          updatedAt: now,
        });
        // A final failure (not a stop or cancel) counts against the template.
        if (to === "failed" && item.test !== true) {
          await recordAnalyticsEvent(ctx, { kind: "failed", templateId: item.templateId, versionId: item.templateVersionId }, now);
        }
        break;
      case "settle":
        await ctx.db.patch("generationItems", item._id, { ...spent, requestId: undefined, partialJson: undefined, updatedAt: now });
        break;
      case "succeed": {
        const total = {
          costMicros: item.costMicros + decision.usage.costMicros,
          inputTokens: item.inputTokens + decision.usage.inputTokens,
          outputTokens: item.outputTokens + decision.usage.outputTokens,
        };
        const version = await loadVersion(ctx, item.templateVersionId);
        const rendered = templateRenderer(version)(item.values);
        const values = rendered.ok ? rendered.resolved : item.values;
        // Scored in this transaction: no stored conversation is ever unscored.
        const template = await ctx.db.get("promptTemplates", item.templateId);
        const scored = scoreForStorage(template, decision.conversation, values, { test: item.test === true, judge: item.test === true || item.judge === true }, now);
        conversationId = await ctx.db.insert("generatedConversations", {
          templateId: item.templateId,
          templateVersionId: item.templateVersionId,
          batchId: item.batchId,
          itemId: item._id,
          framework: decision.conversation.framework,
          turns: decision.conversation.turns,
          values,
          model: item.model,
          ...total,
          latencyMs: now - (item.startedAt ?? item.createdAt),
          attempts: item.attempts,
          ...scored,
          reviewStatus: "pending",
          createdBy: item.createdBy,
          createdAt: now,
        });
        await afterConversationStored(ctx, conversationId, item, scored, now);
        if (item.test !== true) {
          await recordAnalyticsEvent(
            ctx,
            {
              kind: "generated",
              templateId: item.templateId,
              versionId: item.templateVersionId,
              costMicros: total.costMicros,
              latencyMs: now - (item.startedAt ?? item.createdAt),
              score: scored.quality?.overall,
            },
            now,
          );
        }
        await ctx.db.patch("generationItems", item._id, {
          ...total,
          status: "succeeded",
          requestId: undefined,
          conversationId,
          errorClass: undefined,
          errorMessage: undefined,
          nextAttemptAt: undefined,
          partialJson: undefined,
          finishedAt: now,
          updatedAt: now,
        });
        break;
      }
    }
    if (decision.kind !== "progress" && decision.kind !== "retrying") {
      await log.persist(ctx, decision.kind === "succeed" ? "info" : "warn", "generation_item_" + decision.kind, {
        itemId: item._id,
        batchId: item.batchId,
        requestId,
        attempts: item.attempts,
        errorClass: "errorClass" in decision ? decision.errorClass : undefined,
        conversationId,
      });
    }
    if (item.test && (decision.kind === "succeed" || decision.kind === "fail")) await refreshTemplateTest(ctx, item.templateVersionId);
    if (item.batchId === undefined) return null;
    const batch = await ctx.db.get("generationBatches", item.batchId);
    if (batch === null) return null;
    const { patch, admitMore } = planBatchAfterItem(batchView(batch), item.status, decision, now);
    if (Object.keys(patch).length > 0) await ctx.db.patch("generationBatches", batch._id, { ...patch, updatedAt: now });
    // Admission runs in its own transaction: this handler runs inside the
    // gateway's, which must not be re-entered to enqueue.
    if (admitMore) await ctx.scheduler.runAfter(0, internal.studio.generation.runs.advanceBatch, { batchId: batch._id });
    return null;
  },
});
