/**
 * `npm run test:stress`: runs the unit suite (`npm test`) several times in a
 * row while busy loops hog CPU beside it, so tests that pass only on an idle
 * machine (an assertion made before a re-render, a tight timeout) fail here
 * rather than now and then in CI.
 *
 *   STRESS_RUNS=3 STRESS_HOGS=2 npm run test:stress
 *
 * Exits non-zero if any run failed; the hogs are stopped on every exit path.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";

const runs = positiveInt(process.env.STRESS_RUNS, 3);
// One hog per core but at most two: enough to starve the suite without
// making a shared machine unusable.
const hogs = positiveInt(process.env.STRESS_HOGS, Math.min(2, availableParallelism()));

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// A bare busy loop in a separate process; it never yields, so only a signal ends it.
const HOG_SOURCE = "for (;;) { Math.sqrt(Math.random()); }";

const children = new Set<ChildProcess>();

function startHog(): ChildProcess {
  const child = spawn(process.execPath, ["-e", HOG_SOURCE], { stdio: "ignore" });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

function stopHogs(): void {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
}

function runSuite(): Promise<number> {
  return new Promise((resolve) => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const child = spawn(npm, ["test"], { stdio: "inherit" });
    child.on("error", () => resolve(1));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    stopHogs();
    process.exit(130);
  });
}
process.on("exit", stopHogs);

async function main(): Promise<number> {
  for (let i = 0; i < hogs; i++) startHog();
  const results: { run: number; code: number; seconds: number }[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      console.log(`\n[stress] run ${run}/${runs} with ${hogs} CPU hog(s)`);
      const started = Date.now();
      const code = await runSuite();
      results.push({ run, code, seconds: Math.round((Date.now() - started) / 1000) });
    }
  } finally {
    stopHogs();
  }
  const failed = results.filter((r) => r.code !== 0);
  const detail = results.map((r) => `#${r.run} ${r.code === 0 ? "pass" : `fail(${r.code})`} ${r.seconds}s`).join(", ");
  console.log(
    `[stress] ${failed.length === 0 ? "PASS" : "FAIL"}: ${results.length - failed.length}/${runs} runs passed with ${hogs} CPU hog(s) (${detail})`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("[stress] crashed:", error);
    stopHogs();
    process.exit(1);
  },
);
