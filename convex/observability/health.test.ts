import { afterEach, describe, expect, test } from "vitest";
import { api, internal } from "../_generated/api";
import { gatewayTest } from "../test.llm";
import type { TestConvex } from "../test.setup";
import { signIn } from "../test.users";
import { CRON_JOB_NAMES, CRON_JOBS, type CronJobName } from "./cronRuns";
import { utcHour } from "./rollupMath";
import { HOUR } from "./test.observability";

// gatewayTest sets the ANTHROPIC_* variables afresh for each test; undo the rest.
afterEach(() => {
  delete process.env.LLM_CALL_RETENTION_DAYS;
});

async function setCrons(t: TestConvex, ages: Partial<Record<CronJobName, number | null>> = {}) {
  const now = Date.now();
  await t.run(async (ctx) => {
    for (const name of CRON_JOB_NAMES) {
      const age = name in ages ? ages[name] : 60_000;
      await ctx.db.insert("cronRuns", { name, lastRunAt: age === null ? undefined : now - age!, lastSuccessAt: age === null ? undefined : now - age! });
    }
  });
}

type ReadyBody = {
  ok: boolean;
  failing: string[];
  checks: Record<"database" | "crons" | "config" | "anthropic", { ok: boolean; detail: string }>;
};

async function readyz(t: TestConvex): Promise<{ status: number; body: ReadyBody }> {
  const response = await t.fetch("/readyz", { method: "GET" });
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

describe("health.status", () => {
  test("is ok when every cron ran recently and the breaker is closed", async () => {
    const { t } = await gatewayTest();
    await setCrons(t);
    const status = await t.query(api.health.status, {});
    expect(status.ok).toBe(true);
    expect(status.problems).toEqual([]);
    expect(status.gateway).toEqual({ breaker: "closed", queued: 0, running: 0, pausedUntil: null });
    expect(status.crons.map((c) => c.name).sort()).toEqual([...CRON_JOB_NAMES].sort());
    expect(status.crons.every((c) => !c.stale && c.ageMs !== null && c.ageMs >= 60_000)).toBe(true);
    expect(status.errorRate24h).toBeNull();
  });

  test("reports stale and never-run crons with their age", async () => {
    const { t } = await gatewayTest();
    await setCrons(t, { retention: CRON_JOBS.retention.maxAgeMs + HOUR });
    await t.run(async (ctx) => {
      const row = await ctx.db.query("cronRuns").withIndex("by_name", (q) => q.eq("name", "rollup_sessions")).unique();
      await ctx.db.delete("cronRuns", row!._id);
    });
    const status = await t.query(api.health.status, {});
    expect(status.ok).toBe(false);
    const retention = status.crons.find((c) => c.name === "retention")!;
    expect(retention.stale).toBe(true);
    expect(retention.ageMs).toBeGreaterThan(CRON_JOBS.retention.maxAgeMs);
    expect(status.crons.find((c) => c.name === "rollup_sessions")).toMatchObject({ stale: true, ageMs: null });
    expect(status.problems.join("\n")).toMatch(/cron retention last succeeded/);
    expect(status.problems.join("\n")).toMatch(/cron rollup_sessions has never run/);
  });

  test("reports the open breaker, the queue and the error rate of the last 24 h from roll-ups", async () => {
    const { t } = await gatewayTest();
    await setCrons(t);
    const now = Date.now();
    await t.run(async (ctx) => {
      await ctx.db.insert("gatewayState", { provider: "anthropic", breaker: "open", consecutiveFailures: 5, openedAt: now, probeInFlight: false, queued: 4, running: 1, updatedAt: now });
      const hour = (ms: number, calls: number, failed: number) =>
        ctx.db.insert("analyticsRollups", { kind: "llm_hourly", bucket: utcHour(ms), key: "all", values: { calls, failed, costMicros: 0 }, updatedAt: now });
      await hour(now, 30, 18);
      await hour(now - 5 * HOUR, 10, 2);
      await hour(now - 30 * HOUR, 1000, 1000); // older than 24 h: ignored
    });
    const status = await t.query(api.health.status, {});
    expect(status.gateway).toMatchObject({ breaker: "open", queued: 4, running: 1 });
    expect(status.calls24h).toBe(40);
    expect(status.failed24h).toBe(20);
    expect(status.errorRate24h).toBe(0.5);
    expect(status.ok).toBe(false);
    expect(status.problems.join("\n")).toMatch(/breaker is open/);
    expect(status.problems.join("\n")).toMatch(/50 % of LLM calls failed/);
  });
});

describe("GET /readyz", () => {
  test("200 when the database answers, crons are fresh and the fake Claude answers", async () => {
    const { t } = await gatewayTest();
    await setCrons(t);
    const { status, body } = await readyz(t);
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.failing).toEqual([]);
    expect(body.checks.anthropic.detail).toMatch(/answered 200/);
  });

  test("a fresh deployment is ready: readiness registers jobs that have not had a chance to run", async () => {
    const { t } = await gatewayTest();
    const { status, body } = await readyz(t);
    expect(status).toBe(200);
    expect(body.checks.crons.ok).toBe(true);
    const rows = await t.run((ctx) => ctx.db.query("cronRuns").collect());
    expect(rows).toHaveLength(CRON_JOB_NAMES.length);
  });

  test("503 naming Claude when it is unreachable", async () => {
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
    await setCrons(t);
    const { status, body } = await readyz(t);
    expect(status).toBe(503);
    expect(body.failing).toEqual(["anthropic"]);
    expect(body.checks.anthropic.detail).toMatch(/127\.0\.0\.1:1 is unreachable/);
    expect(body.checks.database.ok).toBe(true);
  });

  test("503 naming the crons when one is stale", async () => {
    const { t } = await gatewayTest();
    await setCrons(t, { rollup_llm_calls: CRON_JOBS.rollup_llm_calls.maxAgeMs + 60_000 });
    const { status, body } = await readyz(t);
    expect(status).toBe(503);
    expect(body.failing).toEqual(["crons"]);
    expect(body.checks.crons.detail).toMatch(/rollup_llm_calls/);
  });

  test("503 naming the missing variable and how to set it", async () => {
    const { t } = await gatewayTest();
    delete process.env.ANTHROPIC_API_KEY;
    process.env.LLM_CALL_RETENTION_DAYS = "forever";
    await setCrons(t);
    const { status, body } = await readyz(t);
    expect(status).toBe(503);
    expect(body.failing.sort()).toEqual(["anthropic", "config"]);
    expect(body.checks.config.detail).toMatch(/LLM_CALL_RETENTION_DAYS is invalid/);
    expect(body.checks.anthropic.detail).toMatch(/ANTHROPIC_API_KEY is not set.*npx convex env set ANTHROPIC_API_KEY/);
  });

  test("GET /healthz stays 200 whatever readiness says", async () => {
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
    expect((await t.fetch("/healthz", { method: "GET" })).status).toBe(200);
  });
});

describe("admin health tools", () => {
  test("an admin can run the readiness check; it is logged; members cannot", async () => {
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    const result = await admin.as.action(api.observability.health.runReadinessCheck, {});
    expect(result.ok).toBe(false);
    expect(result.failing).toContain("anthropic");
    await expect(member.as.action(api.observability.health.runReadinessCheck, {})).rejects.toThrow(/admins only/);
    const logs = await t.run((ctx) => ctx.db.query("logs").withIndex("by_area_at", (q) => q.eq("area", "observability")).collect());
    expect(logs.find((l) => l.event === "readiness_checked")).toMatchObject({ level: "warn", fields: { ok: false } });
  });

  test("the expiry cron records its successful run", async () => {
    const { t } = await gatewayTest();
    await t.mutation(internal.coaching.expiry.expireIdleSessions, {});
    const row = await t.run((ctx) => ctx.db.query("cronRuns").withIndex("by_name", (q) => q.eq("name", "expire_idle_sessions")).unique());
    expect(row?.lastSuccessAt).toEqual(expect.any(Number));
    expect(row?.lastResult).toEqual({ expired: 0, more: 0 });
  });
});
