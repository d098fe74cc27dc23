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
  const allowAt = newTat - interval - tolerance;
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
 * Limits derived from a provider's published limit: admit at most 90 % of it
 * and keep one unit of slack for clock and network jitter.
 */
export function providerLimit(limitPerWindow: number, windowMs: number, share = 0.9): GcraLimit {
  const ceiling = Math.max(1, Math.floor(limitPerWindow * share));
  const burst = Math.max(0, Math.min(limitPerWindow - ceiling - 2, Math.floor(ceiling * 0.1)));
  return { ceiling, windowMs, burst };
}
