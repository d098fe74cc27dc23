/**
 * CLI: `npx tsx tools/offline-backend/main.ts [--port 3210] [--site-port 3211]
 *       [--data-dir DIR] [--functions-dir DIR] [--env-file FILE] [--host H]
 *       [--admin-key KEY] [--no-fsync] [--quiet]`
 *
 * Prints exactly one line on stdout, `backend ready <url> <siteUrl>`, once it
 * serves; everything else goes to stderr. SIGINT / SIGTERM stop it cleanly
 * (final snapshot). Meant to run under `tsx watch` for hot reload: a restart
 * keeps the data and clients reconnect by themselves.
 */
import { startBackend, type BackendOptions } from "./backend";
import { parseCliArgs } from "./cli-args";

async function main(): Promise<void> {
  let options: BackendOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const backend = await startBackend(options);
  process.stdout.write(`backend ready ${backend.url} ${backend.siteUrl}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[offline-backend] ${signal}: stopping\n`);
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[offline-backend] error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`[offline-backend] failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
