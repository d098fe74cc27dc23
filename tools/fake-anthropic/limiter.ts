// The fake's own requests-per-minute limit, so clients' back-off and queueing
// meet a server that pushes back the way Anthropic's does. A sliding window:
// a request is admitted when fewer than `limit` were admitted in the last
// `windowMs`; refused requests do not use up the allowance.

export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the allowance is next fully restored (ms since epoch). */
  resetAt: number;
  /** How long until one more request would be admitted (0 when allowed). */
  retryAfterMs: number;
}

export class SlidingWindowLimiter {
  private admitted: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  private prune(t: number): void {
    const cutoff = t - this.windowMs;
    let drop = 0;
    while (drop < this.admitted.length && this.admitted[drop]! <= cutoff) drop++;
    if (drop > 0) this.admitted = this.admitted.slice(drop);
  }

  take(): LimitDecision {
    const t = this.now();
    if (!this.enabled) return { allowed: true, limit: 0, remaining: 0, resetAt: t, retryAfterMs: 0 };
    this.prune(t);
    if (this.admitted.length < this.limit) {
      this.admitted.push(t);
      return this.describe(t, true);
    }
    return this.describe(t, false);
  }

  private describe(t: number, allowed: boolean): LimitDecision {
    const oldest = this.admitted[0] ?? t;
    const newest = this.admitted[this.admitted.length - 1] ?? t;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.admitted.length),
      resetAt: this.admitted.length === 0 ? t : newest + this.windowMs,
      retryAfterMs: allowed ? 0 : Math.max(1, oldest + this.windowMs - t),
    };
  }

  reset(): void {
    this.admitted = [];
  }
}

/** The anthropic-ratelimit-requests-* headers the real API sends. */
export function rateLimitHeaders(decision: LimitDecision): Record<string, string> {
  if (decision.limit === 0) return {};
  return {
    "anthropic-ratelimit-requests-limit": String(decision.limit),
    "anthropic-ratelimit-requests-remaining": String(decision.remaining),
    "anthropic-ratelimit-requests-reset": new Date(decision.resetAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}
