import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parseIsoDate } from "./dates";
import { ALL_FAULT_KINDS, chooseFault, FAULT_KINDS, FaultScript, faultError, GARBAGE_SSE, isContentFault, spoilReply, truncatedJson, type FaultKind, type FaultPlan } from "./faults";
import { rateLimitHeaders, SlidingWindowLimiter, type LimitDecision } from "./limiter";
import { errorJson, messageJson, messageStartEvent, type ApiErrorType } from "./message-shape";
import { FAKE_HEADER, getModel, listModels } from "./models";
import { planReply, type PlannedReply } from "./reply-plan";
import { checkAuth, checkVersion, parseJsonBody, presentedApiKey, validateMessagesBody } from "./request-validation";
import { makeId } from "./seeded";
import { replyDurationMs, runStream, SSE_HEADERS, sseFrame } from "./sse";
import { StatsRecorder, type FakeStats, type RecentRequest } from "./stats";
import { estimateInputTokens } from "./tokens";

// A loopback stand-in for the Anthropic Messages API. The app reaches Claude
// only through @anthropic-ai/sdk with a baseURL, so pointing that URL here
// gives offline development, tests and benchmarks a server that behaves like
// the real one: same shapes, same errors, realistic pacing, and failures on
// demand.

export interface FakeAnthropicOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the fake is for this machine only. */
  host?: string;
  /** Same seed + same request → same reply, ids and faults. Default 42. */
  seed?: number | string;
  /** Delay before the first token, ms. Default 300. */
  ttftMs?: number;
  /** Output tokens per second after the first. Default 60. */
  tps?: number;
  /** Own requests-per-window limit on POST /v1/messages; 0 disables it. Default 50. */
  rpm?: number;
  /** Length of the rate-limit window, ms. Default 60 000. */
  windowMs?: number;
  /** Share of /v1/messages requests given a random fault, 0..1. Default 0. */
  faultRate?: number;
  /** Kinds the random faults are drawn from. Default: all. */
  faults?: readonly FaultKind[];
  /** For streamed replies, random faults strike after this many tokens. Default: before responding. */
  faultAfterTokens?: number | null;
  /** When set, only this key is accepted; otherwise any non-empty key is. */
  apiKey?: string;
  /** YYYY-MM-DD "today" for dates in tool inputs when the system prompt states none. Default: the server clock's date. */
  baseDate?: string;
  /** How many x-fake-timestamps requests /__stats keeps. Default 20. */
  recentLimit?: number;
  /** Record delta timings for every stream, as if each sent x-fake-timestamps (for benchmarks). */
  timestamps?: boolean;
  /** Largest accepted request body, bytes. Default 32 MiB like the real API. */
  maxBodyBytes?: number;
  /** Receives one line per handled request (the CLI's --verbose). */
  log?: (line: string) => void;
}

export interface FakeAnthropicServer {
  /** Base URL for the SDK's baseURL option, e.g. http://127.0.0.1:8788 */
  url: string;
  port: number;
  host: string;
  stats(): FakeStats;
  /** Zeroes the counters, the rate-limit window and the request sequence. */
  reset(): void;
  /** Stops listening and ends every connection, hanging ones included. */
  close(): Promise<void>;
}

interface Config {
  host: string;
  port: number;
  seed: string;
  ttftMs: number;
  tps: number;
  rpm: number;
  windowMs: number;
  faultRate: number;
  faults: readonly FaultKind[];
  faultAfterTokens: number | null;
  apiKey: string | undefined;
  baseDate: string | undefined;
  recentLimit: number;
  timestamps: boolean;
  maxBodyBytes: number;
  log: ((line: string) => void) | undefined;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  return v;
}

export function resolveConfig(options: FakeAnthropicOptions): Config {
  const seed = String(options.seed ?? 42);
  const tps = nonNegative("tps", options.tps, 60);
  if (tps === 0) throw new Error("tps must be greater than 0");
  const faultRate = nonNegative("faultRate", options.faultRate, 0);
  if (faultRate > 1) throw new Error(`faultRate must be between 0 and 1, got ${faultRate}`);
  const windowMs = nonNegative("windowMs", options.windowMs, 60_000);
  if (windowMs === 0) throw new Error("windowMs must be greater than 0");
  const faults = options.faults ?? FAULT_KINDS;
  for (const kind of faults) if (!(ALL_FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown fault kind "${kind}"`);
  const baseDate = options.baseDate;
  if (baseDate !== undefined && parseIsoDate(baseDate) === null) throw new Error(`baseDate must be YYYY-MM-DD, got "${baseDate}"`);
  if (options.apiKey !== undefined && options.apiKey.trim() === "") throw new Error("apiKey must not be empty");
  const afterTokens = options.faultAfterTokens ?? null;
  if (afterTokens !== null) nonNegative("faultAfterTokens", afterTokens, 0);
  return {
    host: options.host ?? "127.0.0.1",
    port: Math.trunc(nonNegative("port", options.port, 0)),
    seed,
    ttftMs: nonNegative("ttftMs", options.ttftMs, 300),
    tps,
    rpm: Math.trunc(nonNegative("rpm", options.rpm, 50)),
    windowMs,
    faultRate,
    faults,
    faultAfterTokens: afterTokens,
    apiKey: options.apiKey,
    baseDate,
    recentLimit: Math.trunc(nonNegative("recentLimit", options.recentLimit, 20)),
    timestamps: options.timestamps === true,
    maxBodyBytes: nonNegative("maxBodyBytes", options.maxBodyBytes, 32 * 1024 * 1024),
    log: options.log,
  };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim();
}

/** A per-request override like x-fake-ttft-ms; undefined when absent, Error when malformed. */
function numberHeader(req: IncomingMessage, name: string, positive: boolean): number | undefined | Error {
  const raw = headerValue(req, name);
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (positive && n === 0)) {
    return new Error(`${name}: expected a ${positive ? "positive" : "non-negative"} number, got "${raw}"`);
  }
  return n;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "request-id, x-fake-anthropic, retry-after, retry-after-ms, anthropic-ratelimit-requests-limit, anthropic-ratelimit-requests-remaining, anthropic-ratelimit-requests-reset",
};

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropicServer> {
  const config = resolveConfig(options);
  const stats = new StatsRecorder(config.recentLimit);
  const limiter = new SlidingWindowLimiter(config.rpm, config.windowMs);
  // Sequence numbers make request ids and random faults reproducible for a
  // given seed and order of requests; /__reset rewinds them.
  let requestSeq = 0;
  let messageSeq = 0;
  const script = new FaultScript();

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    stats.status(status);
    res.writeHead(status, {
      ...headers,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  };

  const sendError = (
    res: ServerResponse,
    requestId: string,
    status: number,
    type: ApiErrorType,
    message: string,
    headers: Record<string, string> = {},
  ) => sendJson(res, status, errorJson(type, message, requestId), headers);

  async function handleMessages(req: IncomingMessage, res: ServerResponse, requestId: string, countOnly: boolean) {
    if (!countOnly) stats.messages++;
    const auth = checkAuth(req.headers, config.apiKey);
    if (auth) return sendError(res, requestId, auth.status, auth.type, auth.message);
    const version = checkVersion(req.headers);
    if (version) return sendError(res, requestId, version.status, version.type, version.message);

    let raw: string;
    try {
      raw = await readBody(req, config.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.setHeader("connection", "close");
        return sendError(res, requestId, 413, "request_too_large", `Request exceeds the maximum allowed size of ${config.maxBodyBytes} bytes`);
      }
      throw err;
    }
    const parsed = parseJsonBody(raw);
    if (!parsed.ok) return sendError(res, requestId, parsed.problem.status, parsed.problem.type, parsed.problem.message);
    const valid = validateMessagesBody(parsed.value, { requireMaxTokens: !countOnly });
    if (!valid.ok) return sendError(res, requestId, valid.problem.status, valid.problem.type, valid.problem.message);
    const request = valid.value;

    if (countOnly) {
      return sendJson(res, 200, { input_tokens: estimateInputTokens([request.system, request.messages, request.tools]) });
    }

    const decision = limiter.take();
    const limitHeaders = rateLimitHeaders(decision);
    if (!decision.allowed) {
      stats.rateLimited++;
      return sendError(res, requestId, 429, "rate_limit_error", ownLimitMessage(decision, config.windowMs), {
        ...limitHeaders,
        "retry-after": String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))),
        // The SDK prefers this precise value, which matters with short windows.
        "retry-after-ms": String(Math.ceil(decision.retryAfterMs)),
      });
    }

    let fault: FaultPlan | null;
    const ttft = numberHeader(req, "x-fake-ttft-ms", false);
    const tps = numberHeader(req, "x-fake-tps", true);
    try {
      fault = chooseFault(
        req.headers,
        { rate: config.faultRate, kinds: config.faults, afterTokens: config.faultAfterTokens },
        config.seed,
        messageSeq++,
        () => script.next(presentedApiKey(req.headers)),
      );
      for (const v of [ttft, tps]) if (v instanceof Error) throw v;
    } catch (err) {
      return sendError(res, requestId, 400, "invalid_request_error", (err as Error).message, limitHeaders);
    }
    const ttftMs = (ttft as number | undefined) ?? config.ttftMs;
    const tokensPerSecond = (tps as number | undefined) ?? config.tps;

    let reply = planReply(request, { seed: config.seed, baseDate: config.baseDate });
    if (fault && isContentFault(fault.kind)) {
      // A careless answer, delivered like any other reply.
      stats.fault(fault.kind);
      reply = spoilReply(reply, fault.kind);
      fault = null;
    }
    const stream = request.stream === true;
    const immediate = fault && (fault.afterTokens === null || !stream) ? fault : null;

    if (immediate) return injectFault(req, res, requestId, immediate, reply, stream, limitHeaders);
    if (stream) return streamReply(req, res, requestId, reply, fault, ttftMs, tokensPerSecond, limitHeaders);
    return delayedJson(res, reply, replyDurationMs(reply, ttftMs, tokensPerSecond), limitHeaders);
  }

  function countReply(reply: PlannedReply) {
    stats.inputTokens += reply.inputTokens;
    stats.outputTokens += reply.outputTokens;
    if (reply.blocks.some((b) => b.type === "tool_use")) stats.toolUse++;
  }

  function delayedJson(res: ServerResponse, reply: PlannedReply, delayMs: number, headers: Record<string, string>) {
    const timer = setTimeout(() => {
      if (res.destroyed) return;
      countReply(reply);
      sendJson(res, 200, messageJson(reply), headers);
    }, delayMs);
    res.on("close", () => clearTimeout(timer));
  }

  function streamReply(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    reply: PlannedReply,
    fault: FaultPlan | null,
    ttftMs: number,
    tps: number,
    headers: Record<string, string>,
  ) {
    stats.status(200);
    stats.streamed++;
    res.writeHead(200, { ...headers, ...SSE_HEADERS });
    res.flushHeaders();
    let recent: RecentRequest | null = null;
    if (config.timestamps || /^(1|true|yes|on)$/i.test(headerValue(req, "x-fake-timestamps") ?? "")) {
      recent = stats.track({
        request_id: requestId,
        message_id: reply.id,
        started_wall_ms: Date.now(),
        started_hr_ms: performance.timeOrigin + performance.now(),
        ttft_ms: ttftMs,
        tps,
        deltas: [],
        outcome: null,
      });
    }
    runStream({
      res,
      reply,
      ttftMs,
      tps,
      requestId,
      fault,
      onDelta: recent ? (timing) => recent.deltas.push(timing) : undefined,
      onFinish: (outcome) => {
        if (recent) recent.outcome = outcome;
        if (outcome === "complete") countReply(reply);
        else if (outcome !== "client_closed") stats.fault(outcome);
      },
    });
  }

  function injectFault(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    fault: FaultPlan,
    reply: PlannedReply,
    stream: boolean,
    headers: Record<string, string>,
  ) {
    stats.fault(fault.kind);
    const error = faultError(fault.kind);
    if (error) {
      const extra: Record<string, string> = fault.kind === "429" ? { "retry-after": String(fault.retryAfterSeconds) } : {};
      return sendError(res, requestId, error.status, error.type, error.message, { ...headers, ...extra });
    }
    if (fault.kind === "reset") {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault.kind === "hang") return; // close() or the client's timeout ends it.
    // malformed: a 200 whose body cannot be parsed.
    stats.status(200);
    if (stream) {
      stats.streamed++;
      res.writeHead(200, { ...headers, ...SSE_HEADERS });
      res.end(sseFrame("message_start", messageStartEvent(reply)) + GARBAGE_SSE);
      return;
    }
    const body = truncatedJson(JSON.stringify(messageJson(reply)));
    res.writeHead(200, { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
    res.end(body);
  }

  function route(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
    const requestId = makeId("req", config.seed, requestSeq++);
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    res.setHeader("request-id", requestId);
    res.setHeader(FAKE_HEADER, "1");
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);

    if (method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }

    if (path === "/__stats" && method === "GET") return void sendJsonUncounted(res, stats.snapshot());
    if (path === "/__faults" && method === "GET") return void sendJsonUncounted(res, { pending: script.pending() });
    if (path === "/__faults" && method === "POST") return void addScriptedFaults(req, res);
    if (path === "/__reset" && method === "POST") {
      resetAll();
      return void sendJsonUncounted(res, { ok: true });
    }

    stats.requests++;
    if (path === "/v1/messages" && method === "POST") return handleMessages(req, res, requestId, false);
    if (path === "/v1/messages/count_tokens" && method === "POST") return handleMessages(req, res, requestId, true);
    if (path === "/v1/models" || path.startsWith("/v1/models/")) {
      if (method !== "GET") return sendError(res, requestId, 405, "invalid_request_error", `Method ${method} not allowed for ${path}`);
      const auth = checkAuth(req.headers, config.apiKey) ?? checkVersion(req.headers);
      if (auth) return sendError(res, requestId, auth.status, auth.type, auth.message);
      if (path === "/v1/models") return sendJson(res, 200, listModels());
      const id = decodeURIComponent(path.slice("/v1/models/".length));
      const model = getModel(id);
      return model ? sendJson(res, 200, model) : sendError(res, requestId, 404, "not_found_error", `model: ${id}`);
    }
    if (path === "/" && method === "GET") return sendJson(res, 200, { name: "fake-anthropic", ok: true });
    if (path === "/v1/messages" || path === "/v1/messages/count_tokens") {
      return sendError(res, requestId, 405, "invalid_request_error", `Method ${method} not allowed for ${path}`);
    }
    return sendError(res, requestId, 404, "not_found_error", `Not found: ${method} ${path}`);
  }

  function sendJsonUncounted(res: ServerResponse, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), "cache-control": "no-store" });
    res.end(text);
  }

  async function addScriptedFaults(req: IncomingMessage, res: ServerResponse) {
    try {
      const parsed = parseJsonBody(await readBody(req, 64 * 1024));
      if (!parsed.ok) throw new Error(parsed.problem.message);
      const body = (parsed.value ?? {}) as { faults?: unknown; apiKey?: unknown };
      if (body.apiKey !== undefined && (typeof body.apiKey !== "string" || body.apiKey === "")) throw new Error("apiKey must be a non-empty string");
      const pending = script.add(body.faults, body.apiKey as string | undefined);
      sendJsonUncounted(res, { pending });
    } catch (err) {
      const text = JSON.stringify({ error: (err as Error).message });
      res.writeHead(400, { "content-type": "application/json" });
      res.end(text);
    }
  }

  function resetAll() {
    script.clear();
    stats.reset();
    limiter.reset();
    requestSeq = 0;
    messageSeq = 0;
  }

  const server = createServer((req, res) => {
    const control = (req.url ?? "").startsWith("/__");
    if (!control) {
      stats.inFlight++;
      res.on("close", () => stats.inFlight--);
    }
    const started = performance.now();
    if (config.log) {
      res.on("close", () => {
        const status = res.headersSent ? res.statusCode : "-";
        config.log!(`${req.method} ${req.url} ${status} ${Math.round(performance.now() - started)}ms${res.writableFinished ? "" : " (closed early)"}`);
      });
    }
    Promise.resolve()
      .then(() => route(req, res))
      .catch((err: unknown) => {
        if (res.headersSent) return void res.destroy();
        const requestId = String(res.getHeader("request-id") ?? makeId("req", config.seed, "error", requestSeq));
        sendError(res, requestId, 500, "api_error", `Internal error in fake-anthropic: ${(err as Error).message}`);
      });
  });
  // Token pacing is the point of a stream; Nagle's algorithm would batch it.
  server.on("connection", (socket) => socket.setNoDelay(true));
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    host: address.address,
    stats: () => stats.snapshot(),
    reset: resetAll,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function ownLimitMessage(decision: LimitDecision, windowMs: number): string {
  const window = windowMs === 60_000 ? "per minute" : `per ${windowMs} ms`;
  return `This request would exceed the rate limit of ${decision.limit} requests ${window}. Please wait before trying again.`;
}
