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
  if (w.length > 4 && /(?:ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
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

/** Word 3-shingles; a turn shorter than three words is one shingle. */
export function shingles(tokens: readonly string[]): Set<string> {
  const set = new Set<string>();
  if (tokens.length < 3) {
    set.add(tokens.join(" "));
    return set;
  }
  for (let i = 0; i + 2 < tokens.length; i++) set.add(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  return set;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
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
