/**
 * The real project's `convex/` on the offline backend: Convex Auth sign-up /
 * sign-in with the app's Password provider, an authenticated query. Skipped
 * while the project has no `convex/auth.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT, type RunningBackend } from "./backend";
import { nextValue, startTestBackend, removeTempDirs } from "./test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;
const PROJECT_FUNCTIONS_DIR = path.join(REPO_ROOT, "convex");
const hasProjectAuth = fs.existsSync(path.join(PROJECT_FUNCTIONS_DIR, "auth.ts"));

describe.runIf(hasProjectAuth)("the project's convex/", () => {
  let backend: RunningBackend;
  const clients: ConvexClient[] = [];
  const safety = setTimeout(() => void backend?.close(), 60_000).unref();

  beforeAll(async () => {
    backend = await startTestBackend({ functionsDir: PROJECT_FUNCTIONS_DIR, env: { SITE_URL: "http://127.0.0.1:5173" } });
  });

  afterAll(async () => {
    clearTimeout(safety);
    await Promise.all(clients.map((c) => c.close()));
    await backend?.close();
    removeTempDirs();
  });

  test("sign up and sign in with the Password provider, then an authenticated query", async () => {
    const c = new ConvexClient(backend.url, { logger: false });
    clients.push(c);
    const email = "offline-backend@example.com";
    const password = "offline-pass-1";
    const signUp = (await c.action(api.auth.signIn, { provider: "password", params: { email, password, flow: "signUp" } })) as {
      tokens: { token: string } | null;
    };
    expect(signUp.tokens?.token).toEqual(expect.any(String));
    const signIn = (await c.action(api.auth.signIn, { provider: "password", params: { email, password, flow: "signIn" } })) as {
      tokens: { token: string } | null;
    };
    const token = signIn.tokens!.token;

    const me = api["users/account"].me;
    expect(await new ConvexHttpClient(backend.url, { logger: false }).query(me, {})).toBeNull();
    c.setAuth(async () => token);
    const user = await nextValue<{ email?: string } | null>((cb) => c.onUpdate(me, {}, cb), (v) => v !== null);
    expect(user?.email).toBe(email);
    const http = new ConvexHttpClient(backend.url, { logger: false, auth: token });
    expect(((await http.query(me, {})) as { email?: string }).email).toBe(email);
  });

  test("the site serves the app's routes", async () => {
    expect((await fetch(`${backend.siteUrl}/.well-known/jwks.json`)).status).toBe(200);
    expect((await fetch(`${backend.siteUrl}/healthz`)).status).toBe(200);
  });
});
