/**
 * Numbers the batch screens show before and during a run: what a batch may
 * cost, how fast it is going and when it should finish. Pure.
 */
import { costMicros, type ModelPrice } from "../../llm/pricing";

/** About 4 characters a token for English prose, as the gateway estimates too. */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_WORD = 1.35;
/** A short conversation of brief turns, and a long one of full turns. */
export const OUTPUT_ASSUMPTION = {
  low: { turns: 8, wordsPerTurn: 25 },
  high: { turns: 20, wordsPerTurn: 70 },
};
/** The tool call's JSON keys, quotes and the framework name, per turn and overall. */
const JSON_TOKENS_PER_TURN = 8;
const JSON_TOKENS_FIXED = 20;

export function promptTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function outputTokens(bound: "low" | "high", maxTokens: number): number {
  const { turns, wordsPerTurn } = OUTPUT_ASSUMPTION[bound];
  const tokens = Math.ceil(turns * (wordsPerTurn * TOKENS_PER_WORD + JSON_TOKENS_PER_TURN) + JSON_TOKENS_FIXED);
  return Math.min(tokens, maxTokens);
}

export type CostEstimate = {
  items: number;
  inputTokens: number;
  outputTokensLow: number;
  outputTokensHigh: number;
  lowMicros: number;
  highMicros: number;
};

/**
 * Cost bounds for items whose prompts are `promptChars` long (each including
 * the fixed system prompt and tool schema). Retries are not included: a
 * failed attempt is mostly unbilled, and the spend cap guards the rest.
 */
export function estimateCost(
  model: string,
  promptChars: readonly number[],
  maxTokens: number,
  prices?: Record<string, ModelPrice>,
): CostEstimate {
  const low = outputTokens("low", maxTokens);
  const high = outputTokens("high", maxTokens);
  let inputTokens = 0;
  for (const chars of promptChars) inputTokens += promptTokens(chars);
  const items = promptChars.length;
  return {
    items,
    inputTokens,
    outputTokensLow: low * items,
    outputTokensHigh: high * items,
    lowMicros: costMicros(model, { inputTokens, outputTokens: low * items }, prices),
    highMicros: costMicros(model, { inputTokens, outputTokens: high * items }, prices),
  };
}

export const RECENT_COMPLETIONS = 20;

/** Appends a completion time, keeping the newest RECENT_COMPLETIONS. */
export function recordCompletion(recent: readonly number[], at: number): number[] {
  const next = [...recent, at];
  return next.length > RECENT_COMPLETIONS ? next.slice(next.length - RECENT_COMPLETIONS) : next;
}

/**
 * Items per minute over the recent completions, on the running clock (paused
 * time already removed). Measured from the batch's start while fewer than two
 * completions exist, so the first one still gives a rate.
 */
export function throughputPerMin(recent: readonly number[], runningSince: number): number | null {
  if (recent.length === 0) return null;
  if (recent.length === 1) return 60_000 / Math.max(1, recent[0] - runningSince);
  return ((recent.length - 1) * 60_000) / Math.max(1, recent[recent.length - 1] - recent[0]);
}

export type Eta =
  | { kind: "done" }
  | { kind: "paused" }
  | { kind: "unknown" }
  | { kind: "estimate"; remainingMs: number; ratePerMin: number; basis: "observed" | "ceiling" };

/**
 * Time left for `remaining` items. The observed rate is used, capped by the
 * gateway's admission ceiling (requests per minute it lets through); before
 * anything completes the ceiling alone gives an optimistic bound, labelled as
 * such. Paused batches have no ETA: the pause's length is the user's choice.
 */
export function estimateEta(input: {
  remaining: number;
  paused: boolean;
  observedPerMin: number | null;
  ceilingPerMin: number;
}): Eta {
  if (input.remaining <= 0) return { kind: "done" };
  if (input.paused) return { kind: "paused" };
  const ceiling = input.ceilingPerMin > 0 ? input.ceilingPerMin : null;
  let rate: number | null;
  let basis: "observed" | "ceiling";
  if (input.observedPerMin !== null && input.observedPerMin > 0) {
    rate = ceiling === null ? input.observedPerMin : Math.min(input.observedPerMin, ceiling);
    basis = "observed";
  } else {
    rate = ceiling;
    basis = "ceiling";
  }
  if (rate === null) return { kind: "unknown" };
  return { kind: "estimate", remainingMs: Math.round((input.remaining / rate) * 60_000), ratePerMin: rate, basis };
}
