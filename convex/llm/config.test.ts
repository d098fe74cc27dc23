import { describe, expect, test } from "vitest";
import { anthropicCredentials, DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_MODELS, gatewayConfig, headersTimeoutFor } from "./config";

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

  describe("time to headers (LLM_HEADERS_TIMEOUT_MS)", () => {
    test("defaults to 15 s, capped to the attempt timeout when that is shorter", () => {
      expect(gatewayConfig({}).headersTimeoutMs).toBe(DEFAULT_HEADERS_TIMEOUT_MS);
      expect(DEFAULT_HEADERS_TIMEOUT_MS).toBe(15_000);
      expect(gatewayConfig({ LLM_TIMEOUT_MS: "300" }).headersTimeoutMs).toBe(300);
      expect(gatewayConfig({ LLM_TIMEOUT_MS: "20000" }).headersTimeoutMs).toBe(15_000);
    });

    test("a set value is used as given, up to the attempt timeout", () => {
      expect(gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "2000" }).headersTimeoutMs).toBe(2000);
      expect(gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "5000", LLM_TIMEOUT_MS: "5000" }).headersTimeoutMs).toBe(5000);
      expect(gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "" }).headersTimeoutMs).toBe(15_000);
    });

    test("invalid values and values past the attempt timeout are refused by name", () => {
      expect(() => gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "soon" })).toThrow(/LLM_HEADERS_TIMEOUT_MS is invalid/);
      expect(() => gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "50" })).toThrow(/LLM_HEADERS_TIMEOUT_MS is invalid/);
      expect(() => gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "1.5" })).toThrow(/LLM_HEADERS_TIMEOUT_MS is invalid/);
      expect(() => gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "70000" })).toThrow(/LLM_HEADERS_TIMEOUT_MS \(70000\) is more than LLM_TIMEOUT_MS \(60000\)/);
    });

    test("an attempt with a shorter timeout of its own waits no longer than that", () => {
      const config = gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "15000" });
      expect(headersTimeoutFor(config, 10_000)).toBe(10_000);
      expect(headersTimeoutFor(config, 60_000)).toBe(15_000);
      expect(headersTimeoutFor(gatewayConfig({ LLM_HEADERS_TIMEOUT_MS: "2000" }), 10_000)).toBe(2000);
    });
  });
});
