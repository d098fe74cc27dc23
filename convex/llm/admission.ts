import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { ProviderLimits } from "./config";
import { gcraCharge, providerLimit, type GcraLimit } from "./gcra";
import type { ModelBuckets } from "./plan";

/**
 * Provider-side limits per model: requests, input tokens and output tokens
 * per window, each admitted at 90 % of the configured limit.
 */
export type ModelLimits = { rpm: GcraLimit; itpm: GcraLimit; otpm: GcraLimit };

export function modelLimits(limits: ProviderLimits, windowMs: number): ModelLimits {
  return {
    rpm: providerLimit(limits.rpm, windowMs),
    itpm: providerLimit(limits.itpm, windowMs, "bucket"),
    otpm: providerLimit(limits.otpm, windowMs, "bucket"),
  };
}

const bucketKey = (model: string, kind: keyof ModelLimits) => `anthropic:${model}:${kind}`;

async function readBucket(ctx: QueryCtx, key: string) {
  return await ctx.db
    .query("providerBuckets")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
}

/** The three bucket rows of a model, as the pump planner reads them. */
export async function readModelBuckets(ctx: QueryCtx, model: string): Promise<ModelBuckets> {
  const [rpm, itpm, otpm] = await Promise.all([
    readBucket(ctx, bucketKey(model, "rpm")),
    readBucket(ctx, bucketKey(model, "itpm")),
    readBucket(ctx, bucketKey(model, "otpm")),
  ]);
  const slim = (row: Awaited<ReturnType<typeof readBucket>>) =>
    row ? { tat: row.tat, inputDebt: row.inputDebt, inputDebtPaid: row.inputDebtPaid } : {};
  return { rpm: slim(rpm), itpm: slim(itpm), otpm: slim(otpm) };
}

async function writeBucket(ctx: MutationCtx, key: string, fields: { tat: number; inputDebt?: number; inputDebtPaid?: number }, now: number) {
  const existing = await readBucket(ctx, key);
  if (!existing) {
    await ctx.db.insert("providerBuckets", { key, ...fields, updatedAt: now });
    return;
  }
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).some((k) => fields[k] !== existing[k]);
  if (changed) await ctx.db.patch("providerBuckets", existing._id, { ...fields, updatedAt: now });
}

/** What one pump (or a fast-path enqueue) booked: one write per bucket, however many requests. */
export async function writeAdmissions(
  ctx: MutationCtx,
  model: string,
  booked: { rpmTat: number; itpmTat: number; inputDebtPaid: number },
  now: number,
): Promise<void> {
  await writeBucket(ctx, bucketKey(model, "rpm"), { tat: booked.rpmTat }, now);
  await writeBucket(ctx, bucketKey(model, "itpm"), { tat: booked.itpmTat, inputDebtPaid: booked.inputDebtPaid }, now);
}

/**
 * Charges what the provider reported once a call ends, on the otpm row only:
 * output tokens to its TAT, and input tokens beyond the admission estimate to
 * its debt total, which the next admission charges to itpm. So every bucket
 * is written at most once per call.
 */
export async function chargeUsage(
  ctx: MutationCtx,
  model: string,
  limits: ModelLimits,
  usage: { outputTokens: number; extraInputTokens: number },
  now: number,
): Promise<void> {
  const extra = Math.max(0, usage.extraInputTokens);
  if (usage.outputTokens <= 0 && extra === 0) return;
  const key = bucketKey(model, "otpm");
  const otpm = await readBucket(ctx, key);
  const tat = usage.outputTokens > 0 ? gcraCharge(limits.otpm, otpm?.tat, now, usage.outputTokens) : (otpm?.tat ?? now);
  await writeBucket(ctx, key, { tat, inputDebt: (otpm?.inputDebt ?? 0) + extra }, now);
}

export async function readBucketTat(ctx: QueryCtx, model: string, kind: keyof ModelLimits) {
  return (await readBucket(ctx, bucketKey(model, kind)))?.tat;
}

/** A rough count (4 characters a token) for admission; usage corrects it later. */
export function estimateInputTokens(params: { system?: string; messages: unknown; tools?: unknown }): number {
  const chars =
    (params.system?.length ?? 0) + JSON.stringify(params.messages).length + (params.tools ? JSON.stringify(params.tools).length : 0);
  return Math.max(1, Math.ceil(chars / 4));
}
