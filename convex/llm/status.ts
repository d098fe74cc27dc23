import { v } from "convex/values";
import { userQuery } from "../lib/functions";
import { modelLimits, readBucketTat } from "./admission";
import { gatewayConfig } from "./config";
import { emissionIntervalMs, gcraUtilisation } from "./gcra";
import { readGatewayState } from "./state";
import { breakerStateValidator, llmPurposeValidator } from "./tables";

export const queueStatusValidator = v.object({
  state: v.union(v.literal("healthy"), v.literal("approaching"), v.literal("throttled")),
  depth: v.number(),
  running: v.number(),
  utilisationPct: v.number(),
  estimatedWaitMs: v.number(),
  breaker: breakerStateValidator,
  pausedUntil: v.optional(v.number()),
  model: v.string(),
});

/**
 * Queue health for the UI: the gateway's state row, the rpm bucket, and the
 * queued and running requests counted through an index up to COUNT_CAP each
 * (a deeper queue reads as COUNT_CAP). `pausedUntil` is set while a provider
 * 429 pauses the gateway, for a countdown.
 */
export const queueStatus = userQuery({
  args: { purpose: v.optional(llmPurposeValidator) },
  returns: queueStatusValidator,
  handler: async (ctx, { purpose }) => {
    const now = Date.now();
    const config = gatewayConfig();
    const model = config.models[purpose ?? "coaching"];
    const limits = modelLimits(config.limitsFor(model), config.windowMs);
    const state = await readGatewayState(ctx);
    const tat = await readBucketTat(ctx, model, "rpm");
    const utilisation = gcraUtilisation(limits.rpm, tat, now);
    const paused = state.pausedUntil !== undefined && state.pausedUntil > now;
    const pauseLeft = paused ? state.pausedUntil! - now : 0;
    const breakerWait =
      state.breaker === "open" && state.openedAt !== undefined
        ? Math.max(0, state.openedAt + config.breaker.cooldownMs - now)
        : 0;
    const backlogWait = Math.max(0, (tat ?? now) - now) + state.queued * emissionIntervalMs(limits.rpm);
    const throttled = paused || state.breaker !== "closed" || (state.queued > 0 && utilisation >= 0.9);
    const level = throttled ? "throttled" : utilisation >= 0.7 ? "approaching" : "healthy";
    return {
      state: level as "throttled" | "approaching" | "healthy",
      depth: state.queued,
      running: state.running,
      utilisationPct: Math.round(utilisation * 100),
      estimatedWaitMs: Math.round(Math.max(pauseLeft, breakerWait) + (state.queued > 0 ? backlogWait : 0)),
      breaker: state.breaker,
      pausedUntil: paused ? state.pausedUntil : undefined,
      model,
    };
  },
});
