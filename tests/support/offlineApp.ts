/**
 * The whole app on the offline backend in a child process, as a user runs
 * it: its own data directory and .env.local pointed at a fake Anthropic
 * server, and a `kill -9` plus restart on the same ports, so signed-in
 * clients reconnect with their tokens. For benchmarks and tests that need a
 * real process (crash safety, commit logs); convex-test covers the rest.
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ensureEnvLocal } from "../../tools/dev/env-local";
import { REPO_ROOT } from "../../tools/dev/repo";
import { spawnBackend, type ChildBackend } from "../../tools/offline-backend/test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

export type OfflineApp = {
  backend: ChildBackend;
  dir: string;
  dataDir: string;
  /** SIGKILL, as a crash or a power cut: nothing is flushed or finished. */
  kill9(): Promise<void>;
  /** Starts it again on the same data and ports. */
  restart(): Promise<ChildBackend>;
  /** SIGTERM (SIGKILL after 5 s), then removes the directory. */
  stop(): Promise<void>;
};

export async function startOfflineApp(options: { fakePort: number; env?: string[]; lifetimeMs?: number; noFsync?: boolean }): Promise<OfflineApp> {
  const dir = mkdtempSync(path.join(tmpdir(), "framewise-offline-app-"));
  const envFile = path.join(dir, ".env.local");
  await ensureEnvLocal(REPO_ROOT, { path: envFile, offline: { fakeAnthropicPort: options.fakePort } });
  if (options.env?.length) appendFileSync(envFile, `${options.env.join("\n")}\n`);
  const dataDir = path.join(dir, "data");
  const lifetimeMs = options.lifetimeMs ?? 10 * 60_000;
  const spawnOn = (port: string, sitePort: string) =>
    spawnBackend(
      ["--port", port, "--site-port", sitePort, "--data-dir", dataDir, "--env-file", envFile, "--quiet", ...(options.noFsync ? ["--no-fsync"] : [])],
      {},
      lifetimeMs,
    );
  const app: OfflineApp = {
    backend: await spawnOn("0", "0"),
    dir,
    dataDir,
    async kill9() {
      if (app.backend.process.exitCode !== null || app.backend.process.signalCode !== null) return;
      app.backend.process.kill("SIGKILL");
      await app.backend.exited;
    },
    async restart() {
      app.backend = await spawnOn(new URL(app.backend.url).port, new URL(app.backend.siteUrl).port);
      return app.backend;
    },
    async stop() {
      const child = app.backend.process;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await app.backend.exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}

/** Signs a new user up (the first one becomes the admin and gets the starters) and keeps the client signed in. */
export async function signUp(client: ConvexClient, email: string, password = "offline-pass-42"): Promise<string> {
  const signedIn = await client.action(api.auth.signIn, { provider: "password", params: { email, password, flow: "signUp" } });
  const token = signedIn.tokens.token as string;
  client.setAuth(async () => token);
  return token;
}

/** The active version of a starter template, by name. */
export async function starterVersion(client: ConvexClient, name: string): Promise<{ templateId: string; versionId: string }> {
  const templates = await client.query(api.studio.templates.browse.listTemplates, { paginationOpts: { numItems: 50, cursor: null } });
  const template = (templates.page as { _id: string; name: string }[]).find((t) => t.name === name);
  if (!template) throw new Error(`the first admin got no "${name}" starter`);
  const version = await client.query(api.studio.templates.browse.getActiveVersion, { templateId: template._id });
  if (!version) throw new Error(`the "${name}" starter has no active version`);
  return { templateId: template._id, versionId: version._id };
}
