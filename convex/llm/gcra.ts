/**
 * Generic cell rate algorithm: a smooth rate limiter whose whole state is one
 * number, the theoretical arrival time (TAT). With emission interval
 * T = window / ceiling and burst tolerance tau, any interval of one window
 * admits at most ceiling + tau / T + 1 units, so choosing tau keeps a sliding
 * provider limit safe regardless of how its windows are aligned.
 */
export type GcraLimit = {
  /** Units admitted per window at steady state. */
  ceiling: number;
  windowMs: number;
  /** Extra units that may go at once after a quiet spell. */
  burst: number;
};

export type GcraDecision =
  | { ok: true; tat: number }
  | { ok: false; retryAfterMs: number };

export function emissionIntervalMs(limit: GcraLimit): number {
  return limit.windowMs / limit.ceiling;
}

export function gcraCheck(limit: GcraLimit, tat: number | undefined, now: number, cost = 1): GcraDecision {
  const interval = emissionIntervalMs(limit);
  const tolerance = limit.burst * interval;
  const start = Math.max(tat ?? now, now);
  const newTat = start + interval * cost;
  // Computed from start rather than newTat - interval: that round trip can drift
  // by a float epsilon and refuse a request that is exactly on time.
  const allowAt = start + interval * (cost - 1) - tolerance;
  if (allowAt > now) return { ok: false, retryAfterMs: Math.ceil(allowAt - now) };
  return { ok: true, tat: newTat };
}

/**
 * Charges units after the fact (output tokens are only known at the end);
 * later checks then wait off the debt.
 */
export function gcraCharge(limit: GcraLimit, tat: number | undefined, now: number, cost: number): number {
  return Math.max(tat ?? now, now) + emissionIntervalMs(limit) * cost;
}

/** Share of the window's capacity in use, 0..1, for status displays. */
export function gcraUtilisation(limit: GcraLimit, tat: number | undefined, now: number): number {
  if (tat === undefined || tat <= now) return 0;
  return Math.min(1, (tat - now) / limit.windowMs);
}

/**
 * Limits derived from a provider's published limit, admitting at most 90 % of
 * it. Requests are evenly paced (no burst), so the remaining 10 % absorbs the
 * jitter between admitting a request and it reaching the provider. Token
 * limits are buckets the size of the ceiling: a single request spends many
 * tokens at once, which pacing alone could never admit.
 */
export function providerLimit(limitPerWindow: number, windowMs: number, kind: "paced" | "bucket" = "paced", share = 0.9): GcraLimit {
  const ceiling = Math.max(1, Math.floor(limitPerWindow * share));
  return { ceiling, windowMs, burst: kind === "paced" ? 0 : ceiling - 1 };
}
