import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whatever directory the command was started from. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");

/**
 * A locally installed CLI. Spawning it directly rather than through npx
 * avoids npm's start-up cost and its chatter on every launch.
 */
export function localBin(name: string, repoRoot = REPO_ROOT): string {
  const path = join(repoRoot, "node_modules", ".bin", name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm install\` first`);
  return path;
}
