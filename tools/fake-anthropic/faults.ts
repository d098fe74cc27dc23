import type { IncomingHttpHeaders } from "node:http";
import type { ApiErrorType } from "./message-shape";
import type { PlannedBlock, PlannedReply } from "./reply-plan";
import { hashFloat, pick } from "./seeded";
import { splitTokens } from "./tokens";

// Failures a real deployment meets — rate limits, 5xx, overload, dropped and
// stalled connections, garbage bodies — on demand (a request header) or at a
// seeded random rate (start-up flags), so retry and timeout paths get tested.

/** Transient faults: the ones random injection draws from. */
export const FAULT_KINDS = ["429", "500", "529", "reset", "hang", "malformed"] as const;
/** Permanent client errors, injectable on demand so callers can test giving up. */
export const PERMANENT_FAULT_KINDS = ["400", "401", "403", "404", "413"] as const;
/**
 * Answers a careless model gives: a 200 whose content is unusable. `no_tool`
 * answers in words instead of calling the tool; `bad_tool_input` calls it
 * with cut-off JSON. On demand only (header, script, or named in `--faults`).
 */
export const CONTENT_FAULT_KINDS = ["no_tool", "bad_tool_input"] as const;
export const ALL_FAULT_KINDS = [...FAULT_KINDS, ...PERMANENT_FAULT_KINDS, ...CONTENT_FAULT_KINDS] as const;
export type ContentFaultKind = (typeof CONTENT_FAULT_KINDS)[number];

export function isContentFault(kind: FaultKind): kind is ContentFaultKind {
  return (CONTENT_FAULT_KINDS as readonly string[]).includes(kind);
}

/** The words a model answers with when it does not call the tool it was asked to. */
export const NO_TOOL_TEXT = "I'm not able to give a reliable answer in that format for this request, so I'll leave it there.";

/**
 * The planned reply spoiled as `kind` says: `no_tool` replaces the blocks of
 * a reply that calls a tool with one text block (stop reason `end_turn`);
 * `bad_tool_input` keeps the call but its input is the first half of its
 * JSON: streamed as input_json_delta pieces that never close, and in a JSON
 * reply the `input` is that cut-off text as a string. A reply without a tool
 * call is left as it is.
 */
export function spoilReply(reply: PlannedReply, kind: ContentFaultKind): PlannedReply {
  const call = reply.blocks.find((b) => b.type === "tool_use");
  if (!call) return reply;
  let blocks: PlannedBlock[];
  let stopReason = reply.stopReason;
  if (kind === "no_tool") {
    blocks = [{ type: "text", text: NO_TOOL_TEXT, tokens: splitTokens(NO_TOOL_TEXT) }];
    stopReason = "end_turn";
  } else {
    const json = JSON.stringify(call.input);
    // Any proper prefix of an object's JSON is invalid JSON.
    const cut = json.slice(0, Math.max(1, Math.min(json.length - 1, Math.floor(json.length / 2))));
    blocks = reply.blocks.map((b) => (b === call ? { ...call, input: cut, tokens: splitTokens(cut) } : b));
  }
  return { ...reply, blocks, stopReason, stopSequence: null, outputTokens: blocks.reduce((n, b) => n + b.tokens.length, 0) };
}
export type FaultKind = (typeof ALL_FAULT_KINDS)[number];

export function isFaultKind(value: string): value is FaultKind {
  return (ALL_FAULT_KINDS as readonly string[]).includes(value);
}

/** Parses "429,500,reset"; throws on unknown kinds so typos in flags fail loudly. */
export function parseFaultList(text: string): FaultKind[] {
  const kinds = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const kind of kinds) {
    if (!isFaultKind(kind)) throw new Error(`unknown fault "${kind}" (expected ${ALL_FAULT_KINDS.join(", ")})`);
  }
  return kinds as FaultKind[];
}

export interface FaultConfig {
  /** Share of /v1/messages requests that get a random fault, 0..1. */
  rate: number;
  kinds: readonly FaultKind[];
  /** For streams: strike after this many tokens instead of before the response. */
  afterTokens: number | null;
}

export interface FaultPlan {
  kind: FaultKind;
  /** Tokens streamed before the fault strikes; null strikes before any response. */
  afterTokens: number | null;
  retryAfterSeconds: number;
  source: "header" | "random" | "script";
}

export const DEFAULT_RETRY_AFTER_SECONDS = 1;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim();
}

function nonNegativeInt(text: string | undefined, name: string): number | null {
  if (text === undefined || text === "") return null;
  if (!/^\d+$/.test(text)) throw new Error(`${name}: expected a non-negative integer, got "${text}"`);
  return Number(text);
}

/**
 * The fault for this request, if any: `x-fake-fault` wins (`none` opts out of
 * random faults), else the seeded draw for request number `sequence`.
 * Throws with a message for a malformed header.
 */
export function chooseFault(
  headers: IncomingHttpHeaders,
  config: FaultConfig,
  seed: string,
  sequence: number,
  scripted?: () => FaultPlan | undefined,
): FaultPlan | null {
  const requested = header(headers, "x-fake-fault")?.toLowerCase();
  const afterHeader = nonNegativeInt(header(headers, "x-fake-fault-after"), "x-fake-fault-after");
  const retryAfter = nonNegativeInt(header(headers, "x-fake-retry-after"), "x-fake-retry-after") ?? DEFAULT_RETRY_AFTER_SECONDS;

  if (requested !== undefined && requested !== "") {
    if (requested === "none") return null;
    if (!isFaultKind(requested)) throw new Error(`x-fake-fault: unknown fault "${requested}" (expected ${ALL_FAULT_KINDS.join(", ")} or none)`);
    return { kind: requested, afterTokens: afterHeader, retryAfterSeconds: retryAfter, source: "header" };
  }
  const next = scripted?.();
  if (next) return next;
  if (config.rate <= 0 || config.kinds.length === 0) return null;
  if (hashFloat(seed, "fault", sequence) >= config.rate) return null;
  return {
    kind: pick(config.kinds, seed, "fault-kind", sequence),
    afterTokens: afterHeader ?? config.afterTokens,
    retryAfterSeconds: retryAfter,
    source: "random",
  };
}

/** Status and error body for the faults that answer with an HTTP error. */
export function faultError(kind: FaultKind): { status: number; type: ApiErrorType; message: string } | null {
  switch (kind) {
    case "429":
      return { status: 429, type: "rate_limit_error", message: "Number of requests has exceeded your rate limit (injected fault)" };
    case "500":
      return { status: 500, type: "api_error", message: "Internal server error (injected fault)" };
    case "529":
      return { status: 529, type: "overloaded_error", message: "Overloaded (injected fault)" };
    case "400":
      return { status: 400, type: "invalid_request_error", message: "Invalid request (injected fault)" };
    case "401":
      return { status: 401, type: "authentication_error", message: "Invalid API key (injected fault)" };
    case "403":
      return { status: 403, type: "permission_error", message: "Permission denied (injected fault)" };
    case "404":
      return { status: 404, type: "not_found_error", message: "Not found (injected fault)" };
    case "413":
      return { status: 413, type: "request_too_large", message: "Request too large (injected fault)" };
    default:
      return null;
  }
}

/** Half a JSON document: what a client sees when a proxy cuts a body short. */
export function truncatedJson(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}

/** An SSE event whose data is cut-off JSON, as from a corrupted stream. */
export const GARBAGE_SSE = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"trunc\n\n';

/**
 * Faults queued through `POST /__faults`, served to the next /v1/messages
 * requests in order: tests that go through a client they cannot add headers
 * to (the app's own gateway) still get exactly the failures they need.
 */
export class FaultScript {
  /** Queues by API key; "*" serves requests with any key. */
  private queues = new Map<string, FaultPlan[]>();

  /**
   * Validates every entry before queueing any, so a bad request changes
   * nothing. With `apiKey`, the faults go only to requests carrying that key:
   * test files sharing one server then cannot take each other's faults.
   */
  add(entries: unknown, apiKey = "*"): number {
    if (!Array.isArray(entries)) throw new Error('body must be {"faults": [{"kind": "500"}, …], "apiKey"?: "…"}');
    const plans = entries.map((entry, i): FaultPlan => {
      const { kind, retryAfterS, afterTokens } = (entry ?? {}) as Record<string, unknown>;
      if (typeof kind !== "string" || !isFaultKind(kind)) {
        throw new Error(`faults[${i}].kind must be one of ${ALL_FAULT_KINDS.join(", ")}`);
      }
      const ok = (v: unknown) => v === undefined || (typeof v === "number" && Number.isInteger(v) && v >= 0);
      if (!ok(retryAfterS) || !ok(afterTokens)) throw new Error(`faults[${i}]: retryAfterS and afterTokens are non-negative integers`);
      return {
        kind,
        afterTokens: (afterTokens as number | undefined) ?? null,
        retryAfterSeconds: (retryAfterS as number | undefined) ?? DEFAULT_RETRY_AFTER_SECONDS,
        source: "script",
      };
    });
    const queue = this.queues.get(apiKey) ?? [];
    queue.push(...plans);
    this.queues.set(apiKey, queue);
    return queue.length;
  }

  /** The next fault for a request with this key: its own queue first, then the shared one. */
  next(apiKey: string | undefined): FaultPlan | undefined {
    for (const key of [apiKey, "*"]) {
      const queue = key === undefined ? undefined : this.queues.get(key);
      const plan = queue?.shift();
      if (plan) return plan;
    }
    return undefined;
  }

  pending(apiKey?: string): number {
    if (apiKey !== undefined) return this.queues.get(apiKey)?.length ?? 0;
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  clear(): void {
    this.queues.clear();
  }
}
