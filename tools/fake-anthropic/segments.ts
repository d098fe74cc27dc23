import { isVague, conceptStems, substantiveWordCount } from "./lexicon";
import { collapseWhitespace, splitSentences, stripEndPunctuation } from "./words";

// Cuts the person's latest message into the pieces a careful reader would
// attribute to different fields: sentences, clauses joined by "but" or
// "because", and lists (bulleted, numbered inline, or "a, b, or c").

export interface Segment {
  /** The words as written (a clause or a sentence, or a list's lead-in and items). */
  text: string;
  /** Listed items, when the segment is a list (or reads as one). */
  items: string[];
  stems: Set<string>;
  /** Index of the sentence it came from; clauses of one sentence share it. */
  sentence: number;
  /** Content words other than hedges. */
  substance: number;
  vague: boolean;
}

const BULLET = /^\s*(?:[-*•+]|\(?\d{1,2}[.)]|\(?[a-h]\))\s+(.*)$/u;
const INLINE_MARKER = /(?:^|\s)\(?(\d{1,2})[.)](?=\s)/g;

function segment(text: string, sentence: number, items: string[] = []): Segment {
  const clean = collapseWhitespace(text);
  return {
    text: clean,
    items,
    stems: conceptStems(clean),
    sentence,
    substance: substantiveWordCount(clean),
    vague: isVague(clean),
  };
}

/** Splits a sentence into clauses where a new thought starts ("…, but …", "… because …"). */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(/,\s+(?=(?:but|although|though|whereas)\s)|\s+(?=(?:but|although|though|whereas)\s+(?:i|i'm|i'll|i'd|i've|my|we|our|it|it's|that|they|he|she|there|this|the)\b)|,?\s+(?=because\s)|;\s+(?=(?:and\s+|but\s+|so\s+)?(?:i|i'm|i'll|i'd|i've|my|we|our|it|that|they|he|she|the)\b)|,\s+(?:and|so)\s+(?=(?:i|i'm|i'll|i'd|i've|my|we|our|it's|that's|they|he|she)\b)/iu)
    .map((c) => c.replace(/^(?:but|and|so|although|though|whereas)\s+/i, "").trim())
    .filter((c) => /[\p{L}\p{N}]/u.test(c));
}

const MODAL_LEAD = /^(?:(?:and|or|but|also|then)\s+)?(?:i|we)\s+(?:could|might|can|would|should|will|'ll|may)\s+(?:also\s+)?(?:either\s+)?/i;

function tidyItem(item: string): string {
  let t = stripEndPunctuation(collapseWhitespace(item)).replace(/^(?:and|or|then|also|either|plus)\s+/i, "");
  t = t.replace(MODAL_LEAD, "");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * The items of a written list: "a, b, and c", "a; b; c", "a or b", or
 * text after a colon. A sentence with none of these is one item.
 */
export function splitList(text: string): string[] {
  let body = text;
  const colon = body.indexOf(":");
  if (colon >= 0 && colon < body.length - 1) body = body.slice(colon + 1);
  const commas = (body.match(/,/g) ?? []).length;
  let parts: string[];
  if (/;/.test(body)) parts = body.split(/;\s*/);
  else if (commas >= 2 || /,\s*(?:and|or)\s+/i.test(body)) parts = body.split(/,\s*(?:(?:and|or)\s+)?|\s+(?:or|and)\s+(?=[^,]*$)/i);
  else if (/\s+or\s+/i.test(body)) parts = body.split(/\s+or\s+/i);
  else parts = [body];
  // "The key people are A, B and C": the lead-in before "are" is not an item.
  if (parts.length >= 2 && colon < 0) parts[0] = parts[0]!.replace(/^[^,;]{0,60}?\b(?:are|is|include|includes|would\s+be|could\s+be)\s+/i, "");
  return parts.map(tidyItem).filter((p) => /[\p{L}\p{N}]/u.test(p));
}

/** The latest message as segments, in order. */
export function segmentsOf(message: string): Segment[] {
  const out: Segment[] = [];
  const lines = message.split(/\r?\n/);
  let sentence = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    // A run of bulleted or numbered lines is one list, led in by the line before when it ends in ":".
    if (BULLET.test(line)) {
      const items: string[] = [];
      while (i < lines.length && BULLET.test(lines[i]!)) {
        items.push(tidyItem(BULLET.exec(lines[i]!)![1]!));
        i++;
      }
      i--;
      const prev = out[out.length - 1];
      const lead = prev && /:\s*$/.test(prev.text) ? out.pop()!.text : "";
      out.push(segment(`${lead} ${items.join("; ")}`, sentence++, items.filter(Boolean)));
      continue;
    }
    for (const s of splitSentences(line)) {
      const markers = [...s.matchAll(INLINE_MARKER)];
      if (markers.length >= 2) {
        const lead = s.slice(0, markers[0]!.index);
        const items: string[] = [];
        markers.forEach((mk, k) => {
          const end = k + 1 < markers.length ? markers[k + 1]!.index : s.length;
          items.push(tidyItem(s.slice(mk.index! + mk[0].length, end)));
        });
        out.push(segment(`${lead} ${items.join("; ")}`, sentence++, items.filter(Boolean)));
        continue;
      }
      for (const clause of splitClauses(s)) out.push(segment(clause, sentence, splitList(clause)));
      sentence++;
    }
  }
  return out;
}
