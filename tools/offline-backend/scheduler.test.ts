/**
 * `ctx.scheduler` and `crons.ts` in real time, and scheduled work surviving a
 * restart (in-process; the kill -9 variant is in durability.test.ts).
 */
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningBackend } from "./backend";
import { nextValue, startTestBackend, waitFor, removeTempDirs } from "./test-helpers";
import { nextCronTime, nextRunAfter, parseCron } from "./cron-schedule";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

let backend: RunningBackend;
const clients: ConvexClient[] = [];
const safety = setTimeout(() => void backend?.close(), 60_000).unref();

function client(): ConvexClient {
  const c = new ConvexClient(backend.url, { logger: false });
  clients.push(c);
  return c;
}

const notes = (c: ConvexClient, kind: string) => (cb: (v: (string | null)[]) => void) => c.onUpdate(api.jobs.byKind, { kind }, cb);

beforeAll(async () => {
  backend = await startTestBackend();
});

afterAll(async () => {
  clearTimeout(safety);
  await Promise.all(clients.map((c) => c.close()));
  await backend.close();
  removeTempDirs();
});

describe("scheduler", () => {
  test("runAfter runs the mutation in real time and subscribers see its write", async () => {
    const c = client();
    const started = Date.now();
    const jobId = (await c.mutation(api.jobs.scheduleRecord, { delayMs: 300, note: "later" })) as string;
    expect(await c.query(api.jobs.jobState, { id: jobId })).toBe("pending");
    await nextValue(notes(c, "scheduled"), (v) => v.includes("later"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await c.query(api.jobs.jobState, { id: jobId })).toBe("success");
  });

  test("cancel prevents the run", async () => {
    const c = client();
    const jobId = (await c.mutation(api.jobs.scheduleRecord, { delayMs: 300, note: "cancelled" })) as string;
    await c.mutation(api.jobs.cancel, { id: jobId });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await c.query(api.jobs.byKind, { kind: "scheduled" })).not.toContain("cancelled");
    expect(await c.query(api.jobs.jobState, { id: jobId })).toBe("canceled");
  });

  test("scheduled actions run and their runMutation writes reach subscribers", async () => {
    const c = client();
    const jobId = (await c.mutation(api.jobs.scheduleAction, { delayMs: 0, note: "from action" })) as string;
    await nextValue(notes(c, "scheduled-action"), (v) => v.includes("from action"));
    await waitFor(async () => ((await c.query(api.jobs.jobState, { id: jobId })) === "success" ? true : undefined));
  });

  test("actions can schedule too", async () => {
    const c = client();
    const jobId = (await c.action(api.jobs.scheduleFromAction, { delayMs: 50, note: "scheduled by an action" })) as string;
    await nextValue(notes(c, "scheduled"), (v) => v.includes("scheduled by an action"));
    await waitFor(async () => ((await c.query(api.jobs.jobState, { id: jobId })) === "success" ? true : undefined));
  });

  test("pending jobs survive a restart and run exactly once", async () => {
    const http = new ConvexHttpClient(backend.url, { logger: false });
    const note = `survivor-${Date.now()}`;
    const jobId = (await http.mutation(api.jobs.scheduleRecord, { delayMs: 700, note })) as string;
    const { dataDir } = backend;
    await backend.close();
    backend = await startTestBackend({ dataDir });
    const after = new ConvexHttpClient(backend.url, { logger: false });
    expect(await after.query(api.jobs.jobState, { id: jobId })).toBe("pending");
    await waitFor(async () => (((await after.query(api.jobs.byKind, { kind: "scheduled" })) as string[]).includes(note) ? true : undefined), 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const runs = ((await after.query(api.jobs.byKind, { kind: "scheduled" })) as string[]).filter((n) => n === note);
    expect(runs).toHaveLength(1);
    expect(await after.query(api.jobs.jobState, { id: jobId })).toBe("success");
  });
});

describe("crons", () => {
  test("the fixture's 1-second interval cron fires repeatedly", async () => {
    const c = client();
    const initial = ((await c.query(api.jobs.byKind, { kind: "cron" })) as unknown[]).length;
    await nextValue(notes(c, "cron"), (v) => v.length >= initial + 2, 4000);
  });

  test("schedules compute the next run in UTC", () => {
    const at = Date.UTC(2025, 0, 15, 10, 30, 20); // Wed 2025-01-15 10:30:20
    expect(nextRunAfter({ type: "interval", seconds: 30 }, at, "x")).toBe(at + 30_000);
    expect(nextRunAfter({ type: "interval", hours: 2 }, at, "x")).toBe(at + 7_200_000);
    expect(nextRunAfter({ type: "hourly", minuteUTC: 45 }, at, "x")).toBe(Date.UTC(2025, 0, 15, 10, 45));
    expect(nextRunAfter({ type: "hourly", minuteUTC: 15 }, at, "x")).toBe(Date.UTC(2025, 0, 15, 11, 15));
    expect(nextRunAfter({ type: "daily", hourUTC: 9, minuteUTC: 0 }, at, "x")).toBe(Date.UTC(2025, 0, 16, 9, 0));
    expect(nextRunAfter({ type: "weekly", dayOfWeek: "monday", hourUTC: 8, minuteUTC: 5 }, at, "x")).toBe(Date.UTC(2025, 0, 20, 8, 5));
    expect(nextRunAfter({ type: "monthly", day: 31, hourUTC: 0, minuteUTC: 0 }, at, "x")).toBe(Date.UTC(2025, 0, 31));
    expect(nextRunAfter({ type: "monthly", day: 30, hourUTC: 0, minuteUTC: 0 }, Date.UTC(2025, 1, 1), "x")).toBe(Date.UTC(2025, 2, 30));
    expect(nextRunAfter({ type: "cron", cron: "*/15 * * * *" }, at, "x")).toBe(Date.UTC(2025, 0, 15, 10, 45));
    expect(nextRunAfter({ type: "cron", cron: "0 12 * * 1-5" }, Date.UTC(2025, 0, 17, 13), "x")).toBe(Date.UTC(2025, 0, 20, 12));
    expect(nextCronTime(parseCron("0 0 29 2 *"), at)).toBe(Date.UTC(2028, 1, 29));
    // Day-of-month and day-of-week both restricted: either matches (cron semantics).
    expect(nextCronTime(parseCron("0 0 1 * 0"), at)).toBe(Date.UTC(2025, 0, 19));
    expect(() => parseCron("61 * * * *")).toThrow(/bad value/);
    // An omitted minute is stable per job name.
    const a = nextRunAfter({ type: "hourly" }, at, "job-a");
    expect(nextRunAfter({ type: "hourly" }, at, "job-a")).toBe(a);
  });
});
