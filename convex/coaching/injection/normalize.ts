/**
 * Views of one message that the injection rules read. Each view undoes a
 * different family of disguise, so a rule is written once against plain
 * lower-case words and still sees "I-G-N-O-R-E", "1gn0r3", "іgnоrе" (Cyrillic)
 * or "ign\nore".
 */

export type TextViews = {
  /** NFKC, lower case, Latin diacritics stripped, look-alikes folded; punctuation and line breaks kept. For markup rules. */
  raw: string;
  /** NFKC, lower case, Latin diacritics stripped, nothing else: for rules in other languages (Russian "все" stays Cyrillic). */
  folded: string;
  /** Latin words: look-alikes folded, leetspeak undone, spaced-out letters joined. For English rules. */
  words: string;
  /** `words` without spaces: catches words split across lines or spaces. Only for long, specific phrases. */
  squashed: string;
};

// Cyrillic, Greek and a few other letters that render like Latin ones.
const CONFUSABLES: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
  ѕ: "s", і: "i", ї: "i", ј: "j", һ: "h", ԁ: "d", ԛ: "q", ԝ: "w", ү: "y", ɡ: "g", ɑ: "a", ɩ: "i",
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", γ: "y",
  ω: "w", ϲ: "c", ϳ: "j", ς: "s", օ: "o", ս: "u", հ: "h", ո: "n", ց: "g", ⅰ: "i", ꭵ: "i",
};
const CONFUSABLE_CLASS = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "gu");

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i", "|": "l" };

// Zero-width and direction-override characters; sanitizeUserText strips most
// already, but detection must not depend on the caller having done it.
const INVISIBLE = /\u034F|\u1160|\u17B4|\u17B5|[\u00AD\u061C\u115F\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]/g;
const LATIN_COMBINING = /[\u0300-\u036F]/g;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007F]*$/;

/** NFKC, lower case and no Latin accents: "Ｉｇｎｏｒｅ" and "İGNORE" both become "ignore". */
export function foldCase(text: string): string {
  // Plain ASCII has nothing for NFKC or accent stripping to do.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .toLowerCase()
    .normalize("NFD")
    .replace(LATIN_COMBINING, "")
    .normalize("NFC")
    // Turkish dotless i, so "talimatları" and "talimatlari" read alike.
    .replace(/ı/g, "i");
}

const LETTER_RUN = /\p{L}+/gu;
const HAS_LATIN = /[a-z]/;
const NOT_CONFUSABLE = new RegExp(`[^a-z${Object.keys(CONFUSABLES).join("")}]`, "u");

// Cyrillic or Greek letters that look like nothing Latin: their presence
// means the text is genuinely written in that script.
const FOREIGN_LETTER = /[\u0370-\u03FF\u0400-\u04FF]/;

/**
 * Folds look-alike letters inside words that mix them with Latin letters.
 * A word made only of look-alikes ("асе") is folded too, unless the text
 * holds other Cyrillic or Greek letters: then it is genuine Russian or Greek
 * ("все"), and stays as it is.
 */
export function foldConfusables(text: string): string {
  CONFUSABLE_CLASS.lastIndex = 0;
  if (!CONFUSABLE_CLASS.test(text)) return text;
  const genuineScript = FOREIGN_LETTER.test(text.replace(CONFUSABLE_CLASS, ""));
  return text.replace(LETTER_RUN, (word) => {
    CONFUSABLE_CLASS.lastIndex = 0;
    if (!CONFUSABLE_CLASS.test(word)) return word;
    if (!HAS_LATIN.test(word) && (genuineScript || NOT_CONFUSABLE.test(word))) return word;
    CONFUSABLE_CLASS.lastIndex = 0;
    return word.replace(CONFUSABLE_CLASS, (ch) => CONFUSABLES[ch] ?? ch);
  });
}

// Whole tokens, matched greedily: a pattern demanding "letter somewhere, digit
// somewhere" would backtrack quadratically on a long run of either.
const LEET_TOKEN = /[a-z0-9@$!|]+/g;
const LEET_CHAR = /[0-9@$!|]/;
const LETTER = /[a-z]/;

/** Undoes leetspeak ("1gn0r3", "@ll", "5y5t3m") only in tokens that contain a letter, so dates and figures stay. */
export function undoLeet(text: string): string {
  if (!LEET_CHAR.test(text)) return text;
  return text.replace(LEET_TOKEN, (token) => {
    if (!LEET_CHAR.test(token) || !LETTER.test(token)) return token;
    // A trailing "!" or "|" is punctuation, not a letter.
    const core = token.replace(/[!|]+$/, "");
    const tail = token.slice(core.length);
    return core.replace(/[0-9@$!|]/g, (ch) => LEET[ch] ?? ch) + tail;
  });
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;
// Three or more one-letter tokens in a row are one spaced-out word: "i g n o r e".
const SPACED_LETTERS = /\b(?:[a-z] ){2,}[a-z]\b/g;

/** Punctuation and line breaks become single spaces: "IGNORE. ALL. PREVIOUS." reads as words. */
export function toWords(text: string): string {
  return text.replace(NON_WORD, " ").trim();
}

// Single letters joined by the same one-character separator: "i-g-n-o-r-e
// a-l-l" or "I g n o r e   y o u r" (a different or wider gap ends the word).
const SEPARATED_LETTERS = /(?<![\p{L}\p{N}])\p{L}([ .\-_*~+/\\])\p{L}(?:\1\p{L})+(?![\p{L}\p{N}])/gu;

export function joinSeparatedLetters(text: string): string {
  return text.replace(SEPARATED_LETTERS, (run) => run.replace(/[^\p{L}]/gu, ""));
}

export function joinSpacedLetters(words: string): string {
  return words.replace(SPACED_LETTERS, (run) => run.replace(/ /g, ""));
}

// Chat shorthand, so "whats ur system prompt" reads as "what s your system prompt".
const SHORTHAND: Record<string, string> = {
  u: "you", ur: "your", r: "are", ure: "you re", youre: "you re", whats: "what s", thats: "that s", dont: "don t", cant: "can t",
  wont: "won t", im: "i m", ive: "i ve", pls: "please", plz: "please", ya: "you", yr: "your", instrux: "instructions", sys: "system",
};
const SHORTHAND_WORD = new RegExp(`\\b(?:${Object.keys(SHORTHAND).join("|")})\\b`, "g");

export function expandShorthand(words: string): string {
  return words.replace(SHORTHAND_WORD, (word) => SHORTHAND[word] ?? word);
}

export function buildViews(text: string): TextViews {
  const folded = foldCase(text);
  const raw = foldConfusables(folded);
  const words = expandShorthand(joinSpacedLetters(toWords(joinSeparatedLetters(undoLeet(raw)))));
  return { raw, folded, words, squashed: words.replace(/ /g, "") };
}
