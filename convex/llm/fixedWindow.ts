/**
 * Fixed-window counting for user-facing limits ("20 messages a minute"):
 * easy to explain ("try again in 12 s") and one document per key and window.
 */
export type WindowLimit = { limit: number; windowMs: number };

export function windowStartFor(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

export type WindowDecision = { ok: true; count: number } | { ok: false; retryAfterMs: number };

export function windowCheck(limit: WindowLimit, currentCount: number, now: number, cost = 1): WindowDecision {
  if (currentCount + cost <= limit.limit) return { ok: true, count: currentCount + cost };
  const start = windowStartFor(now, limit.windowMs);
  return { ok: false, retryAfterMs: Math.max(1, start + limit.windowMs - now) };
}
