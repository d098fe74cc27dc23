/**
 * Sliding-log limits for user-facing quotas ("20 messages a minute"): never
 * more than `limit` admissions in ANY span of `windowMs`, wherever it starts.
 *
 * A fixed wall-clock window lets a user spend one window's quota just before
 * the boundary and the next one just after (2 × limit within a second or
 * two). GCRA with burst = limit has the same flaw in a softer form: a full
 * burst followed by one admission per T = window / limit adds up to almost
 * 2 × limit in one window. Keeping the last `limit` admission times is exact,
 * and still one small document per key: at most `limit` numbers.
 *
 * Proof sketch: an admission at `now` needs fewer than `limit` earlier ones in
 * (now - windowMs, now]. For any span (s, s + windowMs], take its latest
 * admission t: every other admission in the span lies in (t - windowMs, t],
 * which held fewer than `limit` when t was admitted, so the span holds at
 * most `limit`.
 */
export type WindowLimit = { limit: number; windowMs: number };

export type SlidingDecision =
  /** `admittedAt`: the log to store (sorted, at most `limit` entries, this admission included). */
  | { ok: true; admittedAt: number[]; expiresAt: number }
  | { ok: false; retryAfterMs: number };

/**
 * Decides one admission at `now` given the stored log (any order, possibly
 * longer than `limit` if the limit was lowered). Entries later than `now`
 * (another transaction's clock ran ahead) count as inside the window, so
 * clock skew can only make the limit stricter, never looser.
 */
export function slidingLogCheck(limit: WindowLimit, log: readonly number[], now: number): SlidingDecision {
  const cutoff = now - limit.windowMs;
  // Only the newest `limit` entries can matter: if they are all in the window
  // we refuse, and older ones are older still.
  const recent = log.filter((at) => at > cutoff).sort((a, b) => a - b);
  if (recent.length >= limit.limit) {
    // Admission reopens when the entry that would make room leaves the window.
    const freeing = recent[recent.length - limit.limit];
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(freeing + limit.windowMs - now)) };
  }
  const admittedAt = [...recent, now].sort((a, b) => a - b).slice(-limit.limit);
  return { ok: true, admittedAt, expiresAt: admittedAt[admittedAt.length - 1] + limit.windowMs };
}
