/**
 * bench:coaching — N users (default 20) each take a full GROW session at the
 * same time, against the offline backend (a child process) and the fake
 * Anthropic server. Prints one JSON line:
 *   {"users","turns","first_token_visible_p50_ms","first_token_visible_p95_ms","fake_ttft_ms","errors", …}
 *
 * first_token_visible: from calling sendMessage to the first coach token
 * arriving at the sender's own subscription (listMessages), measured on the
 * client, the way a user perceives it. Goal: p50 ≤ fake_ttft + 100 ms, 0 errors.
 */
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeAnthropic } from "../../tools/fake-anthropic/server";
import { ensureEnvLocal } from "../../tools/dev/env-local";
import { REPO_ROOT } from "../../tools/dev/repo";
import { spawnBackend } from "../../tools/offline-backend/test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

const USERS = Number(process.env.BENCH_USERS ?? 20);
const FAKE_TTFT_MS = 300;
const FAKE_TPS = 60;
const MAX_TURNS = 12;

const CHALLENGE = "I was promoted to lead my former peers and want to set clear expectations without losing their trust.";
const ANSWERS = [
  "My goal is a weekly team meeting where everyone knows what is expected, and success means we ship the Q1 roadmap on time.",
  "Right now two senior engineers ignore the new process and deadlines slip by a week.",
  "The obstacles are old friendships, unclear ownership and my reluctance to have hard conversations.",
  "Options: a team charter workshop, one-on-ones with each person, or asking my manager for support.",
  "I prefer the one-on-ones first because they build trust before the workshop.",
  "My next action is to book one-on-ones with all five engineers and send the invitations.",
  "I will send them by 2026-12-15 and my commitment is 9 out of 10.",
];

const mutationMs: number[] = [];

type Message = { _id: string; role: string; text: string; status: string };

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Resolves when the session's message list satisfies `check`; fed by the client's subscription. */
class Watch {
  latest: Message[] = [];
  private waiters: { check: (messages: Message[]) => boolean; resolve: () => void }[] = [];
  update(messages: Message[]) {
    this.latest = messages;
    this.waiters = this.waiters.filter((w) => (w.check(messages) ? (w.resolve(), false) : true));
  }
  until(check: (messages: Message[]) => boolean, timeoutMs = 60_000): Promise<void> {
    if (check(this.latest)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for the coach")), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

async function runUser(url: string, index: number, latencies: number[], errors: string[]): Promise<number> {
  const client = new ConvexClient(url, { logger: false });
  let turns = 0;
  try {
    const email = `bench-${index}-${Date.now().toString(36)}@example.com`;
    const result = await client.action(api.auth.signIn, { provider: "password", params: { email, password: "bench-pass-42", flow: "signUp" } });
    const token = result.tokens.token as string;
    client.setAuth(async () => token);
    const { sessionId } = await client.mutation(api.coaching.sessions.startSession, { challenge: CHALLENGE, frameworkId: "GROW" });
    const watch = new Watch();
    const unsubscribe = client.onUpdate(api.coaching.sessions.listMessages, { sessionId }, (messages: Message[]) => watch.update(messages));
    const settled = (m: Message[]) => m.length > 0 && m.filter((x) => x.role === "assistant").every((x) => x.status === "done" || x.status === "failed");
    await watch.until(settled);
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      const session = await client.query(api.coaching.sessions.getSession, { sessionId });
      if (session.status !== "active") break;
      const text = ANSWERS[turn % ANSWERS.length];
      const before = watch.latest.length;
      const sent = performance.now();
      await client.mutation(api.coaching.sessions.sendMessage, { sessionId, text, idempotencyKey: `bench-${index}-${turn}-${Date.now()}` });
      mutationMs.push(performance.now() - sent);
      await watch.until((m) => m.slice(before).some((x) => x.role === "assistant" && x.text.length > 0));
      latencies.push(performance.now() - sent);
      await watch.until((m) => m.length > before && settled(m));
      const failed = watch.latest.slice(before).find((x) => x.role === "assistant" && x.status === "failed");
      if (failed) errors.push(`user ${index} turn ${turn}: coach reply failed`);
      turns++;
    }
    const final = await client.query(api.coaching.sessions.getSession, { sessionId });
    if (final.status !== "completed") errors.push(`user ${index}: session ended ${final.status}`);
    unsubscribe();
  } catch (error) {
    errors.push(`user ${index}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await client.close();
  }
  return turns;
}

async function main() {
  const fake = await startFakeAnthropic({ ttftMs: FAKE_TTFT_MS, tps: FAKE_TPS, rpm: 0, seed: 20 });
  const dir = mkdtempSync(path.join(tmpdir(), "framewise-bench-coaching-"));
  const envFile = path.join(dir, ".env.local");
  await ensureEnvLocal(REPO_ROOT, { path: envFile, offline: { fakeAnthropicPort: fake.port } });
  // A deployment serving this many people at once raises the provider and global limits to match.
  appendFileSync(
    envFile,
    [
      `LLM_RATE_LIMITS={"claude-sonnet-5-5":{"rpm":4000,"itpm":10000000,"otpm":10000000},"claude-haiku-5-5":{"rpm":4000}}`,
      "RATE_LIMIT_GLOBAL_PER_MIN=5000",
      "",
    ].join("\n"),
  );
  const backend = await spawnBackend(["--port", "0", "--site-port", "0", "--data-dir", path.join(dir, "data"), "--env-file", envFile, "--quiet", ...(process.env.BENCH_NO_FSYNC ? ["--no-fsync"] : [])], process.env.BENCH_BACKEND_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BACKEND_NODE_OPTIONS } : {}, 15 * 60_000);
  const latencies: number[] = [];
  const errors: string[] = [];
  const started = Date.now();
  const turns = await Promise.all(Array.from({ length: USERS }, (_, i) => runUser(backend.url, i, latencies, errors)));
  const result = {
    users: USERS,
    turns: turns.reduce((a, b) => a + b, 0),
    first_token_visible_p50_ms: Math.round(percentile(latencies, 50)),
    first_token_visible_p95_ms: Math.round(percentile(latencies, 95)),
    fake_ttft_ms: FAKE_TTFT_MS,
    errors: errors.length,
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    send_mutation_p50_ms: Math.round(percentile(mutationMs, 50)),
  };
  if (errors.length > 0) process.stderr.write(`${errors.slice(0, 10).join("\n")}\n`);
  backend.process.kill("SIGTERM");
  await backend.exited;
  await fake.close();
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
