import { describe, expect, test } from "vitest";
import { anthropicCredentials, DEFAULT_MODELS, gatewayConfig } from "./config";

describe("gateway config", () => {
  test("defaults: current models, 50 requests/min, exponential retries", () => {
    const config = gatewayConfig({});
    expect(config.models).toEqual(DEFAULT_MODELS);
    expect(config.limitsFor("claude-sonnet-5-5").rpm).toBe(50);
    expect(config.retry.strategy).toBe("exponential");
    expect(config.stream).toEqual({ minIntervalMs: 100, maxIntervalMs: 250 });
  });

  test("per-model limits and prices come from JSON settings", () => {
    const config = gatewayConfig({
      LLM_RATE_LIMITS: '{"claude-haiku-5-5":{"rpm":500}}',
      LLM_PRICES: '{"my-model":{"inputPerMTok":1,"outputPerMTok":2}}',
      LLM_RATE_WINDOW_MS: "2000",
    });
    expect(config.limitsFor("claude-haiku-5-5")).toMatchObject({ rpm: 500, itpm: 40_000 });
    expect(config.limitsFor("claude-sonnet-5-5").rpm).toBe(50);
    expect(config.prices["my-model"]).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(config.windowMs).toBe(2000);
  });

  test("an invalid setting names the variable and how to set it", () => {
    expect(() => gatewayConfig({ LLM_MAX_ATTEMPTS: "lots" })).toThrow(/LLM_MAX_ATTEMPTS is invalid.*\.env\.local.*npx convex env set/);
    expect(() => gatewayConfig({ LLM_RETRY_STRATEGY: "random" })).toThrow(/LLM_RETRY_STRATEGY/);
    expect(() => gatewayConfig({ LLM_RATE_LIMITS: "{not json" })).toThrow(/LLM_RATE_LIMITS/);
  });

  test("a missing API key names ANTHROPIC_API_KEY", () => {
    expect(() => anthropicCredentials({})).toThrow(/ANTHROPIC_API_KEY is not set/);
    expect(anthropicCredentials({ ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: "" })).toEqual({ apiKey: "k", baseURL: undefined });
    expect(() => anthropicCredentials({ ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: "not a url" })).toThrow(/ANTHROPIC_BASE_URL is invalid/);
  });
});
