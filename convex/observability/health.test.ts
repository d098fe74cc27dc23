import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { gatewayTest } from "../test.llm";
import type { TestConvex } from "../test.setup";
import { signIn } from "../test.users";
import { CRON_JOB_NAMES, CRON_JOBS, type CronJobName } from "./cronRuns";
import { planProviderProbe, PROBE_TTL_MS } from "./health";
import { utcHour } from "./rollupMath";
import { HOUR } from "./test.observability";

// gatewayTest sets the ANTHROPIC_* variables afresh for each test; undo the rest.
afterEach(() => {
  delete process.env.LLM_CALL_RETENTION_DAYS;
  vi.restoreAllMocks();
  vi.useRealTimers();
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

type ReadyBody = { ok: boolean; version: string };

async function readyz(t: TestConvex): Promise<{ status: number; body: ReadyBody; raw: string }> {
  const response = await t.fetch("/readyz", { method: "GET" });
  const raw = await response.text();
  return { status: response.status, body: JSON.parse(raw) as ReadyBody, raw };
}

/** Counts the provider probes our code makes (fetches of /v1/models), at the global seam the probe calls. */
function countProviderCalls() {
  const spy = vi.spyOn(globalThis, "fetch");
  return () =>
    spy.mock.calls.filter(([input]) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      return url.includes("/v1/models");
    }).length;
}

/** The full readiness report, as the admin panel sees it. */
async function adminReadiness(t: TestConvex) {
  const admin = await signIn(t, "admin@example.com");
  return admin.as.action(api.observability.health.runReadinessCheck, {});
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
      await ctx.db.insert("gatewayState", { provider: "anthropic", breaker: "open", consecutiveFailures: 5, openedAt: now, probeInFlight: false, updatedAt: now });
      // The gateway derives queue depth and running count from its requests.
      for (const status of ["queued", "queued", "queued", "queued", "running", "succeeded"] as const) {
        await ctx.db.insert("llmRequests", {
          purpose: "generation", priority: "batch", priorityRank: 2, model: "m", traceId: "t", status, attempts: 0, maxAttempts: 3,
          params: { messages: [], maxTokens: 10 }, stream: false, handler: "h", context: null, estimatedInputTokens: 1, enqueuedAt: now,
        });
      }
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

describe("the shared provider probe", () => {
  const options = { ttlMs: 30_000, leaseMs: 3_500 };
  const fresh = { ok: true, detail: "answered 200", checkedAt: 100_000 };

  test("probes when nothing is known, taking a lease", () => {
    expect(planProviderProbe(null, 100_000, options)).toEqual({ kind: "probe", leaseUntil: 103_500 });
    expect(planProviderProbe({}, 100_000, options)).toEqual({ kind: "probe", leaseUntil: 103_500 });
  });

  test("reuses a result younger than the TTL, failures included", () => {
    expect(planProviderProbe({ last: fresh }, 100_000, options)).toEqual({ kind: "reuse", result: fresh });
    expect(planProviderProbe({ last: fresh }, 129_999, options)).toEqual({ kind: "reuse", result: fresh });
    const failed = { ok: false, detail: "unreachable", checkedAt: 100_000 };
    expect(planProviderProbe({ last: failed }, 110_000, options)).toEqual({ kind: "reuse", result: failed });
    // A result stamped by a clock slightly ahead is still fresh.
    expect(planProviderProbe({ last: fresh }, 99_000, options)).toEqual({ kind: "reuse", result: fresh });
  });

  test("a stale result is refreshed by one caller; the others reuse it meanwhile", () => {
    expect(planProviderProbe({ last: fresh }, 130_000, options)).toEqual({ kind: "probe", leaseUntil: 133_500 });
    expect(planProviderProbe({ last: fresh, leaseUntil: 133_500 }, 131_000, options)).toEqual({ kind: "reuse", result: fresh });
  });

  test("with no result yet, callers wait for the lease holder's; a lapsed lease is taken over", () => {
    expect(planProviderProbe({ leaseUntil: 103_500 }, 101_000, options)).toEqual({ kind: "wait", until: 103_500 });
    expect(planProviderProbe({ leaseUntil: 103_500 }, 103_500, options)).toEqual({ kind: "probe", leaseUntil: 107_000 });
    expect(planProviderProbe({ last: fresh, leaseUntil: 120_000 }, 140_000, options)).toEqual({ kind: "probe", leaseUntil: 143_500 });
  });

  test("force probes whatever is stored", () => {
    expect(planProviderProbe({ last: fresh }, 100_001, { ...options, force: true })).toEqual({ kind: "probe", leaseUntil: 103_501 });
    expect(planProviderProbe({ leaseUntil: 103_000 }, 101_000, { ...options, force: true })).toEqual({ kind: "probe", leaseUntil: 104_500 });
  });
});

describe("GET /readyz", () => {
  test("200 with only the verdict and version when the database answers, crons are fresh and the fake Claude answers", async () => {
    const { t, url } = await gatewayTest();
    await setCrons(t);
    const { status, body, raw } = await readyz(t);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, version: expect.any(String) });
    expect(raw).not.toContain(url);
    expect(raw).not.toMatch(/https?:|checks|failing|detail|anthropic/i);
  });

  test("a fresh deployment is ready: readiness registers jobs that have not had a chance to run", async () => {
    const { t } = await gatewayTest();
    const { status } = await readyz(t);
    expect(status).toBe(200);
    const rows = await t.run((ctx) => ctx.db.query("cronRuns").collect());
    expect(rows).toHaveLength(CRON_JOB_NAMES.length);
  });

  test("503 when Claude is unreachable, without saying where Claude is; the admin view names it", async () => {
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
    await setCrons(t);
    const { status, body, raw } = await readyz(t);
    expect(status).toBe(503);
    expect(body).toEqual({ ok: false, version: expect.any(String) });
    expect(raw).not.toContain("127.0.0.1");
    const report = await adminReadiness(t);
    expect(report.failing).toEqual(["anthropic"]);
    expect(report.checks.anthropic.detail).toMatch(/127\.0\.0\.1:1 is unreachable/);
    expect(report.checks.database.ok).toBe(true);
  });

  test("503 when a cron is stale; the admin view names it", async () => {
    const { t } = await gatewayTest();
    await setCrons(t, { rollup_llm_calls: CRON_JOBS.rollup_llm_calls.maxAgeMs + 60_000 });
    const { status, raw } = await readyz(t);
    expect(status).toBe(503);
    expect(raw).not.toContain("rollup_llm_calls");
    const report = await adminReadiness(t);
    expect(report.failing).toEqual(["crons"]);
    expect(report.checks.crons.detail).toMatch(/rollup_llm_calls/);
  });

  test("503 when configuration is missing; the admin view names the variable and how to set it", async () => {
    const { t } = await gatewayTest();
    await setCrons(t);
    const admin = await signIn(t, "admin@example.com");
    delete process.env.ANTHROPIC_API_KEY;
    process.env.LLM_CALL_RETENTION_DAYS = "forever";
    const { status, raw } = await readyz(t);
    expect(status).toBe(503);
    expect(raw).not.toMatch(/ANTHROPIC_API_KEY|LLM_CALL_RETENTION_DAYS/);
    const report = await admin.as.action(api.observability.health.runReadinessCheck, {});
    expect(report.failing.sort()).toEqual(["anthropic", "config"]);
    expect(report.checks.config.detail).toMatch(/LLM_CALL_RETENTION_DAYS is invalid/);
    expect(report.checks.anthropic.detail).toMatch(/ANTHROPIC_API_KEY is not set.*npx convex env set ANTHROPIC_API_KEY/);
  });

  test("GET /healthz stays 200 whatever readiness says", async () => {
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
    expect((await t.fetch("/healthz", { method: "GET" })).status).toBe(200);
  });

  test(`many anonymous hits within ${PROBE_TTL_MS / 1000} s make one provider call; the next after that makes one more`, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2026, 10, 29, 12));
    const { t } = await gatewayTest();
    await setCrons(t);
    const providerCalls = countProviderCalls();
    for (let i = 0; i < 10; i++) {
      expect((await readyz(t)).status).toBe(200);
      vi.advanceTimersByTime(2_000); // 10 hits spread over 20 s
    }
    expect(providerCalls()).toBe(1);
    const stored = await t.run((ctx) => ctx.db.query("readinessProbes").collect());
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: "anthropic", last: { ok: true } });
    expect(stored[0].leaseUntil).toBeUndefined();
    // Cache hits write nothing: the row is exactly as the probe left it.
    const [row] = stored;
    await readyz(t);
    expect(await t.run((ctx) => ctx.db.get("readinessProbes", row._id))).toEqual(row);

    vi.advanceTimersByTime(PROBE_TTL_MS);
    expect((await readyz(t)).status).toBe(200);
    expect((await readyz(t)).status).toBe(200);
    expect(providerCalls()).toBe(2);
  });

  test("concurrent anonymous hits on a fresh deployment share one provider call", async () => {
    const { t } = await gatewayTest();
    await setCrons(t);
    const providerCalls = countProviderCalls();
    const results = await Promise.all(Array.from({ length: 8 }, () => readyz(t)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(providerCalls()).toBe(1);
  });

  test("a caller that finds another's first probe in flight waits for it, and gives up when the lease lapses", async () => {
    const { t } = await gatewayTest();
    await setCrons(t);
    const providerCalls = countProviderCalls();
    // A lease whose holder will never report (it crashed): waiting callers must not probe themselves.
    await t.run((ctx) => ctx.db.insert("readinessProbes", { name: "anthropic", leaseUntil: Date.now() + 300 }));
    expect((await readyz(t)).status).toBe(503);
    expect(providerCalls()).toBe(0);
    // Once the lease has lapsed, the next caller takes it over.
    expect((await readyz(t)).status).toBe(200);
    expect(providerCalls()).toBe(1);
  });

  test("a cached failure is served for the TTL too: a down provider is not hammered", async () => {
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
    await setCrons(t);
    const providerCalls = countProviderCalls();
    for (let i = 0; i < 5; i++) expect((await readyz(t)).status).toBe(503);
    expect(providerCalls()).toBe(1);
  });
});

describe("admin health tools", () => {
  test("the admin check probes Claude now, and refreshes what /readyz serves", async () => {
    const { t } = await gatewayTest();
    await setCrons(t);
    const admin = await signIn(t, "admin@example.com");
    const providerCalls = countProviderCalls();
    await readyz(t);
    const report = await admin.as.action(api.observability.health.runReadinessCheck, {});
    expect(report.ok).toBe(true);
    expect(report.checks.anthropic.detail).toMatch(/answered 200/);
    expect(providerCalls()).toBe(2);
    const [row] = await t.run((ctx) => ctx.db.query("readinessProbes").collect());
    expect(row.last?.checkedAt).toBeGreaterThanOrEqual(report.time - 5_000);
    await readyz(t);
    expect(providerCalls()).toBe(2);
  });

  test("an admin can run the readiness check; it is logged; members cannot", async () => {
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    const result = await admin.as.action(api.observability.health.runReadinessCheck, {});
    expect(result.ok).toBe(false);
    expect(result.failing).toContain("anthropic");
    await expect(member.as.action(api.observability.health.runReadinessCheck, {})).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
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
