/**
 * Train/validation assignment: pure. A conversation's seed is its template
 * version plus its variable combination; every variant generated from one
 * seed hashes the same, so a seed never sits on both sides (a validation
 * score measured on a near-copy of a training example flatters the model).
 *
 * Balance by framework: the hash is salted with the framework and compared
 * with the target share, so each framework is its own stratum and gets the
 * share in expectation, whatever the mix. This needs no pass over the whole
 * export first, so a page can be assigned on its own and the same data always
 * splits the same way.
 */

export type SeedValues = Record<string, string | number | boolean>;

/** Keys sorted; each value tagged with its type, so 1 and "1" are different seeds. */
export function canonicalValues(values: SeedValues): string {
  const keys = Object.keys(values).sort();
  return JSON.stringify(keys.map((key) => [key, typeof values[key], values[key]]));
}

export function seedKey(templateVersionId: string, values: SeedValues): string {
  return `${templateVersionId}|${canonicalValues(values)}`;
}

/**
 * cyrb53 (public domain): a fast 53-bit string hash with good avalanche,
 * identical in every JS engine — the split must not depend on where it runs.
 */
export function hash53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function seedHash(key: string): string {
  return hash53(key).toString(16).padStart(14, "0");
}

const BUCKETS = 10_000;

/** validationPercent in [0, 50]; the same (seed, framework, percent) always lands on the same side. */
export function assignSplit(seed: string, framework: string, validationPercent: number): "train" | "validation" {
  if (validationPercent <= 0) return "train";
  const bucket = hash53(`${framework}\u0000${seed}`, 0x5eed) % BUCKETS;
  return bucket < Math.round(validationPercent * (BUCKETS / 100)) ? "validation" : "train";
}
