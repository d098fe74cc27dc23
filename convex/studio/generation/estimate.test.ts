import { describe, expect, test } from "vitest";
import { costMicros } from "../../llm/pricing";
import { estimateCost, estimateEta, outputTokens, promptTokens, recordCompletion, RECENT_COMPLETIONS, throughputPerMin } from "./estimate";

describe("estimateCost", () => {
  test("prices prompt tokens from text length and output between a short and a long conversation", () => {
    const estimate = estimateCost("claude-sonnet-5-5", [4000, 4000, 2000], 8192);
    expect(estimate.items).toBe(3);
    expect(estimate.inputTokens).toBe(1000 + 1000 + 500);
    expect(estimate.outputTokensLow).toBe(3 * outputTokens("low", 8192));
    expect(estimate.outputTokensHigh).toBe(3 * outputTokens("high", 8192));
    expect(estimate.lowMicros).toBe(costMicros("claude-sonnet-5-5", { inputTokens: 2500, outputTokens: estimate.outputTokensLow }));
    expect(estimate.highMicros).toBe(costMicros("claude-sonnet-5-5", { inputTokens: 2500, outputTokens: estimate.outputTokensHigh }));
    expect(estimate.lowMicros).toBeLessThan(estimate.highMicros);
  });

  test("the bounds follow the price table: haiku is cheaper than sonnet, unknown models priced high", () => {
    const chars = Array.from({ length: 100 }, () => 3000);
    const haiku = estimateCost("claude-haiku-5-5", chars, 8192);
    const sonnet = estimateCost("claude-sonnet-5-5", chars, 8192);
    const unknown = estimateCost("mystery-model", chars, 8192);
    expect(haiku.highMicros).toBeLessThan(sonnet.highMicros);
    expect(unknown.highMicros).toBeGreaterThan(sonnet.highMicros);
    const custom = estimateCost("house-model", chars, 8192, { "house-model": { inputPerMTok: 0, outputPerMTok: 0 } });
    expect(custom.highMicros).toBe(0);
  });

  test("output never exceeds the version's max tokens", () => {
    expect(outputTokens("high", 500)).toBe(500);
    expect(outputTokens("low", 100_000)).toBeLessThan(outputTokens("high", 100_000));
  });

  test("no items cost nothing", () => {
    expect(estimateCost("claude-sonnet-5-5", [], 8192)).toMatchObject({ items: 0, lowMicros: 0, highMicros: 0 });
  });

  test("prompt tokens round up", () => {
    expect(promptTokens(1)).toBe(1);
    expect(promptTokens(8)).toBe(2);
    expect(promptTokens(9)).toBe(3);
  });
});

describe("throughput", () => {
  test("keeps the newest completions only", () => {
    let recent: number[] = [];
    for (let i = 0; i < 30; i++) recent = recordCompletion(recent, i * 1000);
    expect(recent).toHaveLength(RECENT_COMPLETIONS);
    expect(recent[0]).toBe(10_000);
  });

  test("is measured over the recent completions, or from the start for the first", () => {
    expect(throughputPerMin([], 0)).toBeNull();
    expect(throughputPerMin([30_000], 0)).toBe(2);
    expect(throughputPerMin([10_000, 20_000, 30_000], 0)).toBe(6);
  });
});

describe("estimateEta", () => {
  test("uses the observed rate, capped by the gateway's ceiling", () => {
    expect(estimateEta({ remaining: 30, paused: false, observedPerMin: 10, ceilingPerMin: 45 })).toEqual({
      kind: "estimate",
      remainingMs: 180_000,
      ratePerMin: 10,
      basis: "observed",
    });
    expect(estimateEta({ remaining: 90, paused: false, observedPerMin: 100, ceilingPerMin: 45 })).toMatchObject({ remainingMs: 120_000, ratePerMin: 45 });
  });

  test("before any completion the ceiling gives an optimistic bound, labelled so", () => {
    expect(estimateEta({ remaining: 45, paused: false, observedPerMin: null, ceilingPerMin: 45 })).toEqual({
      kind: "estimate",
      remainingMs: 60_000,
      ratePerMin: 45,
      basis: "ceiling",
    });
  });

  test("a paused batch has no ETA; a finished one is done; nothing to go on is unknown", () => {
    expect(estimateEta({ remaining: 10, paused: true, observedPerMin: 5, ceilingPerMin: 45 })).toEqual({ kind: "paused" });
    expect(estimateEta({ remaining: 0, paused: true, observedPerMin: 5, ceilingPerMin: 45 })).toEqual({ kind: "done" });
    expect(estimateEta({ remaining: 10, paused: false, observedPerMin: null, ceilingPerMin: 0 })).toEqual({ kind: "unknown" });
  });
});
