import { stableStringify } from "./seeded";

// A stand-in tokenizer: word-sized pieces, long words split in six-character
// chunks. It keeps usage numbers plausible and gives streams realistic deltas;
// joining the pieces always gives back the exact text.

const MAX_PIECE = 6;

export function splitTokens(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.match(/\s*\S+|\s+/g) ?? []) {
    const lead = /^\s*/.exec(piece)![0];
    const word = piece.slice(lead.length);
    if (word.length <= MAX_PIECE + 2) {
      out.push(piece);
      continue;
    }
    const chars = [...word];
    for (let i = 0; i < chars.length; i += MAX_PIECE) {
      out.push((i === 0 ? lead : "") + chars.slice(i, i + MAX_PIECE).join(""));
    }
  }
  return out;
}

/** Roughly four characters a token, like English text on Claude's tokenizer. */
export function estimateInputTokens(parts: unknown[]): number {
  const chars = parts.reduce<number>((n, part) => n + (part === undefined ? 0 : stableStringify(part).length), 0);
  return Math.max(1, Math.ceil(chars / 4));
}
