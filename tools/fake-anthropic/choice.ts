import { conceptStems, ideaTokens, topicStems } from "./lexicon";
import { contentStems, identifierWords } from "./words";
import { isSchema, type Schema } from "./schema";

// Choosing among enum values the way a careful model would: read what each
// value means (from the schema or from the prompt's list of options), compare
// that with what the person wrote, and say how sure the choice is and why.
// Nothing here knows any particular set of values.

export interface ScoredOption {
  value: string;
  label: string;
  score: number;
  /** The person's words that pointed at this option, in the order written. */
  cues: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "POWER_INTEREST_GRID" → "Power Interest Grid"; "in_progress" → "in progress". */
export function spokenValue(value: string): string {
  const spoken = identifierWords(value).replace(/\s+/g, " ").trim();
  if (value === value.toUpperCase() && /[A-Z]{2}/.test(value) && value.includes("_")) {
    return spoken.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  }
  return value === value.toUpperCase() ? value : spoken;
}

function mentionRegex(value: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${escapeRegExp(value)}(?![\\p{L}\\p{N}_-])`, "gu");
}

/**
 * What each value means, gathered from the schema (oneOf/anyOf consts with
 * descriptions, `enumDescriptions`-style maps) and from free text (the
 * property's and tool's descriptions, the system prompt): a line that
 * mentions one value describes it; a line that mentions several is cut at
 * each mention.
 */
export function describeOptions(values: string[], schema: Schema, texts: string[]): Map<string, { label: string; text: string }> {
  const out = new Map(values.map((v) => [v, { label: spokenValue(v), text: "" }]));
  const addText = (value: string, text: string) => {
    const entry = out.get(value);
    if (entry) entry.text += ` ${text}`;
  };
  for (const key of ["oneOf", "anyOf"]) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const option of list) {
      if (!isSchema(option) || typeof option["const"] !== "string") continue;
      addText(option["const"], `${String(option["title"] ?? "")} ${String(option["description"] ?? "")}`);
    }
  }
  for (const key of ["enumDescriptions", "x-enumDescriptions", "x-enum-descriptions", "enumNames", "x-enumNames"]) {
    const d = schema[key];
    if (Array.isArray(d)) d.forEach((text, i) => values[i] !== undefined && typeof text === "string" && addText(values[i]!, text));
    else if (isSchema(d)) for (const [k, text] of Object.entries(d)) if (typeof text === "string") addText(k, text);
  }
  for (const text of texts) {
    for (const line of text.split(/\r?\n/)) {
      const hits: Array<{ value: string; index: number; length: number }> = [];
      for (const value of values) {
        for (const m of line.matchAll(mentionRegex(value))) hits.push({ value, index: m.index!, length: m[0].length });
      }
      if (hits.length === 0) continue;
      hits.sort((a, b) => a.index - b.index);
      const distinct = new Set(hits.map((h) => h.value));
      // A line listing every value ("one of A, B, C") describes none of them.
      if (distinct.size > 1 && distinct.size === values.length && hits.every((h, i) => i === 0 || h.index - hits[i - 1]!.index < 40)) continue;
      hits.forEach((hit, i) => {
        if (distinct.size === 1 && i > 0) return;
        const end = distinct.size === 1 ? line.length : (hits.slice(i + 1).find((h) => h.value !== hit.value)?.index ?? line.length);
        const piece = line.slice(hit.index + hit.length, end);
        const label = /^\s*\(([^()]{2,60})\)/.exec(piece)?.[1];
        const entry = out.get(hit.value)!;
        if (label && entry.label === spokenValue(hit.value)) entry.label = label.trim();
        addText(hit.value, piece);
      });
    }
  }
  return out;
}

interface Token {
  word: string;
  index: number;
  stems: Set<string>;
}

/** Words of `text` as written, idioms read as their idea ("come across" → presence). */
function tokens(text: string): Token[] {
  return ideaTokens(text).map((t, index) => ({ ...t, index }));
}

/**
 * Scores each value by the words its description shares with the person's
 * text; a word that many descriptions share counts for less (IDF), and
 * naming a value outright counts most.
 */
export function scoreOptions(values: string[], described: Map<string, { label: string; text: string }>, userText: string): ScoredOption[] {
  const docs = values.map((v) => {
    const d = described.get(v) ?? { label: spokenValue(v), text: "" };
    return { value: v, label: d.label, stems: topicStems(`${d.label} ${d.text}`), labelStems: contentStems(`${d.label} ${identifierWords(v)}`) };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const s of d.stems) df.set(s, (df.get(s) ?? 0) + 1);
  const n = docs.length;
  const idf = (s: string) => Math.log((n + 1) / ((df.get(s) ?? 0) + 0.5));
  // Phrase rewrites ("come across", "speak up") are read on the whole text.
  const whole = conceptStems(userText);
  const toks = tokens(userText);
  const wholeTags = [...whole].filter((s) => s.startsWith("#") && !toks.some((t) => t.stems.has(s)));

  return docs.map((d) => {
    let score = 0;
    const cueIdx = new Map<number, number>();
    const literal = new Set<number>();
    const counted = new Set<string>();
    for (const t of toks) {
      let best = 0;
      for (const s of t.stems) {
        if (!d.stems.has(s) || counted.has(s)) continue;
        const w = idf(s) * (s.startsWith("#") ? 0.6 : 1);
        if (w <= 0) continue;
        counted.add(s);
        if (!s.startsWith("#")) literal.add(t.index);
        best = Math.max(best, w);
        score += w;
      }
      if (d.labelStems.size > 0 && [...t.stems].some((s) => d.labelStems.has(s))) score += 1.5;
      if (best > 0) cueIdx.set(t.index, best);
    }
    for (const tag of wholeTags) if (d.stems.has(tag) && !counted.has(tag)) score += idf(tag) * 0.6;
    // The strongest cues, then read in the order written; neighbours merge into phrases.
    const strongest = [...cueIdx.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([i]) => i).sort((a, b) => a - b);
    const groups: number[][] = [];
    for (const i of strongest) {
      const g = groups[groups.length - 1];
      if (g && i - g[g.length - 1]! === 1 && literal.has(i)) g.push(i);
      else groups.push([i]);
    }
    const cues = groups.map((g) => {
      let end = g[g.length - 1]!;
      while (end - g[0]! < 2 && literal.has(end + 1)) end++;
      return toks.slice(g[0]!, end + 1).map((t) => t.word).join(" ");
    });
    return { value: d.value, label: d.label, score: Math.round(score * 1000) / 1000, cues: cues.slice(0, 3) };
  });
}

/** Best first; ties keep the schema's order. */
export function rankOptions(scored: ScoredOption[]): ScoredOption[] {
  return scored.map((s, i) => ({ s, i })).sort((a, b) => b.s.score - a.s.score || a.i - b.i).map(({ s }) => s);
}

/**
 * 0..1: high when the best clearly beats the runner-up and the evidence is
 * substantial; near 0.3 when little in the text points anywhere.
 */
export function confidenceOf(ranked: ScoredOption[]): number {
  const best = ranked[0]?.score ?? 0;
  const second = ranked[1]?.score ?? 0;
  if (best <= 0) return 0.3;
  const margin = (best - second) / best;
  const evidence = Math.min(1, best / STRONG_EVIDENCE);
  const c = 0.3 + (0.45 * margin + 0.2) * evidence;
  return Math.round(Math.min(0.95, Math.max(0.3, c)) * 100) / 100;
}

/** A score at which the text clearly speaks to an option (a few distinctive shared words). */
const STRONG_EVIDENCE = 5;

function joinCues(cues: string[]): string {
  const quoted = cues.map((c) => `“${c}”`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** One sentence addressed to the person naming the cues behind the choice. */
export function reasonFor(ranked: ScoredOption[]): string {
  const best = ranked[0];
  if (!best) return "There was little to go on, so this is a general-purpose starting point.";
  if (best.score < STRONG_EVIDENCE / 3 || best.cues.length === 0) {
    return `Little in what you wrote points clearly to one option, so ${best.label} is a dependable general starting point.`;
  }
  const runner = ranked[1];
  const tail = runner && runner.score > 0 && runner.score >= best.score * 0.6 ? `; ${runner.label} is a close second` : "";
  return `You mention ${joinCues(best.cues)}, which is what ${best.label} is built for${tail}.`;
}

/**
 * Whether a property reads as the confidence of a choice: a number on a 0–1
 * or 0–100 scale (or unbounded) whose name, or the start of its description,
 * speaks of confidence, certainty, probability, a score or fit. A 1–10
 * self-rating that mentions "confidence" in passing is not one.
 */
export function looksLikeConfidence(name: string, schema: Schema): boolean {
  const type = schema["type"];
  if (type !== "number" && type !== "integer") return false;
  const lo = schema["minimum"];
  const hi = schema["maximum"];
  if (!(lo === undefined || lo === 0) || !(hi === undefined || hi === 1 || hi === 100)) return false;
  const description = String(schema["description"] ?? "").toLowerCase();
  return (
    /\b(confiden\w*|certain\w*|probab\w*|likelihood|score|fit|sure)\b/.test(identifierWords(name)) ||
    /^(?:how\s+(?:sure|confident|certain|likely|well)|(?:the\s+)?(?:confidence|certainty|probability|likelihood))\b/.test(description)
  );
}

export function looksLikeReason(name: string, schema: Schema): boolean {
  const text = `${identifierWords(name)} ${String(schema["description"] ?? "")}`.toLowerCase();
  return /\b(reason\w*|why|rational\w*|explanation|justification|because)\b/.test(text);
}

export function looksLikeAlternatives(name: string, schema: Schema): boolean {
  const text = `${identifierWords(name)} ${String(schema["description"] ?? "")}`.toLowerCase();
  return schema["type"] === "array" && /\b(alternative\w*|other\w*|runner\w*|also|second|backup)\b/.test(text);
}

