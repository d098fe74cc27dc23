// Small, dependency-free text helpers shared by the coach reply and the tool
// input filler. They only need to be good enough to pick out the user's own
// words convincingly, not to understand them.

const STOPWORDS = new Set(
  (
    "a an and are as at be been but by can could did do does doing done for from had has have " +
    "he her here hers him his how i i'm i've i'd i'll if in into is it it's its just me more most my " +
    "myself no nor not of off on once only or other our ours out over own same she should so some such " +
    "than that that's the their them then there these they this those through to too under until up " +
    "very was we were what when where which while who whom why will with would you your yours really " +
    "also about again all any because before being below between both each few further get got going " +
    "im ive id ill dont cant wont isnt"
  ).split(" "),
);

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Sentences (and separate lines) of a message, trimmed, in order. */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?…])\s+(?=\S)/u)
    .map((part) => collapseWhitespace(part.replace(/^\s*(?:[-*•]|\d+[.)])\s+/u, "")))
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}

export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Crude stem so "goals" meets "goal", "achieved" meets "achieve" and
 * "deadline" meets "deadlines": plural, -ing, -ed and -ly endings, then a final "e".
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]/g, "");
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith("ing") && /[aeiouy]/.test(w.slice(0, -3))) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed") && !w.endsWith("eed")) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith("ly")) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("es") && !w.endsWith("ses")) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

export function contentStems(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    const lower = w.toLowerCase();
    if (lower.length < 3 || STOPWORDS.has(lower.replace(/[’]/g, "'"))) continue;
    out.add(stem(lower));
  }
  return out;
}

/** Words in identifiers like `dueDate`, `next_step`, `energy-level`. */
export function identifierWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .toLowerCase();
}

export function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const item of a) if (b.has(item)) n++;
  return n;
}

/** Index of the sentence sharing most words with `topic`; -1 when none share any. */
export function bestMatchingSentence(sentences: readonly string[], topic: string): number {
  const topicStems = contentStems(topic);
  let best = -1;
  let bestScore = 0;
  sentences.forEach((sentence, i) => {
    const score = overlap(contentStems(sentence), topicStems);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

const FEELING = new Set(
  (
    "feel feeling felt stuck worried worry anxious afraid scared overwhelmed tired stressed " +
    "want need hope wish struggle struggling hard difficult goal goals plan trying try excited " +
    "frustrated unsure confused lost motivated procrastinating procrastinate"
  ).split(" "),
);

/** The sentence that says the most: most content words, feelings weighing extra. */
export function mostRelevantSentence(text: string): string {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return "";
  let best = sentences[0]!;
  let bestScore = -1;
  for (const sentence of sentences) {
    const ws = words(sentence).map((w) => w.toLowerCase());
    const score = contentStems(sentence).size + 2 * ws.filter((w) => FEELING.has(w)).length;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}

/** At most `max` words, marking the cut with an ellipsis. */
export function limitWords(text: string, max: number): string {
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length <= max) return parts.join(" ");
  return `${parts.slice(0, max).join(" ").replace(/[\s,;:.!?-]+$/u, "")}…`;
}

/** At most `max` characters, cut at a word boundary where one is near. */
export function limitChars(text: string, max: number): string {
  if (max <= 0) return "";
  if ([...text].length <= max) return text;
  const chars = [...text];
  if (max === 1) return chars[0]!;
  let cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  if (space >= Math.floor((max - 1) * 0.6)) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.!?-]+$/u, "")}…`;
}

const FIRST_TO_SECOND: Record<string, string> = {
  i: "you",
  "i'm": "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  me: "you",
  my: "your",
  mine: "yours",
  myself: "yourself",
};

const AFTER_I: Record<string, string> = { am: "are", was: "were", "wasn't": "weren't" };

export function hasFirstPerson(text: string): boolean {
  return words(text).some((w) => w.toLowerCase().replace(/’/g, "'") in FIRST_TO_SECOND);
}

export function hasSecondPerson(text: string): boolean {
  return words(text).some((w) => /^(you|your|yours|yourself|you're|you've|you'd|you'll)$/i.test(w.replace(/’/g, "'")));
}

/** "I was stuck on my essay" → "you were stuck on your essay". */
export function toSecondPerson(sentence: string): string {
  let previous = "";
  return sentence.replace(/[\p{L}]+(?:['’][\p{L}]+)?/gu, (word) => {
    const key = word.toLowerCase().replace(/’/g, "'");
    let out = word;
    if (key in FIRST_TO_SECOND) out = FIRST_TO_SECOND[key]!;
    else if (previous === "i" && key in AFTER_I) out = AFTER_I[key]!;
    previous = key;
    return out;
  });
}

// Common words that open a sentence and are never names.
const SENTENCE_OPENERS = new Set(
  (
    "right honestly well actually basically currently recently lately today yesterday tomorrow now sometimes often " +
    "every everyone everything nobody nothing someone something people everybody last next yes yeah sure " +
    "three two four five six several many lots most mostly probably definitely maybe perhaps usually generally " +
    "ideally hopefully frankly truthfully obviously clearly since although though even still yet whenever"
  ).split(" "),
);

/** Lower-cases the first letter unless the first word looks like a name. */
export function lowerFirst(text: string): string {
  const first = text.split(/\s+/)[0] ?? "";
  const lower = first.toLowerCase().replace(/[^\p{L}'’]/gu, "");
  if (lower in FIRST_TO_SECOND || STOPWORDS.has(lower) || SENTENCE_OPENERS.has(lower) || /^you/.test(lower)) {
    return text.charAt(0).toLowerCase() + text.slice(1);
  }
  return text;
}

export function stripEndPunctuation(text: string): string {
  return text.replace(/[\s.!?,;:…]+$/u, "");
}
