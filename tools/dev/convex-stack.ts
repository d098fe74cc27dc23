import { spawn } from "node:child_process";
import { join } from "node:path";
import { readEnvFile } from "./env-file";
import { DEFAULT_VITE_PORT } from "./offline-stack";
import { banner, prefixed, say, warn } from "./output";
import type { Child, Supervisor } from "./processes";
import { localBin } from "./repo";
import { startVite } from "./services";

/** `convex dev` against the configured deployment, plus Vite. Returns the long-running children. */
export async function runConvexStack(supervisor: Supervisor, repoRoot: string): Promise<Child[]> {
  const convexBin = localBin("convex", repoRoot);

  // The first push may need to log in or pick a project, which is interactive,
  // so it runs in the foreground with the terminal; it also writes
  // VITE_CONVEX_URL into .env.local before Vite reads it.
  say("pushing to your Convex deployment (`convex dev --until-success`; it may ask you to log in or pick a project)…");
  const firstPush = await runInForeground(convexBin, ["dev", "--until-success"], repoRoot);
  if (firstPush !== 0) throw new Error(`\`convex dev --until-success\` failed (${firstPush === null ? "killed" : `exit code ${firstPush}`}); see its output above`);

  const envLocal = readEnvFile(join(repoRoot, ".env.local"));
  const convexUrl = process.env.VITE_CONVEX_URL ?? envLocal.VITE_CONVEX_URL;
  if (!convexUrl) warn("VITE_CONVEX_URL is set neither in the environment nor in .env.local: the app will say it has no backend");

  const convex = await supervisor.start({
    name: "convex",
    command: convexBin,
    args: ["dev"],
    cwd: repoRoot,
    ready: /Convex functions ready/,
    readyTimeoutMs: 180_000,
    onLine: prefixed("convex"),
  });
  const vite = await startVite(supervisor, {
    mode: "dev",
    port: DEFAULT_VITE_PORT,
    strictPort: false,
    onLine: prefixed("vite"),
    repoRoot,
  });

  process.stdout.write(
    `\n${banner(
      "Framewise is running against Convex",
      [
        ["App", vite.url],
        ["Deployment", process.env.CONVEX_DEPLOYMENT ?? envLocal.CONVEX_DEPLOYMENT ?? "(see convex output)"],
        ["Convex URL", convexUrl ?? "(unset)"],
      ],
      ["Auth keys, SITE_URL and ANTHROPIC_API_KEY live in the deployment's env (`npx convex env`).", "Ctrl-C stops everything."],
    )}\n\n`,
  );
  return [convex, vite.child];
}

/** Runs a command attached to this terminal and resolves with its exit code (null when killed). */
function runInForeground(command: string, args: readonly string[], cwd: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
}
