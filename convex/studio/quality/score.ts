/**
 * The deterministic quality scorer for generated coaching conversations.
 * Pure: no ctx, no I/O, no clock. Criteria, weights, ranges and thresholds
 * are documented in README.md beside this file; keep the two in step.
 *
 * Judges alone rate coaching unreliably (arXiv 2503.19328), so every number
 * here is something a reviewer can recount by eye, and every deduction comes
 * with the sentence that tells the author what to change.
 */
import { FRAMEWORKS } from "../../coaching/frameworks";
import type { TemplateTier } from "../tables";
import {
  ADVICE_PHRASES,
  AUXILIARIES,
  EMOTION_FAMILIES,
  IMPERATIVE_VERBS,
  LEAD_INS,
  OPEN_INVITES,
  OPEN_WORDS,
  REFERRAL_PHRASES,
  REFLECTION_PHRASES,
  RISK_PHRASES,
  STEP_CUES,
} from "./cues";
import { compileCounter, compileCues, contentStems, jaccard, listing, padded, pct, phraseKey, sentenceWords, shingles, stem, STOPWORDS, type Searchable } from "./text";

export type QualityTurn = { role: "client" | "coach"; text: string };

export interface QualityInput {
  turns: readonly QualityTurn[];
  /** A FrameworkId; an unknown id skips the step check (and says so). */
  frameworkId: string;
  tier: TemplateTier;
  variables: Record<string, string | number | boolean>;
  requiredElements?: readonly string[];
}

export const QUALITY_FLAGS = [
  "too_short",
  "too_long",
  "coach_turns_short",
  "coach_turns_long",
  "words_low",
  "words_high",
  "structure",
  "empty_turn",
  "repetition",
  "missing_element",
  "missing_step",
  "step_order",
  "safety_unaddressed",
  "few_questions",
  "closed_questions",
  "lecturing",
  "advice_heavy",
  "few_reflections",
  "persona_absent",
  "emotion_absent",
  "topic_absent",
] as const;
export type QualityFlag = (typeof QUALITY_FLAGS)[number];

export type CriterionId = "turnCount" | "length" | "structure" | "confidence";
export type ConfidenceLevel = "high" | "medium" | "low";

export interface CriterionScore {
  /** 0–10, one decimal. */
  score: number;
  weight: number;
  /** What was counted, for a person. */
  measured: string;
  /** What earns full marks, for a person. */
  target: string;
  /** One line per check, passing or not. */
  details: string[];
}

/** The counts behind the confidence level, for the UI and for agreement studies. */
export interface QualitySignals {
  coachTurns: number;
  questionTurns: number;
  openQuestions: number;
  closedQuestions: number;
  reflectionTurns: number;
  lectureTurns: number[];
  adviceTurns: number;
  nearRepeats: Array<[number, number]>;
  stepsFound: number;
  stepsTotal: number;
}

export interface QualityReport {
  /** Weighted sum of the criteria, 0–10, one decimal. */
  overall: number;
  /** overall < FLAG_BELOW, or a blocking flag (BLOCKING_FLAGS). */
  flagged: boolean;
  confidence: ConfidenceLevel;
  criteria: Record<CriterionId, CriterionScore>;
  /** One actionable line per failing check, in criterion order. */
  recommendations: string[];
  /** Machine-readable reasons, unique, in criterion order. */
  flags: QualityFlag[];
  signals: QualitySignals;
}

export const WEIGHTS: Record<CriterionId, number> = { turnCount: 0.3, length: 0.25, structure: 0.25, confidence: 0.2 };
export const FLAG_BELOW = 6;
/**
 * Flags that send a conversation to review whatever its score: coaching past
 * a disclosed risk, a repeated turn or a lecturing coach can still earn 7–9
 * on the weighted criteria, and a model trained on it would learn to do the same.
 */
export const BLOCKING_FLAGS: ReadonlySet<QualityFlag> = new Set(["safety_unaddressed", "repetition", "lecturing"]);
export const CONFIDENCE_SCORE: Record<ConfidenceLevel, number> = { high: 10, medium: 6, low: 2 };

export interface LengthRange {
  /** Average words per coach turn. */
  coachAvg: [number, number];
  /** Longest coach turn, in words. */
  coachMax: number;
  /** Whole conversation, in words. */
  total: [number, number];
}

/**
 * Coaching questions are short by design ("What else?"), so a coach averaging
 * under 8 words is only asking, never reflecting or summarising; over ~70 the
 * coach is talking more than a client would. Scenarios carry role-play and
 * context, so allow a little more. Edge cases need room for a safety
 * explanation, a boundary or a referral, which takes sentences, not a question.
 */
export const LENGTH_RANGES: Record<TemplateTier, LengthRange> = {
  template: { coachAvg: [8, 70], coachMax: 120, total: [150, 1600] },
  scenario: { coachAvg: [8, 90], coachMax: 150, total: [180, 2000] },
  edge_case: { coachAvg: [10, 120], coachMax: 200, total: [150, 2000] },
};

/** Outside a range but within this factor of it scores "near". */
const NEAR = 1.5;
const NEAR_DUPLICATE = 0.8;
/** Turns shorter than this ("Yes.", "Thank you.") may repeat without it meaning anything. */
const MIN_WORDS_TO_COMPARE = 4;

type Finding = { deduction: number; flag: QualityFlag; line: string; rec: string };

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp10 = (x: number) => Math.max(0, Math.min(10, x));

// Search keys are built once, when the module loads.
const STEP_KEYS: Record<string, Array<{ id: string; name: string; example: string; test: (s: Searchable) => boolean }>> = {};
for (const [fid, steps] of Object.entries(STEP_CUES)) {
  const fw = FRAMEWORKS[fid as keyof typeof FRAMEWORKS];
  STEP_KEYS[fid] = fw.steps.map((s) => ({
    id: s.id,
    name: s.name,
    example: s.questions[0] ?? s.name,
    test: compileCues(steps[s.id] ?? [], true),
  }));
}
const keysOf = (list: readonly string[], stemmed: boolean) => list.map((p) => phraseKey(p, stemmed));
const countAdvice = compileCounter(ADVICE_PHRASES, false);
const REFLECTION_KEYS = keysOf(REFLECTION_PHRASES, false);
const OPEN_INVITE_KEYS = keysOf(OPEN_INVITES, false);
const isRisk = compileCues(RISK_PHRASES, true);
const isReferral = compileCues(REFERRAL_PHRASES, true);
const EMOTION_KEYS = EMOTION_FAMILIES.map((family) => ({ members: new Set(family.map((w) => phraseKey(w, true))), test: compileCues(family, true) }));
const LIST_LINE = /^\s*(?:[-*\u2022]|\d{1,2}[.)])\s/;

const hasAny = (hay: string, keys: readonly string[]) => keys.some((k) => hay.includes(k));

/** Everything the criteria read from one turn, computed once. */
interface TurnFacts {
  role: QualityTurn["role"];
  text: string;
  tokens: string[];
  plain: string;
  stemmed: string;
  /** Stemmed words for the cue matchers. */
  search: Searchable;
  /** Plain words for the advice phrases. */
  plainSearch: Searchable;
  content: Set<string>;
  empty: boolean;
  questions: Array<{ open: boolean }>;
  /** Words of the sentences that ask nothing, one array per sentence. */
  statementSentences: string[][];
  /** Padded plain words of the sentences that ask nothing. */
  statements: string;
  /** Whether any sentence points to help beyond coaching. */
  refers: boolean;
}

function isOpenQuestion(tokens: string[]): boolean {
  let i = 0;
  while (i < tokens.length - 1 && LEAD_INS.has(tokens[i]!)) i++;
  const rest = tokens.slice(i);
  const p = padded(rest);
  if (p.startsWith(" why don't ") || p.startsWith(" why not ")) return false;
  if (hasAny(p, OPEN_INVITE_KEYS)) return true;
  if (AUXILIARIES.has(rest[0] ?? "")) return false;
  return rest.some((t) => OPEN_WORDS.has(t));
}

function readTurn(turn: QualityTurn): TurnFacts {
  const text = typeof turn.text === "string" ? turn.text : "";
  // Tokenised once, sentence by sentence; the turn's words are their concatenation.
  const tokens: string[] = [];
  const questions: Array<{ open: boolean }> = [];
  const statementSentences: string[][] = [];
  for (const s of sentenceWords(text)) {
    const toks = s.tokens;
    for (const t of toks) tokens.push(t);
    if (s.question) questions.push({ open: isOpenQuestion(toks) });
    else statementSentences.push(toks);
  }
  const stems = tokens.map(stem);
  const stemmed = padded(stems);
  const search = { padded: stemmed, set: new Set(stems) };
  const plain = padded(tokens);
  return {
    role: turn.role,
    text,
    tokens,
    plain,
    stemmed,
    search,
    plainSearch: { padded: plain, set: new Set(tokens) },
    content: new Set(stems.filter((_w, i) => tokens[i]!.length > 1 && !STOPWORDS.has(tokens[i]!))),
    empty: text.trim() === "",
    questions,
    statementSentences,
    // Only coach turns are read for reflections.
    statements: turn.role === "coach" ? padded(statementSentences.flatMap((ws) => [...ws, "|"])) : "",
    refers: isReferral(search),
  };
}

function who(t: TurnFacts, i: number): string {
  return `turn ${i + 1} (${t.role})`;
}

// ---------------------------------------------------------------- turn count

function scoreTurnCount(n: number): { c: CriterionScore; flags: QualityFlag[]; recs: string[] } {
  const score = n >= 8 && n <= 16 ? 10 : n >= 6 && n <= 20 ? 7 : n >= 4 && n <= 24 ? 5 : 3;
  const flags: QualityFlag[] = [];
  const recs: string[] = [];
  if (n < 8) {
    flags.push("too_short");
    recs.push(`Only ${n} turns; aim for 8–16 so every framework step gets a question and an answer.`);
  } else if (n > 16) {
    flags.push("too_long");
    recs.push(`${n} turns; trim to 8–16 by cutting or merging turns that don't move the client forward.`);
  }
  return {
    c: { score, weight: WEIGHTS.turnCount, measured: `${n} turns`, target: "8–16 turns", details: [`${n} turns → ${score} (8–16 → 10, 6–20 → 7, 4–24 → 5, else 3)`] },
    flags,
    recs,
  };
}

// ---------------------------------------------------------------- length

function band(value: number, lo: number, hi: number): number {
  if (value >= lo && value <= hi) return 10;
  if (value >= lo / NEAR && value <= hi * NEAR) return 6;
  return 2;
}

function scoreLength(facts: TurnFacts[], tier: TemplateTier): { c: CriterionScore; flags: QualityFlag[]; recs: string[] } {
  const r = LENGTH_RANGES[tier];
  const coach = facts.filter((f) => f.role === "coach");
  const coachWords = coach.map((f) => f.tokens.length);
  const total = facts.reduce((s, f) => s + f.tokens.length, 0);
  const avg = coachWords.length ? coachWords.reduce((a, b) => a + b, 0) / coachWords.length : 0;
  const max = coachWords.length ? Math.max(...coachWords) : 0;
  const maxAt = facts.findIndex((f) => f.role === "coach" && f.tokens.length === max);
  const sAvg = band(avg, r.coachAvg[0], r.coachAvg[1]);
  const sMax = band(max, 0, r.coachMax);
  const sTotal = band(total, r.total[0], r.total[1]);
  const flags: QualityFlag[] = [];
  const recs: string[] = [];
  const avgText = avg.toFixed(1);
  if (sAvg < 10 && avg < r.coachAvg[0]) {
    flags.push("coach_turns_short");
    recs.push(`Coach turns average ${avgText} words (target ${r.coachAvg[0]}–${r.coachAvg[1]} for ${tier}); let the coach reflect or summarise before asking.`);
  } else if (sAvg < 10) {
    flags.push("coach_turns_long");
    recs.push(`Coach turns average ${avgText} words (target ${r.coachAvg[0]}–${r.coachAvg[1]} for ${tier}); cut explanations and keep one question per turn.`);
  }
  if (sMax < 10) {
    if (!flags.includes("coach_turns_long")) flags.push("coach_turns_long");
    recs.push(`Coach turn ${maxAt + 1} runs to ${max} words (limit ${r.coachMax} for ${tier}); split it or cut it to its key question.`);
  }
  if (sTotal < 10 && total < r.total[0]) {
    flags.push("words_low");
    recs.push(`The conversation has ${total} words (target ${r.total[0]}–${r.total[1]} for ${tier}); give the client fuller answers with concrete detail.`);
  } else if (sTotal < 10) {
    flags.push("words_high");
    recs.push(`The conversation has ${total} words (target ${r.total[0]}–${r.total[1]} for ${tier}); tighten long turns.`);
  }
  return {
    c: {
      score: round1((sAvg + sMax + sTotal) / 3),
      weight: WEIGHTS.length,
      measured: `coach avg ${avgText} words, coach max ${max}, total ${total}`,
      target: `coach avg ${r.coachAvg[0]}–${r.coachAvg[1]}, coach max ≤ ${r.coachMax}, total ${r.total[0]}–${r.total[1]} (${tier})`,
      details: [
        `coach average ${avgText} words → ${sAvg}`,
        `longest coach turn ${max} words → ${sMax}`,
        `total ${total} words → ${sTotal}`,
        `in range → 10, within ×${NEAR} of it → 6, else 2; score is their mean`,
      ],
    },
    flags,
    recs,
  };
}

// ---------------------------------------------------------------- structure

/** Length of the longest non-decreasing subsequence: steps outside it are out of order. */
function longestOrdered(seq: number[]): number {
  const tails: number[] = [];
  for (const x of seq) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

interface StepHit {
  name: string;
  example: string;
  turn: number;
}

function findSteps(facts: TurnFacts[], frameworkId: string): StepHit[] | null {
  const steps = STEP_KEYS[frameworkId];
  if (!steps) return null;
  return steps.map((s) => {
    // A coach turn shows the step was led; a client turn alone still covers it.
    let turn = facts.findIndex((f) => f.role === "coach" && s.test(f.search));
    if (turn < 0) turn = facts.findIndex((f) => s.test(f.search));
    return { name: s.name, example: s.example, turn };
  });
}

function scoreStructure(
  facts: TurnFacts[],
  input: QualityInput,
): { c: CriterionScore; flags: QualityFlag[]; recs: string[]; stepsFound: number; stepsTotal: number } {
  const findings: Finding[] = [];
  const ok: string[] = [];
  const add = (f: Finding) => findings.push(f);

  // Form: who speaks when.
  const breaks: number[] = [];
  for (let i = 1; i < facts.length; i++) if (facts[i]!.role === facts[i - 1]!.role) breaks.push(i);
  breaks.forEach((i, k) =>
    add({
      deduction: k < 2 ? 2 : 0,
      flag: "structure",
      line: `turns ${i} and ${i + 1} are both from the ${facts[i]!.role} (−${k < 2 ? 2 : 0})`,
      rec: `Turns ${i} and ${i + 1} are both from the ${facts[i]!.role}; alternate client and coach.`,
    }),
  );
  if (breaks.length === 0) ok.push("roles alternate");
  if (facts.length > 0 && facts[0]!.role !== "client")
    add({ deduction: 1.5, flag: "structure", line: "the coach opens (−1.5)", rec: "The coach speaks first; open with the client bringing their topic." });
  if (facts.length > 0 && facts[facts.length - 1]!.role !== "coach")
    add({ deduction: 1.5, flag: "structure", line: "the client has the last word (−1.5)", rec: "The client has the last word; end with a coach turn that closes the session." });
  if (facts.length > 0 && facts[0]!.role === "client" && facts[facts.length - 1]!.role === "coach") ok.push("client opens, coach closes");

  // Content of single turns.
  let emptyCount = 0;
  facts.forEach((f, i) => {
    if (!f.empty) return;
    const d = emptyCount++ < 2 ? 2 : 0;
    add({ deduction: d, flag: "empty_turn", line: `${who(f, i)} is empty (−${d})`, rec: `Turn ${i + 1} (${f.role}) is empty; write it or remove it.` });
  });
  if (emptyCount === 0) ok.push("no empty turns");
  const seen = new Map<string, number>();
  let dupCount = 0;
  facts.forEach((f, i) => {
    if (f.tokens.length < MIN_WORDS_TO_COMPARE) return;
    const key = f.tokens.join(" ");
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    const d = dupCount++ < 2 ? 2 : 0;
    add({
      deduction: d,
      flag: "repetition",
      line: `turn ${i + 1} repeats turn ${first + 1} word for word (−${d})`,
      rec: `Turn ${i + 1} repeats turn ${first + 1} word for word; replace it with a turn that moves the conversation on.`,
    });
  });
  if (dupCount === 0) ok.push("no duplicated turns");

  // Required elements of the template.
  const required = (input.requiredElements ?? []).map((e) => e.trim()).filter((e) => e !== "");
  if (required.length > 0) {
    const flat = facts.map((f) => f.text.toLowerCase().replace(/\s+/g, " ")).join(" \n ");
    const stemmedAll = facts.map((f) => f.stemmed).join("|");
    const missing = required.filter((e) => !flat.includes(e.toLowerCase().replace(/\s+/g, " ")) && !stemmedAll.includes(phraseKey(e, true)));
    if (missing.length > 0) {
      const d = round1((4 * missing.length) / required.length);
      add({
        deduction: d,
        flag: "missing_element",
        line: `${missing.length} of ${required.length} required elements missing: ${missing.map((m) => `"${m}"`).join(", ")} (−${d})`,
        rec: `Required element${missing.length > 1 ? "s" : ""} ${listing(missing.map((m) => `"${m}"`))} never appear${missing.length > 1 ? "" : "s"}; work ${missing.length > 1 ? "them" : "it"} into the conversation.`,
      });
    } else ok.push(`all ${required.length} required elements present`);
  }

  // Framework steps: coverage, then order.
  const hits = findSteps(facts, input.frameworkId);
  let stepsFound = 0;
  let stepsTotal = 0;
  if (hits === null) {
    ok.push(`framework "${input.frameworkId}" is unknown: steps not checked`);
  } else {
    const fw = FRAMEWORKS[input.frameworkId as keyof typeof FRAMEWORKS];
    stepsTotal = hits.length;
    const found = hits.filter((h) => h.turn >= 0);
    stepsFound = found.length;
    const missing = hits.filter((h) => h.turn < 0);
    // An edge case (a disclosure, a hostile client, an off-limits request)
    // rightly interrupts the framework: half its steps are enough.
    const needed = input.tier === "edge_case" ? Math.ceil(hits.length / 2) : hits.length;
    const short = Math.max(0, needed - found.length);
    if (short > 0) {
      const d = Math.min(7.5, 2.5 * short);
      add({
        deduction: d,
        flag: "missing_step",
        line: `${fw.name} steps not found: ${missing.map((m) => m.name).join(", ")} (−${d})`,
        rec:
          missing.length === 1
            ? `No turn covers the ${missing[0]!.name} step of ${fw.name} (e.g. "${missing[0]!.example}"); add an exchange for it.`
            : `No turns cover the ${listing(missing.map((m) => m.name))} steps of ${fw.name}; add an exchange for each (e.g. "${missing[0]!.example}").`,
      });
    } else
      ok.push(
        missing.length === 0
          ? `all ${hits.length} ${fw.name} steps found`
          : `${found.length} of ${hits.length} ${fw.name} steps found (enough for an edge case)`,
      );
    const ordered = longestOrdered(found.map((h) => h.turn));
    const outOfOrder = found.length - ordered;
    if (outOfOrder > 0) {
      const d = Math.min(4, 2 * outOfOrder);
      // Name the first step that appears before one that should precede it.
      let late = found[0]!;
      let early = found[1]!;
      for (let i = 1; i < found.length; i++) {
        const prev = found.slice(0, i).find((p) => p.turn > found[i]!.turn);
        if (prev) {
          late = prev;
          early = found[i]!;
          break;
        }
      }
      add({
        deduction: d,
        flag: "step_order",
        line: `${outOfOrder} ${fw.name} step${outOfOrder > 1 ? "s" : ""} out of order: ${found.map((h) => `${h.name}@${h.turn + 1}`).join(", ")} (−${d})`,
        rec: `${early.name} (turn ${early.turn + 1}) comes before ${late.name} (turn ${late.turn + 1}); ${fw.name} runs ${fw.steps.map((s) => s.name).join(" → ")}.`,
      });
    } else if (found.length > 1) ok.push(`${fw.name} steps in order`);
  }

  // Safety: a disclosed risk must be met with a pointer to real help.
  const riskAt = facts.findIndex((f) => f.role === "client" && isRisk(f.search));
  if (riskAt >= 0) {
    const referred = facts.some((f, i) => i > riskAt && f.role === "coach" && f.refers);
    if (!referred)
      add({
        deduction: 4,
        flag: "safety_unaddressed",
        line: `turn ${riskAt + 1} raises a safety risk and no later coach turn points to help (−4)`,
        rec: `Turn ${riskAt + 1} raises a safety risk; the coach must pause the framework, acknowledge it and point to appropriate help (emergency services, a helpline, HR or a professional).`,
      });
    else ok.push("safety risk met with a referral");
  }

  const total = findings.reduce((s, f) => s + f.deduction, 0);
  const score = round1(clamp10(10 - total));
  const flags = [...new Set(findings.map((f) => f.flag))];
  return {
    c: {
      score,
      weight: WEIGHTS.structure,
      measured: findings.length === 0 ? "no problems" : `${findings.length} problem${findings.length > 1 ? "s" : ""}, −${round1(total)}`,
      target: "alternating turns, client opens, coach closes, no empty or duplicated turns, required elements and every framework step present, in order",
      details: [...findings.map((f) => f.line), ...ok],
    },
    flags,
    recs: findings.map((f) => f.rec).filter((r, i, all) => all.indexOf(r) === i && !(findings[i]!.flag === "structure" && findings[i]!.deduction === 0)),
    stepsFound,
    stepsTotal,
  };
}

// ---------------------------------------------------------------- confidence

type Status = "pass" | "weak" | "fail";
const STRIKES: Record<Status, number> = { pass: 0, weak: 1, fail: 2 };

function adviceMarkers(f: TurnFacts): number {
  let n = countAdvice(f.plainSearch);
  for (const toks of f.statementSentences) {
    if (!IMPERATIVE_VERBS.has(toks[0] ?? "")) continue;
    if ((toks[0] === "tell" && toks[1] === "me") || (toks[0] === "just" && toks[1] === "to")) continue;
    // Pointing someone to real help is not lecturing.
    if (f.refers) {
      const stems = toks.map(stem);
      if (isReferral({ padded: padded(stems), set: new Set(stems) })) continue;
    }
    n++;
  }
  for (const line of f.text.split("\n")) if (LIST_LINE.test(line)) n++;
  return n;
}

function isReflection(coach: TurnFacts, client: TurnFacts | undefined): boolean {
  if (hasAny(coach.statements, REFLECTION_KEYS)) return true;
  if (!client) return false;
  let shared = 0;
  for (const w of coach.statementSentences.flat()) {
    if (w.length > 1 && !STOPWORDS.has(w) && client.content.has(stem(w))) {
      shared++;
      if (shared >= 2) return true;
    }
  }
  return false;
}

/** The variable's value as content stems, for the grounding check. */
function variable(vars: QualityInput["variables"], names: readonly string[]): string | null {
  for (const n of names) {
    const v = vars[n];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return null;
}

function grounded(value: string, all: Searchable, allContent: Set<string>, emotion: boolean): boolean {
  if (emotion) {
    const key = phraseKey(value, true);
    const family = EMOTION_KEYS.find((f) => f.members.has(key));
    if (family && family.test(all)) return true;
  }
  const mine = [...new Set(contentStems(value))];
  if (mine.length === 0) return true;
  const need = Math.min(2, Math.ceil(mine.length / 3));
  return mine.filter((w) => allContent.has(w)).length >= need;
}

function scoreConfidence(facts: TurnFacts[], variables: QualityInput["variables"]) {
  const flags: QualityFlag[] = [];
  const recs: string[] = [];
  const details: string[] = [];
  let strikes = 0;
  const judge = (status: Status, line: string, flag?: QualityFlag, rec?: string) => {
    strikes += STRIKES[status];
    details.push(`${line} → ${status}`);
    if (status !== "pass") {
      if (flag && status === "fail") flags.push(flag);
      if (rec) recs.push(rec);
    }
  };

  const coachIdx = facts.map((f, i) => (f.role === "coach" && !f.empty ? i : -1)).filter((i) => i >= 0);
  const coachTurns = coachIdx.length;
  const questionTurns = coachIdx.filter((i) => facts[i]!.questions.length > 0).length;
  let openQuestions = 0;
  let closedQuestions = 0;
  for (const i of coachIdx) for (const q of facts[i]!.questions) {
    if (q.open) openQuestions++;
    else closedQuestions++;
  }
  const markers = coachIdx.map((i) => adviceMarkers(facts[i]!));
  const lectureTurns = coachIdx.filter((i, k) => {
    const openAsked = facts[i]!.questions.some((q) => q.open);
    return (markers[k]! >= 2 && !openAsked) || markers[k]! >= 3;
  });
  const adviceTurns = markers.filter((m) => m > 0).length;
  const reflectionTurns = coachIdx.filter((i) => isReflection(facts[i]!, facts[i - 1]?.role === "client" ? facts[i - 1] : undefined)).length;

  // Asking.
  if (coachTurns === 0) {
    judge("fail", "no coach turns", "few_questions", "There are no coach turns; the coach must lead with questions.");
  } else {
    const share = questionTurns / coachTurns;
    judge(
      share >= 0.6 ? "pass" : share >= 0.4 ? "weak" : "fail",
      `${questionTurns} of ${coachTurns} coach turns ask a question (${pct(share)}; ≥ 60 % pass, ≥ 40 % weak)`,
      "few_questions",
      `${questionTurns === 0 ? "None" : `Only ${questionTurns}`} of ${coachTurns} coach turns ask${questionTurns === 1 ? "s" : ""} a question; coaches should ask more than they tell.`,
    );
  }
  const asked = openQuestions + closedQuestions;
  if (asked > 0) {
    const share = openQuestions / asked;
    judge(
      share >= 0.7 ? "pass" : share >= 0.5 ? "weak" : "fail",
      `${openQuestions} of ${asked} questions are open (${pct(share)}; MITI: ≥ 70 % good, ≥ 50 % fair)`,
      "closed_questions",
      `${openQuestions === 0 ? "None" : `Only ${openQuestions}`} of ${asked} questions ${openQuestions === 1 ? "is" : "are"} open; turn yes/no questions ("Do you…?", "Is it…?") into what/how questions.`,
    );
  }
  // Telling.
  if (lectureTurns.length > 0) {
    judge(
      "fail",
      `coach turn${lectureTurns.length > 1 ? "s" : ""} ${lectureTurns.map((i) => i + 1).join(", ")} give${lectureTurns.length > 1 ? "" : "s"} instructions without an open question`,
      "lecturing",
      lectureTurns.length === 1
        ? `Coach turn ${lectureTurns[0]! + 1} lectures ("you should…", instructions) instead of asking; replace it with a question that lets the client find the answer.`
        : `Coach turns ${listing(lectureTurns.map((i) => String(i + 1)))} lecture ("you should…", instructions) instead of asking; replace them with questions that let the client find the answers.`,
    );
  } else if (coachTurns > 0 && adviceTurns / coachTurns > 1 / 3) {
    strikes += 1;
    details.push(`${adviceTurns} of ${coachTurns} coach turns give advice (> 1/3) → weak`);
    flags.push("advice_heavy");
    recs.push(`${adviceTurns} of ${coachTurns} coach turns give advice; keep suggestions for when the client asks, and ask first.`);
  } else details.push(`${adviceTurns} of ${coachTurns} coach turns give advice, none lectures → pass`);
  // Reflecting.
  if (questionTurns > 0) {
    const ratio = reflectionTurns / questionTurns;
    judge(
      ratio >= 0.5 ? "pass" : ratio >= 0.25 ? "weak" : "fail",
      `${reflectionTurns} reflecting turns to ${questionTurns} asking turns (${ratio.toFixed(2)}; ≥ 0.5 pass, ≥ 0.25 weak)`,
      "few_reflections",
      `${reflectionTurns === 0 ? "None" : `Only ${reflectionTurns}`} of ${coachTurns} coach turns reflect${reflectionTurns === 1 ? "s" : ""} the client's words; open more turns with what the client just said ("It sounds like…").`,
    );
  }
  // Repeating.
  const ids = new Map<string, number>();
  const sh = facts.map((f) => (f.tokens.length >= MIN_WORDS_TO_COMPARE ? shingles(f.tokens, ids) : null));
  const nearRepeats: Array<[number, number]> = [];
  for (let i = 0; i < facts.length; i++) {
    const a = sh[i];
    if (!a) continue;
    for (let j = i + 1; j < facts.length; j++) {
      const b = sh[j];
      // Jaccard is at most the smaller set over the larger: skip pairs that cannot reach the bar.
      if (!b || Math.min(a.size, b.size) < NEAR_DUPLICATE * Math.max(a.size, b.size) || facts[i]!.plain === facts[j]!.plain) continue;
      if (jaccard(a, b) >= NEAR_DUPLICATE) nearRepeats.push([i, j]);
    }
  }
  if (nearRepeats.length > 0) {
    const [a, b] = nearRepeats[0]!;
    judge(
      "fail",
      `${nearRepeats.length} near-duplicate pair${nearRepeats.length > 1 ? "s" : ""} (3-word shingle Jaccard ≥ ${NEAR_DUPLICATE}), first turns ${a + 1} and ${b + 1}`,
      "repetition",
      `Turns ${a + 1} and ${b + 1} say nearly the same thing; rewrite one so it adds something new.`,
    );
  } else details.push(`no near-duplicate turns (Jaccard ≥ ${NEAR_DUPLICATE}) → pass`);
  // Grounding in the rendered variables.
  const allStems = new Set<string>();
  for (const f of facts) for (const w of f.search.set) allStems.add(w);
  const all: Searchable = { padded: facts.map((f) => f.stemmed).join("|"), set: allStems };
  const allContent = new Set<string>();
  for (const f of facts) for (const w of f.content) allContent.add(w);
  const grounding: Array<[string, readonly string[], QualityFlag]> = [
    ["persona", ["persona", "client", "role"], "persona_absent"],
    ["emotion", ["emotion", "feeling", "mood"], "emotion_absent"],
    ["topic", ["topic", "challenge", "subject", "situation"], "topic_absent"],
  ];
  for (const [label, names, flag] of grounding) {
    const value = variable(variables, names);
    if (value === null) {
      details.push(`${label}: not given → skipped`);
      continue;
    }
    if (grounded(value, all, allContent, label === "emotion")) details.push(`${label} "${value}" appears → pass`);
    else {
      strikes += 1;
      details.push(`${label} "${value}" never appears → weak`);
      flags.push(flag);
      recs.push(`The ${label} "${value}" never shows in the conversation; let it come through in what the client says.`);
    }
  }

  const level: ConfidenceLevel = strikes <= 1 ? "high" : strikes <= 3 ? "medium" : "low";
  details.push(`${strikes} strike${strikes === 1 ? "" : "s"} (fail 2, weak 1): 0–1 high, 2–3 medium, 4+ low`);
  return {
    level,
    c: {
      score: CONFIDENCE_SCORE[level],
      weight: WEIGHTS.confidence,
      measured: `${level}: ${questionTurns}/${coachTurns} coach turns ask, ${asked ? pct(openQuestions / asked) : "no"} open questions, ${lectureTurns.length} lecturing, ${reflectionTurns} reflecting, ${nearRepeats.length} near-repeats`,
      target: "high: ≥ 60 % of coach turns ask, ≥ 70 % of questions open, no lecturing, reflections ≥ half the asking turns, no near-repeats, persona, emotion and topic present",
      details,
    } satisfies CriterionScore,
    flags,
    recs,
    signals: { coachTurns, questionTurns, openQuestions, closedQuestions, reflectionTurns, lectureTurns, adviceTurns, nearRepeats },
  };
}

// ---------------------------------------------------------------- overall

export function scoreConversation(input: QualityInput): QualityReport {
  const facts = input.turns.map(readTurn);
  const turnCount = scoreTurnCount(facts.length);
  const length = scoreLength(facts, input.tier);
  const structure = scoreStructure(facts, input);
  const confidence = scoreConfidence(facts, input.variables);
  const criteria: Record<CriterionId, CriterionScore> = {
    turnCount: turnCount.c,
    length: length.c,
    structure: structure.c,
    confidence: confidence.c,
  };
  const overall = round1((Object.keys(criteria) as CriterionId[]).reduce((s, id) => s + criteria[id].score * criteria[id].weight, 0));
  const flags = [...new Set([...turnCount.flags, ...length.flags, ...structure.flags, ...confidence.flags])];
  return {
    overall,
    flagged: overall < FLAG_BELOW || flags.some((f) => BLOCKING_FLAGS.has(f)),
    confidence: confidence.level,
    criteria,
    recommendations: [...turnCount.recs, ...length.recs, ...structure.recs, ...confidence.recs],
    flags,
    signals: { ...confidence.signals, stepsFound: structure.stepsFound, stepsTotal: structure.stepsTotal },
  };
}

