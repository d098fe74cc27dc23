import { APIConnectionTimeoutError, APIUserAbortError } from "@anthropic-ai/sdk";
import type Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { internalAction, type ActionCtx } from "../_generated/server";
import { createAnthropicClient, summarizeMessage, toMessageParams } from "./anthropic";
import { classifyError } from "./classify";
import { anthropicCredentials, gatewayConfig, headersTimeoutFor, type GatewayConfig } from "./config";
import { logger } from "../lib/log";
import type { AttemptOutcome } from "./events";
import { StreamBatcher } from "./streamBatcher";

const log = logger("llm");

/** One attempt at one request. Retries are the queue's business, not this action's. */
export const attempt = internalAction({
  args: { requestId: v.id("llmRequests"), callId: v.id("llmCalls") },
  returns: v.null(),
  handler: async (ctx, { requestId, callId }) => {
    const request = await ctx.runQuery(internal.llm.queue.getRequest, { requestId });
    if (!request || request.status !== "running") return null;
    const config = gatewayConfig();
    const timeoutMs = request.timeoutMs ?? config.timeoutMs;
    const headersTimeoutMs = headersTimeoutFor(config, timeoutMs);
    const started = Date.now();
    let outcome: AttemptOutcome;
    if (request.cancelRequested) {
      // Cancelled between admission and its booked slot: never reaches the provider.
      outcome = { ok: false, errorClass: "cancelled", retryable: false, providerFault: false, latencyMs: 0 };
      await ctx.runMutation(internal.llm.queue.complete, { requestId, callId, outcome });
      return null;
    }
    try {
      const client = createAnthropicClient({ ...anthropicCredentials(), timeoutMs });
      const body = toMessageParams(request.model, request.params);
      outcome = request.stream
        ? await streamed(ctx, client, body, requestId, { ...config, timeoutMs, headersTimeoutMs }, started)
        : await unstreamed(client, body, started);
    } catch (error) {
      const classified = classifyError(error);
      const trace = log.with({ traceId: request.traceId, userId: request.userId });
      const detail = { requestId, callId, errorClass: classified.errorClass, error: error instanceof Error ? error.message : String(error) };
      // Provider errors are recorded by `complete`; anything unclassified is a bug worth its own entry.
      if (classified.errorClass === "unknown") await trace.persist(ctx, "error", "attempt_exception", detail);
      else trace.info("attempt_error", detail);
      outcome = {
        ok: false,
        ...classified,
        latencyMs: Date.now() - started,
        detail: error instanceof Error ? `${error.name}` : typeof error,
      };
    }
    await ctx.runMutation(internal.llm.queue.complete, { requestId, callId, outcome });
    return null;
  },
});

/** What an attempt throws when the response headers didn't come in time: a retryable timeout, like a hang. */
function headersTimeoutError(ms: number): APIConnectionTimeoutError {
  return new APIConnectionTimeoutError({ message: `No response headers within ${ms} ms.` });
}

/**
 * Aborts the attempt if the response headers haven't arrived within `ms`:
 * a hung connection sends none, and would otherwise hold the attempt for its
 * whole timeout. `arrived()` stops the clock; `fired` tells the abort apart.
 */
function headersDeadline(ms: number, abort: () => void) {
  const state = { fired: false, arrived: () => clearTimeout(timer) };
  const timer = setTimeout(() => {
    state.fired = true;
    abort();
  }, ms);
  return state;
}

/**
 * Not streamed, so no time-to-headers clock: a non-streamed reply's headers
 * come with the whole message, so only the attempt timeout bounds it.
 */
async function unstreamed(client: Anthropic, body: MessageCreateParamsNonStreaming, started: number): Promise<AttemptOutcome> {
  const message = await client.messages.create(body);
  const latencyMs = Date.now() - started;
  return {
    ok: true,
    ...summarizeMessage(message),
    stopped: false,
    providerRequestId: (message as { _request_id?: string | null })._request_id ?? undefined,
    latencyMs,
    ttftMs: latencyMs,
  };
}

/**
 * Streams the reply, flushing text to the feature through `llm/queue:delta`
 * in batches. A stop request comes back from a flush and aborts the stream.
 * The first tool_use block's partial JSON is batched and flushed the same
 * way, whole so far, so a forced-tool reply can be shown while it is written.
 */
async function streamed(
  ctx: ActionCtx,
  client: Anthropic,
  body: MessageCreateParamsNonStreaming,
  requestId: Id<"llmRequests">,
  config: GatewayConfig,
  started: number,
): Promise<AttemptOutcome> {
  const stream = client.messages.stream(body);
  const deadline = headersDeadline(config.headersTimeoutMs, () => stream.abort());
  stream.on("connect", deadline.arrived);
  const batcher = new StreamBatcher(config.stream);
  let text = "";
  let toolInputJson: string | undefined;
  let toolBlockIndex: number | undefined;
  let ttftMs: number | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  // The SDK's timeout covers only the wait for headers; a stream that stalls
  // midway would otherwise hold this action forever.
  let idle: ReturnType<typeof setTimeout> | undefined;
  let stalled = false;
  const armIdle = () => {
    if (idle !== undefined) clearTimeout(idle);
    idle = setTimeout(() => {
      stalled = true;
      stream.abort();
    }, config.timeoutMs);
  };
  armIdle();

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    chain = chain.then(async () => {
      if (!batcher.hasPending() || stopped) return;
      batcher.take(Date.now());
      const { stop } = await ctx.runMutation(internal.llm.queue.delta, { requestId, text, toolInputJson });
      if (stop && !stopped) {
        stopped = true;
        stream.abort();
      }
    });
    return chain;
  };

  try {
    for await (const event of stream) {
      armIdle();
      if (event.type === "content_block_start" && event.content_block.type === "tool_use" && toolBlockIndex === undefined) {
        toolBlockIndex = event.index;
        toolInputJson = "";
        continue;
      }
      if (event.type !== "content_block_delta") continue;
      let piece: string;
      if (event.delta.type === "text_delta") {
        piece = event.delta.text;
        text += piece;
      } else if (event.delta.type === "input_json_delta" && event.index === toolBlockIndex) {
        piece = event.delta.partial_json;
        toolInputJson = (toolInputJson ?? "") + piece;
      } else {
        continue;
      }
      const now = Date.now();
      ttftMs ??= now - started;
      if (batcher.push(piece, now)) {
        void flush();
      } else if (timer === undefined) {
        timer = setTimeout(() => void flush(), batcher.msUntilDue(now) ?? 0);
      }
    }
    clearTimeout(idle);
    deadline.arrived();
    await flush();
    const message = await stream.finalMessage();
    return {
      ok: true,
      ...summarizeMessage(message),
      stopped: false,
      providerRequestId: stream.request_id ?? undefined,
      latencyMs: Date.now() - started,
      ttftMs,
    };
  } catch (error) {
    if (timer !== undefined) clearTimeout(timer);
    clearTimeout(idle);
    deadline.arrived();
    await chain.catch(() => undefined);
    if (deadline.fired) throw headersTimeoutError(config.headersTimeoutMs);
    if (stalled) throw new APIConnectionTimeoutError({ message: "The stream stalled." });
    if (stopped && error instanceof APIUserAbortError) {
      return {
        ok: true,
        text,
        toolUses: [],
        // The provider bills what it generated before the stop; estimate it.
        inputTokens: 0,
        outputTokens: Math.ceil(text.length / 4),
        stopped: true,
        providerRequestId: stream.request_id ?? undefined,
        latencyMs: Date.now() - started,
        ttftMs,
      };
    }
    throw error;
  }
}
