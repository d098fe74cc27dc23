import Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsNonStreaming, Message } from "@anthropic-ai/sdk/resources/messages";
import type { LlmParams } from "./tables";

/**
 * The one place an Anthropic client is built. The SDK's own retries are off:
 * retries are durable, scheduled by the gateway, and recorded per attempt.
 */
export function createAnthropicClient(options: { apiKey: string; baseURL?: string; timeoutMs: number }): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
}

export function toMessageParams(model: string, params: LlmParams): MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: params.maxTokens,
    messages: params.messages,
    ...(params.system !== undefined ? { system: params.system } : {}),
    ...(params.tools !== undefined ? { tools: params.tools } : {}),
    ...(params.toolChoice !== undefined ? { tool_choice: params.toolChoice } : {}),
    ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
  } as MessageCreateParamsNonStreaming;
}

export function summarizeMessage(message: Message) {
  let text = "";
  const toolUses: { id: string; name: string; input: unknown }[] = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "tool_use") toolUses.push({ id: block.id, name: block.name, input: block.input });
  }
  return {
    text,
    toolUses,
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    stopReason: message.stop_reason ?? undefined,
  };
}
