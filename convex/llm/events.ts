import { v, type GenericValidator, type Infer } from "convex/values";
import { errorClassValidator } from "./tables";

export const toolUseValidator = v.object({ id: v.string(), name: v.string(), input: v.any() });

export const llmUsageValidator = v.object({
  inputTokens: v.number(),
  outputTokens: v.number(),
  costMicros: v.number(),
});

/**
 * What a feature's handler mutation hears about its request. `delta` carries
 * the whole text so far, so applying it twice is harmless; `toolInputJson` is
 * likewise the whole partial JSON so far of the reply's first tool_use block
 * (not parseable until it ends). A cancelled request (cancelLlmCall) ends with
 * `failed` and errorClass "cancelled".
 */
export const llmEventValidator = v.union(
  v.object({ kind: v.literal("delta"), text: v.string(), toolInputJson: v.optional(v.string()) }),
  v.object({
    kind: v.literal("done"),
    text: v.string(),
    toolUses: v.array(toolUseValidator),
    usage: llmUsageValidator,
    stopReason: v.optional(v.string()),
    stopped: v.boolean(),
  }),
  v.object({
    kind: v.literal("retrying"),
    attempt: v.number(),
    delayMs: v.number(),
    /** When the next attempt becomes eligible (ms epoch); rate limits may hold it a little longer. */
    nextAttemptAt: v.number(),
    errorClass: errorClassValidator,
  }),
  v.object({ kind: v.literal("failed"), errorClass: errorClassValidator, message: v.string() }),
);
export type LlmEvent = Infer<typeof llmEventValidator>;

/**
 * A handler's arguments, with its own `context` validator: Convex checks the
 * context on arrival, so the handler needs no cast.
 */
export function llmHandlerArgsFor<C extends GenericValidator>(context: C) {
  return { requestId: v.id("llmRequests"), context, event: llmEventValidator };
}

/** For handlers whose context is genuinely free-form (test probes, benchmarks). */
export const llmHandlerArgs = llmHandlerArgsFor(v.any());

/** What one attempt ended with, reported by the action. */
export const attemptOutcomeValidator = v.union(
  v.object({
    ok: v.literal(true),
    text: v.string(),
    toolUses: v.array(toolUseValidator),
    inputTokens: v.number(),
    outputTokens: v.number(),
    stopReason: v.optional(v.string()),
    stopped: v.boolean(),
    providerRequestId: v.optional(v.string()),
    latencyMs: v.number(),
    ttftMs: v.optional(v.number()),
  }),
  v.object({
    ok: v.literal(false),
    errorClass: errorClassValidator,
    retryable: v.boolean(),
    providerFault: v.boolean(),
    status: v.optional(v.number()),
    retryAfterMs: v.optional(v.number()),
    providerRequestId: v.optional(v.string()),
    latencyMs: v.number(),
    detail: v.optional(v.string()),
  }),
);
export type AttemptOutcome = Infer<typeof attemptOutcomeValidator>;
