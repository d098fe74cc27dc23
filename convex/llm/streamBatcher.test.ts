import { describe, expect, test } from "vitest";
import { StreamBatcher } from "./streamBatcher";

/** Replays token arrival times and returns the flush times a caller with a timer would produce. */
function replay(arrivals: number[], end: number): number[] {
  const batcher = new StreamBatcher({ minIntervalMs: 100, maxIntervalMs: 250 });
  const flushes: number[] = [];
  let timerAt: number | undefined;
  const events = [...arrivals.map((t) => ({ t, token: true }))];
  for (let now = 0; now <= end; now++) {
    if (timerAt !== undefined && now >= timerAt && batcher.hasPending()) {
      batcher.take(now);
      flushes.push(now);
      timerAt = undefined;
    }
    for (const event of events.filter((e) => e.t === now)) {
      if (!event.token) continue;
      if (batcher.push("x", now)) {
        batcher.take(now);
        flushes.push(now);
        timerAt = undefined;
      } else if (timerAt === undefined) {
        timerAt = now + (batcher.msUntilDue(now) ?? 0);
      }
    }
  }
  return flushes;
}

describe("stream batching", () => {
  test("the first text goes out at once", () => {
    expect(replay([40], 500)).toEqual([40]);
  });

  test("flushes at most once per 100 ms and at least once per 250 ms while tokens flow", () => {
    const arrivals = Array.from({ length: 200 }, (_, i) => 10 + i * 16); // ~60 tokens/s for 3.2 s
    const flushes = replay(arrivals, 4000);
    for (let i = 1; i < flushes.length; i++) {
      expect(flushes[i] - flushes[i - 1]).toBeGreaterThanOrEqual(100);
      expect(flushes[i] - flushes[i - 1]).toBeLessThanOrEqual(250);
    }
    // Every token is flushed no later than 100 ms after it arrived.
    for (const t of arrivals) expect(flushes.find((f) => f >= t)! - t).toBeLessThanOrEqual(100);
  });

  test("text that arrives before a pause is still flushed by the timer", () => {
    expect(replay([0, 30, 60], 1000)).toEqual([0, 100]);
  });

  test("nothing pending means nothing due", () => {
    const batcher = new StreamBatcher({ minIntervalMs: 100, maxIntervalMs: 250 });
    expect(batcher.msUntilDue(0)).toBeUndefined();
    expect(batcher.hasPending()).toBe(false);
    expect(batcher.push("a", 0)).toBe(true);
    expect(batcher.take(0)).toBe("a");
    expect(batcher.push("b", 50)).toBe(false);
    expect(batcher.msUntilDue(50)).toBe(50);
  });

  test("refuses timings that cannot both hold", () => {
    expect(() => new StreamBatcher({ minIntervalMs: 300, maxIntervalMs: 250 })).toThrow();
  });
});
