/// <reference types="vite/client" />
/**
 * Shared by convex-test suites (the name has two dots so Convex never
 * deploys it). Builds the module map and gives Convex Auth real keys.
 */
import { convexTest } from "convex-test";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import schema from "./schema";

export const modules = import.meta.glob(["./**/*.*s", "!./**/*.*.*s"]);

const SITE_URL = "http://127.0.0.1:3211";
let keysReady: Promise<void> | undefined;

/** Convex Auth signs tokens during sign-in, so tests need the same env a deployment has. */
export function ensureAuthEnv(): Promise<void> {
  keysReady ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const pkcs8 = await exportPKCS8(privateKey);
    const jwk = await exportJWK(publicKey);
    process.env.JWT_PRIVATE_KEY = pkcs8.trimEnd().replace(/\n/g, " ");
    process.env.JWKS = JSON.stringify({ keys: [{ use: "sig", ...jwk }] });
    process.env.SITE_URL = "http://127.0.0.1:5173";
    process.env.CONVEX_SITE_URL = SITE_URL;
  })();
  return keysReady;
}

export async function newTest(extraModules: Record<string, () => Promise<unknown>> = {}) {
  await ensureAuthEnv();
  return convexTest(schema, { ...modules, ...extraModules });
}

export type TestConvex = Awaited<ReturnType<typeof newTest>>;
