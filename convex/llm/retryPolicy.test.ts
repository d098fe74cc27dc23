import { describe, expect, test } from "vitest";
import { MAX_RETRY_WAIT_MS, retryDelayMs, type RetryPolicy } from "./retryPolicy";

const policy = (p: Partial<RetryPolicy>): RetryPolicy => ({
  strategy: "exponential",
  baseMs: 1000,
  maxAttempts: 5,
  capMs: MAX_RETRY_WAIT_MS,
  ...p,
});

describe("retry policy", () => {
  test("exponential full jitter draws up to base × 2^(n-1)", () => {
    const p = policy({});
    expect(retryDelayMs(p, 1, () => 0.999)).toBe(999);
    expect(retryDelayMs(p, 2, () => 0.5)).toBe(1000);
    expect(retryDelayMs(p, 3, () => 0.999)).toBe(3996);
    expect(retryDelayMs(p, 3, () => 0)).toBe(0);
  });

  test("linear grows by the base each attempt; fixed stays put", () => {
    expect([1, 2, 3].map((n) => retryDelayMs(policy({ strategy: "linear" }), n))).toEqual([1000, 2000, 3000]);
    expect([1, 2, 3].map((n) => retryDelayMs(policy({ strategy: "fixed", baseMs: 250 }), n))).toEqual([250, 250, 250]);
  });

  test("gives up after max attempts", () => {
    expect(retryDelayMs(policy({ maxAttempts: 3 }), 2, () => 0.5)).not.toBeNull();
    expect(retryDelayMs(policy({ maxAttempts: 3 }), 3, () => 0.5)).toBeNull();
  });

  test("never waits more than five minutes, whatever the settings", () => {
    const huge = policy({ strategy: "linear", baseMs: 10 * 60_000, maxAttempts: 50, capMs: 60 * 60_000 });
    expect(retryDelayMs(huge, 10)).toBe(MAX_RETRY_WAIT_MS);
    expect(retryDelayMs(policy({ maxAttempts: 50 }), 40, () => 0.999)).toBeLessThanOrEqual(MAX_RETRY_WAIT_MS);
    expect(retryDelayMs(policy({}), 1, () => 0, 60 * 60_000)).toBe(MAX_RETRY_WAIT_MS);
  });

  test("honours retry-after as a floor", () => {
    expect(retryDelayMs(policy({}), 1, () => 0.1, 7000)).toBe(7000);
    expect(retryDelayMs(policy({ strategy: "fixed", baseMs: 9000 }), 1, Math.random, 2000)).toBe(9000);
  });

  test("jitter spreads simultaneous retries", () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(policy({}), 4, random)));
    expect(delays.size).toBeGreaterThan(40);
  });
});

describe("retry policy jitter switch", () => {
  test("exponential without jitter waits the whole bound", () => {
    expect([1, 2, 3].map((n) => retryDelayMs(policy({ jitter: false }), n, () => 0))).toEqual([1000, 2000, 4000]);
  });

  test("linear and fixed with jitter draw from half to the whole wait", () => {
    expect(retryDelayMs(policy({ strategy: "linear", jitter: true }), 2, () => 0)).toBe(1000);
    expect(retryDelayMs(policy({ strategy: "linear", jitter: true }), 2, () => 0.999)).toBe(1999);
    expect(retryDelayMs(policy({ strategy: "fixed", baseMs: 400, jitter: true }), 4, () => 0.5)).toBe(300);
  });

  test("a caller's policy must keep maxAttempts within 1 to 10", async () => {
    const { validRetryPolicy } = await import("./retryPolicy");
    expect(validRetryPolicy(policy({ maxAttempts: 1 }))).toBeNull();
    expect(validRetryPolicy(policy({ maxAttempts: 10 }))).toBeNull();
    expect(validRetryPolicy(policy({ maxAttempts: 0 }))).toMatch(/maxAttempts/);
    expect(validRetryPolicy(policy({ maxAttempts: 11 }))).toMatch(/maxAttempts/);
    expect(validRetryPolicy(policy({ maxAttempts: 2.5 }))).toMatch(/maxAttempts/);
    expect(validRetryPolicy(policy({ baseMs: -1 }))).toMatch(/non-negative/);
  });
});
