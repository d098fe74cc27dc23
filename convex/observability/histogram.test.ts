import { describe, expect, test } from "vitest";
import { addLatency, binIndex, binValue, histogramOf, percentile } from "./histogram";

function exactPercentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

describe("log-scale latency histogram", () => {
  test("bins are monotonic and each bin's value lies inside it", () => {
    let previous = 0;
    for (let ms = 1; ms < 4_000_000; ms *= 1.07) {
      const index = binIndex(ms);
      expect(index).toBeGreaterThanOrEqual(previous);
      previous = index;
      expect(Math.abs(binValue(index) - ms) / ms).toBeLessThan(0.045);
    }
    expect(binIndex(0)).toBe(0);
    expect(binIndex(0.5)).toBe(0);
  });

  test("p50 and p95 are within 4.5 % of the exact nearest-rank values", () => {
    const random = seeded(42);
    for (const shape of ["uniform", "lognormal", "bimodal"] as const) {
      const samples = Array.from({ length: 5000 }, () => {
        if (shape === "uniform") return 50 + random() * 3000;
        if (shape === "lognormal") return Math.exp(6 + 1.2 * (random() + random() + random() - 1.5));
        return random() < 0.8 ? 200 + random() * 100 : 8000 + random() * 4000;
      });
      const values: Record<string, number> = {};
      for (const ms of samples) addLatency(values, ms);
      for (const p of [0.5, 0.95]) {
        const estimate = percentile(histogramOf(values), p)!;
        const exact = exactPercentile(samples, p);
        expect(Math.abs(estimate - exact) / exact, `${shape} p${p * 100}`).toBeLessThan(0.045);
      }
    }
  });

  test("merging histograms equals histogramming the union", () => {
    const random = seeded(7);
    const parts = [0, 1, 2].map(() => Array.from({ length: 400 }, () => 10 + random() * 900));
    const records = parts.map((samples) => {
      const values: Record<string, number> = { calls: samples.length };
      for (const ms of samples) addLatency(values, ms);
      return values;
    });
    const union: Record<string, number> = {};
    for (const ms of parts.flat()) addLatency(union, ms);
    expect(histogramOf(...records)).toEqual(histogramOf(union));
    expect(percentile(histogramOf(...records), 0.95)).toBe(percentile(histogramOf(union), 0.95));
  });

  test("an empty histogram has no percentile", () => {
    expect(percentile(histogramOf({ calls: 3 }), 0.5)).toBeNull();
  });
});
