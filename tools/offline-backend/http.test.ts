/**
 * The HTTP side: the API endpoints ConvexHttpClient uses (and their raw
 * shapes), CORS, the site port running convex/http.ts, file storage, and the
 * environment functions see.
 */
import fs from "node:fs";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningBackend } from "./backend";
import { startTestBackend, removeTempDirs } from "./test-helpers";
import { UploadTokens } from "./upload-tokens";

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

  test("CORS: preflight and response headers allow browser clients, never with credentials", async () => {
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
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const response = await fetch(`${backend.url}/api/query`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "messages:count", args: [{}] }),
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  test("CORS: an arbitrary origin gets no credentials, on every API route", async () => {
    const origin = "https://evil.example";
    for (const [path, init] of [
      ["/api/query", { method: "POST", body: JSON.stringify({ path: "messages:count", args: [{}] }) }],
      ["/api/mutation", { method: "OPTIONS" }],
      ["/api/storage/upload", { method: "POST", body: "x" }],
      ["/version", { method: "GET" }],
    ] as const) {
      const response = await fetch(`${backend.url}${path}`, { ...init, headers: { origin, "content-type": "application/json" } });
      expect(response.headers.get("access-control-allow-credentials"), path).toBeNull();
      expect(response.headers.get("vary"), path).toMatch(/origin/i);
      await response.arrayBuffer();
    }
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

  test("adds no CORS headers of its own: HTTP actions set them, as on Convex", async () => {
    const response = await fetch(`${backend.siteUrl}/healthz`, { headers: { origin: "https://evil.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    const preflight = await fetch(`${backend.siteUrl}/healthz`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("environment and storage", () => {
  test("functions see the env file / option variables and both deployment URLs", async () => {
    expect(process.env.FIXTURE_SETTING).toBe("from env");
    expect(process.env.CONVEX_SITE_URL).toBe(backend.siteUrl);
    expect(process.env.CONVEX_CLOUD_URL).toBe(backend.url);
  });

  test("upload URLs from generateUploadUrl store a file once; file URLs serve it", async () => {
    const http = new ConvexHttpClient(backend.url, { logger: false });
    const uploadUrl = (await http.mutation(api.limits.generateUploadUrl, {})) as string;
    // Convex's shape: <deployment url>/api/storage/upload?token=<unguessable token>
    expect(uploadUrl).toMatch(new RegExp(`^${backend.url}/api/storage/upload\\?token=[A-Za-z0-9_.%-]{40,}$`));
    const upload = await fetch(uploadUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: "file body" });
    expect(upload.status).toBe(200);
    const { storageId } = (await upload.json()) as { storageId: string };
    const fileUrl = (await http.query(api.limits.fileUrl, { storageId })) as string;
    const file = await fetch(fileUrl);
    expect(await file.text()).toBe("file body");
    expect(file.headers.get("content-type")).toBe("text/plain");

    const again = await fetch(uploadUrl, { method: "POST", body: "second body" });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: "StorageTokenUsed" });
    // A second URL is a second token.
    const other = (await http.mutation(api.limits.generateUploadUrl, {})) as string;
    expect(other).not.toBe(uploadUrl);
  });

  test("uploads without a valid token are refused with Convex's status and body, and store nothing", async () => {
    const filesBefore = fs.readdirSync(path.join(backend.dataDir, "files")).length;
    const anonymous = await fetch(`${backend.url}/api/storage/upload`, { method: "POST", body: "anonymous" });
    expect(anonymous.status).toBe(400);
    expect(await anonymous.json()).toEqual({ code: "BadQueryArgs", message: "Failed to deserialize query string: missing field `token`" });
    for (const token of ["x", "forged.signature", `${"a".repeat(40)}.${"b".repeat(43)}`]) {
      const forged = await fetch(`${backend.url}/api/storage/upload?token=${token}`, { method: "POST", body: "forged" });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toEqual({ code: "StorageTokenInvalid", message: "Couldn't decode the StoreFileAuthorization token" });
    }
    // A token from another deployment (another admin key) is not valid here.
    const foreign = new UploadTokens("another deployment").issue();
    const refused = await fetch(`${backend.url}/api/storage/upload?token=${encodeURIComponent(foreign)}`, { method: "POST", body: "foreign" });
    expect(refused.status).toBe(401);
    expect(fs.readdirSync(path.join(backend.dataDir, "files")).length).toBe(filesBefore);
  });
});

describe("upload tokens", () => {
  test("expire after an hour, as Convex's do", () => {
    let now = 1_000_000;
    const tokens = new UploadTokens("secret", () => now);
    const token = tokens.issue();
    const late = tokens.issue();
    now += 60 * 60 * 1000 - 1;
    expect(tokens.consume(token)).toEqual({ ok: true });
    now += 1;
    expect(tokens.consume(late)).toEqual({ ok: false, status: 401, code: "StorageTokenExpired", message: "Store File Authorization expired" });
  });

  test("are single-use and bound to the deployment's key", () => {
    const tokens = new UploadTokens("secret");
    const token = tokens.issue();
    expect(new UploadTokens("other secret").consume(token)).toMatchObject({ ok: false, code: "StorageTokenInvalid" });
    // Same key (e.g. after a restart): valid.
    expect(new UploadTokens("secret").consume(token)).toEqual({ ok: true });
    expect(tokens.consume(token)).toEqual({ ok: true });
    expect(tokens.consume(token)).toMatchObject({ ok: false, code: "StorageTokenUsed" });
    const [payload, signature] = token.split(".") as [string, string];
    const tampered = `${Buffer.from(JSON.stringify({ iat: Date.now() + 1e9, n: "x" })).toString("base64url")}.${signature}`;
    expect(tokens.consume(tampered)).toMatchObject({ ok: false, code: "StorageTokenInvalid" });
    expect(payload.length).toBeGreaterThan(10);
  });
});
