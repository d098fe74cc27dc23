/**
 * The batch retry settings in the gateway's terms, and the simulator the
 * Settings screen shows. Both go through llm/retryPolicy.ts's retryDelayMs,
 * so what the simulator shows is what a batch will do.
 */
import { retryDelayMs, type RetryPolicy } from "../../llm/retryPolicy";
import { seededRandom } from "../../lib/seededRandom";
import type { RetryConfig } from "./validators";

export const RETRY_LIMITS = {
  maxAttempts: { min: 1, max: 10 },
  baseDelayMs: { min: 1_000, max: 10_000 },
  maxDelayMs: { min: 10_000, max: 300_000 },
} as const;

export const DEFAULT_RETRY: RetryConfig = { strategy: "exponential", maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, jitter: true };

export type RetryProblem = { field: keyof typeof RETRY_LIMITS; min: number; max: number };

export function checkRetryConfig(config: RetryConfig): RetryProblem[] {
  const problems: RetryProblem[] = [];
  for (const field of Object.keys(RETRY_LIMITS) as (keyof typeof RETRY_LIMITS)[]) {
    const { min, max } = RETRY_LIMITS[field];
    const value = config[field];
    if (!Number.isInteger(value) || value < min || value > max) problems.push({ field, min, max });
  }
  return problems;
}

/** The gateway's policy for a batch's settings: the gateway retries each request with it. */
export function toRetryPolicy(config: RetryConfig): Required<RetryPolicy> {
  return { strategy: config.strategy, baseMs: config.baseDelayMs, maxAttempts: config.maxAttempts, capMs: config.maxDelayMs, jitter: config.jitter };
}

/** The wait before attempt `failedAttempt + 1`, or null when attempts are used up. */
export function nextRetryDelayMs(config: RetryConfig, failedAttempt: number, random: () => number = Math.random): number | null {
  return retryDelayMs(toRetryPolicy(config), failedAttempt, random);
}

export type SimulatedAttempt = { attempt: number; failed: boolean; delayMs: number | null; at: number };
export type SimulatedItem = { item: number; attempts: SimulatedAttempt[]; succeeded: boolean; totalWaitMs: number };
export type RetrySimulation = {
  items: SimulatedItem[];
  succeeded: number;
  failed: number;
  totalAttempts: number;
  /** The longest an item waited in backoff. */
  worstWaitMs: number;
};

export const MAX_SIMULATED_ITEMS = 50;

/**
 * Plays `items` items through the policy, each attempt failing with
 * probability `failureRate` (seeded, so the screen is stable while the user
 * reads it). Each attempt shows the delay the policy gives it.
 */
export function simulateRetries(input: { policy: RetryConfig; failureRate: number; items: number; seed: number }): RetrySimulation {
  const random = seededRandom(input.seed);
  const rate = Math.min(1, Math.max(0, input.failureRate));
  const count = Math.min(MAX_SIMULATED_ITEMS, Math.max(1, Math.floor(input.items)));
  const items: SimulatedItem[] = [];
  for (let item = 0; item < count; item++) {
    const attempts: SimulatedAttempt[] = [];
    let at = 0;
    let succeeded = false;
    for (let attempt = 1; ; attempt++) {
      const failed = random() < rate;
      if (!failed) {
        attempts.push({ attempt, failed: false, delayMs: null, at });
        succeeded = true;
        break;
      }
      const delayMs = retryDelayMs(toRetryPolicy(input.policy), attempt, random);
      attempts.push({ attempt, failed: true, delayMs, at });
      if (delayMs === null) break;
      at += delayMs;
    }
    items.push({ item, attempts, succeeded, totalWaitMs: at });
  }
  return {
    items,
    succeeded: items.filter((i) => i.succeeded).length,
    failed: items.filter((i) => !i.succeeded).length,
    totalAttempts: items.reduce((sum, i) => sum + i.attempts.length, 0),
    worstWaitMs: Math.max(...items.map((i) => i.totalWaitMs)),
  };
}
