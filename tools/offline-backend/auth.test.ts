/**
 * Authentication end to end: Convex Auth's Password provider (sign up, sign
 * in) through `auth:signIn`, user tokens verified against the deployment's
 * JWKS, expired and foreign tokens, admin keys.
 */
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningBackend } from "./backend";
import { authKeys, nextValue, startTestBackend, waitFor, removeTempDirs } from "./test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

type Me = { id: string; email: string | null } | null;
type WhoAmI = { subject: string; issuer: string; tokenIdentifier: string } | null;

let backend: RunningBackend;
const clients: ConvexClient[] = [];
const safety = setTimeout(() => void backend?.close(), 60_000).unref();
const email = "coach@example.com";
const password = "correct horse battery staple";
let token: string;

/** `setAdminAuth` is marked internal in the client's types. */
function setAdminAuth(target: ConvexHttpClient | ConvexClient["client"], key: string, actingAs?: Record<string, string>): void {
  (target as unknown as { setAdminAuth(key: string, actingAs?: Record<string, string>): void }).setAdminAuth(key, actingAs);
}

function client(): ConvexClient {
  const c = new ConvexClient(backend.url, { logger: false });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  backend = await startTestBackend();
});

afterAll(async () => {
  clearTimeout(safety);
  await Promise.all(clients.map((c) => c.close()));
  await backend.close();
  removeTempDirs();
});

describe("Convex Auth with the Password provider", () => {
  test("sign up, then sign in, returns a token for the user", async () => {
    const c = client();
    const signUp = (await c.action(api.auth.signIn, { provider: "password", params: { email, password, flow: "signUp" } })) as {
      tokens: { token: string; refreshToken: string } | null;
    };
    expect(signUp.tokens?.token).toEqual(expect.any(String));
    const signIn = (await c.action(api.auth.signIn, { provider: "password", params: { email, password, flow: "signIn" } })) as {
      tokens: { token: string } | null;
    };
    expect(signIn.tokens?.token).toEqual(expect.any(String));
    token = signIn.tokens!.token;
    await expect(
      c.action(api.auth.signIn, { provider: "password", params: { email, password: "wrong password!", flow: "signIn" } }),
    ).rejects.toThrow(/InvalidSecret/);
  });

  test("an authenticated query over WebSocket sees the user", async () => {
    const c = client();
    const changes: boolean[] = [];
    c.setAuth(async () => token, (isAuthenticated) => changes.push(isAuthenticated));
    const me = await nextValue<Me>((cb) => c.onUpdate(api.users.me, {}, cb), (v) => v !== null);
    expect(me?.email).toBe(email);
    const who = await nextValue<WhoAmI>((cb) => c.onUpdate(api.users.whoami, {}, cb), (v) => v !== null);
    expect(who?.issuer).toBe(backend.siteUrl);
    expect(who?.tokenIdentifier).toBe(`${backend.siteUrl}|${who?.subject}`);
    await waitFor(() => (changes.includes(true) ? true : undefined));
  });

  test("an authenticated call over HTTP sees the user", async () => {
    const http = new ConvexHttpClient(backend.url, { logger: false, auth: token });
    expect(((await http.query(api.users.me, {})) as Me)?.email).toBe(email);
    const anonymous = new ConvexHttpClient(backend.url, { logger: false });
    expect(await anonymous.query(api.users.me, {})).toBeNull();
  });

  test("the site serves the JWKS and OpenID configuration used to verify tokens", async () => {
    const config = (await (await fetch(`${backend.siteUrl}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(config.issuer).toBe(backend.siteUrl);
    const jwks = (await (await fetch(`${backend.siteUrl}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);
  });
});

describe("rejected tokens", () => {
  test("an expired token is rejected with an AuthError and the client ends up unauthenticated", async () => {
    const keys = await authKeys();
    const subject = ((await new ConvexHttpClient(backend.url, { logger: false, auth: token }).query(api.users.whoami, {})) as WhoAmI)!
      .subject;
    const expired = await keys.sign({
      sub: subject,
      iss: backend.siteUrl,
      issuedAt: Math.floor(Date.now() / 1000) - 120,
      expiresInSeconds: 60,
    });
    const c = client();
    const changes: boolean[] = [];
    const fetches: boolean[] = [];
    c.setAuth(
      async ({ forceRefreshToken }) => {
        fetches.push(forceRefreshToken);
        return expired;
      },
      (isAuthenticated) => changes.push(isAuthenticated),
    );
    await waitFor(() => (changes.includes(false) ? true : undefined), 5000, "auth failure");
    // The client asked for a fresh token after the server's AuthError.
    expect(fetches).toContain(true);
    expect(await c.query(api.users.whoami, {})).toBeNull();

    const http = new ConvexHttpClient(backend.url, { logger: false, auth: expired });
    await expect(http.query(api.users.whoami, {})).rejects.toThrow(/Could not verify OIDC token claim/);
  });

  test("a token from an unknown issuer or for another audience is rejected", async () => {
    const keys = await authKeys();
    const foreign = await keys.sign({ sub: "someone", iss: "https://elsewhere.example.com" });
    const http = new ConvexHttpClient(backend.url, { logger: false, auth: foreign });
    await expect(http.query(api.users.whoami, {})).rejects.toThrow(/No auth provider found matching the given token/);
    const otherAudience = await keys.sign({ sub: "someone", iss: backend.siteUrl, aud: "not-convex" });
    await expect(new ConvexHttpClient(backend.url, { logger: false, auth: otherAudience }).query(api.users.whoami, {})).rejects.toThrow(
      /No auth provider found/,
    );
  });

  test("a valid token for a subject works even if it was not issued by sign-in", async () => {
    const keys = await authKeys();
    const own = await keys.sign({ sub: "user123|session456", iss: backend.siteUrl });
    const who = (await new ConvexHttpClient(backend.url, { logger: false, auth: own }).query(api.users.whoami, {})) as WhoAmI;
    expect(who).toEqual({
      subject: "user123|session456",
      issuer: backend.siteUrl,
      tokenIdentifier: `${backend.siteUrl}|user123|session456`,
    });
  });
});

describe("restarts", () => {
  test("a backend restarted in-process on other ports verifies tokens for its new site URL", async () => {
    const { dataDir } = backend;
    const oldSiteUrl = backend.siteUrl;
    await backend.close();
    backend = await startTestBackend({ dataDir });
    expect(backend.siteUrl).not.toBe(oldSiteUrl);
    const keys = await authKeys();
    const fresh = await keys.sign({ sub: "after-restart", iss: backend.siteUrl });
    const who = (await new ConvexHttpClient(backend.url, { logger: false, auth: fresh }).query(api.users.whoami, {})) as WhoAmI;
    expect(who?.issuer).toBe(backend.siteUrl);
    // Tokens from the old site URL no longer match a provider.
    const stale = await keys.sign({ sub: "before-restart", iss: oldSiteUrl });
    await expect(new ConvexHttpClient(backend.url, { logger: false, auth: stale }).query(api.users.whoami, {})).rejects.toThrow(
      /No auth provider found/,
    );
  });
});

describe("admin keys", () => {
  test("admin auth may call internal functions and act as a user", async () => {
    const http = new ConvexHttpClient(backend.url, { logger: false });
    setAdminAuth(http, backend.adminKey);
    await http.mutation(api.messages.sendInternal, { body: "from admin" });
    setAdminAuth(http, backend.adminKey, { subject: "acting", issuer: "https://issuer.example" });
    expect(((await http.query(api.users.whoami, {})) as WhoAmI)?.tokenIdentifier).toBe("https://issuer.example|acting");

    const ws = client();
    setAdminAuth(ws.client, backend.adminKey);
    await ws.mutation(api.messages.sendInternal, { body: "from admin over ws" });
    const messages = (await ws.query(api.messages.list, {})) as Array<{ body: string }>;
    expect(messages.map((m) => m.body)).toEqual(expect.arrayContaining(["from admin", "from admin over ws"]));

    const wrong = new ConvexHttpClient(backend.url, { logger: false });
    setAdminAuth(wrong, "not-the-key");
    await expect(wrong.mutation(api.messages.sendInternal, { body: "x" })).rejects.toThrow(/admin key was invalid/);
  });
});
