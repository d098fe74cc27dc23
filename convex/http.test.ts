import { describe, expect, test } from "vitest";
import http from "./http";
import { newTest } from "./test.setup";

describe("HTTP actions' security headers", () => {
  test("every route, Convex Auth's included, answers with them", async () => {
    const t = await newTest();
    const routes = http.getRoutes();
    // Our health routes and at least Convex Auth's two discovery routes.
    expect(routes.map(([path]) => path)).toEqual(expect.arrayContaining(["/healthz", "/readyz", "/.well-known/jwks.json", "/.well-known/openid-configuration"]));
    for (const [path, method] of routes) {
      const response = await t.fetch(path, { method });
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy"), path).toContain("camera=()");
      expect(response.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
      // The test deployment's site URL is plain http, as local ones are.
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  test("the handler's own headers and body pass through", async () => {
    const t = await newTest();
    const response = await t.fetch("/.well-known/jwks.json", { method: "GET" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/json/);
    expect(((await response.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  test("HSTS is added when the deployment is served over https", async () => {
    const t = await newTest();
    const saved = process.env.CONVEX_SITE_URL;
    process.env.CONVEX_SITE_URL = "https://happy-otter-123.convex.site";
    try {
      const response = await t.fetch("/healthz", { method: "GET" });
      expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d+; includeSubDomains$/);
    } finally {
      process.env.CONVEX_SITE_URL = saved;
    }
  });
});
