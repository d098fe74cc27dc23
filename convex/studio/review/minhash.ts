/**
 * Near-duplicate detection for generated conversations: MinHash over word
 * shingles with LSH banding. Pure and deterministic (fixed seed), so a
 * signature computed today matches one computed next year.
 *
 * 128 permutations in 16 bands of 8 rows, as distilabel's filter uses 128:
 * two texts with Jaccard 0.9 share at least one band with probability
 * 1 − (1 − 0.9⁸)¹⁶ ≈ 0.99998, while texts at 0.5 share one with ≈ 0.06, so
 * the index lookups return few candidates and the signature estimate decides.
 */

export const SHINGLE_WORDS = 4;
export const PERMUTATIONS = 128;
export const BANDS = 16;
export const ROWS_PER_BAND = PERMUTATIONS / BANDS;
/** Estimated Jaccard at or above which a conversation is its twin's near-duplicate. */
export const DUPLICATE_THRESHOLD = 0.9;
const SEED = 0x5eed_f00d;

/** FNV-1a over UTF-16 code units: stable across runtimes, 32-bit unsigned. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finaliser: spreads a 32-bit value so each seed acts as its own permutation. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const PERMUTATION_SEEDS: readonly number[] = Array.from({ length: PERMUTATIONS }, (_, i) => mix32(SEED + Math.imul(i + 1, 0x9e3779b9)));

/** Lower-cased words, punctuation dropped: "Okay, so…" and "okay so" shingle alike. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .map((word) => word.replace(/^'+|'+$/g, ""))
    .filter((word) => word !== "");
}

/** Hashed k-word shingles; a text shorter than k words is one shingle of all its words. */
export function shingles(text: string, k = SHINGLE_WORDS): Set<number> {
  const list = words(text);
  const out = new Set<number>();
  if (list.length === 0) return out;
  if (list.length < k) {
    out.add(fnv1a(list.join(" ")));
    return out;
  }
  for (let i = 0; i + k <= list.length; i++) out.add(fnv1a(list.slice(i, i + k).join(" ")));
  return out;
}

/** The conversation's text as one document: turns in order, each tagged with its speaker. */
export function conversationText(turns: readonly { role: string; text: string }[]): string {
  return turns.map((turn) => `${turn.role} ${turn.text}`).join("\n");
}

/** One minimum per permutation; an empty text has the all-max signature (it matches only other empty texts). */
export function signature(shingleSet: ReadonlySet<number>): number[] {
  const sig = new Array<number>(PERMUTATIONS).fill(0xffffffff);
  for (const shingle of shingleSet) {
    for (let i = 0; i < PERMUTATIONS; i++) {
      const h = mix32(shingle ^ PERMUTATION_SEEDS[i]);
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

export function signatureOf(turns: readonly { role: string; text: string }[]): number[] {
  return signature(shingles(conversationText(turns)));
}

/** Share of equal positions: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function estimateJaccard(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Exact Jaccard of two shingle sets: what the estimate approximates (tests compare the two). */
export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** One hash per band, as 8 hex digits: two signatures share a band hash when that band's rows are all equal (bar a 2⁻³² collision the estimate then rules out). */
export function bandHashes(sig: readonly number[]): string[] {
  const out: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let hash = fnv1a(String(band));
    for (let row = 0; row < ROWS_PER_BAND; row++) {
      hash = mix32(hash ^ sig[band * ROWS_PER_BAND + row]) ^ Math.imul(row + 1, 0x27d4eb2d);
      hash >>>= 0;
    }
    out.push(hash.toString(16).padStart(8, "0"));
  }
  return out;
}

export function isNearDuplicate(estimate: number, threshold = DUPLICATE_THRESHOLD): boolean {
  return estimate >= threshold;
}
