import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import { APP_VERSION } from "./lib/version";
import { newTest } from "./test.setup";

describe("health", () => {
  test("health.status answers anyone with ok, version and time", async () => {
    const t = await newTest();
    const before = Date.now();
    const status = await t.query(api.health.status, {});
    expect(status).toMatchObject({ ok: expect.any(Boolean), version: APP_VERSION, time: expect.any(Number) });
    expect(status.time).toBeGreaterThanOrEqual(before);
    // Nothing has run on a fresh deployment yet; observability/health.test.ts covers the rest.
    expect(status.problems.length).toBeGreaterThan(0);
  });

  test("GET /healthz answers 200 with JSON", async () => {
    const t = await newTest();
    const response = await t.fetch("/healthz", { method: "GET" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toMatchObject({ ok: true, version: APP_VERSION });
  });

  test("the auth routes publish the JWKS that verifies our tokens", async () => {
    const t = await newTest();
    const response = await t.fetch("/.well-known/jwks.json", { method: "GET" });
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: { kty: string }[] };
    expect(jwks.keys[0].kty).toBe("RSA");
  });
});
