import { describe, expect, test } from "vitest";
import { breakerAdmission, breakerOnFailure, breakerOnSuccess, type BreakerSnapshot } from "./breaker";

const config = { failureThreshold: 3, cooldownMs: 1000 };
const closed: BreakerSnapshot = { breaker: "closed", consecutiveFailures: 0, probeInFlight: false };

describe("circuit breaker", () => {
  test("stays closed below the threshold and opens at it", () => {
    let state = breakerOnFailure(closed, config, 10);
    state = breakerOnFailure(state, config, 20);
    expect(state.breaker).toBe("closed");
    state = breakerOnFailure(state, config, 30);
    expect(state).toMatchObject({ breaker: "open", openedAt: 30, consecutiveFailures: 3 });
  });

  test("a success resets the count", () => {
    const state = breakerOnFailure(breakerOnFailure(closed, config, 1), config, 2);
    expect(breakerOnSuccess()).toEqual({ ...closed, openedAt: undefined });
    expect(breakerOnFailure(breakerOnSuccess(), config, 3).breaker).toBe("closed");
    expect(state.consecutiveFailures).toBe(2);
  });

  test("open admits nothing until the cool-down ends, then one probe", () => {
    const open: BreakerSnapshot = { breaker: "open", consecutiveFailures: 3, openedAt: 100, probeInFlight: false };
    expect(breakerAdmission(open, config, 500)).toMatchObject({ admit: "none", retryAt: 1100 });
    const later = breakerAdmission(open, config, 1100);
    expect(later.admit).toBe("probe");
    expect(later.state.breaker).toBe("half_open");
    const probing = { ...later.state, probeInFlight: true };
    expect(breakerAdmission(probing, config, 1200).admit).toBe("none");
  });

  test("the probe's success closes it; its failure reopens it at once", () => {
    const halfOpen: BreakerSnapshot = { breaker: "half_open", consecutiveFailures: 3, openedAt: 100, probeInFlight: true };
    expect(breakerOnSuccess().breaker).toBe("closed");
    expect(breakerOnFailure(halfOpen, config, 2000)).toMatchObject({ breaker: "open", openedAt: 2000 });
  });

  test("closed admits everything", () => {
    expect(breakerAdmission(closed, config, 0).admit).toBe("any");
  });
});
