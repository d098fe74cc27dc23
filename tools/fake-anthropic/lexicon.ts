import { contentStems, stem, words } from "./words";

// A small, general-purpose English lexicon: groups of words that point at the
// same idea, so "I want…" meets a field described as "the goal", "could" meets
// "options" and "presentation" meets "presence". Nothing here knows any app's
// tool, field or framework names; it is plain vocabulary.

const GROUPS: Record<string, string> = {
  goal: "goal goals desire desired aim aims achieve achieving achievement aspiration aspire objective target ambition outcome wish want hope intend purpose end",
  measure: "measure measurable success succeed successful sign signal signs evidence indicator metric result results observable notice know tell proof",
  obstacle: "obstacle obstacles barrier barriers block blocker blocking hinder prevent stop stopping struggle problem problems difficulty difficult hard afraid fear fears worry worried constraint issue risk blocked stuck sceptical skeptical lack lacking busy tired resistance limited shortage pressure doubt doubts xneg crash broken break fail failure error bug fault",
  resource: "resource resources strength strengths support supportive help helpful ally allies mentor asset assets skill skills draw network friend friends experience capable able keen willing talented skilled experienced reliable",
  current: "current currently now today situation moment present stand stands state status lately recently",
  option: "option options could alternative alternatives choice choices idea ideas possibility possibilities might consider either path paths",
  prefer: "prefer preferred preference choose chose chosen pick favour favor favourite favorite drawn opt",
  reason: "reason reasons because since why rationale cause",
  action: "action actions do step steps first start begin take will going plan next move moves",
  commit: "commit commitment committed determined dedicated",
  confident: "confident confidence certain certainty sure believe likely",
  rate: "rate rating rated scale score level",
  important: "important importance matter matters essential care priority significant meaningful",
  feeling: "feel feeling feelings felt emotion emotions emotional angry anger sad anxious anxiety frustrated frustration upset nervous scared guilty overwhelmed charged",
  value: "value values need needs concern principle",
  people: "people person team manager boss director colleague colleagues group groups stakeholder stakeholders sponsor peers staff",
  presence: "presentation presentations present presenting presence speak speaking speech talk pitch audience communicate communication",
  senior: "senior seniority executive executives leader leadership gravitas authority credible credibility board boardroom",
  power: "power powerful influence influential authority decision approval approve sponsor sponsorship buy political politics interest interested stakeholder stakeholders",
  safety: "safe safety psychological speak silent quiet mistake mistakes blame admit candid candour",
  change: "change changing reorganisation reorganization restructure restructuring transformation ambiguous ambiguity complex complexity uncertain uncertainty direction",
  relationship: "relationship relationships conflict clash clashing argument tension recurring pattern patterns difficult",
  date: "date deadline when day",
  support: "support accountable accountability backing",
  habit: "behaviour behaviours behavior behaviors habit habits tend tendency pattern style react reaction respond response approach usually typically often always normally sometimes",
  perceive: "perceive perceived perception impression image reputation seen regarded viewed",
  learn: "learn learned learning lesson insight realise realize realised understanding perspective shift",
};

const TAGS = new Map<string, string[]>();
for (const [tag, list] of Object.entries(GROUPS)) {
  for (const w of list.split(" ")) {
    const s = stem(w);
    TAGS.set(s, [...(TAGS.get(s) ?? []), `#${tag}`]);
  }
}

const NEGATION = " $& xneg ";

/** Phrases rewritten before matching, so multi-word idioms count as their idea. */
const PHRASES: Array<[RegExp, string]> = [
  [/\b(?:would|'d|’d)\s+(?:really\s+)?(?:like|love)\s+to\b/gi, " want to "],
  [/\b(?:get|gets|getting|got|stand|stands|standing)\s+in\s+(?:the|my)\s+way\b/gi, " obstacle "],
  [/\bholding\s+(?:me|us)\s+back\b/gi, " obstacle "],
  [/\bon\s+a\s+scale\b|\bout\s+of\s+(?:10|ten|5|five|100)\b/gi, " rating "],
  [/\b(?:see|sees|seeing|view|views|think\s+of)\s+(?:me|us|him|her|them)\s+as\b|\b(?:seen|viewed|perceived|regarded)\s+as\b/gi, " perceived "],
  [/\bcome\s+across\s+as\b/gi, " presence perceived "],
  [/\bcome\s+across\b|\bshow\s+up\b/gi, " presence "],
  [/\bspeak(?:s|ing)?\s+up\b/gi, " speak safety "],
  [/\bbuy-in\b/gi, " buy influence "],
  [/\bright\s+now\b|\bat\s+the\s+moment\b|\bthese\s+days\b/gi, " currently "],
  [/\bgoing\s+to\b|\bplan\s+to\b/gi, " will "],
  [/\b(?:work|working)\s+on\b|\btalk\s+about\b|\bfocus\s+on\b|\bdiscuss\b/gi, " topic focus "],
  // A negation hints at a difficulty, through a token that only carries the idea.
  [/\b(?:no|not|never|can't|cannot|don't|doesn't|won't|haven't|hasn't|isn't|aren't)\b/gi, NEGATION],
  [/\bi'?ll\s+know\b|\bi\s+will\s+know\b/gi, " know measure "],
];

/** Lower-case text with idioms replaced by the idea they stand for. */
export function normalisePhrases(text: string, negations = true): string {
  let out = text.replace(/’/g, "'");
  for (const [re, to] of PHRASES) if (negations || to !== NEGATION) out = out.replace(re, to);
  return out;
}

/**
 * The words of `text` as written, in order, each with the stems and tags it
 * carries; an idiom ("come across", "buy-in") is one token standing for its idea.
 */
export function ideaTokens(text: string): Array<{ word: string; stems: Set<string> }> {
  const clean = text.replace(/’/g, "'");
  const spans: Array<{ start: number; end: number; to: string }> = [];
  for (const [re, to] of PHRASES) {
    if (to === NEGATION) continue;
    for (const m of clean.matchAll(new RegExp(re.source, re.flags))) {
      const start = m.index!;
      const end = start + m[0].length;
      if (!spans.some((sp) => start < sp.end && end > sp.start)) spans.push({ start, end, to });
    }
  }
  const out: Array<{ word: string; stems: Set<string>; at: number }> = [];
  for (const sp of spans) out.push({ word: clean.slice(sp.start, sp.end).trim(), stems: conceptStems(sp.to, false), at: sp.start });
  for (const m of clean.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    const at = m.index!;
    if (spans.some((sp) => at >= sp.start && at < sp.end)) continue;
    out.push({ word: m[0], stems: conceptStems(m[0], false), at });
  }
  return out.sort((a, b) => a.at - b.at).map(({ word, stems }) => ({ word, stems }));
}

/** Content stems of `text` plus the lexicon groups they belong to (as "#tag"). */
export function conceptStems(text: string, negations = true, functionWords = negations): Set<string> {
  const normalised = normalisePhrases(text, negations);
  const base = contentStems(normalised);
  const out = new Set(base);
  for (const s of base) for (const tag of TAGS.get(s) ?? []) out.add(tag);
  // Neighbouring content words as pairs, so "high power, low interest" differs from "low power, high interest".
  const sequence = words(normalised)
    .map((w) => [...contentStems(w)][0])
    .filter((s): s is string => s !== undefined);
  for (let i = 1; i < sequence.length; i++) out.add(`${sequence[i - 1]}_${sequence[i]}`);
  // Short function words that still carry an idea, in what a person writes
  // (a schema's "the client will…" is not an intention).
  if (!functionWords) return out;
  for (const w of words(normalisePhrases(text, negations))) {
    const lw = w.toLowerCase();
    if (lw === "could" || lw === "might") out.add("#option");
    if (lw === "will" || /^(?:i|we)'ll$/.test(lw)) {
      out.add("#action");
      out.add("#commit");
    }
    if (lw === "because" || lw === "since") out.add("#reason");
    if (lw === "now") out.add("#current");
    if (lw === "want") out.add("#goal");
  }
  return out;
}

/** Words that describe schemas in general and say nothing about one field. */
const SCHEMA_BOILERPLATE = new Set(
  (
    "client client's person person's user user's customer their own words word few short sentence sentences " +
    "phrase phrases each describe described description summary summarised summarized field value yyyy mm dd " +
    "specific enough would such example like named name given stated state either from not all one"
  )
    .split(" ")
    .map(stem),
);

/** What a schema property is about: its name, title and description, boilerplate removed, with lexicon tags. */
export function topicStems(text: string): Set<string> {
  // "(empty if none)" in a description is not a difficulty.
  const out = conceptStems(text, false);
  for (const s of [...out]) if (SCHEMA_BOILERPLATE.has(s)) out.delete(s);
  // Tags that come only from a boilerplate-ish word still count: they were added from real words.
  return out;
}

/**
 * Weighted overlap: tags count a little less than a shared literal word, and
 * with `weights` (see distinctiveness) a word every field mentions counts less
 * than one only this field mentions.
 */
export function relevance(topic: Set<string>, clause: Set<string>, weights?: Map<string, number>): number {
  let score = 0;
  for (const s of clause) {
    if (!topic.has(s)) continue;
    score += (s.startsWith("#") ? 0.8 : 1) * (weights?.get(s) ?? 1);
  }
  return score;
}

/** 1 for a word only one topic has, falling towards 0.1 for one that all of them have. */
export function distinctiveness(topics: Set<string>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const t of topics) for (const s of t) df.set(s, (df.get(s) ?? 0) + 1);
  const n = topics.length;
  const out = new Map<string, number>();
  for (const [s, d] of df) out.set(s, n <= 1 ? 1 : Math.max(0.1, 1 - (d - 1) / n));
  return out;
}

const VAGUE = /\b(?:not\s+(?:so\s+)?sure|unsure|no\s+idea|(?:i\s+)?don'?t\s+know|dunno|idk|i\s+guess|maybe|perhaps|h+m+|u+m+|u+h+|not\s+really|whatever|no\s+clue|can'?t\s+say|hard\s+to\s+say|who\s+knows|kind\s+of|sort\s+of|possibly)\b/i;
const VAGUE_WORDS = new Set(
  "sure unsure idea know dunno idk guess maybe perhaps hmm hmmm umm uhh really whatever clue hard kind sort possibly think".split(" ").map(stem),
);

/** Content words that are not hedges. */
export function substantiveWordCount(text: string): number {
  let n = 0;
  for (const s of contentStems(text)) if (!VAGUE_WORDS.has(s)) n++;
  return n;
}

/**
 * A message or clause too vague to record anything from: a hedge ("not sure",
 * "maybe", "hmm", "idk") with little else, or almost no content words at all.
 */
export function isVague(text: string): boolean {
  // Pleasantries and bare acknowledgements say nothing to record.
  if (/^\W*(?:thanks|thank\s+you|ok(?:ay)?|great|cool|nice|sounds\s+good|got\s+it|sure|yes|yeah|yep|no|nope|right|fine)\b/i.test(text) && text.split(/\s+/).length <= 5) return true;
  const n = substantiveWordCount(text);
  if (n === 0) return true;
  return VAGUE.test(text.replace(/’/g, "'")) && n < 4;
}
