/**
 * Text helpers for the quality scorer: word tokens, a light stemmer, phrase
 * search on padded word strings, sentences and shingles. Every regex here is
 * a single character class or anchored alternation without nested
 * quantifiers, so nothing backtracks on hostile input.
 */

const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Lower-case word tokens; curly apostrophes count as straight ones. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/\u2019/g, "'").match(WORD) ?? [];
}

function undouble(w: string): string {
  const n = w.length;
  // "getting" → "gett" → "get"; but "fall", "miss" and "buzz" keep their pair.
  if (n > 2 && w[n - 1] === w[n - 2] && !"lsz".includes(w[n - 1]!)) return w.slice(0, -1);
  return w;
}

/**
 * A deliberately small suffix stripper. It only has to map a word and its
 * inflections to the same key on both sides of a comparison, not produce
 * dictionary roots ("options" and "option" → "option").
 */
export function stem(word: string): string {
  let w = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (w.length > 5 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length > 5 && w.endsWith("ing")) return undouble(w.slice(0, -3));
  if (w.length > 4 && w.endsWith("ed") && !w.endsWith("eed")) return undouble(w.slice(0, -2));
  if (w.length > 4 && (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches") || w.endsWith("xes"))) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  return w;
}

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves i'm i've i'd i'll you're you've you'd you'll it's that's what's there's " +
    "don't doesn't didn't can't won't isn't aren't wasn't weren't let's really also maybe bit lot get got go going thing things " +
    "think know like want feel yes yeah okay ok well right one way much many even still back make need say said tell"
  ).split(" "),
);

/** Stemmed content words (no stopwords, no one-letter tokens). */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (w.length > 1 && !STOPWORDS.has(w)) out.push(stem(w));
  return out;
}

/** " w1 w2 … " so that a phrase search with indexOf respects word boundaries. */
export function padded(tokens: readonly string[]): string {
  return ` ${tokens.join(" ")} `;
}

/**
 * A phrase as a search key on a padded string. A trailing `*` makes the last
 * word a prefix ("commit*" finds "commitment").
 */
export function phraseKey(phrase: string, stemmed: boolean): string {
  const prefix = phrase.endsWith("*");
  const toks = words(prefix ? phrase.slice(0, -1) : phrase);
  const keyed = stemmed ? toks.map((t, i) => (prefix && i === toks.length - 1 ? t : stem(t))) : toks;
  return prefix ? ` ${keyed.join(" ")}` : ` ${keyed.join(" ")} `;
}

/** Sentences of a turn, each with whether it ends in a question mark. */
export function sentences(text: string): Array<{ text: string; question: boolean }> {
  const out: Array<{ text: string; question: boolean }> = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text[i] : "\n";
    if (c === "." || c === "!" || c === "?" || c === "\n") {
      const s = text.slice(start, i).trim();
      if (s !== "") out.push({ text: s, question: c === "?" });
      start = i + 1;
    }
  }
  return out;
}

const TOKEN_OR_END = /[a-z0-9]+(?:'[a-z]+)?|[.!?\n]/g;

/**
 * Words grouped by sentence in one pass (the same split as `sentences` then
 * `words`); a sentence without words is dropped, so a lone "?" asks nothing.
 */
export function sentenceWords(text: string): Array<{ tokens: string[]; question: boolean }> {
  const out: Array<{ tokens: string[]; question: boolean }> = [];
  let current: string[] = [];
  for (const m of text.toLowerCase().replace(/\u2019/g, "'").matchAll(TOKEN_OR_END)) {
    const t = m[0];
    if (t === "." || t === "!" || t === "?" || t === "\n") {
      if (current.length > 0) out.push({ tokens: current, question: t === "?" });
      current = [];
    } else current.push(t);
  }
  if (current.length > 0) out.push({ tokens: current, question: false });
  return out;
}

/**
 * Word 3-shingles as numbers: each word gets a small id from `ids` (shared
 * by the turns being compared), and a shingle is its three ids packed into
 * one integer, which hashes faster than a joined string.
 */
export function shingles(tokens: readonly string[], ids: Map<string, number>): Set<number> {
  const id = (w: string) => {
    let n = ids.get(w);
    if (n === undefined) {
      n = ids.size + 1;
      ids.set(w, n);
    }
    return n;
  };
  const set = new Set<number>();
  const seq = tokens.map(id);
  // 2^17 distinct words per comparison before packing could collide; a conversation has a few hundred.
  for (let i = 0; i + 2 < seq.length; i++) set.add((seq[i]! * 131_072 + seq[i + 1]!) * 131_072 + seq[i + 2]!);
  if (seq.length < 3) set.add(-(seq[0] ?? 0) * 131_072 - (seq[1] ?? 0));
  return set;
}

export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const s of small) if (large.has(s)) inter++;
  return inter / (a.size + b.size - inter);
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** A turn's words in both forms the matchers read. */
export interface Searchable {
  /** Padded words (stemmed or plain, as the matcher was built). */
  padded: string;
  /** The same words as a set. */
  set: ReadonlySet<string>;
}

/**
 * Compiles phrases into one test. Most cues are one whole word, answered by a
 * set lookup; a phrase is searched only when its first word is present, so a
 * turn costs a few hash lookups instead of one substring scan per cue.
 */
export function compileCues(phrases: readonly string[], stemmed: boolean): (s: Searchable) => boolean {
  const count = compileCounter(phrases, stemmed);
  return (s) => count(s, 1) > 0;
}

/** Like compileCues, but counts the phrases present, stopping at `limit`. */
export function compileCounter(phrases: readonly string[], stemmed: boolean): (s: Searchable, limit?: number) => number {
  const whole: string[] = [];
  const scanned: Array<{ first: string | null; key: string }> = [];
  for (const phrase of phrases) {
    const key = phraseKey(phrase, stemmed);
    const parts = key.trim().split(" ");
    const prefix = phrase.endsWith("*");
    if (parts.length === 1 && !prefix) whole.push(parts[0]!);
    else scanned.push({ first: parts.length > 1 ? parts[0]! : null, key });
  }
  return (s, limit = Number.POSITIVE_INFINITY) => {
    let n = 0;
    for (const w of whole) if (s.set.has(w) && ++n >= limit) return n;
    for (const c of scanned) if ((c.first === null || s.set.has(c.first)) && s.padded.includes(c.key) && ++n >= limit) return n;
    return n;
  };
}
