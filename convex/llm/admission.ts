import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { ProviderLimits } from "./config";
import { gcraCharge, gcraCheck, providerLimit, type GcraLimit } from "./gcra";

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

async function writeBucket(ctx: MutationCtx, key: string, tat: number, now: number) {
  const existing = await readBucket(ctx, key);
  if (existing) await ctx.db.patch("providerBuckets", existing._id, { tat, updatedAt: now });
  else await ctx.db.insert("providerBuckets", { key, tat, updatedAt: now });
}

/**
 * Admits one request of `inputTokens` if every limit allows it, charging the
 * request and input-token buckets. Output tokens are unknown until the end,
 * so admission only waits off output debt already charged by `chargeOutput`.
 */
export async function tryAdmit(
  ctx: MutationCtx,
  model: string,
  limits: ModelLimits,
  inputTokens: number,
  now: number,
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const [rpm, itpm, otpm] = await Promise.all([
    readBucket(ctx, bucketKey(model, "rpm")),
    readBucket(ctx, bucketKey(model, "itpm")),
    readBucket(ctx, bucketKey(model, "otpm")),
  ]);
  // A single request larger than the whole input ceiling must still go out eventually.
  const inputCost = Math.min(inputTokens, limits.itpm.ceiling);
  const checks = [
    gcraCheck(limits.rpm, rpm?.tat, now, 1),
    gcraCheck(limits.itpm, itpm?.tat, now, inputCost),
    gcraCheck(limits.otpm, otpm?.tat, now, 0),
  ];
  const refused = checks.filter((c) => !c.ok);
  if (refused.length > 0) {
    return { ok: false, retryAfterMs: Math.max(...refused.map((c) => (c.ok ? 0 : c.retryAfterMs))) };
  }
  const [rpmOk, itpmOk] = checks as [{ ok: true; tat: number }, { ok: true; tat: number }];
  await writeBucket(ctx, bucketKey(model, "rpm"), rpmOk.tat, now);
  await writeBucket(ctx, bucketKey(model, "itpm"), itpmOk.tat, now);
  return { ok: true };
}

/** Charges what the provider actually reported once a call ends. */
export async function chargeUsage(
  ctx: MutationCtx,
  model: string,
  limits: ModelLimits,
  usage: { outputTokens: number; extraInputTokens: number },
  now: number,
): Promise<void> {
  if (usage.outputTokens > 0) {
    const otpm = await readBucket(ctx, bucketKey(model, "otpm"));
    await writeBucket(ctx, bucketKey(model, "otpm"), gcraCharge(limits.otpm, otpm?.tat, now, usage.outputTokens), now);
  }
  if (usage.extraInputTokens > 0) {
    const itpm = await readBucket(ctx, bucketKey(model, "itpm"));
    await writeBucket(ctx, bucketKey(model, "itpm"), gcraCharge(limits.itpm, itpm?.tat, now, usage.extraInputTokens), now);
  }
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
