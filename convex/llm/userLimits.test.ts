import { describe, expect, test } from "vitest";
import { newTest } from "../test.setup";
import { windowCheck, windowStartFor } from "./fixedWindow";
import { consumeUserLimit, limitFor, USER_LIMITS } from "./userLimits";

describe("fixed windows", () => {
  test("counts up to the limit, then says how long until the window ends", () => {
    const limit = { limit: 2, windowMs: 60_000 };
    expect(windowCheck(limit, 0, 1_000)).toEqual({ ok: true, count: 1 });
    expect(windowCheck(limit, 1, 1_000)).toEqual({ ok: true, count: 2 });
    expect(windowCheck(limit, 2, 48_000)).toEqual({ ok: false, retryAfterMs: 12_000 });
    expect(windowStartFor(125_000, 60_000)).toBe(120_000);
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
    for (let i = 0; i < 20; i++) await t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", now));
    await expect(t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", now))).rejects.toMatchObject({
      data: { code: "RATE_LIMITED", retryAfterMs: 55_000 },
    });
    const windows = await t.run((ctx) => ctx.db.query("rateLimitWindows").collect());
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ key: "chat:u1", count: 20, expiresAt: 60_000 * 1001 });
  });

  test("users and limits are counted separately, and a new window starts fresh", async () => {
    const t = await newTest();
    const now = 7 * 3_600_000;
    for (let i = 0; i < 10; i++) await t.run((ctx) => consumeUserLimit(ctx, "batch", "u1", now));
    await expect(t.run((ctx) => consumeUserLimit(ctx, "batch", "u1", now))).rejects.toMatchObject({ data: { code: "RATE_LIMITED" } });
    await t.run((ctx) => consumeUserLimit(ctx, "batch", "u2", now));
    await t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", now));
    await t.run((ctx) => consumeUserLimit(ctx, "batch", "u1", now + 3_600_000));
  });

  test("each check reads one document however much history exists", async () => {
    const t = await newTest();
    for (let minute = 0; minute < 30; minute++) {
      await t.run((ctx) => consumeUserLimit(ctx, "chat", "u1", minute * 60_000));
    }
    const reads = await t.run(async (ctx) => {
      const before = await ctx.meta.getTransactionMetrics();
      await consumeUserLimit(ctx, "chat", "u1", 29 * 60_000 + 1);
      const after = await ctx.meta.getTransactionMetrics();
      return after.documentsRead.used - before.documentsRead.used;
    });
    // The window itself, read once to check and once by the patch: constant, not per history.
    expect(reads).toBeLessThanOrEqual(2);
  });
});
