/**
 * Prices in integer micro-dollars per million tokens, so that cost arithmetic
 * never touches floating point. Keep in step with Anthropic's price list;
 * LLM_PRICES (JSON, same shape) overrides or extends it per deployment.
 */
export type ModelPrice = { inputPerMTok: number; outputPerMTok: number };

export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  "claude-opus-5-5": { inputPerMTok: 5_000_000, outputPerMTok: 25_000_000 },
  "claude-opus-5": { inputPerMTok: 5_000_000, outputPerMTok: 25_000_000 },
  "claude-opus-4-5": { inputPerMTok: 5_000_000, outputPerMTok: 25_000_000 },
  "claude-sonnet-5-5": { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000 },
  "claude-sonnet-5": { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000 },
  "claude-sonnet-4-6": { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000 },
  "claude-sonnet-4-5": { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000 },
  "claude-haiku-5-5": { inputPerMTok: 1_000_000, outputPerMTok: 5_000_000 },
  "claude-haiku-4-5": { inputPerMTok: 1_000_000, outputPerMTok: 5_000_000 },
};

/** Unknown models are priced like the most expensive tier rather than as free. */
const FALLBACK_PRICE: ModelPrice = { inputPerMTok: 5_000_000, outputPerMTok: 25_000_000 };

export function priceFor(model: string, prices: Record<string, ModelPrice> = DEFAULT_PRICES): ModelPrice {
  if (prices[model]) return prices[model];
  // Dated snapshots ("claude-haiku-4-5-20251001") share their alias's price.
  const alias = model.replace(/-\d{8}$/, "");
  return prices[alias] ?? FALLBACK_PRICE;
}

/** Cost of one call in micro-dollars, rounded half up to a whole micro-dollar. */
export function costMicros(
  model: string,
  usage: { inputTokens: number; outputTokens: number },
  prices: Record<string, ModelPrice> = DEFAULT_PRICES,
): number {
  const price = priceFor(model, prices);
  const total =
    BigInt(Math.max(0, Math.trunc(usage.inputTokens))) * BigInt(price.inputPerMTok) +
    BigInt(Math.max(0, Math.trunc(usage.outputTokens))) * BigInt(price.outputPerMTok);
  return Number((total + 500_000n) / 1_000_000n);
}
