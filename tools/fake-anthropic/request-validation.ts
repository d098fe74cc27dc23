import type { IncomingHttpHeaders } from "node:http";

// Mirrors the checks the real API makes before it does any work, with the same
// statuses and error types, so clients' error handling is exercised offline.

export interface InputBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  is_error?: boolean;
  content?: string | InputBlock[];
  [key: string]: unknown;
}

export interface InputMessage {
  role: "user" | "assistant" | "system";
  content: string | InputBlock[];
}

export interface InputTool {
  name: string;
  type?: string | null;
  description?: string;
  input_schema?: Record<string, unknown>;
}

export type InputToolChoice =
  | { type: "auto" | "any"; disable_parallel_tool_use?: boolean }
  | { type: "none" }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean };

export interface MessagesRequest {
  model: string;
  max_tokens: number;
  messages: InputMessage[];
  system?: string | InputBlock[];
  tools?: InputTool[];
  tool_choice?: InputToolChoice;
  stream?: boolean;
  stop_sequences?: string[];
  [key: string]: unknown;
}

export interface RequestProblem {
  status: number;
  type: "invalid_request_error" | "authentication_error" | "not_found_error" | "request_too_large";
  message: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; problem: RequestProblem };

const invalid = (message: string): { ok: false; problem: RequestProblem } => ({
  ok: false,
  problem: { status: 400, type: "invalid_request_error", message },
});

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The key a request authenticates with. The real API takes `x-api-key`; this
 * SDK version sends the key as `Authorization: Bearer`, so both are accepted.
 */
export function presentedApiKey(headers: IncomingHttpHeaders): string {
  const direct = header(headers, "x-api-key")?.trim();
  if (direct) return direct;
  const bearer = /^Bearer\s+(.+)$/i.exec(header(headers, "authorization")?.trim() ?? "");
  return bearer?.[1]?.trim() ?? "";
}

export function checkAuth(headers: IncomingHttpHeaders, requiredKey: string | undefined): RequestProblem | null {
  const key = presentedApiKey(headers);
  if (!key) {
    return { status: 401, type: "authentication_error", message: "x-api-key header is required" };
  }
  if (requiredKey !== undefined && key !== requiredKey) {
    return { status: 401, type: "authentication_error", message: "invalid x-api-key" };
  }
  return null;
}

export function checkVersion(headers: IncomingHttpHeaders): RequestProblem | null {
  const version = header(headers, "anthropic-version")?.trim();
  if (!version) {
    return { status: 400, type: "invalid_request_error", message: "anthropic-version: header is required" };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    return { status: 400, type: "invalid_request_error", message: `anthropic-version: "${version}" is not a valid version` };
  }
  return null;
}

export function parseJsonBody(raw: string): Result<unknown> {
  if (raw.trim() === "") return invalid("Request body is empty; expected a JSON object");
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return invalid("There was an error parsing the body of your request: invalid JSON");
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkBlocks(blocks: unknown[], where: string): string | null {
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isObject(block) || typeof block["type"] !== "string") return `${where}.${i}.type: Field required`;
    if (block["type"] === "text" && typeof block["text"] !== "string") return `${where}.${i}.text: Field required`;
    if (block["type"] === "tool_use") {
      if (typeof block["id"] !== "string") return `${where}.${i}.id: Field required`;
      if (typeof block["name"] !== "string") return `${where}.${i}.name: Field required`;
    }
    if (block["type"] === "tool_result" && typeof block["tool_use_id"] !== "string") {
      return `${where}.${i}.tool_use_id: Field required`;
    }
  }
  return null;
}

/** Body checks for POST /v1/messages (and, minus max_tokens, count_tokens). */
export function validateMessagesBody(body: unknown, opts: { requireMaxTokens: boolean }): Result<MessagesRequest> {
  if (!isObject(body)) return invalid("Request body must be a JSON object");

  if (body["model"] === undefined) return invalid("model: Field required");
  if (typeof body["model"] !== "string" || body["model"].trim() === "") return invalid("model: Input should be a non-empty string");

  if (opts.requireMaxTokens) {
    if (body["max_tokens"] === undefined) return invalid("max_tokens: Field required");
    const maxTokens = body["max_tokens"];
    if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens)) return invalid("max_tokens: Input should be a valid integer");
    if (maxTokens < 1) return invalid("max_tokens: Input should be greater than or equal to 1");
  }

  if (body["messages"] === undefined) return invalid("messages: Field required");
  const messages = body["messages"];
  if (!Array.isArray(messages)) return invalid("messages: Input should be a valid list");
  if (messages.length === 0) return invalid("messages: at least one message is required");
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isObject(m)) return invalid(`messages.${i}: Input should be an object`);
    if (m["role"] !== "user" && m["role"] !== "assistant" && m["role"] !== "system") {
      return invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    const content = m["content"];
    if (typeof content === "string") continue;
    if (!Array.isArray(content)) return invalid(`messages.${i}.content: Field required`);
    const problem = checkBlocks(content, `messages.${i}.content`);
    if (problem) return invalid(problem);
  }

  const system = body["system"];
  if (system !== undefined && typeof system !== "string") {
    if (!Array.isArray(system)) return invalid("system: Input should be a valid string or list of text blocks");
    const problem = checkBlocks(system, "system");
    if (problem) return invalid(problem);
  }

  if (body["stream"] !== undefined && typeof body["stream"] !== "boolean") return invalid("stream: Input should be a valid boolean");

  const stops = body["stop_sequences"];
  if (stops !== undefined && (!Array.isArray(stops) || stops.some((s) => typeof s !== "string"))) {
    return invalid("stop_sequences: Input should be a list of strings");
  }

  const temperature = body["temperature"];
  if (temperature !== undefined && (typeof temperature !== "number" || temperature < 0 || temperature > 1)) {
    return invalid("temperature: Input should be a number between 0 and 1");
  }

  const tools = body["tools"];
  const names = new Set<string>();
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return invalid("tools: Input should be a valid list");
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[i];
      if (!isObject(tool)) return invalid(`tools.${i}: Input should be an object`);
      if (typeof tool["name"] !== "string") return invalid(`tools.${i}.name: Field required`);
      if (!/^[a-zA-Z0-9_-]{1,128}$/.test(tool["name"])) {
        return invalid(`tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
      }
      if (names.has(tool["name"])) return invalid(`tools: Tool names must be unique ("${tool["name"]}")`);
      names.add(tool["name"]);
      const custom = tool["type"] === undefined || tool["type"] === null || tool["type"] === "custom";
      if (custom) {
        const schema = tool["input_schema"];
        if (schema === undefined) return invalid(`tools.${i}.custom.input_schema: Field required`);
        if (!isObject(schema) || schema["type"] !== "object") {
          return invalid(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
        }
      }
    }
  }

  const choice = body["tool_choice"];
  if (choice !== undefined) {
    if (!isObject(choice) || !["auto", "any", "tool", "none"].includes(choice["type"] as string)) {
      return invalid("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
    }
    if (choice["type"] === "tool") {
      if (typeof choice["name"] !== "string") return invalid("tool_choice.tool.name: Field required");
      if (!names.has(choice["name"])) return invalid(`tool_choice: tool '${choice["name"]}' not found in provided tools`);
    }
    if ((choice["type"] === "any" || choice["type"] === "tool") && names.size === 0) {
      return invalid("tool_choice: may only be specified while providing tools");
    }
  }

  return { ok: true, value: body as MessagesRequest };
}
