import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Child, LineListener, Supervisor } from "./processes";
import { localBin, REPO_ROOT } from "./repo";

// How to start each server of the local stack and recognise that it serves.
// Shared by `npm run dev` and the browser tests so both run the same commands.

export const FAKE_ANTHROPIC_MAIN = "tools/fake-anthropic/main.ts";
export const BACKEND_MAIN = "tools/offline-backend/main.ts";

/** Directories whose edits restart the offline backend under `npm run dev`. */
export const BACKEND_WATCH_GLOBS = ["convex/**", "tools/offline-backend/**"];

interface Common {
  onLine?: LineListener;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  repoRoot?: string;
}

export function hasFakeAnthropic(repoRoot = REPO_ROOT): boolean {
  return existsSync(join(repoRoot, FAKE_ANTHROPIC_MAIN));
}

export function hasOfflineBackend(repoRoot = REPO_ROOT): boolean {
  return existsSync(join(repoRoot, BACKEND_MAIN));
}

export async function startFakeAnthropic(supervisor: Supervisor, options: Common & { port: number }): Promise<{ url: string; child: Child }> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const child = await supervisor.start({
    name: "anthropic",
    command: localBin("tsx", repoRoot),
    args: [FAKE_ANTHROPIC_MAIN, "--port", String(options.port), "--host", "127.0.0.1"],
    cwd: repoRoot,
    env: options.env,
    ready: /^fake-anthropic ready (\S+)\s*$/,
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
    onLine: options.onLine,
  });
  return { url: child.readyMatch![1]!, child };
}

export interface BackendOptions extends Common {
  port: number;
  sitePort: number;
  dataDir: string;
  /** Restart on edits to convex/ or the backend itself (`tsx watch`). */
  watch?: boolean;
  /** Extra flags understood by the backend's main.ts. */
  extraArgs?: readonly string[];
}

export async function startBackend(supervisor: Supervisor, options: BackendOptions): Promise<{ url: string; siteUrl: string; child: Child }> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const watchArgs = options.watch
    ? ["watch", "--clear-screen=false", ...BACKEND_WATCH_GLOBS.flatMap((glob) => ["--include", glob]), "--exclude", "**/*.test.ts"]
    : [];
  const child = await supervisor.start({
    name: "backend",
    command: localBin("tsx", repoRoot),
    args: [
      ...watchArgs,
      BACKEND_MAIN,
      "--port",
      String(options.port),
      "--site-port",
      String(options.sitePort),
      "--data-dir",
      options.dataDir,
      ...(options.extraArgs ?? []),
    ],
    cwd: repoRoot,
    env: options.env,
    ready: BACKEND_READY,
    failure: BACKEND_FAILED,
    // Loading every function module through convex-test takes a while on a cold cache.
    readyTimeoutMs: options.readyTimeoutMs ?? 120_000,
    onLine: options.onLine,
  });
  return { url: child.readyMatch![1]!, siteUrl: child.readyMatch![2]!, child };
}

export const BACKEND_READY = /^backend ready (\S+) (\S+)\s*$/;
/** What tools/offline-backend/main.ts prints when start-up throws. */
export const BACKEND_FAILED = /\[offline-backend\] failed to start/;

export interface ViteOptions extends Common {
  /** `dev` serves the sources with HMR, `preview` serves the built `dist/`. */
  mode: "dev" | "preview";
  port: number;
  /** Fail rather than move to another port when `port` is taken. */
  strictPort: boolean;
  extraArgs?: readonly string[];
}

export async function startVite(supervisor: Supervisor, options: ViteOptions): Promise<{ url: string; child: Child }> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const child = await supervisor.start({
    name: "vite",
    command: localBin("vite", repoRoot),
    args: [
      ...(options.mode === "preview" ? ["preview"] : []),
      "--host",
      "127.0.0.1",
      "--port",
      String(options.port),
      // Vite's default is to move to the next free port.
      ...(options.strictPort ? ["--strictPort"] : []),
      ...(options.extraArgs ?? []),
    ],
    cwd: repoRoot,
    env: options.env,
    ready: /Local:\s+(https?:\/\/\S+?)\/?\s*$/,
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    onLine: options.onLine,
  });
  return { url: child.readyMatch![1]!, child };
}
