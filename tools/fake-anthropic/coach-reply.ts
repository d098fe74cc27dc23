import { pick } from "./seeded";
import {
  collapseWhitespace,
  countWords,
  hasFirstPerson,
  hasSecondPerson,
  limitWords,
  lowerFirst,
  mostRelevantSentence,
  stripEndPunctuation,
  toSecondPerson,
} from "./words";

// Offline users meet Claude through these replies, so they should read like a
// patient coach: reflect what the user just said, then ask the question the
// current step is about. The question comes from the system prompt so the app
// decides what is asked, exactly as it would with the real model.

export const GENERIC_QUESTIONS = [
  "What would feel like a good next step for you right now?",
  "What matters most to you about this?",
  "What would make the biggest difference if it changed?",
  "What is one small thing you could try before we talk next?",
] as const;

const LIST_ITEM = /^\s*(?:[-*•+]|\d+[.)])\s+(.*)$/u;

function isHeading(line: string): boolean {
  const t = line.trim();
  if (LIST_ITEM.test(t)) return false;
  return /^#{1,6}\s/.test(t) || /:\s*$/.test(t) || /^\*\*.*\*\*:?$/.test(t);
}

function cleanQuestion(text: string): string {
  return collapseWhitespace(text.replace(/^\*\*|\*\*$/g, "").replace(/^["“]|["”]$/g, ""));
}

/**
 * The question the coach should ask, found in the system prompt:
 * 1. the first list item ending in "?" under a heading line containing "question";
 * 2. else a line starting with "Ask:";
 * 3. else any line ending in "?";
 * 4. else null (the caller falls back to a generic question).
 */
export function extractQuestion(system: string): string | null {
  const lines = system.split(/\r?\n/);

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!/question/i.test(line) || LIST_ITEM.test(line) || /\?\s*$/.test(line)) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!;
      const item = LIST_ITEM.exec(next);
      if (item) {
        const text = item[1]!.trim();
        if (/\?["”*]*$/.test(text)) return cleanQuestion(text);
        continue;
      }
      if (next.trim() !== "" && isHeading(next)) break;
    }
  }

  for (const line of lines) {
    const ask = /^\s*ask:\s*(.+)$/i.exec(line);
    if (ask) {
      const text = cleanQuestion(ask[1]!);
      return /[?.!]$/.test(text) ? text : `${text}?`;
    }
  }

  for (const line of lines) {
    if (/\?["”*]*\s*$/.test(line)) {
      const item = LIST_ITEM.exec(line);
      return cleanQuestion((item ? item[1]! : line).replace(/^\s*>\s*/, ""));
    }
  }
  return null;
}

export interface CoachReplyInput {
  /** The user's latest words (may be empty, e.g. a turn carrying only tool results). */
  userText: string;
  /** The system prompt text, system-role messages included. */
  system: string;
  /** Varies the phrasing; the same key always gives the same reply. */
  variationKey: readonly unknown[];
  /** Set when this turn follows a tool call, to acknowledge its result first. */
  toolResult?: { isError: boolean; detail: string } | undefined;
}

// `q` arrives with its closing punctuation ("." or "…") already attached.
const QUOTE_FORMS = [
  (q: string) => `You said, "${q}"`,
  (q: string) => `Thank you for putting that into words: "${q}"`,
  (q: string) => `I noticed you wrote "${q}"`,
  (q: string) => `I hear you when you say "${q}"`,
];

const PARAPHRASE_FORMS = [
  (p: string) => `It sounds like ${p}.`,
  (p: string) => `What I'm hearing is that ${p}.`,
  (p: string) => `If I've understood you, ${p}.`,
  (p: string) => `So, as I understand it, ${p}.`,
];

const EMPTY_OPENERS = [
  "Thanks for checking in.",
  "I'm glad you're here.",
  "Good to hear from you.",
  "Thanks for coming back to this.",
];

const VALIDATIONS = [
  "That's worth taking seriously, and it's completely fine to go at your own pace.",
  "Naming it clearly like that is already a useful step forward.",
  "There's no rush here; we can look at it together, one piece at a time.",
  "That makes sense, and it gives us something concrete to work with.",
  "It takes honesty to say that, and it helps us focus on what matters to you.",
];

const BRIDGES = [
  "Let's build on that together.",
  "To help you move forward, I'd like to ask you one thing.",
  "Here's a question to consider, and take all the time you need.",
  "Let's take the next small step from here.",
  "When you're ready, have a think about this.",
];

// Used only to reach the minimum length when the user said very little.
const FILLERS = [
  "Whatever you notice is useful, even if it feels small or unfinished.",
  "There are no wrong answers here; a rough first thought is a fine place to start.",
  "We can always adjust the plan as you learn more about what works for you.",
];

const SAVED = ["Thanks, I've noted that down.", "Got it, that's saved.", "Done, that's recorded for you."];

function reflection(userText: string, key: readonly unknown[], maxQuoteWords: number): string {
  const original = mostRelevantSentence(userText).replace(/"/g, "'");
  const sentence = stripEndPunctuation(original);
  if (!sentence) return pick(EMPTY_OPENERS, ...key, "empty");
  const asked = /\?\s*$/.test(original);
  if (hasFirstPerson(sentence) && !hasSecondPerson(sentence) && !asked && countWords(sentence) <= maxQuoteWords) {
    return pick(PARAPHRASE_FORMS, ...key, "paraphrase")(lowerFirst(toSecondPerson(sentence)));
  }
  const quote = limitWords(sentence, maxQuoteWords);
  const end = /[?!]\s*$/.exec(original)?.[0].trim() ?? ".";
  return pick(QUOTE_FORMS, ...key, "quote")(quote.endsWith("…") ? quote : `${quote}${end}`);
}

export const MIN_REPLY_WORDS = 40;
export const MAX_REPLY_WORDS = 90;

/** A 40–90 word coach reply: acknowledgement, reflection, validation, bridge, question. */
export function composeCoachReply(input: CoachReplyInput): string {
  const key = input.variationKey;
  const question = extractQuestion(input.system) ?? pick(GENERIC_QUESTIONS, ...key, "generic-question");

  let ack = "";
  if (input.toolResult) {
    ack = input.toolResult.isError
      ? `That didn't save properly (${limitWords(collapseWhitespace(input.toolResult.detail) || "an error", 12)}), so we can try again in a moment.`
      : pick(SAVED, ...key, "saved");
  }

  const validation = pick(VALIDATIONS, ...key, "validation");
  const bridge = pick(BRIDGES, ...key, "bridge");

  const build = (maxQuoteWords: number, parts: { validation: boolean; bridge: boolean }, fillers: number) => {
    const lead = [ack, reflection(input.userText, key, maxQuoteWords), parts.validation ? validation : "", ...FILLERS.slice(0, fillers), parts.bridge ? bridge : ""]
      .filter(Boolean)
      .join(" ");
    return `${lead}\n\n${question}`;
  };

  // Shrink the quote first, then drop supporting sentences, to stay under the
  // maximum; pad with fillers to reach the minimum when the user said little.
  for (const maxQuote of [24, 16, 10, 6]) {
    const reply = build(maxQuote, { validation: true, bridge: true }, 0);
    const n = countWords(reply);
    if (n > MAX_REPLY_WORDS) continue;
    let fillers = 0;
    let padded = reply;
    while (countWords(padded) < MIN_REPLY_WORDS && fillers < FILLERS.length) {
      fillers++;
      padded = build(maxQuote, { validation: true, bridge: true }, fillers);
    }
    return padded;
  }
  const trimmed = build(6, { validation: false, bridge: true }, 0);
  return countWords(trimmed) <= MAX_REPLY_WORDS ? trimmed : build(6, { validation: false, bridge: false }, 0);
}

const PREAMBLES = [
  "Let me capture that for you.",
  "I'll note that down now.",
  "I'll record that so we can come back to it.",
  "Let me save that before we go on.",
];

/** The short text Claude often writes before a tool call when the choice is left to it. */
export function toolPreamble(variationKey: readonly unknown[]): string {
  return pick(PREAMBLES, ...variationKey, "preamble");
}
