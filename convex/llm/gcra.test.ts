import { describe, expect, test } from "vitest";
import { gcraCharge, gcraCheck, gcraUtilisation, providerLimit, type GcraLimit } from "./gcra";

/** Admits greedily at every millisecond tick and returns the admission times. */
function simulate(limit: GcraLimit, durationMs: number, stepMs = 1): number[] {
  let tat: number | undefined;
  const admitted: number[] = [];
  for (let now = 0; now < durationMs; now += stepMs) {
    const decision = gcraCheck(limit, tat, now);
    if (decision.ok) {
      tat = decision.tat;
      admitted.push(now);
    }
  }
  return admitted;
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe("GCRA provider limiter", () => {
  test("admits at 90 % of the provider limit, leaving slack in every sliding window", () => {
    const limit = providerLimit(50, 60_000);
    expect(limit.ceiling).toBe(45);
    const times = simulate(limit, 10 * 60_000, 5);
    expect(maxInAnyWindow(times, 60_000)).toBeLessThan(50);
  });

  test("sustains the full ceiling over time, evenly paced", () => {
    const limit = providerLimit(50, 60_000);
    const times = simulate(limit, 10 * 60_000, 5);
    expect(times.length).toBeGreaterThanOrEqual(450);
    expect(times.length).toBeLessThanOrEqual(451);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.floor(60_000 / 45));
  });

  test("a token bucket admits a large request at once, then waits off its cost", () => {
    const limit = providerLimit(1000, 1000, "bucket"); // 900 tokens a second
    const first = gcraCheck(limit, undefined, 0, 800);
    expect(first.ok).toBe(true);
    const second = gcraCheck(limit, first.ok ? first.tat : undefined, 0, 200);
    expect(second.ok).toBe(false);
    expect(gcraCheck(limit, first.ok ? first.tat : undefined, 200, 200).ok).toBe(true);
  });

  test("small limits still leave headroom", () => {
    for (const rpm of [1, 2, 5, 10, 20, 100, 1000]) {
      const limit = providerLimit(rpm, 1000);
      const times = simulate(limit, 10_000);
      expect(maxInAnyWindow(times, 1000)).toBeLessThanOrEqual(rpm);
    }
  });

  test("a refused request learns when to come back", () => {
    const limit: GcraLimit = { ceiling: 10, windowMs: 1000, burst: 0 };
    const first = gcraCheck(limit, undefined, 0);
    expect(first.ok).toBe(true);
    const tat = first.ok ? first.tat : undefined;
    const second = gcraCheck(limit, tat, 10);
    expect(second).toEqual({ ok: false, retryAfterMs: 90 });
    expect(gcraCheck(limit, tat, 100).ok).toBe(true);
  });

  test("weighted costs and after-the-fact charges delay later admissions", () => {
    const limit: GcraLimit = { ceiling: 1000, windowMs: 1000, burst: 0 }; // 1 unit per ms
    const tat = gcraCharge(limit, undefined, 0, 500);
    // A zero-cost check passes once less than one unit of debt remains.
    expect(gcraCheck(limit, tat, 100, 0)).toEqual({ ok: false, retryAfterMs: 399 });
    expect(gcraCheck(limit, tat, 499, 0).ok).toBe(true);
  });

  test("utilisation reports the share of the window already spoken for", () => {
    const limit: GcraLimit = { ceiling: 10, windowMs: 1000, burst: 0 };
    expect(gcraUtilisation(limit, undefined, 0)).toBe(0);
    expect(gcraUtilisation(limit, 500, 0)).toBe(0.5);
    expect(gcraUtilisation(limit, 5000, 0)).toBe(1);
  });
});
