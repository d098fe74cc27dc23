/**
 * bench:generation — a batch of 100 coaching conversations against the fake
 * Anthropic server with a provider limit (50 requests per 10 s window) and
 * 25 % random faults, two ways, one JSON line each:
 *
 * 1. "sdk_concurrency_3" (printed first): the usual approach, straight from
 *    this process: @anthropic-ai/sdk with its built-in retries (maxRetries
 *    default 2, its own backoff, honouring retry-after) and a pool of 3
 *    calls at a time, the same forced conversation tool and prompts.
 * 2. "framewise_gateway" (printed last): the real offline backend (a child
 *    process), driven only through public functions: the first user signs up
 *    (admin, gets the starter templates), createBatch over a 5×5×4 matrix of
 *    the "Coaching conversation" starter, and a ConvexClient subscribed to
 *    getBatch watches it to the end.
 *
 * Figures:
 * - fault_rate: faults the fake injected / POST /v1/messages it received.
 * - succeeded / failed_final: items that ended with a valid conversation /
 *   that ended failed with a recorded reason (errorClass).
 * - lost (gateway): items - succeeded - failed_final (neither, at the end).
 * - duplicates (gateway): stored conversations beyond one per item, counted
 *   from the backend's commit log (every generatedConversations insert).
 * - provider_429: 429s the fake issued for its own limit (not injected ones).
 * - wall_s: peer, first request to last settle; gateway, createBatch call to
 *   the subscribed client seeing the batch completed.
 * - lower_bound_s: what the provider's limit alone requires: attempts the
 *   provider admitted (messages - own-limit refusals) / admission ceiling
 *   (90 % of the limit, as the gateway admits) × window, plus the pauses the
 *   provider demanded (union of [injected 429, + retry-after] intervals).
 * - progress_visible_*_ms: per settled item, from the commit of the
 *   transaction that settled it (the commit log's timestamp, which the
 *   backend takes from Date.now()) to the subscribed client's onUpdate
 *   receiving getBatch with done ≥ the batch's done count in that same
 *   commit (Date.now() in this process; same machine clock).
 * - Time to headers: the gateway runs with LLM_HEADERS_TIMEOUT_MS=2000
 *   (HEADERS_TIMEOUT_MS below, fitted to the fake's latency), so a hung
 *   attempt is cut at 2 s; the peer's SDK has only its 10 s request timeout.
 * - restart (only with --restart): the backend is killed with SIGKILL once
 *   40 items have settled and started again on the same data; the attempts
 *   it cut off are found by llm/recovery.ts (a cron, every 30 s) and run
 *   again. lost, duplicates and provider_429 keep their goals; wall_s grows
 *   by the downtime and the wait for recovery.
 * - hottest_doc_writes_per_call: the most writes any single document took
 *   (one per committed transaction that wrote it, counted by tailing
 *   <dataDir>/commits.log, which holds every commit's written documents)
 *   over the gateway's calls (llmCalls inserted; each is one attempt).
 */
import Anthropic from "@anthropic-ai/sdk";
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { providerLimit } from "../../convex/llm/gcra";
import { validateConversation } from "../../convex/studio/generation/conversation";
import { matrixRows } from "../../convex/studio/generation/matrix";
import { generationParams, templateRenderer } from "../../convex/studio/generation/prompt";
import type { MatrixAxis } from "../../convex/studio/generation/validators";
import { STARTERS } from "../../convex/studio/templates/starters";
import { DEFAULT_RETRY_AFTER_SECONDS, type FaultKind } from "../../tools/fake-anthropic/faults";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../tools/fake-anthropic/server";
import { signUp, starterVersion, startOfflineApp, type OfflineApp } from "../support/offlineApp";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

const LIMIT = 50;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
// Configured above 20 % so the observed share of faulted requests stays at least 20 %.
const FAULT_RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.25);
// Transport faults plus the two unusable answers (text instead of the tool, cut-off tool JSON).
const FAULTS: FaultKind[] = ["429", "500", "529", "reset", "hang", "malformed", "no_tool", "bad_tool_input"];
const TTFT_MS = 250;
// A conversation is ~220 output tokens: ~1.7 s a call, so 20 in flight out-run the limit and the limit binds.
const TPS = 150;
const SEED = 2027;
const MODEL = "claude-sonnet-5-5";
/** Per attempt; the SDK's timeout for the peer, where a hang costs this much. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/**
 * The gateway's time to response headers (LLM_HEADERS_TIMEOUT_MS), fitted to
 * the fake: it sends headers at once and its first token at TTFT_MS, so 2 s
 * is ample, and a hang (no headers ever) costs 2 s instead of the attempt's
 * 10 s. A deployment fits it to its provider (default 15 s): real Claude sends
 * headers within a second or two even when the first token takes longer.
 */
const HEADERS_TIMEOUT_MS = 2_000;
/**
 * `--restart` (npm run bench:generation:restart): once this many items have
 * settled, the backend is killed with SIGKILL mid-batch and started again on
 * the same data. The peer is skipped; the line adds a `restart` object.
 */
const RESTART_AFTER = process.argv.includes("--restart") ? 40 : undefined;
const BATCH_CONCURRENCY = 20;
const PEER_CONCURRENCY = 3;
const PHASE_DEADLINE_MS = Number(process.env.BENCH_PHASE_DEADLINE_MS ?? 6 * 60_000);
const TOTAL_DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 15 * 60_000);

// 5 × 5 × 4 × 1 = 100 items, every one a distinct prompt.
const MATRIX: MatrixAxis[] = [
  { variable: "framework", values: ["GROW", "CLEAR", "COMPASS", "Power-Interest Grid", "Executive Presence"] },
  { variable: "persona", values: ["first-time manager", "senior engineer", "startup founder", "nurse team lead", "sales director"] },
  { variable: "emotion", values: ["anxious", "frustrated", "overwhelmed", "hopeful"] },
  { variable: "topic", values: ["leading a team that used to be their peers"] },
];
const STARTER_NAME = "Coaching conversation";

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------- clean-up

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step();
      } catch {
        // Best effort: every other step still runs.
      }
    }
  })();
  return cleaning;
}
function exitWith(code: number, line?: string): void {
  void cleanup().then(() => {
    if (line === undefined) process.exit(code);
    else process.stdout.write(line, () => process.exit(code));
  });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    process.stderr.write(`bench:generation: ${signal}, cleaning up\n`);
    exitWith(130);
  });
}
setTimeout(() => {
  process.stderr.write(`bench:generation: gave up after ${TOTAL_DEADLINE_MS / 1000} s\n`);
  exitWith(1);
}, TOTAL_DEADLINE_MS).unref();

// ---------------------------------------------------------------- the fake, watched

type Watched = {
  fake: FakeAnthropicServer;
  /** Intervals the provider asked for a pause: [injected 429 sent, + retry-after]. */
  pauses: [number, number][];
};

/** The fake with the bench's settings, noting when each injected 429 went out. */
async function startWatchedFake(): Promise<Watched> {
  const pauses: [number, number][] = [];
  let injected429 = 0;
  // The log callback can run only once the server exists; the holder keeps it from reading it too early.
  const holder: { fake?: FakeAnthropicServer } = {};
  const fake = await startFakeAnthropic({
    rpm: LIMIT,
    windowMs: WINDOW_MS,
    ttftMs: TTFT_MS,
    tps: TPS,
    faultRate: FAULT_RATE,
    faults: FAULTS,
    seed: SEED,
    // One line per finished request: an injected 429 shows as its counter moving.
    log: (line) => {
      if (holder.fake === undefined || !/ 429 /.test(line)) return;
      const now = Date.now();
      const count = holder.fake.stats().faults["429"] ?? 0;
      for (; injected429 < count; injected429++) pauses.push([now, now + DEFAULT_RETRY_AFTER_SECONDS * 1000]);
    },
  });
  holder.fake = fake;
  cleanups.push(() => fake.close());
  return { fake, pauses };
}

function unionMs(intervals: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** The fields both approaches share, from the fake's counters. */
function providerFigures(watched: Watched, wallMs: number) {
  const stats = watched.fake.stats();
  const admitted = stats.messages - stats.rate_limited;
  const ceiling = providerLimit(LIMIT, WINDOW_MS).ceiling;
  const pausedMs = unionMs(watched.pauses);
  const lowerBoundMs = (admitted / ceiling) * WINDOW_MS + pausedMs;
  return {
    fault_rate: round(stats.faults_total / Math.max(1, stats.messages), 3),
    provider_429: stats.rate_limited,
    wall_s: round(wallMs / 1000, 1),
    lower_bound_s: round(lowerBoundMs / 1000, 1),
    wall_vs_bound: round(wallMs / lowerBoundMs, 3),
    context: {
      attempts: admitted,
      faults: stats.faults,
      paused_s: round(pausedMs / 1000, 1),
      limit_per_window: LIMIT,
      ceiling_per_window: ceiling,
      window_ms: WINDOW_MS,
    },
  };
}

// ---------------------------------------------------------------- the peer

function renderedPrompts(): string[] {
  const starter = STARTERS.find((s) => s.details.name === STARTER_NAME);
  if (!starter) throw new Error(`no starter named ${STARTER_NAME}`);
  const render = templateRenderer({ body: starter.body, variables: starter.variables });
  return matrixRows(MATRIX, "all", undefined, 1).map((row) => {
    const rendered = render(row);
    if (!rendered.ok) throw new Error(rendered.message);
    return rendered.text;
  });
}

async function runPeer(): Promise<Record<string, unknown>> {
  const prompts = renderedPrompts();
  const watched = await startWatchedFake();
  // Built-in retries at their default (2), the SDK's own backoff; the same per-attempt timeout as the batch.
  const client = new Anthropic({ apiKey: "bench-key", baseURL: watched.fake.url, timeout: ATTEMPT_TIMEOUT_MS });
  let succeeded = 0;
  const failures: Record<string, number> = {};
  let next = 0;
  const started = Date.now();
  const deadline = started + PHASE_DEADLINE_MS;
  const worker = async () => {
    while (next < prompts.length && Date.now() < deadline) {
      const params = generationParams(prompts[next++], {});
      try {
        const message = await client.messages
          .stream({
            model: MODEL,
            max_tokens: params.maxTokens,
            system: params.system,
            messages: params.messages as Anthropic.MessageParam[],
            tools: params.tools as Anthropic.Tool[],
            tool_choice: params.toolChoice as Anthropic.ToolChoice,
          })
          .finalMessage();
        const call = message.content.find((block) => block.type === "tool_use");
        if (validateConversation(call?.type === "tool_use" ? call.input : undefined).ok) succeeded++;
        else failures.invalid_output = (failures.invalid_output ?? 0) + 1;
      } catch (error) {
        const name = error instanceof Error ? error.constructor.name : "unknown";
        failures[name] = (failures[name] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: PEER_CONCURRENCY }, worker));
  const wallMs = Date.now() - started;
  const figures = providerFigures(watched, wallMs);
  await watched.fake.close();
  const failedFinal = Object.values(failures).reduce((a, b) => a + b, 0);
  return {
    items: prompts.length,
    fault_rate: figures.fault_rate,
    succeeded,
    failed_final: failedFinal,
    provider_429: figures.provider_429,
    wall_s: figures.wall_s,
    lower_bound_s: figures.lower_bound_s,
    wall_vs_bound: figures.wall_vs_bound,
    approach: "sdk_concurrency_3",
    not_attempted: prompts.length - succeeded - failedFinal,
    failed_by: failures,
    ...figures.context,
  };
}

// ---------------------------------------------------------------- the commit log

type Doc = Record<string, unknown>;
type Counts = { succeeded: number; failed: number; cancelled: number };

/** Document ids are `<decimal counter><tableName>` in the offline backend (convex-test's scheme). */
function tableOf(id: string): string {
  return id.replace(/^[0-9]+/, "");
}

/**
 * Reads <dataDir>/commits.log as it grows. The backend folds the log into a
 * snapshot (truncating it) past 32 MiB; polling often keeps what was read,
 * and a truncation is counted so a gap can be reported.
 */
class CommitLogTail {
  writes = new Map<string, number>();
  truncations = 0;
  llmCalls = 0;
  conversationsByItem = new Map<string, number>();
  /** Per settled item: when the settling transaction committed and the batch's done count it wrote. */
  settles: { item: string; committedAt: number; done: number | undefined }[] = [];
  /** Each llmCalls document's startedAt (one per attempt). */
  callStarts: number[] = [];
  /** The batch's writes by what moved in its counters ("queued→running", …), to explain its write count. */
  batchChanges = new Map<string, number>();
  /** Per item, the error classes it went through, in order. */
  itemErrors = new Map<string, string[]>();
  /** Per item, when its first attempt was sent (the item's startedAt). */
  itemStarted = new Map<string, number>();
  private itemStatus = new Map<string, string>();
  private batchCounts = new Map<string, Record<string, number>>();
  /** Attempts recovery found cut off by a restart. */
  interrupted = 0;
  private offset = 0;
  private rest = "";

  constructor(private readonly file: string) {}

  /** After a kill: a half-written last commit never happened, and the restarted backend cuts it off. */
  dropTornLine(): void {
    this.offset -= Buffer.byteLength(this.rest);
    this.rest = "";
  }

  poll(): void {
    let fd: number;
    try {
      fd = openSync(this.file, "r");
    } catch {
      return;
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        this.truncations++;
        this.offset = 0;
        this.rest = "";
      }
      const chunk = Buffer.alloc(1 << 20);
      while (this.offset < size) {
        const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - this.offset), this.offset);
        if (n <= 0) break;
        this.offset += n;
        const text = this.rest + chunk.subarray(0, n).toString("utf8");
        const lines = text.split("\n");
        this.rest = lines.pop() ?? "";
        for (const line of lines) if (line.trim() !== "") this.take(JSON.parse(line) as { k: string; ts: string; w?: [string, Doc | null][] });
      }
    } finally {
      closeSync(fd);
    }
  }

  private take(line: { k: string; ts: string; w?: [string, Doc | null][] }): void {
    if (line.k !== "c" || !line.w) return;
    const committedAt = Number(BigInt(line.ts) / 1_000_000n);
    let batchDone: number | undefined;
    const settled: string[] = [];
    for (const [id, doc] of line.w) {
      const seen = this.writes.get(id) ?? 0;
      this.writes.set(id, seen + 1);
      const table = tableOf(id);
      if (doc === null) continue;
      if (table === "llmCalls" && doc.errorClass === "interrupted" && doc.status === "failed") this.interrupted++;
      if (table === "llmCalls" && seen === 0) {
        this.llmCalls++;
        if (typeof doc.startedAt === "number") this.callStarts.push(doc.startedAt);
      }
      if (table === "generatedConversations" && seen === 0 && typeof doc.itemId === "string") {
        this.conversationsByItem.set(doc.itemId, (this.conversationsByItem.get(doc.itemId) ?? 0) + 1);
      }
      if (table === "generationBatches") {
        const c = doc.counts as Counts | undefined;
        if (c) batchDone = c.succeeded + c.failed + c.cancelled;
        const now = (c ?? {}) as Record<string, number>;
        const before = this.batchCounts.get(id);
        this.batchCounts.set(id, now);
        const from = Object.keys(now).filter((k) => before !== undefined && now[k] < before[k]);
        const to = Object.keys(now).filter((k) => before !== undefined && now[k] > before[k]);
        const change = before === undefined ? "insert" : from.length + to.length === 0 ? "other fields" : `${from.join("+")}→${to.join("+")}`;
        this.batchChanges.set(change, (this.batchChanges.get(change) ?? 0) + 1);
      }
      if (table === "generationItems") {
        const status = String(doc.status);
        const before = this.itemStatus.get(id);
        this.itemStatus.set(id, status);
        if (typeof doc.startedAt === "number" && !this.itemStarted.has(id)) this.itemStarted.set(id, doc.startedAt);
        if (typeof doc.errorClass === "string") {
          const seenErrors = this.itemErrors.get(id) ?? [];
          if (seenErrors[seenErrors.length - 1] !== doc.errorClass || before !== status) seenErrors.push(doc.errorClass);
          this.itemErrors.set(id, seenErrors);
        }
        if ((status === "succeeded" || status === "failed") && before !== status) settled.push(id);
      }
    }
    for (const item of settled) this.settles.push({ item, committedAt, done: batchDone });
  }

  hottest(n: number): { id: string; table: string; writes: number }[] {
    return [...this.writes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([id, writes]) => ({ id, table: tableOf(id), writes }));
  }
}

// ---------------------------------------------------------------- the gateway

type BatchProgress = { batch: { status: string; total: number; counts: Counts & Record<string, number> }; done: number };
type Item = { _id: string; status: string; errorClass?: string; conversationId?: string };

async function runGateway(): Promise<Record<string, unknown>> {
  const watched = await startWatchedFake();
  const app = await startOfflineApp({
    fakePort: watched.fake.port,
    env: [
      // The gateway told the provider's real limit and window; token limits out of the way (the fake limits requests only).
      `LLM_RATE_LIMITS={"${MODEL}":{"rpm":${LIMIT},"itpm":10000000,"otpm":10000000}}`,
      `LLM_RATE_WINDOW_MS=${WINDOW_MS}`,
      // The breaker scaled to a 10 s window, as bench:gateway does (the defaults, 5 and 30 s, suit a 60 s one).
      "LLM_BREAKER_THRESHOLD=8",
      "LLM_BREAKER_COOLDOWN_MS=1000",
      // Time to headers fitted to the fake (headers at once, first token at 250 ms): a hang is cut at 2 s, not the 10 s attempt timeout.
      `LLM_HEADERS_TIMEOUT_MS=${HEADERS_TIMEOUT_MS}`,
    ],
    lifetimeMs: TOTAL_DEADLINE_MS,
    noFsync: Boolean(process.env.BENCH_NO_FSYNC),
  });
  cleanups.push(() => app.stop());
  const tail = new CommitLogTail(path.join(app.dataDir, "commits.log"));
  const tailer = setInterval(() => tail.poll(), 200);
  cleanups.push(() => clearInterval(tailer));

  const client = new ConvexClient(app.backend.url, { logger: false });
  cleanups.push(() => client.close());
  await signUp(client, `bench-admin-${Date.now().toString(36)}@example.com`);
  const version = await starterVersion(client, STARTER_NAME);

  const updates: { at: number; done: number; status: string }[] = [];
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = Date.now();
  const { batchId } = await client.mutation(api.studio.generation.batches.createBatch, {
    name: "bench:generation",
    versionId: version.versionId,
    matrix: MATRIX,
    mode: "all",
    options: { concurrency: BATCH_CONCURRENCY, itemTimeoutMs: ATTEMPT_TIMEOUT_MS },
  });
  let finishedAt: number | undefined;
  let restart: Restart | undefined;
  const finished = new Promise<void>((resolve) => {
    const unsubscribe = client.onUpdate(api.studio.generation.batches.getBatch, { batchId }, (progress: BatchProgress) => {
      const at = Date.now();
      updates.push({ at, done: progress.done, status: progress.batch.status });
      if (RESTART_AFTER !== undefined && restart === undefined && progress.done >= RESTART_AFTER) {
        restart = { afterDone: progress.done, killedAt: at, running: progress.batch.counts.running ?? 0 };
        void restartBackend(app, tail, restart);
      }
      if (finishedAt === undefined && (progress.batch.status === "completed" || progress.batch.status === "cancelled")) {
        finishedAt = at;
        unsubscribe();
        resolve();
      }
    });
  });
  const timedOut = await Promise.race([finished.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), PHASE_DEADLINE_MS).unref())]);
  lag.disable();
  const wallMs = (finishedAt ?? Date.now()) - started;
  // Let the last commits reach the log, then read it all.
  await new Promise((resolve) => setTimeout(resolve, 300));
  tail.poll();

  const items: Item[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: { page: Item[]; isDone: boolean; continueCursor: string } = await client.query(api.studio.generation.batches.listBatchItems, {
      batchId,
      paginationOpts: { numItems: 100, cursor },
    });
    items.push(...page.page);
    if (page.isDone) break;
    cursor = page.continueCursor;
  }
  const total = MATRIX.reduce((n, axis) => n * axis.values.length, 1);
  const succeeded = items.filter((i) => i.status === "succeeded" && i.conversationId !== undefined).length;
  const failedFinal = items.filter((i) => i.status === "failed" && i.errorClass !== undefined).length;
  const failedBy: Record<string, number> = {};
  for (const i of items) if (i.status === "failed") failedBy[i.errorClass ?? "none"] = (failedBy[i.errorClass ?? "none"] ?? 0) + 1;
  const stored = [...tail.conversationsByItem.values()];
  const duplicates = stored.reduce((n, c) => n + Math.max(0, c - 1), 0);

  // Receive time of the first update showing at least `done` settled items.
  const visible: number[] = [];
  for (const settle of tail.settles) {
    if (settle.done === undefined) continue;
    const seen = updates.find((u) => u.done >= settle.done!);
    if (seen) visible.push(seen.at - settle.committedAt);
  }
  if (restart?.error) throw new Error(`restart failed: ${restart.error}`);
  const hottest = tail.hottest(5);
  const calls = tail.llmCalls;
  const figures = providerFigures(watched, wallMs);
  // Where the time beyond the bound went: before the first attempt, gaps in admission, after the last.
  const starts = [...tail.callStarts].sort((a, b) => a - b);
  const ceiling = providerLimit(LIMIT, WINDOW_MS).ceiling;
  const span = starts.length > 0 ? starts[starts.length - 1] - starts[0] : 0;
  const paced = ((starts.length - 1) / ceiling) * WINDOW_MS + unionMs(watched.pauses);
  const lastSettle = [...tail.settles].sort((a, b) => b.committedAt - a.committedAt)[0];
  const timeline = {
    first_attempt_s: starts.length > 0 ? round((starts[0] - started) / 1000, 2) : null,
    admission_span_s: round(span / 1000, 1),
    admission_slack_s: round((span - paced) / 1000, 1),
    after_last_attempt_s: starts.length > 0 ? round((started + wallMs - starts[starts.length - 1]) / 1000, 1) : null,
    last_item: lastSettle
      ? {
          started_s: round(((tail.itemStarted.get(lastSettle.item) ?? NaN) - started) / 1000, 1),
          settled_s: round((lastSettle.committedAt - started) / 1000, 1),
          errors: tail.itemErrors.get(lastSettle.item) ?? [],
        }
      : null,
    // Admission gaps over twice the pacing interval: [at s, gap s].
    admission_gaps: starts
      .slice(1)
      .map((at, i) => [round((at - started) / 1000, 1), round((at - starts[i]) / 1000, 2)])
      .filter(([, gap]) => gap * 1000 > (2 * WINDOW_MS) / ceiling),
  };
  return {
    items: total,
    fault_rate: figures.fault_rate,
    succeeded,
    failed_final: failedFinal,
    lost: total - succeeded - failedFinal,
    duplicates,
    provider_429: figures.provider_429,
    wall_s: figures.wall_s,
    lower_bound_s: figures.lower_bound_s,
    wall_vs_bound: figures.wall_vs_bound,
    progress_visible_p50_ms: Math.round(percentile(visible, 50)),
    hottest_doc_writes_per_call: round((hottest[0]?.writes ?? 0) / Math.max(1, calls), 3),
    approach: "framewise_gateway",
    timed_out: timedOut,
    failed_by: failedBy,
    stored_conversations: stored.reduce((a, b) => a + b, 0),
    progress_visible_p95_ms: Math.round(percentile(visible, 95)),
    progress_visible_samples: visible.length,
    client_updates: updates.length,
    bench_event_loop_delay_p50_ms: round(lag.percentile(50) / 1e6, 1),
    calls,
    hottest_docs: hottest.map(({ table, writes }) => ({ table, writes, per_call: round(writes / Math.max(1, calls), 3) })),
    batch_writes_by_change: Object.fromEntries(tail.batchChanges),
    timeline,
    commit_log_truncations: tail.truncations,
    ...(restart
      ? {
          restart: {
            after_done: restart.afterDone,
            running_at_kill: restart.running,
            killed_at_s: round((restart.killedAt - started) / 1000, 1),
            down_s: restart.backAt === undefined ? null : round((restart.backAt - restart.killedAt) / 1000, 1),
            interrupted_attempts: tail.interrupted,
          },
        }
      : {}),
    batch_concurrency: BATCH_CONCURRENCY,
    attempt_timeout_ms: ATTEMPT_TIMEOUT_MS,
    headers_timeout_ms: HEADERS_TIMEOUT_MS,
    ...figures.context,
  };
}

type Restart = { afterDone: number; killedAt: number; running: number; backAt?: number; error?: string };

/** kill -9, read the log to its end, start again on the same data and ports; the client reconnects by itself. */
async function restartBackend(app: OfflineApp, tail: CommitLogTail, restart: Restart): Promise<void> {
  try {
    await app.kill9();
    tail.poll();
    tail.dropTornLine();
    await app.restart();
    restart.backAt = Date.now();
  } catch (error) {
    restart.error = error instanceof Error ? error.message : String(error);
  }
}

async function main() {
  // The peer's line first, as soon as it is known (BENCH_SKIP_PEER=1 skips it while looking into the gateway).
  if (!process.env.BENCH_SKIP_PEER && RESTART_AFTER === undefined) process.stdout.write(`${JSON.stringify(await runPeer())}\n`);
  const ours = await runGateway();
  exitWith(0, `${JSON.stringify(ours)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  exitWith(1);
});
