import type { BatchEvent } from "../../../../convex/studio/generation/validators";
import type { Toast } from "../../../components/Toasts";
import type { RateLevel } from "./model";

/**
 * A batch's events → toasts. Each event's key is the batch, its kind and its
 * time, so a subscription that re-delivers the document raises nothing new
 * (the provider remembers keys). Events from before `sinceAt` are history:
 * opening an old batch doesn't replay its toasts.
 */
export function batchEventToasts(batchId: string, events: readonly BatchEvent[], sinceAt: number): Toast[] {
  const out: Toast[] = [];
  for (const event of events) {
    if (event.at < sinceAt) continue;
    const key = `${batchId}:${event.kind}:${event.at}`;
    switch (event.kind) {
      case "rate_limited":
        out.push({
          key,
          group: `${batchId}:rate`,
          tone: "warning",
          message:
            event.delayMs !== undefined
              ? `Rate limit reached — pausing for ${Math.max(1, Math.ceil(event.delayMs / 1000))} s.`
              : "Rate limit reached — pausing briefly.",
        });
        break;
      case "resumed":
        out.push({ key, group: `${batchId}:rate`, tone: "info", message: "Batch resumed." });
        break;
      case "spend_cap":
        out.push({ key, tone: "danger", message: "Spend cap reached — the batch is paused.", ttlMs: 15_000 });
        break;
      case "halted":
        out.push({ key, tone: "danger", message: event.message, ttlMs: 15_000 });
        break;
      case "completed":
        out.push({
          key,
          group: `${batchId}:completed`,
          // "Finished: 11 succeeded, 1 failed." is worth a second look.
          tone: /\b[1-9]\d* failed/.test(event.message) ? "warning" : "success",
          message: `Batch ${event.message.charAt(0).toLowerCase()}${event.message.slice(1)}`,
          ttlMs: 12_000,
        });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * A toast when the API rate status moves up to Busy ("approaching the
 * limit") and when a throttle lifts ("resumed"); the key carries the moment
 * of the transition, so each transition is announced once and a steady state
 * none.
 */
export function rateTransitionToast(previous: RateLevel | null, next: RateLevel, at: number): Toast | null {
  if (previous === "healthy" && next === "busy") {
    return { key: `rate:busy:${at}`, tone: "warning", message: "Approaching Claude's rate limit — new items will start more slowly." };
  }
  if (previous === "throttled" && next !== "throttled") {
    return { key: `rate:resumed:${at}`, tone: "info", message: "Rate limit pause over — generation resumed." };
  }
  return null;
}
