/**
 * Honest offline mode: is the coach a real model or the offline fake?
 *
 * The fake marks every model it lists with FAKE_MARKER in `display_name`
 * (tools/fake-anthropic/models.ts); a real provider never does. The check
 * lists models through the same client the gateway builds, so it sees the
 * provider the coach will reach. A failed check says nothing, so it changes
 * nothing: the SPA shows its notice only on a definite `simulated: true`.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalAction, internalMutation, type MutationCtx, type QueryCtx } from "../_generated/server";
import { userQuery } from "../lib/functions";
import { logger } from "../lib/log";
import { createAnthropicClient } from "./anthropic";
import { anthropicCredentials } from "./config";

export const FAKE_MARKER = "(Framewise offline fake)";
const PROVIDER = "anthropic";
const CHECK_TIMEOUT_MS = 10_000;

const log = logger("llm");

/** Pure: what a models listing says about the provider; null when it says nothing. */
export function simulatedFromModels(models: { display_name?: string | null }[]): boolean | null {
  if (models.length === 0) return null;
  return models.some((m) => typeof m.display_name === "string" && m.display_name.includes(FAKE_MARKER));
}

/** Lists the provider's models and records whether they are the fake's. */
export const check = internalAction({
  args: {},
  returns: v.union(v.boolean(), v.null()),
  handler: async (ctx) => {
    let simulated: boolean | null;
    try {
      const client = createAnthropicClient({ ...anthropicCredentials(), timeoutMs: CHECK_TIMEOUT_MS });
      const page = await client.models.list();
      simulated = simulatedFromModels(page.data);
    } catch (error) {
      await log.persist(ctx, "warn", "provider_mode_unknown", { error: error instanceof Error ? error.name : "unknown" });
      return null;
    }
    if (simulated !== null) await ctx.runMutation(internal.llm.providerMode.record, { simulated });
    return simulated;
  },
});

async function currentMode(ctx: QueryCtx) {
  return await ctx.db
    .query("providerModes")
    .withIndex("by_provider", (q) => q.eq("provider", PROVIDER))
    .unique();
}

/** Writes only on a change, so a cron that finds the same answer leaves subscribers alone. */
export const record = internalMutation({
  args: { simulated: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { simulated }) => {
    const existing = await currentMode(ctx);
    if (existing?.simulated === simulated) return null;
    const checkedAt = Date.now();
    if (existing) await ctx.db.patch("providerModes", existing._id, { simulated, checkedAt });
    else await ctx.db.insert("providerModes", { provider: PROVIDER, simulated, checkedAt });
    await log.persist(ctx, "info", "provider_mode_changed", { simulated });
    return null;
  },
});

/** Called from the first session start: the cron would otherwise leave the notice blank for up to its interval. */
export async function ensureProviderModeChecked(ctx: MutationCtx): Promise<void> {
  if (await currentMode(ctx)) return;
  await ctx.scheduler.runAfter(0, internal.llm.providerMode.check, {});
}

/** For the SPA's "Offline demo: the coach is simulated" notice; null until a check has succeeded. */
export const get = userQuery({
  args: {},
  returns: v.object({ simulated: v.union(v.boolean(), v.null()) }),
  handler: async (ctx) => {
    const mode = await currentMode(ctx);
    return { simulated: mode?.simulated ?? null };
  },
});
