/**
 * A fixed, log-scale latency histogram: the mergeable structure behind the
 * roll-ups' p50/p95. Bin i (i ≥ 1) holds latencies in
 * [2^((i-1)/8), 2^(i/8)) ms — eight bins per doubling — and bin 0 holds
 * everything under 1 ms. Merging two histograms is adding counts bin by bin,
 * so any set of roll-up documents (days, models, purposes) combines exactly.
 *
 * A percentile is reported as the geometric middle of the bin that holds the
 * nearest-rank sample, so it is within 2^(1/16) − 1 ≈ 4.4 % of the exact
 * nearest-rank value (for latencies ≥ 1 ms). Bins stop at 2^22 ms (~70 min);
 * anything slower lands in the last bin.
 *
 * Roll-up values store the bins sparsely as `lat_<i>` keys.
 */
export const BINS_PER_DOUBLING = 8;
export const MAX_BIN = 22 * BINS_PER_DOUBLING + 1;
export const BIN_PREFIX = "lat_";

export type Histogram = Map<number, number>;

export function binIndex(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  const index = Math.floor(Math.log2(latencyMs) * BINS_PER_DOUBLING) + 1;
  return Math.min(index, MAX_BIN);
}

/** The value reported for a bin: its geometric middle (0 for the sub-millisecond bin). */
export function binValue(index: number): number {
  if (index <= 0) return 0;
  return Math.pow(2, (index - 0.5) / BINS_PER_DOUBLING);
}

export function addLatency(values: Record<string, number>, latencyMs: number, count = 1): void {
  const key = `${BIN_PREFIX}${binIndex(latencyMs)}`;
  values[key] = (values[key] ?? 0) + count;
}

/** Reads the bins out of one or more roll-up value records, merged. */
export function histogramOf(...records: Record<string, number>[]): Histogram {
  const histogram: Histogram = new Map();
  for (const values of records) {
    for (const [key, count] of Object.entries(values)) {
      if (!key.startsWith(BIN_PREFIX) || count <= 0) continue;
      const index = Number(key.slice(BIN_PREFIX.length));
      histogram.set(index, (histogram.get(index) ?? 0) + count);
    }
  }
  return histogram;
}

/**
 * Nearest-rank percentile (p in (0, 1]) of a histogram, or null when empty.
 * Rounded to a tenth of a millisecond.
 */
export function percentile(histogram: Histogram, p: number): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  const indexes = [...histogram.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const index of indexes) {
    seen += histogram.get(index)!;
    if (seen >= rank) return Math.round(binValue(index) * 10) / 10;
  }
  return Math.round(binValue(indexes[indexes.length - 1]) * 10) / 10;
}
