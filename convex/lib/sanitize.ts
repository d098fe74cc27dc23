export const MAX_MESSAGE_CHARS = 5000;

export type SanitizedText = { text: string; truncated: boolean; originalLength: number };

// C0/C1 control characters other than tab and newlines; NUL included. Matching
// control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Invisible formatting characters that can smuggle instructions past a reader.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Half of a surrogate pair is not a character: it can't be encoded as UTF-8, so it is dropped.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Normalises user text before it is stored or shown to the model: NFC,
 * no NUL or other control characters, no unpaired surrogates, no invisible direction overrides,
 * Windows newlines folded, trimmed, and capped at `max` characters (by code
 * point, so an emoji is never cut in half).
 */
export function sanitizeUserText(raw: string, max = MAX_MESSAGE_CHARS): SanitizedText {
  const cleaned = raw
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "")
    .replace(INVISIBLE, "")
    .replace(LONE_SURROGATE, "")
    .trim();
  const codePoints = Array.from(cleaned);
  if (codePoints.length <= max) return { text: cleaned, truncated: false, originalLength: codePoints.length };
  return { text: codePoints.slice(0, max).join("").trimEnd(), truncated: true, originalLength: codePoints.length };
}
