import { describe, expect, test } from "vitest";
import { costMicros, priceFor } from "./pricing";

describe("cost arithmetic", () => {
  test("prices input and output tokens per model in whole micro-dollars", () => {
    // Sonnet: $3 / MTok in, $15 / MTok out → 1,000 in + 500 out = 3,000 + 7,500 µ$.
    expect(costMicros("claude-sonnet-5-5", { inputTokens: 1000, outputTokens: 500 })).toBe(10_500);
    // Haiku: $1 / $5.
    expect(costMicros("claude-haiku-5-5", { inputTokens: 1000, outputTokens: 500 })).toBe(3_500);
    // Opus: $5 / $25.
    expect(costMicros("claude-opus-5-5", { inputTokens: 2, outputTokens: 1 })).toBe(35);
  });

  test("rounds half up to a whole micro-dollar without floating point drift", () => {
    const prices = { m: { inputPerMTok: 800_000, outputPerMTok: 0 } };
    expect(costMicros("m", { inputTokens: 1, outputTokens: 0 }, prices)).toBe(1); // 0.8
    expect(costMicros("m", { inputTokens: 5, outputTokens: 0 }, prices)).toBe(4); // 4.0
    expect(costMicros("m", { inputTokens: 625, outputTokens: 0 }, prices)).toBe(500); // exact
    const half = { m: { inputPerMTok: 500_000, outputPerMTok: 0 } };
    expect(costMicros("m", { inputTokens: 1, outputTokens: 0 }, half)).toBe(1); // 0.5 → 1
  });

  test("stays exact for very large token counts", () => {
    expect(costMicros("claude-opus-5-5", { inputTokens: 1_000_000_000, outputTokens: 1_000_000_000 })).toBe(30_000_000_000);
  });

  test("zero and negative usage cost nothing", () => {
    expect(costMicros("claude-sonnet-5-5", { inputTokens: 0, outputTokens: 0 })).toBe(0);
    expect(costMicros("claude-sonnet-5-5", { inputTokens: -5, outputTokens: 0 })).toBe(0);
  });

  test("dated snapshots use their alias's price; unknown models the top tier", () => {
    expect(priceFor("claude-haiku-4-5-20251001")).toEqual(priceFor("claude-haiku-4-5"));
    expect(priceFor("some-future-model")).toEqual({ inputPerMTok: 5_000_000, outputPerMTok: 25_000_000 });
  });
});
