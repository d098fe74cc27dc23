import type { BreakerState } from "./tables";

/**
 * Circuit breaker transitions, pure. Closed counts consecutive provider
 * failures; at the threshold it opens for a cool-down; then one half-open
 * probe decides between closing and opening again.
 */
export type BreakerSnapshot = {
  breaker: BreakerState;
  consecutiveFailures: number;
  openedAt?: number;
  probeInFlight: boolean;
};

export type BreakerConfig = { failureThreshold: number; cooldownMs: number };

export function breakerOnSuccess(): BreakerSnapshot {
  return { breaker: "closed", consecutiveFailures: 0, openedAt: undefined, probeInFlight: false };
}

export function breakerOnFailure(state: BreakerSnapshot, config: BreakerConfig, now: number): BreakerSnapshot {
  const failures = state.consecutiveFailures + 1;
  if (state.breaker === "half_open" || failures >= config.failureThreshold) {
    return { breaker: "open", consecutiveFailures: failures, openedAt: now, probeInFlight: false };
  }
  return { ...state, consecutiveFailures: failures, probeInFlight: false };
}

/** What the dispatcher may do now. */
export function breakerAdmission(
  state: BreakerSnapshot,
  config: BreakerConfig,
  now: number,
): { admit: "any" | "probe" | "none"; state: BreakerSnapshot; retryAt?: number } {
  if (state.breaker === "closed") return { admit: "any", state };
  if (state.breaker === "open") {
    const reopenAt = (state.openedAt ?? now) + config.cooldownMs;
    if (now < reopenAt) return { admit: "none", state, retryAt: reopenAt };
    return { admit: "probe", state: { ...state, breaker: "half_open", probeInFlight: false } };
  }
  return state.probeInFlight ? { admit: "none", state } : { admit: "probe", state };
}
