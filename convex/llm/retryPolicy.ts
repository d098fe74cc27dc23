export type RetryStrategy = "exponential" | "linear" | "fixed";

export type RetryPolicy = {
  strategy: RetryStrategy;
  baseMs: number;
  maxAttempts: number;
  /** No single wait exceeds this, whatever the strategy or the provider asks. */
  capMs: number;
};

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
      delay = Math.floor(random() * bound);
      break;
    }
    case "linear":
      delay = policy.baseMs * failedAttempt;
      break;
    case "fixed":
      delay = policy.baseMs;
      break;
  }
  if (retryAfterMs !== undefined) delay = Math.max(delay, retryAfterMs);
  return Math.min(Math.max(0, delay), cap);
}
