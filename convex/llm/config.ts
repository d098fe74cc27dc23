import { z } from "zod";
import { ConfigurationError, intVar, parseEnv } from "../lib/env";
import type { BreakerConfig } from "./breaker";
import { DEFAULT_PRICES, type ModelPrice } from "./pricing";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retryPolicy";
import type { LlmPurpose } from "./tables";

export const DEFAULT_MODELS: Record<LlmPurpose, string> = {
  coaching: "claude-sonnet-5-5",
  classification: "claude-haiku-5-5",
  generation: "claude-sonnet-5-5",
  judging: "claude-opus-5-5",
};

export type ProviderLimits = { rpm: number; itpm: number; otpm: number };
export const DEFAULT_PROVIDER_LIMITS: ProviderLimits = { rpm: 50, itpm: 40_000, otpm: 8_000 };

const jsonRecord = <T extends z.ZodTypeAny>(value: T) =>
  z.preprocess((raw) => {
    if (raw === undefined || raw === "") return undefined;
    try {
      return JSON.parse(String(raw));
    } catch {
      return raw;
    }
  }, z.record(z.string(), value).optional());

const gatewaySchema = z.object({
  LLM_MODEL_COACHING: z.string().min(1).default(DEFAULT_MODELS.coaching),
  LLM_MODEL_CLASSIFICATION: z.string().min(1).default(DEFAULT_MODELS.classification),
  LLM_MODEL_GENERATION: z.string().min(1).default(DEFAULT_MODELS.generation),
  LLM_MODEL_JUDGING: z.string().min(1).default(DEFAULT_MODELS.judging),
  /** Per model: {"claude-sonnet-5-5":{"rpm":50,"itpm":40000,"otpm":8000}}. */
  LLM_RATE_LIMITS: jsonRecord(
    z.object({ rpm: z.number().int().positive(), itpm: z.number().int().positive().optional(), otpm: z.number().int().positive().optional() }),
  ),
  /** Length of a provider rate-limit window; shorter only for tests and benchmarks. */
  LLM_RATE_WINDOW_MS: intVar(60_000, { min: 100 }),
  LLM_RETRY_STRATEGY: z.enum(["exponential", "linear", "fixed"]).default("exponential"),
  LLM_RETRY_BASE_MS: intVar(DEFAULT_RETRY_POLICY.baseMs),
  LLM_MAX_ATTEMPTS: intVar(DEFAULT_RETRY_POLICY.maxAttempts, { min: 1 }),
  LLM_BREAKER_THRESHOLD: intVar(5, { min: 1 }),
  LLM_BREAKER_COOLDOWN_MS: intVar(30_000),
  LLM_TIMEOUT_MS: intVar(60_000, { min: 100 }),
  /**
   * Time to response headers (first byte), per streamed attempt: one whose
   * headers haven't arrived by then is aborted as a retryable timeout, so a
   * hung connection costs this, not the whole attempt timeout. Fit it to the
   * provider: Claude sends headers within a second or two even when the
   * first token takes longer. Never more than LLM_TIMEOUT_MS (unset: capped
   * to it). Non-streamed attempts get their headers with the whole reply, so
   * only LLM_TIMEOUT_MS bounds them.
   */
  LLM_HEADERS_TIMEOUT_MS: z.preprocess((value) => (value === undefined || value === "" ? undefined : Number(value)), z.number().int().min(100).optional()),
  LLM_STREAM_MIN_FLUSH_MS: intVar(100),
  LLM_STREAM_MAX_FLUSH_MS: intVar(250),
  LLM_PRICES: jsonRecord(z.object({ inputPerMTok: z.number().int().nonnegative(), outputPerMTok: z.number().int().nonnegative() })),
});

export const DEFAULT_HEADERS_TIMEOUT_MS = 15_000;

/** The wait for headers in an attempt with `attemptTimeoutMs`: never longer than the attempt. */
export function headersTimeoutFor(config: Pick<GatewayConfig, "headersTimeoutMs">, attemptTimeoutMs: number): number {
  return Math.min(config.headersTimeoutMs, attemptTimeoutMs);
}

export type GatewayConfig = {
  models: Record<LlmPurpose, string>;
  limitsFor: (model: string) => ProviderLimits;
  windowMs: number;
  retry: RetryPolicy;
  breaker: BreakerConfig;
  timeoutMs: number;
  /** Time to response headers per attempt; an attempt with a shorter timeout uses that (see `headersTimeoutFor`). */
  headersTimeoutMs: number;
  stream: { minIntervalMs: number; maxIntervalMs: number };
  prices: Record<string, ModelPrice>;
};

/** Settings with no secrets: mutations read these, so they never need the API key. */
export function gatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = parseEnv(gatewaySchema, env);
  if (parsed.LLM_HEADERS_TIMEOUT_MS !== undefined && parsed.LLM_HEADERS_TIMEOUT_MS > parsed.LLM_TIMEOUT_MS) {
    throw new ConfigurationError(
      `Configuration error: LLM_HEADERS_TIMEOUT_MS (${parsed.LLM_HEADERS_TIMEOUT_MS}) is more than LLM_TIMEOUT_MS (${parsed.LLM_TIMEOUT_MS}); ` +
        "the wait for headers is part of the attempt. Lower it in .env.local for the offline backend, or with `npx convex env set LLM_HEADERS_TIMEOUT_MS <value>` on a Convex deployment.",
    );
  }
  const limits = parsed.LLM_RATE_LIMITS ?? {};
  return {
    models: {
      coaching: parsed.LLM_MODEL_COACHING,
      classification: parsed.LLM_MODEL_CLASSIFICATION,
      generation: parsed.LLM_MODEL_GENERATION,
      judging: parsed.LLM_MODEL_JUDGING,
    },
    limitsFor: (model) => ({ ...DEFAULT_PROVIDER_LIMITS, ...limits[model] }),
    windowMs: parsed.LLM_RATE_WINDOW_MS,
    retry: {
      strategy: parsed.LLM_RETRY_STRATEGY,
      baseMs: parsed.LLM_RETRY_BASE_MS,
      maxAttempts: parsed.LLM_MAX_ATTEMPTS,
      capMs: DEFAULT_RETRY_POLICY.capMs,
    },
    breaker: { failureThreshold: parsed.LLM_BREAKER_THRESHOLD, cooldownMs: parsed.LLM_BREAKER_COOLDOWN_MS },
    timeoutMs: parsed.LLM_TIMEOUT_MS,
    headersTimeoutMs: Math.min(parsed.LLM_HEADERS_TIMEOUT_MS ?? DEFAULT_HEADERS_TIMEOUT_MS, parsed.LLM_TIMEOUT_MS),
    stream: { minIntervalMs: parsed.LLM_STREAM_MIN_FLUSH_MS, maxIntervalMs: parsed.LLM_STREAM_MAX_FLUSH_MS },
    prices: { ...DEFAULT_PRICES, ...(parsed.LLM_PRICES ?? {}) },
  };
}

const credentialsSchema = z.object({
  ANTHROPIC_API_KEY: z.string().min(1),
  ANTHROPIC_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
});

/** Only the action that calls Claude needs these. */
export function anthropicCredentials(env: Record<string, string | undefined> = process.env) {
  const parsed = parseEnv(credentialsSchema, env);
  return { apiKey: parsed.ANTHROPIC_API_KEY, baseURL: parsed.ANTHROPIC_BASE_URL };
}
