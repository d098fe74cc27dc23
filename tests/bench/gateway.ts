/**
 * bench:gateway — pushes 200+ calls through the Claude gateway, running on
 * the offline backend, against the fake Anthropic server with a short rate
 * window, 20 %+ mixed faults and realistic latency. Prints one JSON line:
 *   calls, fault_rate, completed, failed_final, lost, provider_429,
 *   throughput_vs_ceiling, relay_overhead_p50_ms (+ context fields).
 *
 * - lost: requests that neither completed nor failed with a recorded reason.
 * - provider_429: 429s the fake issued for its own limit (not injected ones).
 * - throughput_vs_ceiling: admitted attempts per window over the admission
 *   ceiling (90 % of the limit), across the time the gateway was admitting;
 *   time the provider paused us with an injected 429 is not admission time.
 * - relay_overhead_p50_ms: per flush, from the newest token in it leaving the
 *   fake server to the flush committing in Convex; tokens held back on
 *   purpose by the 100 ms batching are not overhead.
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { providerLimit } from "../../convex/llm/gcra";
import { startFakeAnthropic } from "../../tools/fake-anthropic/server";
import { startBackend } from "../../tools/offline-backend/backend";
import { functionsWithProbe } from "./probe-functions";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const RPM = 50;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);
// Configured above 20 % so the observed share of faulted requests stays at least 20 %.
const FAULT_RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.25);
const RETRY_AFTER_S = 1;
const MODEL = "claude-sonnet-5-5";

type Flush = { requestId: string; textLength: number; committedAt: number };

const PROBE = `
import { v } from "convex/values";
import { makeFunctionReference } from "convex/server";
import { internalMutation, internalQuery } from "./_generated/server";
import { llmHandlerArgs } from "./llm/events";
import { enqueueLlmCall } from "./llm/queue";

const flushes = ((globalThis as any).__benchFlushes ??= []);

export const record = internalMutation({
  args: llmHandlerArgs,
  handler: async (_ctx, { requestId, event }) => {
    if (event.kind === "delta") flushes.push({ requestId, textLength: event.text.length, committedAt: Date.now() });
  },
});

export const enqueue = internalMutation({
  args: { n: v.number(), offset: v.number() },
  handler: async (ctx, { n, offset }) => {
    for (let i = 0; i < n; i++) {
      await enqueueLlmCall(ctx, {
        purpose: "coaching",
        priority: (offset + i) % 4 === 0 ? "batch" : "interactive",
        traceId: "bench-" + (offset + i),
        stream: true,
        params: {
          system: "You are a patient coach.\\n\\nCoaching questions:\\n- What would success look like for you?",
          messages: [{ role: "user", content: "Call " + (offset + i) + ": I want to delegate more and grow my team." }],
          maxTokens: 300,
        },
        handler: makeFunctionReference("benchProbe:record") as any,
        context: null,
      });
    }
  },
});

export const requests = internalQuery({
  args: {},
  handler: async (ctx) => (await ctx.db.query("llmRequests").take(10_000)).map((r) => ({ id: r._id, status: r.status, lastErrorClass: r.lastErrorClass })),
});

export const calls = internalQuery({
  args: {},
  handler: async (ctx) =>
    (await ctx.db.query("llmCalls").take(20_000)).map((c) => ({
      request: c.llmRequestId,
      status: c.status,
      errorClass: c.errorClass,
      startedAt: c.startedAt,
      providerRequestId: c.requestId,
    })),
});
`;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  // One JSON line on stdout is the contract; the functions' own logs would drown it.
  const quiet = !process.env.BENCH_VERBOSE;
  const fake = await startFakeAnthropic({
    rpm: RPM,
    windowMs: WINDOW_MS,
    ttftMs: 250,
    tps: 80,
    faultRate: FAULT_RATE,
    faults: ["429", "500", "529", "reset", "hang", "malformed"],
    timestamps: true,
    recentLimit: CALLS * 4,
    seed: 2026,
  });
  const backend = await startBackend({
    port: 0,
    sitePort: 0,
    dataDir: mkdtempSync(path.join(tmpdir(), "framewise-bench-gateway-")),
    functionsDir: functionsWithProbe("gateway", PROBE),
    envFile: null,
    fsync: false,
    echoFunctionLogs: !quiet,
    log: quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
    env: {
      ANTHROPIC_API_KEY: "bench-key",
      ANTHROPIC_BASE_URL: fake.url,
      LLM_RATE_LIMITS: JSON.stringify({ [MODEL]: { rpm: RPM, itpm: 10_000_000, otpm: 10_000_000 } }),
      LLM_RATE_WINDOW_MS: String(WINDOW_MS),
      LLM_MAX_ATTEMPTS: "10",
      LLM_RETRY_BASE_MS: "250",
      LLM_TIMEOUT_MS: "3000",
      LLM_BREAKER_THRESHOLD: "8",
      LLM_BREAKER_COOLDOWN_MS: "1000",
    },
  });
  const client = new ConvexHttpClient(backend.url, { logger: false });
  (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(backend.adminKey);
  const ref = {
    enqueue: makeFunctionReference<"mutation">("benchProbe:enqueue"),
    requests: makeFunctionReference<"query">("benchProbe:requests"),
    calls: makeFunctionReference<"query">("benchProbe:calls"),
  };

  const started = Date.now();
  for (let offset = 0; offset < CALLS; offset += 25) {
    await client.mutation(ref.enqueue, { n: Math.min(25, CALLS - offset), offset });
  }
  type Req = { id: string; status: string; lastErrorClass?: string };
  type Call = { request: string; status: string; errorClass?: string; startedAt: number; providerRequestId?: string };
  const deadline = started + Number(process.env.BENCH_DEADLINE_MS ?? 5 * 60_000);
  let requests = (await client.query(ref.requests, {})) as Req[];
  while (Date.now() < deadline && requests.some((r) => !["succeeded", "failed", "stopped"].includes(r.status))) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    requests = (await client.query(ref.requests, {})) as Req[];
  }
  const calls = (await client.query(ref.calls, {})) as Call[];
  const stats = fake.stats();
  const flushes = ((globalThis as { __benchFlushes?: Flush[] }).__benchFlushes ?? []).slice();

  const completed = requests.filter((r) => r.status === "succeeded").length;
  const failedFinal = requests.filter((r) => r.status === "failed" && r.lastErrorClass !== undefined).length;
  const lost = CALLS - completed - failedFinal;

  const starts = calls.map((c) => c.startedAt).sort((a, b) => a - b);
  const injected429 = stats.faults["429"] ?? 0;
  const pausedMs = injected429 * RETRY_AFTER_S * 1000;
  const spanMs = starts[starts.length - 1] - starts[0];
  const ceiling = providerLimit(RPM, WINDOW_MS).ceiling;
  const windows = Math.max(1e-9, (spanMs - pausedMs) / WINDOW_MS);
  const throughput = (starts.length - 1) / windows / ceiling;

  const recent = new Map(stats.recent.map((r) => [r.request_id, r]));
  const winning = new Map(calls.filter((c) => c.status === "succeeded").map((c) => [c.request, c.providerRequestId]));
  const overheads: number[] = [];
  for (const flush of flushes) {
    const stream = recent.get(winning.get(flush.requestId) ?? "");
    if (!stream) continue;
    let chars = 0;
    let newest: number | undefined;
    for (const delta of stream.deltas) {
      if (delta.block !== 0) continue;
      chars += delta.chars;
      if (chars > flush.textLength) break;
      newest = delta.wall_ms;
    }
    if (newest !== undefined && flush.committedAt >= newest) overheads.push(flush.committedAt - newest);
  }

  const byClass: Record<string, number> = {};
  for (const c of calls) if (c.errorClass) byClass[c.errorClass] = (byClass[c.errorClass] ?? 0) + 1;
  const result = {
    calls: CALLS,
    fault_rate: Math.round((stats.faults_total / Math.max(1, stats.messages)) * 1000) / 1000,
    completed,
    failed_final: failedFinal,
    lost,
    provider_429: stats.rate_limited,
    throughput_vs_ceiling: Math.round(throughput * 1000) / 1000,
    relay_overhead_p50_ms: Math.round(percentile(overheads, 50) * 10) / 10,
    attempts: calls.length,
    attempt_errors: byClass,
    window_ms: WINDOW_MS,
    ceiling_per_window: ceiling,
    paused_ms: pausedMs,
    duration_s: Math.round((Date.now() - started) / 100) / 10,
  };
  await backend.close();
  await fake.close();
  // Exit only once the line is flushed: a piped stdout is asynchronous.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
