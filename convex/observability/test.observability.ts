/**
 * Seeding helpers for observability tests (two dots in the name: never deployed).
 */
import { convexTest } from "convex-test";
import type { TransactionMetrics } from "convex-test/dist/transactionMetrics";
import type { Doc, Id } from "../_generated/dataModel";
import schema from "../schema";
import { ensureAuthEnv, modules, type TestConvex } from "../test.setup";

export const HOUR = 60 * 60_000;
export const DAY = 24 * HOUR;

/** A convex-test instance that enforces Convex's per-transaction limits, tightened where given. */
export async function limitedTest(limits: Partial<TransactionMetrics> | true = true) {
  await ensureAuthEnv();
  return convexTest({ schema, modules, transactionLimits: limits });
}

const MODELS = ["claude-sonnet-5-5", "claude-haiku-5-5", "claude-opus-5-5"];
const PURPOSES = ["coaching", "classification", "generation", "judging"] as const;
const ERROR_CLASSES = ["rate_limited", "overloaded", "timeout", "server_error"] as const;

export type CallSeed = Omit<Doc<"llmCalls">, "_id" | "_creationTime">;

/** Deterministic, varied calls: every model × purpose, several statuses, users and latencies. */
export function makeCalls(count: number, options: { start: number; spanMs: number; users: (Id<"users"> | undefined)[]; seed?: number }): CallSeed[] {
  let state = options.seed ?? 1;
  const random = () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
  const calls: CallSeed[] = [];
  for (let i = 0; i < count; i++) {
    const startedAt = options.start + Math.floor(random() * options.spanMs);
    const roll = random();
    const status = roll < 0.75 ? "succeeded" : roll < 0.9 ? "failed" : roll < 0.95 ? "stopped" : "running";
    const latencyMs = Math.round(20 + Math.exp(5 + 2 * random()));
    // Some calls share a finishedAt to the millisecond, so pages end inside ties.
    const finishedAt = i % 7 === 0 && calls.length > 0 && calls[calls.length - 1].finishedAt ? calls[calls.length - 1].finishedAt : startedAt + latencyMs;
    const inputTokens = status === "failed" ? 0 : 50 + Math.floor(random() * 2000);
    const outputTokens = status === "failed" ? 0 : 10 + Math.floor(random() * 600);
    calls.push({
      purpose: PURPOSES[i % PURPOSES.length],
      model: MODELS[Math.floor(i / PURPOSES.length) % MODELS.length],
      attempt: 1 + (i % 3 === 0 ? 1 : 0),
      status,
      userId: options.users[i % options.users.length],
      traceId: `tr_seed_${i}`,
      inputTokens,
      outputTokens,
      costMicros: inputTokens * 3 + outputTokens * 15,
      latencyMs: status === "running" ? undefined : i % 11 === 0 ? undefined : latencyMs,
      errorClass: status === "failed" ? ERROR_CLASSES[i % ERROR_CLASSES.length] : undefined,
      startedAt,
      finishedAt: status === "running" ? undefined : finishedAt,
    });
  }
  return calls;
}

export async function insertCalls(t: TestConvex | Awaited<ReturnType<typeof limitedTest>>, calls: CallSeed[], batch = 2000) {
  for (let i = 0; i < calls.length; i += batch) {
    await t.run(async (ctx) => {
      for (const call of calls.slice(i, i + batch)) await ctx.db.insert("llmCalls", call);
    });
  }
}

export async function insertUsers(t: TestConvex, count: number): Promise<Id<"users">[]> {
  return await t.run(async (ctx) => {
    const ids: Id<"users">[] = [];
    for (let i = 0; i < count; i++) ids.push(await ctx.db.insert("users", { email: `seed${i}@example.com`, role: i === 0 ? "admin" : "member" }));
    return ids;
  });
}

/** The identity an admin user's requests carry (Convex Auth's subject is "<userId>|<sessionId>"). */
export function asUser(t: TestConvex, userId: Id<"users">) {
  return t.withIdentity({ subject: `${userId}|session`, issuer: "test", tokenIdentifier: `test|${userId}` });
}

export async function scheduled(t: TestConvex | Awaited<ReturnType<typeof limitedTest>>, name: string) {
  const jobs = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
  return jobs.filter((job) => job.name.includes(name) && job.state.kind === "pending");
}
