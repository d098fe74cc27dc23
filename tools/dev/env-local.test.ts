import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv as nodeParseEnv } from "node:util";
import { createLocalJWKSet, importPKCS8, jwtVerify, SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatEnvLine, parseEnv } from "./env-file";
import { DEFAULT_SITE_URL, ensureEnvLocal, FAKE_ANTHROPIC_API_KEY, generateAuthKeys, readEnvFile } from "./env-local";

let dir: string;
let envPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "env-local-test-"));
  envPath = join(dir, ".env.local");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Signs the way Convex Auth does (importPKCS8 on the raw env value) and verifies against the JWKS. */
async function signAndVerify(env: Record<string, string>): Promise<string | undefined> {
  const privateKey = await importPKCS8(env.JWT_PRIVATE_KEY!, "RS256");
  const token = await new SignJWT({ sub: "user|session" })
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer("http://127.0.0.1:3211")
    .setAudience("convex")
    .setExpirationTime("1h")
    .sign(privateKey);
  const jwks = createLocalJWKSet(JSON.parse(env.JWKS!));
  const { payload } = await jwtVerify(token, jwks, { issuer: "http://127.0.0.1:3211", audience: "convex" });
  return payload.sub;
}

describe("ensureEnvLocal", () => {
  it("creates a file whose keys sign a JWT that verifies against its JWKS", async () => {
    const result = await ensureEnvLocal(dir, { offline: { fakeAnthropicPort: 8788 } });
    expect(result.created).toBe(true);
    expect(result.path).toBe(envPath);
    expect(result.added.sort()).toEqual(["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "JWKS", "JWT_PRIVATE_KEY", "SITE_URL"]);

    const env = readEnvFile(envPath);
    expect(env).toEqual(result.env);
    expect(env.SITE_URL).toBe(DEFAULT_SITE_URL);
    expect(env.ANTHROPIC_BASE_URL).toBe("http://127.0.0.1:8788");
    expect(env.ANTHROPIC_API_KEY).toBe(FAKE_ANTHROPIC_API_KEY);
    expect(env.JWT_PRIVATE_KEY).toMatch(/^-----BEGIN PRIVATE KEY----- \S+( \S+)* -----END PRIVATE KEY-----$/);
    expect(env.JWT_PRIVATE_KEY).not.toContain("\n");
    const jwks = JSON.parse(env.JWKS!) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ use: "sig", kty: "RSA", e: "AQAB" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
    expect(await signAndVerify(env)).toBe("user|session");
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
  });

  it("writes the fake Anthropic settings only in offline mode", async () => {
    const result = await ensureEnvLocal(dir, { siteUrl: "http://127.0.0.1:4000" });
    expect(result.env.SITE_URL).toBe("http://127.0.0.1:4000");
    expect(result.env).not.toHaveProperty("ANTHROPIC_BASE_URL");
    expect(result.env).not.toHaveProperty("ANTHROPIC_API_KEY");
  });

  it("never overwrites values already there, and keeps every existing line", async () => {
    const keys = await generateAuthKeys();
    const before = [
      "# Deployment used by `npx convex dev`",
      "CONVEX_DEPLOYMENT=dev:happy-animal-123 # team: me",
      formatEnvLine("JWT_PRIVATE_KEY", keys.JWT_PRIVATE_KEY),
      formatEnvLine("JWKS", keys.JWKS),
      "ANTHROPIC_API_KEY=sk-ant-real-key",
      "SITE_URL=http://localhost:3000",
      "",
    ].join("\n");
    writeFileSync(envPath, before);

    const result = await ensureEnvLocal(dir, { offline: { fakeAnthropicPort: 9999 } });
    expect(result.created).toBe(false);
    expect(result.added).toEqual(["ANTHROPIC_BASE_URL"]);
    expect(result.warnings).toEqual([]);
    const after = readFileSync(envPath, "utf8");
    expect(after.startsWith(before)).toBe(true);
    const env = readEnvFile(envPath);
    expect(env.ANTHROPIC_API_KEY).toBe("sk-ant-real-key");
    expect(env.SITE_URL).toBe("http://localhost:3000");
    expect(env.CONVEX_DEPLOYMENT).toBe("dev:happy-animal-123");
    expect(env.JWT_PRIVATE_KEY).toBe(keys.JWT_PRIVATE_KEY);
    expect(env.JWKS).toBe(keys.JWKS);
  });

  it("fills keys present with an empty value in place", async () => {
    writeFileSync(envPath, "A=1\nSITE_URL=\nB=2\n");
    await ensureEnvLocal(dir, { siteUrl: "http://127.0.0.1:5999" });
    const lines = readFileSync(envPath, "utf8").split("\n");
    expect(lines.slice(0, 3)).toEqual(["A=1", "SITE_URL=http://127.0.0.1:5999", "B=2"]);
    expect(lines.filter((line) => line.startsWith("SITE_URL="))).toHaveLength(1);
  });

  it("derives JWKS from an existing private key rather than replacing the key", async () => {
    const keys = await generateAuthKeys();
    writeFileSync(envPath, formatEnvLine("JWT_PRIVATE_KEY", keys.JWT_PRIVATE_KEY));
    const result = await ensureEnvLocal(dir);
    expect(result.added).toContain("JWKS");
    const env = readEnvFile(envPath);
    expect(env.JWT_PRIVATE_KEY).toBe(keys.JWT_PRIVATE_KEY);
    expect(JSON.parse(env.JWKS!)).toEqual(JSON.parse(keys.JWKS));
    expect(await signAndVerify(env)).toBe("user|session");
  });

  it("refuses a JWKS without its private key, and flags a mismatched pair", async () => {
    const a = await generateAuthKeys();
    const b = await generateAuthKeys();
    writeFileSync(envPath, formatEnvLine("JWKS", a.JWKS));
    await expect(ensureEnvLocal(dir)).rejects.toThrow(/JWKS but no JWT_PRIVATE_KEY/);

    writeFileSync(envPath, `${formatEnvLine("JWT_PRIVATE_KEY", a.JWT_PRIVATE_KEY)}\n${formatEnvLine("JWKS", b.JWKS)}\n`);
    const result = await ensureEnvLocal(dir);
    expect(result.warnings.join("\n")).toMatch(/not a pair/);
    expect(readEnvFile(envPath).JWKS).toBe(b.JWKS);
  });

  it("is idempotent: a second run changes nothing", async () => {
    await ensureEnvLocal(dir, { offline: { fakeAnthropicPort: 8788 } });
    const first = readFileSync(envPath, "utf8");
    const second = await ensureEnvLocal(dir, { offline: { fakeAnthropicPort: 8788 } });
    expect(second.added).toEqual([]);
    expect(second.created).toBe(false);
    expect(readFileSync(envPath, "utf8")).toBe(first);
  });

  it("writes a file other readers (Node's parseEnv, used by Vite) read the same way", async () => {
    writeFileSync(envPath, "VITE_CONVEX_URL=http://127.0.0.1:3210\n");
    const result = await ensureEnvLocal(dir, { offline: { fakeAnthropicPort: 8788 } });
    const text = readFileSync(envPath, "utf8");
    expect(nodeParseEnv(text)).toEqual(result.env);
    expect(parseEnv(text)).toEqual(result.env);
  });
});

// The offline backend reads .env.local with its own parser; a file we write must mean the same to it.
const backendEnvParser = fileURLToPath(new URL("../offline-backend/env-file.ts", import.meta.url));

it.runIf(existsSync(backendEnvParser))("writes a file the offline backend's parser reads the same way", async () => {
  const { parseEnvFile } = (await import(backendEnvParser)) as { parseEnvFile: (text: string) => Record<string, string> };
  const result = await ensureEnvLocal(dir, { offline: { fakeAnthropicPort: 8788 } });
  expect(parseEnvFile(readFileSync(envPath, "utf8"))).toEqual(result.env);
});

describe("env file format", () => {
  it("round-trips awkward values through formatEnvLine and parseEnv", () => {
    const values = {
      PLAIN: "abc-123_x.y:z/@+=%",
      EMPTY: "",
      SPACES: "  padded value  ",
      HASH: "before # after",
      JSON: '{"keys":[{"use":"sig","n":"a b"}]}',
      APOSTROPHE: "it's fine",
      MULTILINE: "line one\nline 'two'",
    };
    const text = Object.entries(values)
      .map(([key, value]) => formatEnvLine(key, value))
      .join("\n");
    expect(parseEnv(text)).toEqual(values);
  });

  it("reads the dotenv forms people write by hand", () => {
    const text = [
      "# comment",
      "export A=1",
      "B = two words # trailing comment",
      "C='single # not a comment'",
      'D="double\\nline"',
      "E=`back`",
      'F="multi',
      'line"',
      "A=last wins",
      "not an assignment",
    ].join("\n");
    expect(parseEnv(text)).toEqual({
      A: "last wins",
      B: "two words",
      C: "single # not a comment",
      D: "double\nline",
      E: "back",
      F: "multi\nline",
    });
  });

  it("refuses values it cannot write unambiguously", () => {
    expect(() => formatEnvLine("X", `it's "quoted"`)).toThrow(/unambiguously/);
  });

  it("reads a missing file as empty", () => {
    expect(readEnvFile(join(dir, "nope"))).toEqual({});
  });
});
