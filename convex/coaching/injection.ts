/**
 * Prompt-injection detection for user messages: a scored classifier over
 * weighted rules, by category. A flag never blocks the user (false positives
 * are worse than useless in coaching); it hardens how the message reaches
 * Claude, holds the step where it is, and writes an audit entry.
 *
 * The message is read through several views (normalize.ts) and through
 * anything encoded inside it (decode.ts), so spacing, leetspeak, look-alike
 * letters, base64 and rot13 do not hide an instruction. Each rule that fires
 * adds its weight; weights combine like independent evidence,
 * score = 1 − Π(1 − wᵢ), so two weak signals can flag where one cannot.
 */
import { CATEGORY_LABELS, INJECTION_CATEGORIES, type InjectionCategory } from "./injection/categories";
import { foreignLookingText, probeEncodings, reversed, rot13 } from "./injection/decode";
import { MULTILINGUAL_RULES } from "./injection/multilingual";
import { buildViews, type TextViews } from "./injection/normalize";
import { RULES, type Rule } from "./injection/rules";

export { CATEGORY_LABELS, INJECTION_CATEGORIES, type InjectionCategory };

/** A score at or above this flags the message. */
export const FLAG_THRESHOLD = 0.5;
/** Scores in [UNCERTAIN_FLOOR, FLAG_THRESHOLD) are worth a second opinion (a classification call), not a flag. */
export const UNCERTAIN_FLOOR = 0.25;

export type InjectionCheck = {
  flagged: boolean;
  /** The categories behind a flag (empty when not flagged); kept for audit entries written before scoring. */
  reasons: string[];
  /** 0..1: combined weight of every rule that fired. */
  score: number;
  /** Every category that contributed, flagged or not, in INJECTION_CATEGORIES order. */
  categories: InjectionCategory[];
  /** Below the flag threshold but suspicious enough for a second-layer check. */
  uncertain: boolean;
  /** Ids of the rules that fired, for audit and tuning. */
  rules: string[];
};

const ALL_RULES: Rule[] = [...RULES, ...MULTILINGUAL_RULES];
// Messages are capped at 5000 code points upstream; never scan more than this.
const MAX_SCAN_CHARS = 6000;
// Decoded text counts only for rules strong enough to mean something on their own.
const DECODED_MIN_WEIGHT = 0.45;
const ENCODED_WEIGHT = 0.4;

// Words that make a verb someone's report rather than an order to the assistant.
const SPEAKERS = new Set([
  "i", "we", "they", "he", "she", "who", "people", "everyone", "someone", "somebody", "nobody", "team", "manager", "boss", "lead",
  "colleague", "colleagues", "staff", "never", "not", "t", "ll", "d", "would", "could", "might", "may", "tend", "kind", "everybody",
  "it", "that", "which", "one", "s", "ve", "m",
]);
// Skipped when looking for the speaker: "I just ignore…", "we usually skip…".
const ADVERBS = new Set(["just", "simply", "also", "often", "usually", "sometimes", "always", "rarely", "really", "totally", "completely", "actually", "basically", "still", "even", "probably", "definitely"]);
// "he said: forget…" is a report; "I said: forget…" is the speaker's own order.
const REPORTING = new Set(["said", "says", "told", "tells", "wrote", "writes", "asked", "asks", "replied", "yelled", "goes", "went", "like", "quote", "literally"]);
// "someone typed 'ignore all previous instructions' into the bot" mentions an attack; it does not make one.
const MENTIONS = new Set(["typed", "entered", "posted", "pasted", "submitted", "tried", "phrase", "called", "saying", "string", "prompts", "wrote", "write", "type"]);
const SUBJECTS = new Set(["i", "we", "they", "he", "she", "people", "team", "everyone", "who"]);
const MODALS = new Set(["should", "must", "can", "will", "shall", "to", "might", "would", "could", "and", "or", "then"]);
const BEFORE_TO = new Set([
  "me", "us", "him", "her", "them", "said", "says", "decided", "decide", "want", "wants", "wanted", "need", "needs", "needed", "going",
  "tried", "trying", "try", "plan", "planned", "planning", "chose", "choose", "agreed", "agree", "used", "tend", "tends", "able", "had",
  "have", "has", "like", "hard", "easy", "how", "asked", "afraid", "learn", "learned", "learning", "started", "start", "begin", "began",
  "refuse", "refused", "hesitant", "reluctant", "okay", "ok", "fine", "wrong", "right", "best", "better", "time", "easier", "harder",
  "tempted", "tempting", "whether", "where", "when", "what", "allowed", "supposed", "expected", "seem", "seems", "seemed", "told",
]);

/** True when the words just before `index` make the match a report ("my boss told me to ignore…") rather than an order. */
function spokenBySomeoneElse(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 80), index).trim().split(" ");
  let at = before.length - 1;
  while (at > before.length - 3 && at >= 0 && ADVERBS.has(before[at])) at--;
  const last = before[at] ?? "";
  const second = before[at - 1] ?? "";
  if (SPEAKERS.has(last)) return true;
  if (REPORTING.has(last) && second !== "i") return true;
  if (MENTIONS.has(last) || MENTIONS.has(second)) return true;
  if (last === "to" && BEFORE_TO.has(second)) return true;
  // "we should ignore…"; "you should ignore…" is addressed to the assistant.
  return MODALS.has(last) && SUBJECTS.has(second);
}

function fires(rule: Rule, views: TextViews, tokens: Set<string>): boolean {
  const text = views[rule.view];
  if (rule.needs && !rule.needs.some((word) => tokens.has(word))) return false;
  if (rule.needsText && !rule.needsText.some((part) => text.includes(part))) return false;
  if (rule.unlessWords && rule.unlessWords.test(views.words)) return false;
  if (!rule.imperative) {
    rule.pattern.lastIndex = 0;
    return rule.pattern.test(text);
  }
  for (const match of text.matchAll(rule.pattern)) {
    if (!spokenBySomeoneElse(text, match.index)) return true;
  }
  return false;
}

function scan(text: string, hits: Map<string, Rule>, minWeight = 0): boolean {
  const views = buildViews(text);
  const tokens = new Set(views.words.split(" "));
  let any = false;
  for (const rule of ALL_RULES) {
    if (rule.weight < minWeight || hits.has(rule.id)) continue;
    if (fires(rule, views, tokens)) {
      hits.set(rule.id, rule);
      any = true;
    }
  }
  return any;
}

const ENCODED_RULE: Rule = { id: "encoded.decoded_instructions", category: "encoded_payload", weight: ENCODED_WEIGHT, view: "raw", pattern: /$^/ };

export function detectInjection(text: string): InjectionCheck {
  const input = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const hits = new Map<string, Rule>();
  scan(input, hits);

  // Hidden forms: what segments decode to, and foreign-looking sentences
  // rot13'd or reversed. Each family is scanned once as one text, so a
  // message full of encoded blobs costs three scans, not one per blob.
  const decoded = new Set<string>();
  for (const segment of probeEncodings(input)) {
    decoded.add(segment.text);
    // One more layer: base64 of URL-encoded text and the like.
    for (const inner of probeEncodings(segment.text)) decoded.add(inner.text);
  }
  let hidden = decoded.size > 0 && scan([...decoded].join("\n"), hits, DECODED_MIN_WEIGHT);
  const foreign = foreignLookingText(input);
  if (foreign && scan(`${rot13(foreign)}\n${reversed(foreign)}`, hits, DECODED_MIN_WEIGHT)) hidden = true;
  if (hidden) hits.set(ENCODED_RULE.id, ENCODED_RULE);

  return verdict([...hits.values()]);
}

function verdict(fired: Rule[]): InjectionCheck {
  const score = Math.round((1 - fired.reduce((rest, rule) => rest * (1 - rule.weight), 1)) * 1000) / 1000;
  const present = new Set(fired.map((rule) => rule.category));
  const categories = INJECTION_CATEGORIES.filter((category) => present.has(category));
  const flagged = score >= FLAG_THRESHOLD;
  return {
    flagged,
    reasons: flagged ? [...categories] : [],
    score,
    categories,
    uncertain: !flagged && score >= UNCERTAIN_FLOOR,
    rules: fired.map((rule) => rule.id).sort(),
  };
}

/** A short human name for a category, for audit views. */
export function categoryLabel(category: InjectionCategory): string {
  return CATEGORY_LABELS[category];
}

// Any tag naming our envelope, however spaced, cased, padded or escaped:
// "</user_message>", "< / USER_MESSAGE >", "</user-message", "&lt;/user_message&gt;".
const ENVELOPE_TAG = /(<|&lt;|&#0*60;|&#x0*3c;|＜|‹)(\s*\/?\s*)(user[\s_\-.]*message)/gi;

/**
 * Wraps user text as data. Any delimiter look-alike inside is defused, so
 * the text cannot close its own envelope and speak as the system.
 */
export function asUntrustedUserData(text: string): string {
  const defused = text.replace(ENVELOPE_TAG, (_, _open: string, slash: string, name: string) => `‹${slash.replace(/\s+/g, "")}${name}`);
  return `<user_message>\n${defused}\n</user_message>`;
}
