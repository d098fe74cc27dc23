/**
 * The deployment's site (what Convex serves at `*.convex.site`): every
 * request goes to the app's `convex/http.ts` router through convex-test's
 * `t.fetch`, with the identity from an `Authorization: Bearer` header.
 *
 * Limitation inherited from `t.fetch`: the handler's `request.url` has the
 * host `some.convex.site` (path and query are preserved); use
 * `process.env.CONVEX_SITE_URL` for absolute URLs, as Convex Auth does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { TokenVerifier } from "./auth-tokens";
import { authIdentity, type Engine } from "./engine";
import { readBody } from "./http-api";
import type { Persistence } from "./persistence";

export interface SiteContext {
  engine: Engine;
  verifier: TokenVerifier;
  persistence: Persistence;
  log(message: string): void;
}

export function createSiteHandler(ctx: SiteContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const method = req.method ?? "GET";
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || name.startsWith(":")) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
      const auth = await ctx.verifier.fromAuthorizationHeader(req.headers.authorization);
      // An unverifiable token makes the request anonymous rather than failing
      // it: routes like the OAuth callbacks must work regardless.
      const identity = auth.ok ? authIdentity(auth.auth) : null;
      const response = await ctx.engine.runHttp(req.url ?? "/", { method, headers, body }, identity);
      // Writes made by the action are durable before the client hears back.
      await ctx.persistence.waitDurable(ctx.engine.lastCommitTs);
      const outHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") outHeaders[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) outHeaders["set-cookie"] = cookies;
      res.writeHead(response.status, response.statusText, outHeaders);
      if (response.body === null || method === "HEAD") {
        res.end();
        return;
      }
      // Streamed, so streaming HTTP actions (e.g. server-sent events) work.
      Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>).pipe(res);
    } catch (error) {
      ctx.log(`site: ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal server error");
    }
  };
}
