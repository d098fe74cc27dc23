import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../tools/offline-backend/backend";

/**
 * A copy of convex/ plus one extra module for benchmarks, inside the repo
 * (git-ignored) so node_modules resolve. The extra module is loaded into the
 * same process as the benchmark, so it can hand timings over in memory
 * instead of adding benchmark-only tables or functions to the product.
 */
export function functionsWithProbe(name: string, probeSource: string): string {
  const root = path.join(REPO_ROOT, ".framewise", "bench", name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const dir = path.join(root, "convex");
  cpSync(path.join(REPO_ROOT, "convex"), dir, {
    recursive: true,
    filter: (source) => !source.endsWith(".test.ts"),
  });
  writeFileSync(path.join(dir, "benchProbe.ts"), probeSource);
  return dir;
}
