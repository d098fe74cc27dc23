/**
 * Probes a message for encoded segments (base64, hex, URL and HTML escapes,
 * \u escapes, binary) and returns what they decode to, so the rules can read
 * an instruction that was wrapped to slip past them. rot13 and reversed text
 * have no marker, so they are returned as whole-text transforms.
 *
 * Bounded work: at most MAX_SEGMENTS candidates per kind, each at most
 * MAX_SEGMENT chars, and decoded text is kept only when it reads as text.
 */

const MAX_SEGMENTS = 8;
const MAX_SEGMENT = 4096;

export type Decoded = { kind: "base64" | "hex" | "url" | "html" | "unicode" | "binary"; text: string };

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?:(?:\\x|0x|%)?[0-9a-fA-F]{2}[\s,:]*){8,}/g;
const URL_ESCAPE = /%[0-9a-fA-F]{2}/g;
const HTML_ENTITY = /&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|quot|apos|amp|nbsp|sol|colon|lpar|rpar);/gi;
const UNICODE_ESCAPE = /\\u\{?([0-9a-fA-F]{4,6})\}?|\\x([0-9a-fA-F]{2})/g;
const BINARY_RUN = /(?:[01]{8}[\s,]*){4,}/g;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decoded bytes count as text when they are valid UTF-8, mostly printable and contain words. */
function bytesToText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  return readsAsText(text) ? text : null;
}

export function readsAsText(text: string): boolean {
  if (text.length < 4) return false;
  let printable = 0;
  let letters = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127 && !(code >= 128 && code < 160))) printable++;
    if (/\p{L}/u.test(ch)) letters++;
  }
  const length = [...text].length;
  return printable / length >= 0.95 && letters / length >= 0.4;
}

function decodeBase64(segment: string): string | null {
  let body = segment.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  // A run of plain letters is almost always an ordinary long word, not base64.
  if (/^[a-z]+$/i.test(body) && !/[A-Z]/.test(body.slice(1))) return null;
  if (body.length % 4 === 1) body = body.slice(0, -1);
  body += "=".repeat((4 - (body.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(body);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytesToText(bytes);
}

function decodeHex(segment: string): string | null {
  const digits = segment.replace(/\\x|0x|%/gi, "").replace(/[^0-9a-fA-F]/g, "");
  if (digits.length % 2 === 1) return null;
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytesToText(bytes);
}

function decodeBinary(segment: string): string | null {
  const octets = segment.match(/[01]{8}/g) ?? [];
  return bytesToText(Uint8Array.from(octets, (octet) => parseInt(octet, 2)));
}

function decodeUrl(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    // A stray "%" breaks the whole-string decode; decode each escape alone.
    return text.replace(URL_ESCAPE, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
  }
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&", nbsp: " ", sol: "/", colon: ":", lpar: "(", rpar: ")" };

function decodeHtml(text: string): string {
  return text.replace(HTML_ENTITY, (_, body: string) => {
    const name = body.toLowerCase();
    if (name.startsWith("#x")) return safeCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return safeCodePoint(parseInt(name.slice(1), 10));
    return NAMED[name] ?? "";
  });
}

function safeCodePoint(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
}

function segments(text: string, pattern: RegExp): string[] {
  return (text.match(pattern) ?? []).slice(0, MAX_SEGMENTS).map((segment) => segment.slice(0, MAX_SEGMENT));
}

/** Every encoded segment in `text` that decodes to readable text. */
export function probeEncodings(text: string): Decoded[] {
  const found: Decoded[] = [];
  for (const segment of segments(text, BASE64_RUN)) {
    const decoded = decodeBase64(segment);
    if (decoded) found.push({ kind: "base64", text: decoded });
  }
  for (const segment of segments(text, HEX_RUN)) {
    const decoded = decodeHex(segment);
    if (decoded) found.push({ kind: "hex", text: decoded });
  }
  for (const segment of segments(text, BINARY_RUN)) {
    const decoded = decodeBinary(segment);
    if (decoded) found.push({ kind: "binary", text: decoded });
  }
  if ((text.match(URL_ESCAPE) ?? []).length >= 2) {
    const decoded = decodeUrl(text);
    if (decoded && decoded !== text) found.push({ kind: "url", text: decoded });
  }
  HTML_ENTITY.lastIndex = 0;
  if (HTML_ENTITY.test(text)) found.push({ kind: "html", text: decodeHtml(text) });
  UNICODE_ESCAPE.lastIndex = 0;
  if (UNICODE_ESCAPE.test(text)) {
    found.push({
      kind: "unicode",
      text: text.replace(UNICODE_ESCAPE, (_, u: string | undefined, x: string | undefined) => safeCodePoint(parseInt(u ?? x ?? "", 16))),
    });
  }
  return found;
}

/** rot13 of the Latin letters; everything else stays. */
export function rot13(text: string): string {
  return text.replace(/[a-zA-Z]/g, (ch) => {
    const base = ch <= "Z" ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Text written back to front, by code point. */
export function reversed(text: string): string {
  return Array.from(text).reverse().join("");
}

// The most common short words of English and five other Latin-script
// languages. Ordinary prose is full of them; rot13 and reversed text has none.
const COMMON_WORDS = new Set(
  (
    "the and to of in is it you that for on with as are be this was have not but at what so if or my me we can do just all " +
    "your they he she his her our from by an will would there their about how when which who them been has had were more " +
    "one up out no yes get like want need think know because really very also some time team work manager boss " +
    "de la que el en los se del las un por con una su para es al lo como pero mas mi yo sin muy " +
    "le les et des est pas une dans qui pour ne sur au avec ce je il elle mon ma vous nous " +
    "der die das und ist nicht ich sie ein eine zu den mit auf fur es mein wir " +
    "il di che non per una sono io ho mio con " +
    "o os da do em nao um uma com eu meu " +
    "het een van en ik je niet dat op te met zijn"
  ).split(" "),
);
const SEGMENT_SPLIT = /[\n.!?;:]+/;
const LATIN_WORD = /[a-z]{2,}/gi;

/**
 * The sentences that read like no common language: runs of Latin-letter
 * words without a single common word. Only these are worth trying as rot13
 * or reversed text, which keeps ordinary messages to one scan.
 */
export function foreignLookingText(text: string): string {
  const foreign: string[] = [];
  for (const segment of text.split(SEGMENT_SPLIT)) {
    const words = segment.match(LATIN_WORD);
    if (!words || words.length < 3) continue;
    const common = words.filter((word) => COMMON_WORDS.has(word.toLowerCase())).length;
    if (common / words.length < 0.15) foreign.push(segment);
  }
  return foreign.join("\n");
}
