/**
 * The decisions a batch makes, as pure functions returning plans that the
 * mutations in runs.ts apply: what an item does with a gateway event, how the
 * batch's counters and state follow, and how many items to start next.
 */
import type { LlmEvent } from "../../llm/events";
import { CONVERSATION_TOOL_NAME, describeProblems, validateConversation, type Conversation } from "./conversation";
import { recordCompletion } from "./estimate";
import { nextRetryDelayMs } from "./retry";
import type { BatchEvent, BatchStatus, Counts, ItemErrorClass, ItemStatus, OnError, PauseReason, RetryConfig } from "./validators";

export type Usage = { inputTokens: number; outputTokens: number; costMicros: number };

export type ItemView = {
  status: ItemStatus;
  requestId?: string;
  attempts: number;
  attemptBase: number;
  maxAttempts: number;
  retry: RetryConfig;
};

export type ItemDecision =
  /** Not this item's current request, or nothing to change. */
  | { kind: "ignore" }
  | { kind: "progress"; partialJson?: string }
  | { kind: "retrying"; attempts: number; nextAttemptAt: number; errorClass: ItemErrorClass; delayMs: number }
  | { kind: "succeed"; conversation: Conversation; usage: Usage }
  /** A reply that is not a valid conversation: send a fresh request after the policy's wait. */
  | { kind: "resend"; delayMs: number; nextAttemptAt: number; message: string; usage: Usage }
  | { kind: "fail"; errorClass: ItemErrorClass; message: string; usage?: Usage }
  /** The item was cancelled while its request ran: only the request's cost remains to account. */
  | { kind: "settle"; usage?: Usage };

const TERMINAL: readonly ItemStatus[] = ["succeeded", "failed", "cancelled"];

/** The event's partial tool input, when the gateway sends one. */
function toolInputJson(event: LlmEvent): string | undefined {
  const value = (event as { toolInputJson?: unknown }).toolInputJson;
  return typeof value === "string" ? value : undefined;
}

export function decideItemEvent(
  item: ItemView,
  requestId: string,
  event: LlmEvent,
  now: number,
  random: () => number = Math.random,
): ItemDecision {
  if (item.requestId !== requestId) return { kind: "ignore" };
  const cancelled = item.status === "cancelled";
  if (TERMINAL.includes(item.status) && !cancelled) return { kind: "ignore" };
  switch (event.kind) {
    case "delta":
      if (cancelled) return { kind: "ignore" };
      return { kind: "progress", partialJson: toolInputJson(event) };
    case "retrying": {
      if (cancelled) return { kind: "ignore" };
      return {
        kind: "retrying",
        attempts: item.attemptBase + event.attempt + 1,
        delayMs: event.delayMs,
        // The gateway's own time: a rate-limit pause may hold the attempt past the policy's delay.
        nextAttemptAt: event.nextAttemptAt ?? now + event.delayMs,
        errorClass: event.errorClass,
      };
    }
    case "failed":
      if (cancelled) return { kind: "settle" };
      return { kind: "fail", errorClass: event.errorClass, message: event.message };
    case "done": {
      if (cancelled || event.stopped) return cancelled ? { kind: "settle", usage: event.usage } : { kind: "fail", errorClass: "cancelled", message: "Stopped before it finished.", usage: event.usage };
      const call = event.toolUses.find((use) => use.name === CONVERSATION_TOOL_NAME);
      const check = validateConversation(call?.input);
      if (check.ok) return { kind: "succeed", conversation: check.conversation, usage: event.usage };
      const message = call === undefined ? "Claude replied without writing a conversation." : describeProblems(check.problems);
      const delayMs = item.attempts < item.maxAttempts ? nextRetryDelayMs(item.retry, item.attempts, random) : null;
      if (delayMs === null) return { kind: "fail", errorClass: "invalid_output", message, usage: event.usage };
      return { kind: "resend", delayMs, nextAttemptAt: now + delayMs, message, usage: event.usage };
    }
  }
}

/** The status an item holds after a decision (unchanged for ignore/progress-while-running/settle). */
export function statusAfter(current: ItemStatus, decision: ItemDecision): ItemStatus {
  switch (decision.kind) {
    case "ignore":
    case "settle":
      return current;
    case "progress":
      return "running";
    case "retrying":
    case "resend":
      return "retrying";
    case "succeed":
      return "succeeded";
    case "fail":
      return decision.errorClass === "cancelled" ? "cancelled" : "failed";
  }
}

const SETTLED = ["succeeded", "failed", "cancelled"] as const;
type Settled = (typeof SETTLED)[number];
const isSettled = (status: ItemStatus): status is Settled => (SETTLED as readonly ItemStatus[]).includes(status);

/**
 * The batch document counts settled items only (succeeded, failed,
 * cancelled): an item moving into or out of one of those moves the count;
 * queued ⇄ running ⇄ retrying moves nothing stored (those are read from the
 * items, see `liveCounts`), so admissions and retries never write the batch.
 */
export function moveCount(counts: Counts, from: ItemStatus, to: ItemStatus, n = 1): Counts {
  if (from === to || n === 0) return counts;
  const next = { ...counts };
  if (isSettled(from)) next[from] -= n;
  if (isSettled(to)) next[to] += n;
  return isSettled(from) || isSettled(to) ? next : counts;
}

export const settledCount = (counts: Pick<Counts, Settled>) => counts.succeeded + counts.failed + counts.cancelled;

/** Items in flight, read from the items' status index (each at most `concurrency` + 1 read). */
export type InFlight = { running: number; retrying: number };

/**
 * The batch's counts as they are now: settled ones from the document, in
 * flight from the items, queued the rest of what was inserted.
 */
export function liveCounts(batch: { inserted: number; counts: Counts }, inFlight: InFlight): Counts {
  const { succeeded, failed, cancelled } = batch.counts;
  const queued = Math.max(0, batch.inserted - settledCount(batch.counts) - inFlight.running - inFlight.retrying);
  return { queued, running: inFlight.running, retrying: inFlight.retrying, succeeded, failed, cancelled };
}

export const MAX_BATCH_EVENTS = 20;

export function pushEvent(events: readonly BatchEvent[], event: BatchEvent): BatchEvent[] {
  const next = [...events, event];
  return next.length > MAX_BATCH_EVENTS ? next.slice(next.length - MAX_BATCH_EVENTS) : next;
}

/** Rate-limit toasts at most this often per batch, however many items hear the 429. */
export const RATE_LIMIT_EVENT_GAP_MS = 10_000;

export type BatchView = {
  status: BatchStatus;
  total: number;
  inserted: number;
  counts: Counts;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  pausedReason?: PauseReason;
  pausedAt?: number;
  pausedMs: number;
  recentCompletions: number[];
  events: BatchEvent[];
  finishedAt?: number;
  options: { onError: OnError; spendCapMicros?: number; concurrency: number };
};

export type BatchPatch = Partial<Omit<BatchView, "options">>;

/** Every item inserted and settled: nothing queued or in flight remains. */
export function isDrained(batch: Pick<BatchView, "total" | "inserted" | "counts">): boolean {
  return batch.inserted >= batch.total && settledCount(batch.counts) >= batch.total;
}

/** Spend cap reached: the cap counts real cost, never the estimate. */
export function capReached(costMicros: number, cap: number | undefined): boolean {
  return cap !== undefined && costMicros >= cap;
}

function finishIfDrained(batch: BatchView, patch: BatchPatch, now: number): BatchPatch {
  const merged = { ...batch, ...patch };
  if (merged.status === "cancelled" || merged.status === "completed" || !isDrained(merged)) return patch;
  const c = merged.counts;
  const message = `Finished: ${c.succeeded} succeeded, ${c.failed} failed${c.cancelled > 0 ? `, ${c.cancelled} cancelled` : ""}.`;
  return {
    ...patch,
    status: "completed",
    finishedAt: now,
    pausedReason: undefined,
    pausedAt: undefined,
    pausedMs: merged.pausedAt !== undefined ? merged.pausedMs + (now - merged.pausedAt) : merged.pausedMs,
    events: pushEvent(merged.events, { kind: "completed", at: now, message }),
  };
}

export function pauseWith(batch: BatchView, reason: PauseReason, now: number, kind: BatchEvent["kind"]): BatchPatch {
  return {
    status: "paused",
    pausedReason: reason,
    pausedAt: batch.pausedAt ?? now,
    events: pushEvent(batch.events, { kind, at: now, message: reason.message }),
  };
}

/**
 * How the batch follows one item decision: counters, cost, throughput
 * samples, the spend cap, "stop on error", and completion. One patch, so the
 * batch document is written at most once per item event, and only when
 * something it holds changes: a settle, a cost, a toast, a pause.
 */
export function planBatchAfterItem(
  batch: BatchView,
  from: ItemStatus,
  decision: ItemDecision,
  now: number,
): { patch: BatchPatch; admitMore: boolean } {
  if (decision.kind === "ignore" || (decision.kind === "progress" && from === "running")) return { patch: {}, admitMore: false };
  const to = statusAfter(from, decision);
  let patch: BatchPatch = {};
  const counts = moveCount(batch.counts, from, to);
  if (counts !== batch.counts) patch.counts = counts;
  const usage = "usage" in decision ? decision.usage : undefined;
  if (usage) {
    patch.costMicros = batch.costMicros + usage.costMicros;
    patch.inputTokens = batch.inputTokens + usage.inputTokens;
    patch.outputTokens = batch.outputTokens + usage.outputTokens;
  }
  if (to === "succeeded" || to === "failed") {
    // Completions are timed on the running clock so a pause never drags the rate down.
    patch.recentCompletions = recordCompletion(batch.recentCompletions, now - batch.pausedMs);
  }
  if (decision.kind === "retrying" && decision.errorClass === "rate_limited") {
    const last = [...batch.events].reverse().find((e) => e.kind === "rate_limited");
    if (last === undefined || now - last.at >= RATE_LIMIT_EVENT_GAP_MS) {
      patch.events = pushEvent(batch.events, {
        kind: "rate_limited",
        at: now,
        delayMs: decision.delayMs,
        message: `Claude's rate limit was reached; waiting ${Math.ceil(decision.delayMs / 1000)} s before retrying.`,
      });
    }
  }
  const merged: BatchView = { ...batch, ...patch };
  if (batch.status === "running") {
    if (capReached(merged.costMicros, batch.options.spendCapMicros)) {
      patch = { ...patch, ...pauseWith(merged, { kind: "spend_cap", message: "Paused: the spend cap was reached." }, now, "spend_cap") };
    } else if (to === "failed" && batch.options.onError === "stop") {
      const why = decision.kind === "fail" ? decision.message : "an item failed";
      patch = { ...patch, ...pauseWith(merged, { kind: "error", message: `Stopped on the first failure: ${why}` }, now, "halted") };
    }
  }
  patch = finishIfDrained(batch, patch, now);
  // An item in flight settling frees a slot.
  const freed = (from === "running" || from === "retrying") && isSettled(to);
  return { patch, admitMore: freed && (patch.status ?? batch.status) === "running" };
}

/** How many queued items to start now: never more than `concurrency` in flight. */
export function admissions(batch: Pick<BatchView, "status" | "inserted" | "counts" | "options">, inFlight: InFlight): number {
  if (batch.status !== "running") return 0;
  const { queued } = liveCounts(batch, inFlight);
  return Math.max(0, Math.min(queued, batch.options.concurrency - inFlight.running - inFlight.retrying));
}

/** Applies a finish check after admissions or inserts change counters. */
export function settleBatch(batch: BatchView, patch: BatchPatch, now: number): BatchPatch {
  return finishIfDrained(batch, patch, now);
}
