import { join } from "node:path";
import { parseDevArgs, USAGE } from "./cli-args";
import { runConvexStack } from "./convex-stack";
import { readEnvFile } from "./env-file";
import { runOfflineStack } from "./offline-stack";
import { say } from "./output";
import { Supervisor, type Child } from "./processes";
import { REPO_ROOT } from "./repo";

// `npm run dev`: the whole app locally, offline unless a Convex deployment is
// configured. Every child dies with this process; any child that fails to
// start, or exits while the others run, ends the session with a non-zero code.

async function main(): Promise<void> {
  const args = parseDevArgs(process.argv.slice(2));
  if (args.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.kind === "error") {
    process.stderr.write(`dev: ${args.message}\n\n${USAGE}\n`);
    process.exit(2);
  }

  const deployment = process.env.CONVEX_DEPLOYMENT || readEnvFile(join(REPO_ROOT, ".env.local")).CONVEX_DEPLOYMENT;
  const mode = args.mode === "auto" ? (deployment ? "convex" : "offline") : args.mode;
  if (args.mode === "auto" && deployment) say(`CONVEX_DEPLOYMENT is ${deployment}: running \`convex dev\` (use --offline for the offline stack)`);

  const supervisor = new Supervisor();
  supervisor.installExitHandlers((signal) => say(`${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping everything…`));

  let children: Child[];
  try {
    children = mode === "convex" ? await runConvexStack(supervisor, REPO_ROOT) : await runOfflineStack(supervisor, REPO_ROOT);
  } catch (err) {
    // After Ctrl-C the children die mid-start; the signal handler reports and exits.
    if (supervisor.isStopping()) return;
    await supervisor.stopAll();
    fail(`could not start: ${(err as Error).message}`);
  }

  // Running until Ctrl-C; a child that dies on its own takes the session with it.
  const first = await Promise.race(children.map((child) => child.exited.then((info) => ({ child, info }))));
  if (supervisor.isStopping()) return;
  const how = first.info.signal ?? `exit code ${first.info.code}`;
  await supervisor.stopAll();
  fail(`${first.child.name} stopped unexpectedly (${how}); stopped everything else.\n--- last output of ${first.child.name} ---\n${first.child.tail()}`);
}

function fail(message: string): never {
  process.stderr.write(`\n[dev] ${message}\n`);
  process.exit(1);
}

void main();
