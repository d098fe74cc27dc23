import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { formatEnvLine } from "./env-file";
import { DEFAULT_SITE_URL, ensureEnvLocal, readEnvFile } from "./env-local";
import { banner, prefixed, say, warn } from "./output";
import { pickPort } from "./ports";
import type { Child, Supervisor } from "./processes";
import { BACKEND_READY, hasFakeAnthropic, hasOfflineBackend, startBackend, startFakeAnthropic, startVite } from "./services";

export const DEFAULT_FAKE_ANTHROPIC_PORT = 8788;
export const DEFAULT_BACKEND_PORT = 3210;
export const DEFAULT_BACKEND_SITE_PORT = 3211;
export const DEFAULT_VITE_PORT = 5173;
export const OFFLINE_DATA_DIR = ".framewise/offline-data";

/** Starts fake Anthropic, the offline backend and Vite; resolves once all serve. Returns the long-running children. */
export async function runOfflineStack(supervisor: Supervisor, repoRoot: string): Promise<Child[]> {
  if (!hasOfflineBackend(repoRoot)) throw new Error("tools/offline-backend/main.ts does not exist yet, so there is no offline backend to run");
  const envPath = join(repoRoot, ".env.local");
  const before = readEnvFile(envPath);
  const children: Child[] = [];
  const notes: string[] = [];

  // .env.local pins the fake server's URL once written; listen where it says.
  const pinnedFakePort = loopbackPort(before.ANTHROPIC_BASE_URL);
  const fake = await pickPort(pinnedFakePort ?? DEFAULT_FAKE_ANTHROPIC_PORT);
  const env = await ensureEnvLocal(repoRoot, {
    siteUrl: DEFAULT_SITE_URL,
    offline: { fakeAnthropicPort: fake.port },
  });
  for (const message of env.warnings) warn(message);
  if (env.created) say(`created ${envPath} (Convex Auth keys, SITE_URL, fake Anthropic settings)`);
  else if (env.added.length) say(`added ${env.added.join(", ")} to ${envPath}`);

  const backendArgs: string[] = [];
  let fakeUrl = "(not started)";
  const externalAnthropic = before.ANTHROPIC_BASE_URL && pinnedFakePort === undefined ? before.ANTHROPIC_BASE_URL : undefined;
  if (externalAnthropic) {
    say(`ANTHROPIC_BASE_URL in .env.local is ${externalAnthropic}: using it, not the fake server`);
    fakeUrl = `(not started; using ${externalAnthropic})`;
  } else if (!hasFakeAnthropic(repoRoot)) {
    warn("tools/fake-anthropic/main.ts does not exist: skipping the fake Anthropic server, coaching replies will fail");
  } else {
    if (fake.moved) {
      warn(`port ${pinnedFakePort ?? DEFAULT_FAKE_ANTHROPIC_PORT} is taken; the fake Anthropic server uses ${fake.port} instead`);
      if (pinnedFakePort !== undefined) {
        // .env.local keeps its value (we never rewrite it); the backend reads a copy with the override.
        backendArgs.push("--env-file", writeOverrideEnvFile(repoRoot, envPath, { ANTHROPIC_BASE_URL: `http://127.0.0.1:${fake.port}` }));
        notes.push(`.env.local's ANTHROPIC_BASE_URL points at a busy port; overridden for this run (${OVERRIDE_ENV_FILE}).`);
      }
    }
    const started = await startFakeAnthropic(supervisor, { port: fake.port, onLine: prefixed("anthropic"), repoRoot });
    fakeUrl = started.url;
    children.push(started.child);
  }

  // A copy left by an earlier run would only mislead someone reading .framewise/.
  if (backendArgs.length === 0) rmSync(join(repoRoot, OVERRIDE_ENV_FILE), { force: true });

  const backendPort = await pickPort(DEFAULT_BACKEND_PORT);
  const sitePort = await pickPort(DEFAULT_BACKEND_SITE_PORT, undefined, [backendPort.port]);
  if (backendPort.moved || sitePort.moved) {
    const taken = [backendPort.moved ? DEFAULT_BACKEND_PORT : null, sitePort.moved ? DEFAULT_BACKEND_SITE_PORT : null].filter((port) => port !== null);
    warn(`port ${taken.join(" and ")} taken (another \`npm run dev\`?); the backend uses ${backendPort.port} (API) and ${sitePort.port} (HTTP actions)`);
  }
  const dataDir = join(repoRoot, OFFLINE_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  say(`starting the offline backend (data in ${OFFLINE_DATA_DIR})…`);
  const backend = await startBackend(supervisor, {
    port: backendPort.port,
    sitePort: sitePort.port,
    dataDir,
    watch: true,
    extraArgs: backendArgs,
    onLine: prefixed("backend"),
    repoRoot,
  });
  children.push(backend.child);
  // tsx watch prints the ready line again after each restart (this listener only sees later lines).
  backend.child.onLine((line) => {
    if (BACKEND_READY.test(line)) say("backend restarted after a change; open tabs reconnect by themselves");
  });

  const vite = await startVite(supervisor, {
    mode: "dev",
    port: DEFAULT_VITE_PORT,
    strictPort: false,
    env: { ...process.env, VITE_CONVEX_URL: backend.url },
    onLine: prefixed("vite"),
    repoRoot,
  });
  children.push(vite.child);

  const siteUrl = env.env.SITE_URL ?? DEFAULT_SITE_URL;
  if (sameOrigin(siteUrl, vite.url) === false) {
    notes.push(`SITE_URL in .env.local is ${siteUrl} but the app is on ${vite.url} (port taken?).`);
  }
  notes.push("Edits to convex/ restart the backend; data persists. Edits to .env.local need a new `npm run dev`.");
  notes.push("Ctrl-C stops everything.");
  process.stdout.write(
    `\n${banner(
      "Framewise is running offline",
      [
        ["App", vite.url],
        ["Backend", backend.url],
        ["Backend HTTP", backend.siteUrl],
        ["Fake Anthropic", fakeUrl],
        ["Data", OFFLINE_DATA_DIR],
      ],
      notes,
    )}\n\n`,
  );
  return children;
}

const OVERRIDE_ENV_FILE = ".framewise/dev-env.local";

/** A copy of .env.local with some values replaced (the backend reads the last assignment of a key). */
function writeOverrideEnvFile(repoRoot: string, envPath: string, overrides: Record<string, string>): string {
  const path = join(repoRoot, OVERRIDE_ENV_FILE);
  mkdirSync(dirname(path), { recursive: true });
  const lines = Object.entries(overrides).map(([key, value]) => formatEnvLine(key, value));
  writeFileSync(path, `${readFileSync(envPath, "utf8").replace(/\n?$/, "\n")}# Overrides for this run of npm run dev\n${lines.join("\n")}\n`, { mode: 0o600 });
  return path;
}

function loopbackPort(url: string | undefined): number | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (!["127.0.0.1", "localhost"].includes(parsed.hostname) || !parsed.port) return undefined;
    return Number(parsed.port);
  } catch {
    return undefined;
  }
}

function sameOrigin(a: string, b: string): boolean | undefined {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return undefined;
  }
}
