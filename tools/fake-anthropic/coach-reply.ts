import { findDate } from "./dates";
import { isVague } from "./lexicon";
import { segmentsOf } from "./segments";
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

/** Every list item ending in "?" under a heading line containing "question", in order. */
export function listedQuestions(system: string): string[] {
  const lines = system.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!/question/i.test(line) || LIST_ITEM.test(line) || /\?\s*$/.test(line)) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!;
      const item = LIST_ITEM.exec(next);
      if (item) {
        const text = item[1]!.trim();
        if (/\?["”*]*$/.test(text) && !out.includes(cleanQuestion(text))) out.push(cleanQuestion(text));
        continue;
      }
      if (next.trim() !== "" && isHeading(next)) break;
    }
  }
  return out;
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
  /** The assistant's earlier replies in this conversation, oldest first: stock phrases they used are not reused soon. */
  previousReplies?: readonly string[];
  /** The question to end on, when the caller chose it (e.g. the next step's). */
  question?: string | undefined;
  /**
   * "ask" (default): reflect and ask the question. "advance": the person just
   * supplied what this step needed; confirm briefly and lead into `question`.
   * "close": confirm and close warmly, summarising `closing`.
   */
  mode?: "ask" | "advance" | "close";
  /** For "advance": the next step's name, when the prompt gives it. */
  nextStepName?: string | undefined;
  /** For "close": what the person committed to, and by when. */
  closing?: { commitment?: string | undefined; date?: string | undefined } | undefined;
  /** The latest message looks like an attempt to instruct the coach: do not quote it, steer back. */
  flagged?: boolean;
}

// Stock phrasing comes in pools large enough that, with recently used
// phrases skipped, none appears in more than one reply in five. "{}" marks
// where the person's words go; the words around it are the stock phrase.

const QUOTE_FORMS = [
  `You said, "{}"`,
  `Thank you for putting that into words: "{}"`,
  `I noticed you wrote "{}"`,
  `I hear you when you say "{}"`,
  `Let me hold on to your words: "{}"`,
  `You put it this way: "{}"`,
  `Your words stay with me: "{}"`,
];

const LIST_FORMS = [
  "You've set out {} possibilities: ",
  "I count {} ideas there: ",
  "So that's {} in all: ",
  "You've named {} things: ",
  "I'm hearing {} strands: ",
  "Let me list back the {} you gave: ",
];

const PARAPHRASE_FORMS = [
  "It sounds like {}.",
  "What I'm hearing is that {}.",
  "If I've understood you, {}.",
  "So, as I understand it, {}.",
  "Let me check I've got this: {}.",
  "From what you describe, {}.",
  "In your words, {}.",
  "I'm taking from this that {}.",
  "Right, so {}.",
  "Thank you for sharing that; {}.",
  "Noted: {}.",
];

const EMPTY_OPENERS = [
  "Thanks for checking in.",
  "I'm glad you're here.",
  "Good to hear from you.",
  "Thanks for coming back to this.",
  "Welcome back.",
  "It's good to pick this up with you.",
];

const VALIDATIONS = [
  "That's worth taking seriously, and it's completely fine to go at your own pace.",
  "Naming it clearly like that is already a useful step forward.",
  "There's no rush here; we can look at it together, one piece at a time.",
  "That makes sense, and it gives us something concrete to work with.",
  "It takes honesty to say that, and it helps us focus on what matters to you.",
  "That's a clear place to start from.",
  "You've put your finger on something important there.",
  "That's useful to know, and it shapes where we go next.",
  "I appreciate how openly you're looking at this.",
  "That gives us a good deal to build on.",
  "It's helpful to have that out in the open.",
  "That's a thoughtful way of putting it.",
];

const BRIDGES = [
  "Let's build on that together.",
  "To help you move forward, I'd like to ask you one thing.",
  "Here's a question to consider, and take all the time you need.",
  "Let's take the next small step from here.",
  "When you're ready, have a think about this.",
  "I'm curious about one more thing.",
  "Let me ask you something that might help.",
  "Here's where I'd like to go next.",
  "Let's stay with this a moment longer.",
  "One question to open this up a little.",
  "I'd love to hear your thoughts on this.",
  "Let's look at it from one more angle.",
];

// Used only to reach the minimum length when the user said very little.
const FILLERS = [
  "Whatever you notice is useful, even if it feels small or unfinished.",
  "There are no wrong answers here; a rough first thought is a fine place to start.",
  "We can always adjust the plan as you learn more about what works for you.",
  "Whatever you say, we can refine it together.",
  "Even a half-formed thought gives us something to work with.",
  "Take whatever comes to mind first; we can shape it from there.",
  "It doesn't need to be perfect, just honest.",
  "You know your situation best, so trust your first instinct here.",
  "Small and specific often beats big and vague.",
  "Go with what feels true rather than what sounds right.",
  "A sentence or two is plenty.",
  "If nothing comes at first, that's fine; give it a moment.",
  "You can always change your mind later.",
  "Think of it as a first draft, not a final answer.",
  "Say it however it comes out.",
  "Your own words matter more than polished ones.",
];

const SAVED = [
  "Thanks, I've noted that down.",
  "Got it, that's saved.",
  "Done, that's recorded for you.",
  "That's captured.",
  "I've made a note of that.",
  "Saved, thank you.",
];

const STEER_BACK = [
  "I'll keep us focused on your own situation and goals.",
  "Let's keep this conversation about you and what you want to work on.",
  "I'm here to coach you, so let's come back to your challenge.",
  "Let's return to what matters to you here.",
  "I'd like to keep our attention on your own situation.",
  "Let's bring this back to the coaching.",
];

const CONFIRMATIONS = [
  "That gives us what we need for this part.",
  "That's a clear answer, thank you.",
  "That covers this step well.",
  "Good, that's a solid foundation.",
  "That's everything I was hoping to hear for now.",
  "Thank you, that's really clear.",
];

const STEP_LEADS = [
  "Let's move on to {}.",
  "Now let's turn to {}.",
  "That brings us to {}.",
  "Next, let's look at {}.",
  "Let's shift our attention to {}.",
];

const CLOSINGS = [
  "You've done real work today, and I'm looking forward to hearing how it goes.",
  "Well done for sticking with this; you leave with something concrete.",
  "Thank you for your openness today. Go well, and be kind to yourself along the way.",
  "That's a strong place to finish. I hope it goes really well.",
  "You've turned this into a clear plan. Good luck, and come back to tell me how it went.",
];

const CLOSING_PADS = [
  "Keep that date somewhere you'll see it.",
  "Notice what helps along the way; it's worth knowing.",
  "I'm glad we worked through this together.",
  "If it doesn't go to plan, that's information too, not failure.",
  "Be proud of the clarity you've found today.",
  "Small steps, taken on time, add up.",
];

// For a hedge or a bare acknowledgement: nothing to reflect, so make room instead.
const VAGUE_ACKS = [
  "It's fine not to have it all worked out yet.",
  "That's okay; uncertainty is a normal part of this.",
  "No rush at all.",
  "Fair enough, let's come at it from another angle.",
  "That's alright; a slightly different question might help.",
  "Okay, let's slow down a little.",
];

const POOLS = { VAGUE_ACKS, CLOSING_PADS, LIST_FORMS, QUOTE_FORMS, PARAPHRASE_FORMS, EMPTY_OPENERS, VALIDATIONS, BRIDGES, FILLERS, SAVED, STEER_BACK, CONFIRMATIONS, STEP_LEADS, CLOSINGS };

/** The fixed words of a stock phrase (around its "{}"), as they appear in a reply. */
export function stockSignature(phrase: string): string {
  const parts = phrase.split("{}").map((p) => p.replace(/^[\s"]+|[\s":;,.]+$/g, ""));
  return parts.reduce((a, b) => (b.length > a.length ? b : a), "");
}

/** Every stock phrase's signature, for tests that check variety. */
export const STOCK_PHRASES: readonly string[] = Object.values(POOLS).flat().map(stockSignature).filter((s) => s.length >= 8);

/**
 * A phrase from `pool`: one not used in earlier replies when there is one
 * (seeded choice among them), else the one used longest ago.
 */
function pickFresh(pool: readonly string[], previous: readonly string[], taken: Set<string>, ...key: unknown[]): string {
  const lastUse = (phrase: string) => {
    const sig = stockSignature(phrase);
    for (let i = previous.length - 1; i >= 0; i--) if (sig && previous[i]!.includes(sig)) return i;
    return -1;
  };
  const unused = pool.filter((p) => !taken.has(p));
  const available = unused.length > 0 ? unused : [...pool];
  const fresh = available.filter((p) => lastUse(p) < 0);
  let choice: string;
  if (fresh.length > 0) choice = pick(fresh, ...key);
  else {
    const oldest = Math.min(...available.map(lastUse));
    choice = pick(available.filter((p) => lastUse(p) === oldest), ...key);
  }
  taken.add(choice);
  return choice;
}

/** Text that reads like instructions to the assistant rather than the person's own situation. */
export function looksLikeAttack(text: string): boolean {
  return /\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instructions?|prompts?|rules)\b|\bsystem\s+prompt\b|\byou\s+are\s+now\b|\b(?:developer|god|admin|debug)\s+mode\b|\bjailbr(?:ea|o)k|<\/?\s*(?:system|assistant|user_message|instructions?)\b|^\s*(?:system|assistant)\s*:|\btool_(?:use|result)\b|\b(?:reveal|print|show|repeat)\b[^.\n]{0,30}\b(?:your|the)\s+(?:instructions|prompt|rules)\b/im.test(
    text,
  );
}

/** The system prompt says the latest message was flagged (looks like instructions, untrusted, an injection). */
export function promptFlagsLatest(system: string): boolean {
  return /\b(?:latest|last|current|previous)\s+(?:user\s+)?message\b[^\n]{0,100}\b(?:instructions?\s+to\s+you|injection|untrusted|suspicious|flagged|manipulat\w*)/i.test(system);
}

function joinItems(items: string[], userText: string): string {
  // Lower-case an item's first letter where the person wrote it that way.
  const asWritten = (i: string) => (userText.includes(i.charAt(0).toLowerCase() + i.slice(1)) ? i.charAt(0).toLowerCase() + i.slice(1) : i);
  const lower = items.map((i) => lowerFirst(toSecondPerson(asWritten(i))));
  return lower.length <= 1 ? lower.join("") : `${lower.slice(0, -1).join(", ")} and ${lower[lower.length - 1]}`;
}

function reflection(userText: string, pickPhrase: (pool: readonly string[], tag: string) => string, maxWords: number): string {
  // A written list is reflected as a list, briefly, rather than quoted.
  const list = segmentsOf(userText).find((seg) => seg.items.length >= 2 && seg.items.length <= 6);
  if (list && list.items.every((i) => countWords(i) <= 6)) {
    const n = ["two", "three", "four", "five", "six"][list.items.length - 2]!;
    return `${pickPhrase(LIST_FORMS, "list").replace("{}", n)}${joinItems(list.items, userText)}.`;
  }
  const original = mostRelevantSentence(userText).replace(/"/g, "'");
  const sentence = stripEndPunctuation(original);
  if (!sentence) return pickPhrase(EMPTY_OPENERS, "empty");
  const asked = /\?\s*$/.test(original);
  // A brief paraphrase: the first clause when the sentence runs long.
  let brief = sentence;
  if (countWords(brief) > maxWords) {
    const clause = brief.split(/,\s+|;\s+|\s+(?=because\s|but\s|although\s|so\s+that\s)/i)[0]!;
    brief = countWords(clause) >= 4 && countWords(clause) <= maxWords ? clause : brief;
  }
  if (hasFirstPerson(brief) && !hasSecondPerson(brief) && !asked && countWords(brief) <= maxWords) {
    return pickPhrase(PARAPHRASE_FORMS, "paraphrase").replace("{}", lowerFirst(toSecondPerson(brief)));
  }
  const quote = limitWords(brief, Math.min(maxWords, 12));
  const end = /[?!]\s*$/.exec(original)?.[0].trim() ?? ".";
  return pickPhrase(QUOTE_FORMS, "quote").replace("{}", quote.endsWith("…") ? quote : `${quote}${end}`);
}

export const MIN_REPLY_WORDS = 40;
export const MAX_REPLY_WORDS = 90;

/** A 40–90 word coach reply: acknowledgement, reflection, validation, bridge, question. */
export function composeCoachReply(input: CoachReplyInput): string {
  const key = input.variationKey;
  const previous = input.previousReplies ?? [];
  const taken = new Set<string>();
  const picked = new Map<string, string>();
  // One phrase per tag per reply, however often the reply is rebuilt to fit the word budget.
  const pickPhrase = (pool: readonly string[], tag: string) => {
    if (!picked.has(tag)) picked.set(tag, pickFresh(pool, previous, taken, ...key, tag));
    return picked.get(tag)!;
  };
  const mode = input.mode ?? "ask";
  const question = input.question ?? extractQuestion(input.system) ?? pick(GENERIC_QUESTIONS, ...key, "generic-question");
  const flagged = input.flagged === true || looksLikeAttack(input.userText);

  let ack = "";
  if (input.toolResult) {
    ack = input.toolResult.isError
      ? `That didn't save properly (${limitWords(collapseWhitespace(input.toolResult.detail) || "an error", 12)}), so we can try again in a moment.`
      : pickPhrase(SAVED, "saved");
  }

  const vague = !flagged && input.userText.trim() !== "" && isVague(input.userText);
  const reflect = (maxWords: number) =>
    flagged ? pickPhrase(STEER_BACK, "steer") : vague ? pickPhrase(VAGUE_ACKS, "vague") : reflection(input.userText, pickPhrase, maxWords);

  if (mode === "close") {
    const c = input.closing ?? {};
    const words = c.commitment ? limitWords(stripEndPunctuation(c.commitment), 30) : "";
    const dated = c.date && !findDate(words, c.date) ? `, by ${c.date}` : "";
    const summary = words ? `Your commitment: ${lowerFirst(toSecondPerson(words))}${dated}.` : "";
    const lead = [ack, pickPhrase(CONFIRMATIONS, "confirm"), flagged ? reflect(14) : "", summary, pickPhrase(CLOSINGS, "closing")].filter(Boolean);
    let text = lead.join(" ");
    for (let f = 0; countWords(text) < MIN_REPLY_WORDS && f < 3; f++) text = `${text} ${pickPhrase(CLOSING_PADS, `close-pad-${f}`)}`;
    return text;
  }

  const validation = pickPhrase(VALIDATIONS, "validation");
  const bridge =
    mode === "advance" && input.nextStepName
      ? pickPhrase(STEP_LEADS, "step-lead").replace("{}", input.nextStepName)
      : pickPhrase(BRIDGES, "bridge");
  const confirmation = mode === "advance" ? pickPhrase(CONFIRMATIONS, "confirm") : "";
  const fillerPool: string[] = [];
  const fillers = (n: number) => {
    while (fillerPool.length < n) fillerPool.push(pickPhrase(FILLERS, `filler-${fillerPool.length}`));
    return fillerPool.slice(0, n);
  };

  const build = (maxWords: number, parts: { validation: boolean; bridge: boolean }, nFillers: number) => {
    const lead = [ack, reflect(maxWords), confirmation, parts.validation && mode === "ask" && !flagged && !vague ? validation : "", ...fillers(nFillers), parts.bridge ? bridge : ""]
      .filter(Boolean)
      .join(" ");
    return `${lead}\n\n${question}`;
  };

  // Shorten the reflection first, then drop supporting sentences, to stay
  // under the maximum; pad with fillers to reach the minimum when the user said little.
  for (const maxWords of [16, 12, 8, 6]) {
    const reply = build(maxWords, { validation: true, bridge: true }, 0);
    if (countWords(reply) > MAX_REPLY_WORDS) continue;
    let n = 0;
    let padded = reply;
    while (countWords(padded) < MIN_REPLY_WORDS && n < 4) {
      n++;
      padded = build(maxWords, { validation: true, bridge: true }, n);
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
