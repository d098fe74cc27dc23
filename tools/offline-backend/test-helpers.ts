/**
 * Shared set-up for the conformance tests: backends on free loopback ports
 * (in-process, or as a child process for crash tests), over the fixture app
 * in tests/fixtures/offline-app, with a freshly generated Convex Auth key.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT } from "jose";
import { REPO_ROOT, startBackend, type BackendOptions, type RunningBackend } from "./backend";

export const FIXTURE_FUNCTIONS_DIR = path.join(REPO_ROOT, "tests", "fixtures", "offline-app", "convex");

export interface AuthKeys {
  env: { JWT_PRIVATE_KEY: string; JWKS: string };
  /** Signs a token like Convex Auth does, with overridable claims. */
  sign(claims: { sub: string; iss: string; aud?: string; expiresInSeconds?: number; issuedAt?: number }): Promise<string>;
}

let keysPromise: Promise<AuthKeys> | undefined;

/** An RS256 key pair in the shape Convex Auth's setup stores it. */
export function authKeys(): Promise<AuthKeys> {
  keysPromise ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const jwk = await exportJWK(publicKey);
    return {
      env: {
        // Convex Auth's setup replaces the PEM's newlines with spaces.
        JWT_PRIVATE_KEY: pem.trimEnd().replace(/\n/g, " "),
        JWKS: JSON.stringify({ keys: [{ use: "sig", ...jwk }] }),
      },
      sign: async ({ sub, iss, aud = "convex", expiresInSeconds = 3600, issuedAt }) => {
        const iat = issuedAt ?? Math.floor(Date.now() / 1000);
        return new SignJWT({ sub })
          .setProtectedHeader({ alg: "RS256" })
          .setIssuedAt(iat)
          .setIssuer(iss)
          .setAudience(aud)
          .setExpirationTime(iat + expiresInSeconds)
          .sign(privateKey);
      },
    };
  })();
  return keysPromise;
}

const tempDirs: string[] = [];
process.on("exit", () => removeTempDirs());

/** Removes the directories `tempDataDir` made (test files call it in afterAll: workers may not run exit hooks). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A fresh directory, removed by `removeTempDirs` or when the process exits. */
export function tempDataDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `offline-backend-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** An in-process backend over the fixture app; quiet unless OFFLINE_BACKEND_DEBUG is set. */
export async function startTestBackend(options: Partial<BackendOptions> = {}): Promise<RunningBackend> {
  const keys = await authKeys();
  return startBackend({
    port: 0,
    sitePort: 0,
    dataDir: tempDataDir("data"),
    functionsDir: FIXTURE_FUNCTIONS_DIR,
    envFile: null,
    log: process.env.OFFLINE_BACKEND_DEBUG ? (line) => process.stderr.write(`${line}\n`) : () => undefined,
    ...options,
    env: { ...keys.env, ...options.env },
  });
}

export interface ChildBackend {
  url: string;
  siteUrl: string;
  process: ChildProcess;
  stdout: () => string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/**
 * Runs main.ts as a child process (tsx loader) and waits for its ready line.
 * The child is killed when this process exits, and after `maxLifetimeMs`.
 */
export async function spawnBackend(args: string[], env: Record<string, string> = {}, maxLifetimeMs = 120_000): Promise<ChildBackend> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tools", "offline-backend", "main.ts"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const safety = setTimeout(() => child.kill("SIGKILL"), maxLifetimeMs).unref();
  child.on("exit", () => {
    children.delete(child);
    clearTimeout(safety);
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (process.env.OFFLINE_BACKEND_DEBUG) process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start in time; stderr:\n${stderr}`)), 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((l) => l.startsWith("backend ready "));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code} before it was ready; stderr:\n${stderr}`));
    });
  });
  const [, , url = "", siteUrl = ""] = ready.split(" ");
  return { url, siteUrl, process: child, stdout: () => stdout, exited };
}

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the next value `subscribe` delivers that satisfies `predicate`. */
export function nextValue<T>(
  subscribe: (callback: (value: T) => void) => () => void,
  predicate: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      // The callback may fire while `subscribe` is still running.
      queueMicrotask(() => unsubscribe());
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error("timed out waiting for a subscription value"));
    }, timeoutMs);
    const unsubscribe = subscribe((value) => {
      if (done || !predicate(value)) return;
      finish();
      resolve(value);
    });
  });
}
