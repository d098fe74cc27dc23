/**
 * Benchmark: `npx tsx tools/offline-backend/bench.ts` prints one JSON line
 *   {"clients":50,"subscription_update_p50_ms":…,"subscription_update_p95_ms":…,"mutations_per_s":…}
 *
 * - subscription update latency: 50 ConvexClients subscribe to one counter
 *   (the fixture app's `counter:get`); a writer increments it repeatedly. The
 *   mutation stores `Date.now()` in the document as it commits; each client
 *   measures from that to the moment the new value reaches its `onUpdate`.
 * - mutation rate: simple mutations (one insert each), issued by several
 *   clients with requests in flight, acknowledged (durable) per second.
 *
 * The backend runs as a child process (the real CLI, fsync on unless
 * BENCH_NO_FSYNC=1), so clients and server do not share an event loop.
 */
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { spawnBackend, tempDataDir, FIXTURE_FUNCTIONS_DIR } from "./test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

const CLIENTS = 50;
const UPDATES = 60;
const WRITERS = 8;
const IN_FLIGHT_PER_WRITER = 8;
const THROUGHPUT_MS = 3000;

type Counter = { value: number; at: number } | null;

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

async function main(): Promise<void> {
  const backend = await spawnBackend([
    "--port", "0", "--site-port", "0", "--data-dir", tempDataDir("bench"), "--functions-dir", FIXTURE_FUNCTIONS_DIR, "--env-file", "/dev/null", "--quiet", ...(process.env.BENCH_NO_FSYNC ? ["--no-fsync"] : []),
  ]);
  const clients: ConvexClient[] = [];
  try {
    const name = "bench";
    const latencies: number[] = [];
    let expected = 0;
    let received = 0;
    let onAllReceived: (() => void) | undefined;
    for (let i = 0; i < CLIENTS; i++) {
      const c = new ConvexClient(backend.url, { logger: false });
      clients.push(c);
      c.onUpdate(api.counter.get, { name }, (v: Counter) => {
        if (v === null || v.value !== expected) return;
        latencies.push(nowMs() - v.at);
        if (++received === CLIENTS) onAllReceived?.();
      });
    }
    const writer = new ConvexClient(backend.url, { logger: false });
    clients.push(writer);
    // Warm up: every client subscribed and the function path exercised.
    for (let i = 0; i < 5; i++) {
      expected = (await writer.mutation(api.counter.increment, { name })) as number;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    latencies.length = 0;

    for (let i = 0; i < UPDATES; i++) {
      received = 0;
      expected += 1;
      const allReceived = new Promise<void>((resolve) => (onAllReceived = resolve));
      const value = (await writer.mutation(api.counter.increment, { name })) as number;
      if (value !== expected) throw new Error(`counter is ${value}, expected ${expected}`);
      await Promise.race([allReceived, new Promise((_, reject) => setTimeout(() => reject(new Error("update not delivered")), 5000))]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    latencies.sort((a, b) => a - b);

    const writers = Array.from({ length: WRITERS }, () => {
      const c = new ConvexClient(backend.url, { logger: false });
      clients.push(c);
      return c;
    });
    await Promise.all(writers.map((w) => w.mutation(api.counter.touch, { note: "warm-up" })));
    let completed = 0;
    const deadline = Date.now() + THROUGHPUT_MS;
    const started = nowMs();
    await Promise.all(
      writers.flatMap((w, wi) =>
        Array.from({ length: IN_FLIGHT_PER_WRITER }, async (_, lane) => {
          let n = 0;
          while (Date.now() < deadline) {
            await w.mutation(api.counter.touch, { note: `w${wi}-${lane}-${n++}` });
            completed++;
          }
        }),
      ),
    );
    const mutationsPerSecond = completed / ((nowMs() - started) / 1000);

    process.stdout.write(
      `${JSON.stringify({
        clients: CLIENTS,
        subscription_update_p50_ms: round(percentile(latencies, 50)),
        subscription_update_p95_ms: round(percentile(latencies, 95)),
        mutations_per_s: Math.round(mutationsPerSecond),
      })}\n`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    backend.process.kill("SIGTERM");
    await backend.exited;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
