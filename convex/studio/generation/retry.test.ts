import { describe, expect, test } from "vitest";
import { retryDelayMs } from "../../llm/retryPolicy";
import { seededRandom } from "../../lib/seededRandom";
import { checkRetryConfig, DEFAULT_RETRY, nextRetryDelayMs, simulateRetries, toRetryPolicy } from "./retry";
import type { RetryConfig } from "./validators";

const fixed: RetryConfig = { strategy: "fixed", maxAttempts: 3, baseDelayMs: 2000, maxDelayMs: 10_000, jitter: false };

describe("retry settings", () => {
  test("the defaults are within the bounds", () => {
    expect(checkRetryConfig(DEFAULT_RETRY)).toEqual([]);
  });

  test.each([
    ["maxAttempts", 0],
    ["maxAttempts", 11],
    ["maxAttempts", 2.5],
    ["baseDelayMs", 999],
    ["baseDelayMs", 10_001],
    ["maxDelayMs", 9_999],
    ["maxDelayMs", 300_001],
  ] as const)("refuses %s = %d", (field, value) => {
    expect(checkRetryConfig({ ...DEFAULT_RETRY, [field]: value }).map((p) => p.field)).toEqual([field]);
  });

  test("maps onto the gateway's policy", () => {
    expect(toRetryPolicy(fixed)).toEqual({ strategy: "fixed", baseMs: 2000, maxAttempts: 3, capMs: 10_000, jitter: false });
  });

  test("the delays are the gateway's own", () => {
    const exp: RetryConfig = { strategy: "exponential", maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: false };
    expect([1, 2, 3, 4, 5, 6].map((a) => nextRetryDelayMs(exp, a))).toEqual([1000, 2000, 4000, 8000, 10_000, null]);
    const linear: RetryConfig = { ...exp, strategy: "linear", baseDelayMs: 3000 };
    expect([1, 2, 3].map((a) => nextRetryDelayMs(linear, a))).toEqual([3000, 6000, 9000]);
  });
});

describe("simulateRetries", () => {
  test("with no failures every item succeeds on its first attempt", () => {
    const sim = simulateRetries({ policy: fixed, failureRate: 0, items: 5, seed: 1 });
    expect(sim.succeeded).toBe(5);
    expect(sim.totalAttempts).toBe(5);
    expect(sim.items[0].attempts).toEqual([{ attempt: 1, failed: false, delayMs: null, at: 0 }]);
  });

  test("with every attempt failing each item uses all attempts, waiting what the policy says", () => {
    const sim = simulateRetries({ policy: fixed, failureRate: 1, items: 2, seed: 1 });
    expect(sim.failed).toBe(2);
    expect(sim.items[0].attempts).toEqual([
      { attempt: 1, failed: true, delayMs: 2000, at: 0 },
      { attempt: 2, failed: true, delayMs: 2000, at: 2000 },
      { attempt: 3, failed: true, delayMs: null, at: 4000 },
    ]);
    expect(sim.worstWaitMs).toBe(4000);
  });

  test("each delay equals retryDelayMs for the same draws", () => {
    const policy: RetryConfig = { strategy: "exponential", maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, jitter: true };
    const sim = simulateRetries({ policy, failureRate: 0.5, items: 20, seed: 11 });
    // Replay the same seeded draws: one for failure, then one for the delay after each failure.
    const random = seededRandom(11);
    for (const item of sim.items) {
      for (const attempt of item.attempts) {
        expect(random() < 0.5).toBe(attempt.failed);
        if (attempt.failed) expect(attempt.delayMs).toBe(retryDelayMs(toRetryPolicy(policy), attempt.attempt, random));
      }
    }
    expect(sim.succeeded + sim.failed).toBe(20);
  });

  test("is deterministic for a seed, and the item count is clamped", () => {
    const input = { policy: DEFAULT_RETRY, failureRate: 0.3, items: 10, seed: 5 };
    expect(simulateRetries(input)).toEqual(simulateRetries(input));
    expect(simulateRetries({ ...input, items: 1000 }).items).toHaveLength(50);
    expect(simulateRetries({ ...input, items: 0 }).items).toHaveLength(1);
  });
});
