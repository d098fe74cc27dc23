/**
 * The HTTP side: the API endpoints ConvexHttpClient uses (and their raw
 * shapes), CORS, the site port running convex/http.ts, file storage, and the
 * environment functions see.
 */
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningBackend } from "./backend";
import { startTestBackend, removeTempDirs } from "./test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

let backend: RunningBackend;
const safety = setTimeout(() => void backend?.close(), 60_000).unref();

beforeAll(async () => {
  backend = await startTestBackend({ env: { FIXTURE_SETTING: "from env" } });
});

afterAll(async () => {
  clearTimeout(safety);
  await backend.close();
  removeTempDirs();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${backend.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("API endpoints", () => {
  test("ConvexHttpClient query, mutation, action, function and consistentQuery", async () => {
    const http = new ConvexHttpClient(backend.url, { logger: false });
    const id = await http.mutation(api.messages.send, { body: "over http" });
    expect(typeof id).toBe("string");
    expect(await http.query(api.messages.list, {})).toContainEqual({ body: "over http", author: null });
    expect(await http.action(api.jobs.writeViaAction, { note: "h" })).toBeNull();
    // `function` (any kind; arguments not wrapped in an array) is internal in the client's types.
    const anyKind = (http as unknown as { function(ref: unknown, componentPath: undefined, args: object): Promise<unknown> }).function;
    expect(await anyKind.call(http, api.messages.count, undefined, {})).toBeGreaterThanOrEqual(1);
    expect(await http.consistentQuery(api.messages.count, {})).toBeGreaterThanOrEqual(1);
  });

  test("success and failure bodies have the backend's shape, with log lines", async () => {
    const ok = await post("/api/mutation", { path: "messages:send", args: [{ body: "raw" }], format: "convex_encoded_json" });
    expect(ok).toEqual({ status: 200, body: { status: "success", value: expect.any(String), logLines: ["[LOG] 'sending' 'raw'"] } });
    const failed = await post("/api/mutation", { path: "messages:failWithData", args: [{}], format: "convex_encoded_json" });
    expect(failed.status).toBe(560);
    expect(failed.body).toMatchObject({
      status: "error",
      errorMessage: expect.stringMatching(/^\[Request ID: [0-9a-f]+\] Server Error\nUncaught ConvexError/),
      errorData: { code: "TOO_LONG", max: { $integer: expect.any(String) }, tags: ["a", "b"] },
      logLines: [],
    });
    const unknown = await post("/api/query", { path: "nope:missing", args: [{}] });
    expect(unknown.body.errorMessage).toMatch(/Could not find public function for 'nope:missing'/);
    const ts = await post("/api/query_ts", {});
    expect(ts.body.ts).toMatch(/^\d+$/);
    const atTs = await post("/api/query_at_ts", { path: "messages:count", args: [{}], ts: ts.body.ts });
    expect(atTs.body.status).toBe("success");
  });

  test("ConvexError data through ConvexHttpClient", async () => {
    const http = new ConvexHttpClient(backend.url, { logger: false });
    const error = (await http.mutation(api.messages.failWithData, {}).catch((e: unknown) => e)) as { data: unknown };
    expect(error.data).toEqual({ code: "TOO_LONG", max: 10n, tags: ["a", "b"] });
  });

  test("CORS: preflight and response headers allow browser clients", async () => {
    const preflight = await fetch(`${backend.url}/api/query`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization,convex-client",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/convex-client/);
    const response = await fetch(`${backend.url}/api/query`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "messages:count", args: [{}] }),
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("site", () => {
  test("runs convex/http.ts on its own port, with CONVEX_SITE_URL and query strings", async () => {
    expect(backend.siteUrl).not.toBe(backend.url);
    const health = await fetch(`${backend.siteUrl}/healthz`);
    expect(await health.text()).toBe("ok");
    const posted = await fetch(`${backend.siteUrl}/post-message?q=hello`, { method: "POST", body: "site body" });
    expect(await posted.json()).toEqual({ ok: true, subject: null, siteUrl: backend.siteUrl, query: "hello" });
    expect((await fetch(`${backend.siteUrl}/nowhere`)).status).toBe(404);
    // The API port does not serve HTTP actions.
    expect((await fetch(`${backend.url}/healthz`)).status).toBe(404);
  });
});

describe("environment and storage", () => {
  test("functions see the env file / option variables and both deployment URLs", async () => {
    expect(process.env.FIXTURE_SETTING).toBe("from env");
    expect(process.env.CONVEX_SITE_URL).toBe(backend.siteUrl);
    expect(process.env.CONVEX_CLOUD_URL).toBe(backend.url);
  });

  test("upload URLs and file URLs are served by the backend", async () => {
    const upload = await fetch(`${backend.url}/api/storage/upload?token=x`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "file body",
    });
    const { storageId } = (await upload.json()) as { storageId: string };
    const file = await fetch(`${backend.url}/api/storage/${storageId}`);
    expect(await file.text()).toBe("file body");
    expect(file.headers.get("content-type")).toBe("text/plain");
  });
});
