import { describe, expect, test } from "vitest";
import {
  apiSecurityHeaders,
  appContentSecurityPolicy,
  appSecurityHeaders,
  connectSources,
  convexSiteUrlFor,
  headersFile,
  isProductionUrl,
  withHeaders,
} from "./securityHeaders";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values];
  }));
}

describe("the SPA's Content-Security-Policy", () => {
  test("allows only our origin, the Convex URL and its WebSocket, and no inline code", () => {
    const csp = directives(appContentSecurityPolicy({ convexUrl: "http://127.0.0.1:3210", production: false }));
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("style-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:3210", "ws://127.0.0.1:3210"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect([...csp.values()].flat().join(" ")).not.toMatch(/unsafe/);
  });

  test("a cloud deployment gets wss and its .convex.site twin", () => {
    const csp = directives(appContentSecurityPolicy({ convexUrl: "https://happy-otter-123.convex.cloud/", production: true }));
    expect(csp.get("connect-src")).toEqual([
      "'self'",
      "https://happy-otter-123.convex.cloud",
      "wss://happy-otter-123.convex.cloud",
      "https://happy-otter-123.convex.site",
      "wss://happy-otter-123.convex.site",
    ]);
  });

  test("an explicit site URL wins over the derived one", () => {
    const csp = directives(
      appContentSecurityPolicy({ convexUrl: "http://127.0.0.1:3210", convexSiteUrl: "http://127.0.0.1:3211", production: false }),
    );
    expect(csp.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:3210", "ws://127.0.0.1:3210", "http://127.0.0.1:3211", "ws://127.0.0.1:3211"]);
  });

  test("the dev server's nonce is the only exception to no inline code", () => {
    const csp = directives(appContentSecurityPolicy({ production: false, nonce: "abc123" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
  });

  test("a malformed Convex URL fails loudly instead of producing a policy that blocks the app", () => {
    expect(() => connectSources(["not a url"])).toThrow(/Not a URL/);
    expect(() => connectSources(["ftp://example.com"])).toThrow(/http\(s\)/);
  });
});

describe("the header sets", () => {
  test("pages get framing, sniffing, referrer and permissions headers, and HSTS only in production", () => {
    const dev = appSecurityHeaders({ production: false });
    expect(dev).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(dev["Permissions-Policy"]).toContain("camera=()");
    expect(dev["Permissions-Policy"]).toContain("microphone=()");
    expect(dev["Permissions-Policy"]).toContain("geolocation=()");
    expect(dev).not.toHaveProperty("Strict-Transport-Security");
    expect(appSecurityHeaders({ production: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });

  test("API responses may load nothing and be framed by nothing", () => {
    const api = apiSecurityHeaders({ production: true });
    expect(api["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api).toHaveProperty("Strict-Transport-Security");
    expect(api["X-Content-Type-Options"]).toBe("nosniff");
  });

  test("production means https on a real host", () => {
    expect(isProductionUrl("https://happy-otter-123.convex.site")).toBe(true);
    expect(isProductionUrl("http://127.0.0.1:3211")).toBe(false);
    expect(isProductionUrl("https://localhost:5173")).toBe(false);
    expect(isProductionUrl(undefined)).toBe(false);
    expect(isProductionUrl("nonsense")).toBe(false);
  });

  test("only .convex.cloud URLs have a derivable site URL", () => {
    expect(convexSiteUrlFor("https://a-b-1.convex.cloud")).toBe("https://a-b-1.convex.site");
    expect(convexSiteUrlFor("http://127.0.0.1:3210")).toBeUndefined();
  });
});

describe("withHeaders", () => {
  test("adds what is missing, keeps what the handler chose, and keeps status and body", async () => {
    const original = new Response("hello", { status: 418, headers: { "content-type": "text/plain", "X-Frame-Options": "SAMEORIGIN" } });
    const response = withHeaders(original, { "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff" });
    expect(response.status).toBe(418);
    expect(await response.text()).toBe("hello");
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("works on redirects, whose headers are immutable", () => {
    const response = withHeaders(Response.redirect("https://example.com/next", 302), { "X-Frame-Options": "DENY" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://example.com/next");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

test("the _headers file applies every header to every path", () => {
  const text = headersFile({ "X-Frame-Options": "DENY", "Content-Security-Policy": "default-src 'self'" });
  expect(text.split("\n").filter((line) => !line.startsWith("#"))).toEqual([
    "/*",
    "  X-Frame-Options: DENY",
    "  Content-Security-Policy: default-src 'self'",
    "",
  ]);
});
