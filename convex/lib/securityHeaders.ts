/**
 * The security headers we send, in one place: the SPA's (Vite dev and
 * preview servers, and the `_headers` file a production build emits) and the
 * HTTP actions' (convex/http.ts). Pure: callers pass in the URLs and say
 * whether this is production; nothing here reads the environment.
 */

export type HeaderSet = Record<string, string>;

/** Two years, as the HSTS preload list asks; no `preload`, which is a separate opt-in. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * Nothing in the app uses these features, so no page (or frame an injected
 * script might open) can ask for them. Only features every current browser
 * recognises: unknown names make Chrome log an error on every page.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/** Sent on everything, pages and API responses alike. */
function commonHeaders(production: boolean): HeaderSet {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Links out of a coaching session must not carry its URL (session ids) to other sites.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    // Only over HTTPS: a browser pinning http://localhost to HTTPS would break local development.
    ...(production ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/** True for an https URL on a real host, i.e. a deployment HSTS makes sense for. */
export function isProductionUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === "https:" && !["localhost", "127.0.0.1", "[::1]"].includes(hostname);
  } catch {
    return false;
  }
}

/** A Convex cloud deployment serves HTTP actions on `.convex.site` beside its `.convex.cloud` API. */
export function convexSiteUrlFor(convexUrl: string | undefined): string | undefined {
  if (!convexUrl) return undefined;
  try {
    const url = new URL(convexUrl);
    if (!url.hostname.endsWith(".convex.cloud")) return undefined;
    url.hostname = url.hostname.replace(/\.convex\.cloud$/, ".convex.site");
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The origin of each URL and its WebSocket twin (http → ws, https → wss):
 * the Convex client syncs over a WebSocket and calls over HTTP.
 */
export function connectSources(urls: ReadonlyArray<string | undefined>): string[] {
  const sources: string[] = [];
  for (const raw of urls) {
    if (!raw) continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`Not a URL for the Content-Security-Policy: ${JSON.stringify(raw)}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new Error(`Expected an http(s) URL for the Content-Security-Policy, got ${JSON.stringify(raw)}`);
    }
    const socket = `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`;
    for (const source of [url.origin, socket]) if (!sources.includes(source)) sources.push(source);
  }
  return sources;
}

export type AppHeaderOptions = {
  /** VITE_CONVEX_URL: the deployment the SPA talks to. */
  convexUrl?: string;
  /** VITE_CONVEX_SITE_URL: where its HTTP actions live (derived for Convex cloud when unset). */
  convexSiteUrl?: string;
  production: boolean;
  /**
   * Vite's dev server injects inline scripts (React Refresh's preamble) and
   * style tags; it marks them with this nonce (`html.cspNonce`). Never set
   * for a build: a build has no inline code.
   */
  nonce?: string;
};

export function appContentSecurityPolicy(options: AppHeaderOptions): string {
  const nonce = options.nonce ? ` 'nonce-${options.nonce}'` : "";
  const connect = connectSources([options.convexUrl, options.convexSiteUrl ?? convexSiteUrlFor(options.convexUrl)]);
  return [
    "default-src 'self'",
    `script-src 'self'${nonce}`,
    // React's style props go through CSSOM, which style-src does not govern; built CSS is a file.
    `style-src 'self'${nonce}`,
    "img-src 'self' data:",
    "font-src 'self'",
    // 'self' covers same-origin WebSockets too (Vite's hot reload in development).
    ["connect-src 'self'", ...connect].join(" "),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for the SPA's pages and assets. */
export function appSecurityHeaders(options: AppHeaderOptions): HeaderSet {
  return {
    "Content-Security-Policy": appContentSecurityPolicy(options),
    ...commonHeaders(options.production),
  };
}

/** Headers for HTTP action responses: data, never a page, so nothing may load or frame it. */
export function apiSecurityHeaders(options: { production: boolean }): HeaderSet {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    ...commonHeaders(options.production),
  };
}

/**
 * The same response with the headers added where the handler did not set
 * them itself. Rebuilt rather than mutated: some responses (redirects, for
 * one) have immutable headers.
 */
export function withHeaders(response: Response, headers: HeaderSet): Response {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (!merged.has(name)) merged.set(name, value);
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}

/** A Netlify / Cloudflare Pages `_headers` file applying the headers to every path. */
export function headersFile(headers: HeaderSet): string {
  const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
  return ["# Generated by `vite build` from convex/lib/securityHeaders.ts; edit that, not this.", "/*", ...lines, ""].join("\n");
}
