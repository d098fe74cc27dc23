import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { ARTIFACTS_DIR, Harness, type Flow } from "./harness";

// `npm run test:e2e [-- flow-name ...]`: starts the stack once, runs each
// flow in tests/e2e/flows/ in name order (or the ones named), one line per
// flow, then `N passed, N failed`. Exits non-zero on any failure, including
// the stack failing to start, and stops by itself after SAFETY_TIMEOUT_MS.

const FLOWS_DIR = fileURLToPath(new URL("./flows", import.meta.url));
const SAFETY_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 300_000);
const FLOW_TIMEOUT_MS = Number(process.env.E2E_FLOW_TIMEOUT_MS ?? 120_000);

/**
 * Owns stdout: one line per flow and the summary, which is always the last
 * line. Once the summary is out (normally, or because the run was aborted)
 * late output from a flow being torn down is dropped.
 */
class Report {
  passed = 0;
  failed = 0;
  private closed = false;

  constructor(private readonly total: number) {}

  line(text: string): void {
    if (!this.closed) process.stdout.write(`${text}\n`);
  }

  /** Flows that never finished (aborted or not reached) count as failed. */
  summary(): void {
    if (this.closed) return;
    const unfinished = this.total - this.passed - this.failed;
    this.line(`${this.passed} passed, ${this.failed + unfinished} failed`);
    this.closed = true;
  }
}

function indentTail(text: string): string {
  return stripVTControlCharacters(text).trimEnd().replace(/\n/g, "\n    ");
}

async function loadFlows(only: readonly string[]): Promise<Flow[]> {
  const files = readdirSync(FLOWS_DIR)
    .filter((file) => file.endsWith(".ts"))
    .sort();
  const flows: Flow[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(FLOWS_DIR, file)).href)) as { default?: Flow };
    if (!module.default?.run) throw new Error(`tests/e2e/flows/${file} must default-export a Flow ({ name, run })`);
    flows.push(module.default);
  }
  // Accept `auth`, `auth.ts` or `tests/e2e/flows/auth.ts`.
  const wanted = only.map((name) => basename(name, ".ts"));
  const unknown = wanted.filter((name) => !flows.some((flow) => flow.name === name));
  if (unknown.length) throw new Error(`no such flow: ${unknown.join(", ")} (have: ${flows.map((flow) => flow.name).join(", ")})`);
  return wanted.length ? flows.filter((flow) => wanted.includes(flow.name)) : flows;
}

async function runFlow(harness: Harness, flow: Flow, report: Report): Promise<boolean> {
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  harness.takeBrowserErrors();
  harness.takeCspViolations();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      flow.run(harness).then(() => harness.assertNoCspViolations()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${FLOW_TIMEOUT_MS / 1000}s`)), FLOW_TIMEOUT_MS);
      }),
    ]);
    report.line(`PASS ${flow.name} (${seconds()})`);
    return true;
  } catch (err) {
    const shots = await harness.screenshotAll(`${flow.name}-failure`);
    // Details go on indented lines so that each flow has exactly one PASS/FAIL line.
    report.line(`FAIL ${flow.name} (${seconds()}): ${indentTail((err as Error).message)}`);
    const browserErrors = harness.takeBrowserErrors();
    if (browserErrors.length) report.line(`  browser errors:\n${browserErrors.slice(-10).map((line) => `    ${line}`).join("\n")}`);
    if (shots.length) report.line(`  screenshots: ${shots.join(", ")}`);
    return false;
  } finally {
    clearTimeout(timer);
    await harness.closeContexts();
  }
}

async function main(): Promise<number> {
  const flows = await loadFlows(process.argv.slice(2));
  const report = new Report(flows.length);
  const harness = new Harness();

  let aborting = false;
  const abort = (reason: string, code: number) => {
    if (aborting) return;
    aborting = true;
    report.line(`ABORT ${reason}`);
    report.summary();
    // Teardown itself must not hang the run either.
    setTimeout(() => {
      harness.killNow();
      process.exit(code);
    }, 15_000).unref();
    void harness.teardown().finally(() => process.exit(code));
  };
  process.on("SIGINT", () => abort("interrupted (SIGINT)", 130));
  process.on("SIGTERM", () => abort("terminated (SIGTERM)", 143));
  process.on("uncaughtException", (err) => abort(`uncaught error: ${err.stack ?? err.message}`, 1));
  process.on("unhandledRejection", (err) => abort(`unhandled rejection: ${String((err as Error)?.stack ?? err)}`, 1));
  process.on("exit", () => harness.killNow());
  const safety = setTimeout(() => abort(`the run took longer than ${SAFETY_TIMEOUT_MS / 1000}s (E2E_TIMEOUT_MS)`, 1), SAFETY_TIMEOUT_MS);

  try {
    const startedAt = Date.now();
    let stack;
    try {
      stack = await harness.start();
    } catch (err) {
      report.line(`FAIL stack did not start: ${indentTail((err as Error).message)}`);
      report.line(`  logs: ${join(ARTIFACTS_DIR, "logs")}`);
      return 1;
    }
    process.stderr.write(`[e2e] stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)}s: app ${stack.appUrl}, backend ${stack.backendUrl}\n`);
    for (const [index, flow] of flows.entries()) {
      if (aborting) break;
      if (index > 0) await harness.freshDeployment();
      if (await runFlow(harness, flow, report)) report.passed++;
      else report.failed++;
    }
    report.line(`screenshots and logs: ${ARTIFACTS_DIR}`);
    return report.failed === 0 && report.passed === flows.length ? 0 : 1;
  } finally {
    clearTimeout(safety);
    await harness.teardown();
    report.summary();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stdout.write(`FAIL ${(err as Error).message}\n0 passed, 1 failed\n`);
    process.exit(1);
  },
);
