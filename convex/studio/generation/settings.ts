/**
 * Settings → Retry configuration: the defaults new batches start from, one
 * small document, and the simulator that shows what a policy does.
 */
import { v } from "convex/values";
import type { QueryCtx } from "../../_generated/server";
import { appError } from "../../lib/errors";
import { permissionMutation, permissionQuery } from "../../lib/functions";
import { checkRetryConfig, DEFAULT_RETRY, MAX_SIMULATED_ITEMS, simulateRetries } from "./retry";
import { onErrorValidator, retryConfigValidator, type OnError, type RetryConfig } from "./validators";

const SETTINGS_KEY = "default";

export const generationSettingsValidator = v.object({
  retry: retryConfigValidator,
  onError: onErrorValidator,
  /** Absent until an admin saves them: these are the built-in defaults. */
  updatedAt: v.optional(v.number()),
});

export async function loadGenerationSettings(ctx: QueryCtx): Promise<{ retry: RetryConfig; onError: OnError; updatedAt?: number }> {
  const row = await ctx.db
    .query("generationSettings")
    .withIndex("by_key", (q) => q.eq("key", SETTINGS_KEY))
    .unique();
  return row === null ? { retry: DEFAULT_RETRY, onError: "continue" } : { retry: row.retry, onError: row.onError, updatedAt: row.updatedAt };
}

/** Refuses a retry config outside the bounds, naming the field. */
export function ensureRetryConfig(retry: RetryConfig, prefix = "retry"): void {
  const [problem] = checkRetryConfig(retry);
  if (problem) {
    throw appError("INVALID_INPUT", `${problem.field} must be a whole number from ${problem.min} to ${problem.max}.`, {
      field: `${prefix}.${problem.field}`,
    });
  }
  if (retry.maxDelayMs < retry.baseDelayMs) {
    throw appError("INVALID_INPUT", "The longest wait can't be shorter than the first one.", { field: `${prefix}.maxDelayMs` });
  }
}

export const getGenerationSettings = permissionQuery("studio.generate")({
  args: {},
  returns: generationSettingsValidator,
  handler: (ctx) => loadGenerationSettings(ctx),
});

export const saveGenerationSettings = permissionMutation("studio.generate")({
  args: { retry: retryConfigValidator, onError: onErrorValidator },
  returns: v.null(),
  handler: async (ctx, { retry, onError }) => {
    ensureRetryConfig(retry);
    const row = await ctx.db
      .query("generationSettings")
      .withIndex("by_key", (q) => q.eq("key", SETTINGS_KEY))
      .unique();
    const now = Date.now();
    if (row === null) {
      await ctx.db.insert("generationSettings", { key: SETTINGS_KEY, retry, onError, updatedBy: ctx.user._id, updatedAt: now });
      return null;
    }
    if (JSON.stringify(row.retry) === JSON.stringify(retry) && row.onError === onError) return null;
    await ctx.db.patch("generationSettings", row._id, { retry, onError, updatedBy: ctx.user._id, updatedAt: now });
    return null;
  },
});

const simulatedAttempt = v.object({ attempt: v.number(), failed: v.boolean(), delayMs: v.union(v.number(), v.null()), at: v.number() });

/** What a policy does to `items` items when each attempt fails with `failureRate`; pure, seeded. */
export const simulateRetryPolicy = permissionQuery("studio.generate")({
  args: { policy: retryConfigValidator, failureRate: v.number(), items: v.number(), seed: v.optional(v.number()) },
  returns: v.object({
    items: v.array(v.object({ item: v.number(), attempts: v.array(simulatedAttempt), succeeded: v.boolean(), totalWaitMs: v.number() })),
    succeeded: v.number(),
    failed: v.number(),
    totalAttempts: v.number(),
    worstWaitMs: v.number(),
  }),
  handler: async (_ctx, { policy, failureRate, items, seed }) => {
    ensureRetryConfig(policy, "policy");
    if (!(failureRate >= 0 && failureRate <= 1)) throw appError("INVALID_INPUT", "The failure rate must be from 0 to 1.", { field: "failureRate" });
    if (!Number.isInteger(items) || items < 1 || items > MAX_SIMULATED_ITEMS) {
      throw appError("INVALID_INPUT", `Simulate from 1 to ${MAX_SIMULATED_ITEMS} items.`, { field: "items" });
    }
    return simulateRetries({ policy, failureRate, items, seed: seed ?? 1 });
  },
});
