export const USAGE = `Usage: npm run dev [-- flags]

Runs Framewise locally. Without a Convex deployment it runs fully offline:
the offline backend (restarts when convex/ changes), a fake Anthropic API
and Vite. With CONVEX_DEPLOYMENT set (in the environment or .env.local) or
--convex, it runs \`convex dev\` against your deployment and Vite.

  --convex     use a Convex deployment (\`convex dev\`), configuring one if needed
  --offline    run the offline stack even if CONVEX_DEPLOYMENT is set
  --help       show this help`;

export type DevArgs = { kind: "run"; mode: "auto" | "convex" | "offline" } | { kind: "help" } | { kind: "error"; message: string };

export function parseDevArgs(argv: readonly string[]): DevArgs {
  let mode: "auto" | "convex" | "offline" = "auto";
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--convex" || arg === "--offline") {
      const wanted = arg === "--convex" ? "convex" : "offline";
      if (mode !== "auto" && mode !== wanted) return { kind: "error", message: "--convex and --offline exclude each other" };
      mode = wanted;
      continue;
    }
    return { kind: "error", message: `unknown argument ${arg}` };
  }
  return { kind: "run", mode };
}
