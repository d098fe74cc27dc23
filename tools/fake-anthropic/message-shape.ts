import type { PlannedBlock, PlannedReply } from "./reply-plan";

// The exact JSON shapes of @anthropic-ai/sdk's Message and RawMessageStreamEvent
// types, every non-optional field present, so typed clients see nothing missing.

function usage(reply: PlannedReply, outputTokens: number) {
  return {
    input_tokens: reply.inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: "standard",
    speed: "standard",
  };
}

function blockJson(block: PlannedBlock) {
  return block.type === "text"
    ? { type: "text", text: block.text, citations: null }
    : { type: "tool_use", id: block.id, name: block.name, input: block.input, caller: { type: "direct" } };
}

function envelope(reply: PlannedReply) {
  return { id: reply.id, type: "message", role: "assistant", model: reply.model };
}

export function messageJson(reply: PlannedReply) {
  return {
    ...envelope(reply),
    content: reply.blocks.map(blockJson),
    stop_reason: reply.stopReason,
    stop_sequence: reply.stopSequence,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usage(reply, reply.outputTokens),
  };
}

export function messageStartEvent(reply: PlannedReply) {
  return {
    type: "message_start",
    message: {
      ...envelope(reply),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      // The real API reports a token or so here and the total in message_delta.
      usage: usage(reply, 1),
    },
  };
}

export function contentBlockStartEvent(block: PlannedBlock, index: number) {
  const content_block =
    block.type === "text"
      ? { type: "text", text: "", citations: null }
      : { type: "tool_use", id: block.id, name: block.name, input: {}, caller: { type: "direct" } };
  return { type: "content_block_start", index, content_block };
}

export function contentBlockDeltaEvent(block: PlannedBlock, index: number, piece: string) {
  const delta = block.type === "text" ? { type: "text_delta", text: piece } : { type: "input_json_delta", partial_json: piece };
  return { type: "content_block_delta", index, delta };
}

export function contentBlockStopEvent(index: number) {
  return { type: "content_block_stop", index };
}

export function messageDeltaEvent(reply: PlannedReply) {
  return {
    type: "message_delta",
    delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence, stop_details: null, container: null },
    usage: {
      input_tokens: reply.inputTokens,
      output_tokens: reply.outputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens_details: null,
      server_tool_use: null,
    },
  };
}

export const messageStopEvent = { type: "message_stop" } as const;
export const pingEvent = { type: "ping" } as const;

export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

export function errorJson(type: ApiErrorType, message: string, requestId: string) {
  return { type: "error", error: { type, message }, request_id: requestId };
}
