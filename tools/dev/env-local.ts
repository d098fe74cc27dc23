import { createPublicKey } from "node:crypto";
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { formatEnvLine, parseEnvEntries, readEnvFile } from "./env-file";

export { readEnvFile } from "./env-file";

export const DEFAULT_SITE_URL = "http://127.0.0.1:5173";
export const FAKE_ANTHROPIC_API_KEY = "fake-offline-key";

export interface EnsureEnvLocalOptions {
  /** The SPA's URL (Convex Auth's SITE_URL). */
  siteUrl?: string;
  /** Offline mode: point the Anthropic SDK at the fake server on this port. */
  offline?: { fakeAnthropicPort: number };
  /** Another file than `<repoRoot>/.env.local` (tests, the browser harness). */
  path?: string;
}

export interface EnsureEnvLocalResult {
  path: string;
  created: boolean;
  /** Keys this run wrote (new, or present with an empty value). */
  added: string[];
  /** Everything the file holds afterwards. */
  env: Record<string, string>;
  /** Things worth telling the user that do not stop the run. */
  warnings: string[];
}

/**
 * Creates or completes `.env.local` so the functions have what they need to
 * run: Convex Auth's signing keys, SITE_URL and, offline, the fake Anthropic
 * settings. A value already in the file is never replaced: people put real
 * keys there, and `npx convex dev` writes its own lines into the same file.
 */
export async function ensureEnvLocal(repoRoot: string, options: EnsureEnvLocalOptions = {}): Promise<EnsureEnvLocalResult> {
  const path = options.path ?? join(repoRoot, ".env.local");
  const original = readTextIfExists(path);
  const existing = original === null ? {} : readEnvFile(path);
  const has = (key: string) => (existing[key] ?? "") !== "";
  const wanted: Record<string, string> = {};
  const warnings: string[] = [];

  if (!has("JWT_PRIVATE_KEY") && !has("JWKS")) {
    Object.assign(wanted, await generateAuthKeys());
  } else if (!has("JWKS")) {
    // Tokens already issued were signed with this key, so keep it and publish its public half.
    wanted.JWKS = jwksForPrivateKey(existing.JWT_PRIVATE_KEY!);
  } else if (!has("JWT_PRIVATE_KEY")) {
    throw new Error(
      `${path} has JWKS but no JWT_PRIVATE_KEY, and a private key cannot be derived from a public one. ` +
        "Delete the JWKS line and run again to generate a fresh pair.",
    );
  } else if (!keysMatch(existing.JWT_PRIVATE_KEY!, existing.JWKS!)) {
    warnings.push(`JWT_PRIVATE_KEY and JWKS in ${path} are not a pair: sign-in will fail. Delete both lines to regenerate them.`);
  }

  if (!has("SITE_URL")) wanted.SITE_URL = options.siteUrl ?? DEFAULT_SITE_URL;

  if (options.offline) {
    if (!has("ANTHROPIC_BASE_URL")) wanted.ANTHROPIC_BASE_URL = `http://127.0.0.1:${options.offline.fakeAnthropicPort}`;
    if (!has("ANTHROPIC_API_KEY")) wanted.ANTHROPIC_API_KEY = FAKE_ANTHROPIC_API_KEY;
  }

  const added = Object.keys(wanted);
  if (added.length > 0) {
    writeAtomically(path, completeEnvText(original ?? "", wanted), original === null ? 0o600 : statSync(path).mode & 0o777);
  }
  return { path, created: original === null, added, env: { ...existing, ...wanted }, warnings };
}

/** Same shape as `npx @convex-dev/auth` generates (its generateKeys in dist/bin.cjs). */
export async function generateAuthKeys(): Promise<{ JWT_PRIVATE_KEY: string; JWKS: string }> {
  const keys = await generateKeyPair("RS256", { extractable: true });
  const privateKey = await exportPKCS8(keys.privateKey);
  const publicKey = await exportJWK(keys.publicKey);
  return {
    // Env values are single-line in the Convex dashboard, hence spaces for newlines.
    JWT_PRIVATE_KEY: privateKey.trimEnd().replace(/\n/g, " "),
    JWKS: JSON.stringify({ keys: [{ use: "sig", ...publicKey }] }),
  };
}

/** Fills keys whose line has an empty value in place, appends the rest; every other byte stays. */
function completeEnvText(original: string, wanted: Record<string, string>): string {
  const lines = original === "" ? [] : original.split("\n");
  const pending = new Map(Object.entries(wanted));
  // Only the last assignment of a key counts, so only that one is filled.
  const lastEntry = new Map(parseEnvEntries(original).map((entry) => [entry.key, entry]));
  for (const [key, value] of pending) {
    const entry = lastEntry.get(key);
    if (entry && entry.startLine === entry.endLine) {
      const eol = lines[entry.startLine]!.endsWith("\r") ? "\r" : "";
      lines[entry.startLine] = formatEnvLine(key, value) + eol;
      pending.delete(key);
    }
  }
  if (pending.size === 0) return lines.join("\n");

  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length > 0) lines.push("");
  lines.push("# Added by tools/dev/env-local.ts for local development; edit freely, existing values are never overwritten.");
  for (const [key, value] of pending) lines.push(formatEnvLine(key, value));
  lines.push("");
  return lines.join("\n");
}

function jwksForPrivateKey(envValue: string): string {
  const jwk = createPublicKey(pemFromEnvValue(envValue)).export({ format: "jwk" });
  return JSON.stringify({ keys: [{ use: "sig", ...jwk }] });
}

function keysMatch(privateKeyEnv: string, jwksEnv: string): boolean {
  try {
    const publicJwk = createPublicKey(pemFromEnvValue(privateKeyEnv)).export({ format: "jwk" });
    const { keys } = JSON.parse(jwksEnv) as { keys?: Array<{ n?: string; e?: string }> };
    return (keys ?? []).some((key) => key.n === publicJwk.n && key.e === publicJwk.e);
  } catch {
    return false;
  }
}

/** Restores the newlines that the single-line env form replaced with spaces. */
function pemFromEnvValue(value: string): string {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(value);
  if (!match) throw new Error("JWT_PRIVATE_KEY is not a PEM private key");
  const body = match[2]!.replace(/\s+/g, "");
  const wrapped = body.match(/.{1,64}/g)?.join("\n") ?? "";
  return `-----BEGIN ${match[1]}-----\n${wrapped}\n-----END ${match[1]}-----\n`;
}

function readTextIfExists(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** A crash mid-write must not leave a half-written file of secrets behind. */
function writeAtomically(path: string, text: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode });
  chmodSync(temp, mode);
  renameSync(temp, path);
}
