import { describe, expect, test } from "vitest";
import { newTest } from "../test.setup";
import { slidingLogCheck, type WindowLimit } from "./slidingLog";
import { consumeUserLimit, limitFor, USER_LIMITS } from "./userLimits";
import { seededRandom } from "../lib/seededRandom";

/** Runs arrivals through the planner the way consumeUserLimit does: one stored log, replaced on each admission. */
function simulate(limit: WindowLimit, arrivals: number[]) {
  let log: number[] = [];
  const admitted: number[] = [];
  const decisions = arrivals.map((now) => {
    const decision = slidingLogCheck(limit, log, now);
    if (decision.ok) {
      log = decision.admittedAt;
      admitted.push(now);
    }
    return decision;
  });
  return { admitted, decisions, log };
}

/** The largest number of admissions in any half-open span (s, s + windowMs]. */
function maxInAnyWindow(windowMs: number, admitted: number[]): number {
  const sorted = [...admitted].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[from] <= sorted[to] - windowMs) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

/** Arrivals mixing bursts (many at one instant or within ms), steady trickles and quiet gaps. */
function arrivals(random: () => number, windowMs: number, count: number, jitterMs = 0): number[] {
  const out: number[] = [];
  let now = Math.floor(random() * 10 * windowMs);
  while (out.length < count) {
    const r = random();
    if (r < 0.2) now += Math.floor(random() * windowMs * 1.5); // quiet gap
    else if (r < 0.5) now += Math.floor((random() * windowMs) / 20); // trickle
    else if (r < 0.6) now += windowMs - 1 + Math.floor(random() * 3); // a window apart, give or take 1 ms
    // else: same instant (a burst)
    // Jitter reorders arrivals slightly, as concurrent transactions' clocks do.
    out.push(now + (jitterMs ? Math.floor((random() - 0.5) * 2 * jitterMs) : 0));
  }
  return out;
}

describe("sliding log", () => {
  const two = { limit: 2, windowMs: 60_000 };

  test("admits up to the limit, then says when the oldest admission leaves the window", () => {
    expect(slidingLogCheck(two, [], 1_000)).toEqual({ ok: true, admittedAt: [1_000], expiresAt: 61_000 });
    expect(slidingLogCheck(two, [1_000], 5_000)).toEqual({ ok: true, admittedAt: [1_000, 5_000], expiresAt: 65_000 });
    expect(slidingLogCheck(two, [1_000, 5_000], 48_000)).toEqual({ ok: false, retryAfterMs: 13_000 });
    // The window is (now - windowMs, now]: at exactly 61 000 the first admission has left it.
    expect(slidingLogCheck(two, [1_000, 5_000], 60_999)).toEqual({ ok: false, retryAfterMs: 1 });
    expect(slidingLogCheck(two, [1_000, 5_000], 61_000)).toEqual({ ok: true, admittedAt: [5_000, 61_000], expiresAt: 121_000 });
  });

  test("no double burst across a minute boundary (the fixed window admitted 40 in 1.5 s)", () => {
    const chat = USER_LIMITS.chat;
    const times = [...Array.from({ length: 20 }, (_, i) => 59_000 + i * 40), ...Array.from({ length: 20 }, (_, i) => 60_000 + i * 25)];
    const { admitted, decisions } = simulate(chat, times);
    expect(admitted).toHaveLength(20);
    expect(decisions.slice(20).every((d) => !d.ok && d.retryAfterMs > 58_000)).toBe(true);
  });

  test("GCRA-style refill after a burst cannot sneak extra admissions into the window", () => {
    const chat = USER_LIMITS.chat;
    // 20 at once, then one every 3 s (window / limit): GCRA with burst 20 would admit all 40 within 60 s.
    const times = [...Array.from({ length: 20 }, () => 0), ...Array.from({ length: 20 }, (_, i) => 3_000 * (i + 1))];
    const { admitted } = simulate(chat, times);
    expect(maxInAnyWindow(chat.windowMs, admitted)).toBe(20);
    // Only the one at 60 s gets in: by then the burst has left the window.
    expect(admitted).toEqual([...Array.from({ length: 20 }, () => 0), 60_000]);
  });

  test("the log keeps only in-window entries, at most `limit`, ascending", () => {
    const three = { limit: 3, windowMs: 1_000 };
    expect(simulate(three, [0, 400, 900, 1_000, 1_500]).log).toEqual([900, 1_000, 1_500]);
    expect(simulate(three, [0, 400, 900, 1_000, 1_500, 2_600]).log).toEqual([2_600]);
    const lowered = slidingLogCheck({ limit: 2, windowMs: 1_000 }, [10, 20, 30, 40], 500);
    expect(lowered).toEqual({ ok: false, retryAfterMs: 530 });
  });

  test("entries from a clock that ran ahead count as inside the window", () => {
    // Another transaction stamped 5 000; this one reads 4 990: both entries count.
    expect(slidingLogCheck(two, [4_000, 5_000], 4_990)).toMatchObject({ ok: false });
    const skewed = slidingLogCheck(two, [5_000], 4_990);
    expect(skewed).toEqual({ ok: true, admittedAt: [4_990, 5_000], expiresAt: 65_000 });
  });

  test("fractional clocks still give a positive whole retry", () => {
    expect(slidingLogCheck({ limit: 1, windowMs: 10 }, [0.25], 9.9)).toEqual({ ok: false, retryAfterMs: 1 });
  });

  const limits: [string, WindowLimit][] = [
    ["chat (20/min)", USER_LIMITS.chat],
    ["batch (10/h)", USER_LIMITS.batch],
    ["global (100/min)", USER_LIMITS.global],
    ["global raised by an operator (600/min)", limitFor("global", { RATE_LIMIT_GLOBAL_PER_MIN: "600" })],
  ];

  test.each(limits)("property, %s: random arrivals never exceed the limit in any rolling window", (_name, limit) => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed);
      const times = arrivals(random, limit.windowMs, limit.limit * 8, seed % 3 === 0 ? 5 : 0);
      const { admitted } = simulate(limit, times);
      expect(maxInAnyWindow(limit.windowMs, admitted), `seed ${seed}`).toBeLessThanOrEqual(limit.limit);
    }
  });

  test.each(limits)("property, %s: exactly what a full history allows, and retryAfterMs is the earliest moment", (_name, limit) => {
    for (let seed = 101; seed <= 140; seed++) {
      const random = seededRandom(seed);
      // In order (no jitter), so the oracle can replay the full history.
      const times = arrivals(random, limit.windowMs, limit.limit * 6);
      let log: number[] = [];
      const history: number[] = [];
      let oldest = 0;
      for (const now of times) {
        while (oldest < history.length && history[oldest] <= now - limit.windowMs) oldest++;
        const inWindow = history.length - oldest;
        const decision = slidingLogCheck(limit, log, now);
        // Not stricter than the rule either: refused only when the window really is full.
        expect(decision.ok, `seed ${seed} at ${now}`).toBe(inWindow < limit.limit);
        if (decision.ok) {
          log = decision.admittedAt;
          history.push(now);
          expect(log.length).toBeLessThanOrEqual(limit.limit);
        } else {
          expect(slidingLogCheck(limit, log, now + decision.retryAfterMs - 1).ok).toBe(false);
          expect(slidingLogCheck(limit, log, now + decision.retryAfterMs).ok).toBe(true);
        }
      }
    }
  });
});

describe("per-user limits", () => {
  test("the product's limits are 20 chats/min, 10 batches/hour and 100 calls/min overall", () => {
    expect(USER_LIMITS.chat).toEqual({ limit: 20, windowMs: 60_000 });
    expect(USER_LIMITS.batch).toEqual({ limit: 10, windowMs: 3_600_000 });
    expect(USER_LIMITS.global).toEqual({ limit: 100, windowMs: 60_000 });
  });

  test("operators can raise the global limit; per-user limits stay fixed", () => {
    expect(limitFor("global", { RATE_LIMIT_GLOBAL_PER_MIN: "600" })).toEqual({ limit: 600, windowMs: 60_000 });
    expect(limitFor("global", {})).toEqual(USER_LIMITS.global);
    expect(limitFor("chat", { RATE_LIMIT_GLOBAL_PER_MIN: "600" })).toEqual(USER_LIMITS.chat);
    expect(() => limitFor("global", { RATE_LIMIT_GLOBAL_PER_MIN: "0" })).toThrow(/RATE_LIMIT_GLOBAL_PER_MIN/);
  });

  test("the 21st chat message in a minute is RATE_LIMITED with retryAfterMs, and changes nothing", async () => {
    const t = await newTest();
    const now = 60_000 * 1000 + 5_000;
    for (let i = 0; i < 20; i++) await t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", now + i * 100));
    await expect(t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", now + 2_000))).rejects.toMatchObject({
      data: { code: "RATE_LIMITED", retryAfterMs: 58_000, message: "You're sending messages quickly." },
    });
    const windows = await t.run((ctx) => ctx.db.query("rateLimitWindows").collect());
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ key: "chat:u1", windowMs: 60_000, expiresAt: now + 1_900 + 60_000 });
    expect(windows[0].admittedAt).toEqual(Array.from({ length: 20 }, (_, i) => now + i * 100));
  });

  test("40 messages within 1.5 s across a minute boundary: only 20 get through", async () => {
    const t = await newTest();
    const boundary = 60_000 * 2000;
    let admitted = 0;
    for (let i = 0; i < 40; i++) {
      const at = boundary - 750 + Math.floor((i * 1_500) / 40);
      await t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", at)).then(
        () => admitted++,
        (error: { data?: { code?: string } }) => expect(error.data?.code).toBe("RATE_LIMITED"),
      );
    }
    expect(admitted).toBe(20);
  });

  test("users and limits are counted separately, and capacity returns a window after each use", async () => {
    const t = await newTest();
    const now = 7 * 3_600_000;
    for (let i = 0; i < 10; i++) await t.run((ctx) => consumeUserLimit(ctx, "batch", "u1", now + i * 60_000));
    await expect(t.run((ctx) => consumeUserLimit(ctx, "batch", "u1", now + 3_599_999))).rejects.toMatchObject({
      data: { code: "RATE_LIMITED", retryAfterMs: 1 },
    });
    await t.run((ctx) => consumeUserLimit(ctx, "batch", "u2", now));
    await t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", now));
    await t.run((ctx) => consumeUserLimit(ctx, "global", "all", now));
    // An hour after the first batch, one (and only one) more fits.
    await t.run((ctx) => consumeUserLimit(ctx, "batch", "u1", now + 3_600_000));
    await expect(t.run((ctx) => consumeUserLimit(ctx, "batch", "u1", now + 3_600_000))).rejects.toMatchObject({
      data: { code: "RATE_LIMITED", retryAfterMs: 60_000, message: "You've started many generation batches this hour." },
    });
    const keys = await t.run(async (ctx) => (await ctx.db.query("rateLimitWindows").collect()).map((w) => w.key).sort());
    expect(keys).toEqual(["batch:u1", "batch:u2", "chat:u1", "global:all"]);
  });

  test("each check reads one document however much history exists", async () => {
    const t = await newTest();
    for (let second = 0; second < 200; second++) {
      await t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", second * 3_000));
    }
    const reads = await t.run(async (ctx) => {
      const before = await ctx.meta.getTransactionMetrics();
      await consumeUserLimit(ctx, "chat", "u1", 200 * 3_000);
      const after = await ctx.meta.getTransactionMetrics();
      return after.documentsRead.used - before.documentsRead.used;
    });
    // The log itself, read once to check and once by the patch: constant, not per history.
    expect(reads).toBeLessThanOrEqual(2);
    const row = await t.run((ctx) => ctx.db.query("rateLimitWindows").unique());
    expect(row?.admittedAt.length).toBe(20);
  });
});
