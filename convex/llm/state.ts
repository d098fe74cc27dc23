import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

export const PROVIDER = "anthropic";

export type GatewayState = Doc<"gatewayState">;

const INITIAL = {
  provider: PROVIDER,
  breaker: "closed" as const,
  consecutiveFailures: 0,
  probeInFlight: false,
  queued: 0,
  running: 0,
};

async function findRow(ctx: QueryCtx): Promise<GatewayState | null> {
  return await ctx.db
    .query("gatewayState")
    .withIndex("by_provider", (q) => q.eq("provider", PROVIDER))
    .unique();
}

/** For readers: the stored state, or the initial one before the first call. */
export async function readGatewayState(ctx: QueryCtx): Promise<Omit<GatewayState, "_id" | "_creationTime"> & { _id?: GatewayState["_id"] }> {
  return (await findRow(ctx)) ?? { ...INITIAL, updatedAt: 0 };
}

/** The single state row, created on first use. */
export async function loadGatewayState(ctx: MutationCtx): Promise<GatewayState> {
  const row = await findRow(ctx);
  if (row) return row;
  const id = await ctx.db.insert("gatewayState", { ...INITIAL, updatedAt: Date.now() });
  return (await ctx.db.get("gatewayState", id))!;
}

export async function saveGatewayState(ctx: MutationCtx, state: GatewayState, now: number): Promise<void> {
  const { _id, _creationTime: _c, ...fields } = state;
  await ctx.db.replace("gatewayState", _id, { ...fields, updatedAt: now });
}
