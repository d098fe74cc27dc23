import { parseCliArgs, USAGE } from "./cli-args";
import { startFakeAnthropic } from "./server";

// CLI: `npx tsx tools/fake-anthropic/main.ts --port 8788`. Prints exactly one
// line on stdout, `fake-anthropic ready <url>`, which scripts wait for.

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`fake-anthropic: ${parsed.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const log = parsed.verbose ? (line: string) => process.stderr.write(`fake-anthropic: ${line}\n`) : undefined;
  const server = await startFakeAnthropic({ ...parsed.options, ...(log ? { log } : {}) });
  process.stdout.write(`fake-anthropic ready ${server.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (parsed.verbose) process.stderr.write(`fake-anthropic: ${signal}, shutting down\n`);
    // Never let a stuck close() keep the process alive past a couple of seconds.
    setTimeout(() => process.exit(0), 2_000).unref();
    server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-anthropic: ${(err as Error).message}\n`);
  process.exit(1);
});
