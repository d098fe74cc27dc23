import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { GatePatch, GateState } from "./plan";

export const PROVIDER = "anthropic";

export type GatewayState = Doc<"gatewayState">;

const INITIAL: GateState = {
  breaker: "closed",
  consecutiveFailures: 0,
  probeInFlight: false,
};

/** Status readers count at most this many requests per status, so a huge backlog reads "at least this many". */
export const COUNT_CAP = 100;

async function findRow(ctx: QueryCtx): Promise<GatewayState | null> {
  return await ctx.db
    .query("gatewayState")
    .withIndex("by_provider", (q) => q.eq("provider", PROVIDER))
    .unique();
}

/** The breaker and pause fields; the initial ones before the first write. One document read. */
export async function readGate(ctx: QueryCtx): Promise<GateState> {
  const row = await findRow(ctx);
  if (!row) return { ...INITIAL };
  return {
    breaker: row.breaker,
    consecutiveFailures: row.consecutiveFailures,
    openedAt: row.openedAt,
    probeInFlight: row.probeInFlight,
    pausedUntil: row.pausedUntil,
  };
}

/**
 * Queued and running requests, counted through the status index up to
 * COUNT_CAP each. Derived rather than kept as counters: counters would be
 * a document every enqueue, admission and completion writes.
 */
export async function countRequests(ctx: QueryCtx): Promise<{ queued: number; running: number }> {
  const count = async (status: "queued" | "running") =>
    (
      await ctx.db
        .query("llmRequests")
        .withIndex("by_status_priority", (q) => q.eq("status", status))
        .take(COUNT_CAP)
    ).length;
  const [queued, running] = await Promise.all([count("queued"), count("running")]);
  return { queued, running };
}

/** For readers that show the queue (health, status): the gate plus derived counts. */
export async function readGatewayState(ctx: QueryCtx): Promise<GateState & { queued: number; running: number }> {
  const [gate, counts] = await Promise.all([readGate(ctx), countRequests(ctx)]);
  return { ...gate, ...counts };
}

/** Writes only a patch that changes something; creates the row on its first change. */
export async function patchGate(ctx: MutationCtx, patch: GatePatch | null, now: number): Promise<void> {
  if (!patch || Object.keys(patch).length === 0) return;
  const row = await findRow(ctx);
  if (row) {
    await ctx.db.patch("gatewayState", row._id, { ...patch, updatedAt: now });
  } else {
    await ctx.db.insert("gatewayState", { provider: PROVIDER, ...INITIAL, ...patch, updatedAt: now });
  }
}

/**
 * The pending pump, if any: the earliest row. Normally there is at most one;
 * a superseded row is deleted in the transaction that supersedes it.
 */
export async function readPendingPump(ctx: QueryCtx): Promise<{ _id: Id<"gatewayPumps">; at: number } | null> {
  return await ctx.db
    .query("gatewayPumps")
    .withIndex("by_provider_at", (q) => q.eq("provider", PROVIDER))
    .first();
}
