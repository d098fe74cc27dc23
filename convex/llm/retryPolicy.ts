export type RetryStrategy = "exponential" | "linear" | "fixed";

export type RetryPolicy = {
  strategy: RetryStrategy;
  baseMs: number;
  maxAttempts: number;
  /** No single wait exceeds this, whatever the strategy or the provider asks. */
  capMs: number;
  /**
   * Spread the waits randomly. Default: on for exponential (full jitter), off
   * for linear and fixed; when on for those, the wait is drawn from [d/2, d].
   */
  jitter?: boolean;
};

/** Bounds on a caller's own policy (a batch's); outside them enqueue refuses. */
export const MAX_ATTEMPTS_LIMIT = 10;

export function validRetryPolicy(policy: RetryPolicy): string | null {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1 || policy.maxAttempts > MAX_ATTEMPTS_LIMIT) {
    return `maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}`;
  }
  if (!(policy.baseMs >= 0) || !(policy.capMs >= 0)) return "baseMs and capMs must be non-negative";
  return null;
}

export const MAX_RETRY_WAIT_MS = 5 * 60 * 1000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  strategy: "exponential",
  baseMs: 1000,
  maxAttempts: 5,
  capMs: MAX_RETRY_WAIT_MS,
};

/**
 * Delay before attempt `failedAttempt + 1`, or null when attempts are used up.
 * Exponential uses full jitter (a uniform draw up to the exponential bound),
 * which spreads synchronized retries best. A provider's retry-after is a
 * floor: retrying sooner would only earn another 429.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempt: number,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number | null {
  if (failedAttempt >= policy.maxAttempts) return null;
  const cap = Math.min(policy.capMs, MAX_RETRY_WAIT_MS);
  let delay: number;
  switch (policy.strategy) {
    case "exponential": {
      const bound = Math.min(cap, policy.baseMs * 2 ** (failedAttempt - 1));
      delay = policy.jitter === false ? bound : Math.floor(random() * bound);
      break;
    }
    case "linear":
    case "fixed": {
      const base = policy.strategy === "linear" ? policy.baseMs * failedAttempt : policy.baseMs;
      delay = policy.jitter === true ? Math.floor(base / 2 + (random() * base) / 2) : base;
      break;
    }
  }
  if (retryAfterMs !== undefined) delay = Math.max(delay, retryAfterMs);
  return Math.min(Math.max(0, delay), cap);
}
