/**
 * The deployment's HTTP API (the port clients know as the deployment URL),
 * as `ConvexHttpClient` uses it (convex/src/browser/http_client.ts):
 *   POST /api/query | /api/mutation | /api/action   {path, args: [json], format}
 *   POST /api/function                               {path, args: json, format}
 *   POST /api/query_ts -> {ts};  POST /api/query_at_ts {path, args, ts}
 * answering 200 {status: "success", value, logLines} or
 * 560 {status: "error", errorMessage, errorData?, logLines}.
 * Also file storage (upload URLs from `generateUploadUrl`, file URLs), and
 * CORS, so a browser app on another origin can call it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JSONValue } from "convex/values";
import type { TokenVerifier } from "./auth-tokens";
import type { Engine } from "./engine";
import type { FunctionKind } from "./function-registry";
import type { Persistence } from "./persistence";
import type { UploadTokens } from "./upload-tokens";

const STATUS_UDF_FAILED = 560;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface HttpApiContext {
  engine: Engine;
  verifier: TokenVerifier;
  persistence: Persistence;
  uploadTokens: UploadTokens;
  log(message: string): void;
}

const FUNCTION_ENDPOINTS: Record<string, FunctionKind | undefined> = {
  "/api/query": "query",
  "/api/query_at_ts": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
  "/api/function": undefined,
};

export function createApiHandler(ctx: HttpApiContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    applyCors(req, res);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const pathname = url.pathname;
    try {
      if (pathname in FUNCTION_ENDPOINTS && req.method === "POST") {
        await callFunction(ctx, req, res, FUNCTION_ENDPOINTS[pathname]);
      } else if (pathname === "/api/query_ts") {
        sendJson(res, 200, { ts: ctx.engine.lastCommitTs.toString() });
      } else if (pathname === "/api/storage/upload" && req.method === "POST") {
        await uploadFile(ctx, req, res, url.searchParams.get("token"));
      } else if (pathname.startsWith("/api/storage/") && req.method === "GET") {
        await serveFile(ctx, res, decodeURIComponent(pathname.slice("/api/storage/".length)));
      } else if (pathname === "/version") {
        res.writeHead(200, { "content-type": "text/plain" }).end("offline-backend");
      } else if (pathname === "/instance_name") {
        res.writeHead(200, { "content-type": "text/plain" }).end("offline");
      } else if (pathname === "/" || pathname === "/api/check_admin_key") {
        res.writeHead(200, { "content-type": "text/plain" }).end("This Convex deployment is running (Framewise offline backend).");
      } else {
        sendJson(res, 404, { code: "NotFound", message: `No route for ${req.method} ${pathname}` });
      }
    } catch (error) {
      ctx.log(`http api: ${req.method} ${pathname}: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { code: "InternalServerError", message: "Internal server error" });
      else res.end();
    }
  };
}

/**
 * Same CORS answer for every route of the API port: any origin may call it
 * (the origin echoed, or `*` without one), with the headers the clients send
 * (`authorization`, `convex-client`, ...), but never with credentials.
 *
 * Convex's backend (crates/local_backend/src/router.rs `cors()`) mirrors the
 * origin and also sends `Access-Control-Allow-Credentials: true`; that is
 * harmless there only because the API reads no cookies. Here any page the
 * developer visits could otherwise make credentialed requests to a local
 * port, so credentials are never allowed. Convex's clients never send
 * credentials (no `credentials: "include"` in convex/browser), so they work
 * the same; a hand-written credentialed fetch fails here, as it should.
 * The site port (HTTP actions) adds no CORS headers at all, as on Convex:
 * `convex/http.ts` answers preflights and sets its own headers.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader("Access-Control-Allow-Origin", origin ?? "*");
  if (origin !== undefined) res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  res.setHeader(
    "Access-Control-Allow-Headers",
    req.headers["access-control-request-headers"] ?? "content-type, authorization, convex-client, baggage, sentry-trace",
  );
  res.setHeader("Access-Control-Max-Age", "86400");
}

async function callFunction(ctx: HttpApiContext, req: IncomingMessage, res: ServerResponse, kind: FunctionKind | undefined): Promise<void> {
  const auth = await ctx.verifier.fromAuthorizationHeader(req.headers.authorization);
  if (!auth.ok) {
    sendJson(res, 401, { code: "Unauthenticated", message: auth.message });
    return;
  }
  let body: { path?: unknown; args?: unknown; componentPath?: unknown };
  try {
    body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as typeof body;
  } catch {
    sendJson(res, 400, { code: "BadJsonBody", message: "The request body is not valid JSON" });
    return;
  }
  if (typeof body.path !== "string") {
    sendJson(res, 400, { code: "BadRequest", message: "Missing `path`" });
    return;
  }
  const outcome = await ctx.engine.call({
    kind,
    udfPath: body.path,
    args: (body.args ?? {}) as JSONValue,
    auth: auth.auth,
  });
  // Acknowledge writes only once they are on disk.
  const ts = outcome.ok && outcome.commitTs !== undefined ? outcome.commitTs : ctx.engine.lastCommitTs;
  await ctx.persistence.waitDurable(ts);
  if (outcome.ok) {
    sendJson(res, 200, { status: "success", value: outcome.value, logLines: outcome.logLines });
  } else {
    sendJson(res, STATUS_UDF_FAILED, {
      status: "error",
      errorMessage: outcome.errorMessage,
      ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
      logLines: outcome.logLines,
    });
  }
}

/**
 * `POST /api/storage/upload?token=...`, the URL `generateUploadUrl` returns.
 * Without a valid, unexpired, unused token: Convex's status and `{code,
 * message}` (400 BadQueryArgs without a token, 401 StorageTokenInvalid /
 * StorageTokenExpired), and nothing is stored.
 */
async function uploadFile(ctx: HttpApiContext, req: IncomingMessage, res: ServerResponse, token: string | null): Promise<void> {
  const check = ctx.uploadTokens.consume(token);
  if (!check.ok) {
    req.resume();
    sendJson(res, check.status, { code: check.code, message: check.message });
    return;
  }
  const bytes = await readBody(req);
  const blob = new Blob([new Uint8Array(bytes)], { type: req.headers["content-type"] ?? "" });
  const storageId = await ctx.engine.runInTransaction("storage", async (txCtx) =>
    (txCtx as unknown as { storage: { store(blob: Blob): Promise<string> } }).storage.store(blob),
  );
  await ctx.persistence.flushFiles();
  await ctx.persistence.waitDurable(ctx.engine.lastCommitTs);
  sendJson(res, 200, { storageId });
}

async function serveFile(ctx: HttpApiContext, res: ServerResponse, storageId: string): Promise<void> {
  const blob = ctx.engine.adapter.getFile(storageId);
  if (blob === null) {
    sendJson(res, 404, { code: "FileNotFound", message: `File ${storageId} not found` });
    return;
  }
  const bytes = Buffer.from(await blob.arrayBuffer());
  res.writeHead(200, { "content-type": blob.type || "application/octet-stream", "content-length": bytes.length }).end(bytes);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}
