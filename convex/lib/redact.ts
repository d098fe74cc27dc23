/**
 * Redaction: what the logger runs over every entry before it is written
 * anywhere (console or the `logs` table). Pure, no ctx, tested against a
 * corpus in redact.test.ts.
 *
 * Three layers, applied recursively to nested objects, arrays and strings:
 * 1. Secret-named fields (password, token, apiKey, authorization, cookie…)
 *    with string or object values are replaced whole, always.
 * 2. Message bodies — fields named like text, content, message, body, prompt,
 *    challenge, input… — are replaced by their size unless `debug` is on
 *    (env LOG_DEBUG=1). Even in debug, the patterns below still run on them.
 * 3. Every string (values and keys) is scrubbed of emails, bearer tokens,
 *    API keys, JWTs, key=value secrets, Luhn-valid card numbers, IBANs, phone
 *    numbers and IPv4 addresses.
 *
 * The result is also a valid Convex value of bounded size: no undefined, no
 * `$`-prefixed or non-ASCII keys, capped string lengths, array lengths, key
 * counts and depth, no cycles.
 */
export type RedactOptions = { debug?: boolean };

export const LIMITS = { string: 2000, array: 50, keys: 60, depth: 6, key: 64 } as const;

const TAG = (what: string) => `[REDACTED:${what}]`;

// ---------------------------------------------------------------- strings

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, "").toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const digitCount = (s: string) => s.replace(/\D/g, "").length;

type Rule = { pattern: RegExp; replace: (match: string, ...groups: string[]) => string };

/** Order matters: structured secrets first, so later rules never see half of one. */
const RULES: Rule[] = [
  // JSON Web Tokens (header.payload.signature, base64url).
  { pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: () => TAG("jwt") },
  // Authorization schemes.
  {
    pattern: /\b(Bearer|Basic|Token|Digest)(\s+|%20)[A-Za-z0-9\-._~+/]{6,}=*/gi,
    replace: (_m, scheme: string) => `${scheme} ${TAG("token")}`,
  },
  // Provider API keys: Anthropic, OpenAI-style, Stripe, AWS, GitHub, Slack, Google.
  { pattern: /\bsk-ant-[A-Za-z0-9_-]{6,}/g, replace: () => TAG("api_key") },
  { pattern: /\b(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_])?[A-Za-z0-9_-]{12,}/g, replace: () => TAG("api_key") },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => TAG("api_key") },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, replace: () => TAG("api_key") },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, replace: () => TAG("api_key") },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => TAG("api_key") },
  { pattern: /\bAIza[0-9A-Za-z_-]{30,}/g, replace: () => TAG("api_key") },
  // key=value / key: value secrets in free text, URLs and headers.
  {
    pattern:
      /\b((?:x-)?api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|auth[-_]?token|session[-_]?token|client[-_]?secret|secret|password|passwd|pwd|token)(["']?\s*[:=]\s*["']?)([^\s"',;&]{3,})/gi,
    replace: (_m, key: string, sep: string) => `${key}${sep}${TAG("secret")}`,
  },
  // Emails, plain and URL-encoded.
  { pattern: /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, replace: () => TAG("email") },
  // Card numbers: 13–19 digits, optionally grouped by spaces or dashes, Luhn-valid.
  {
    pattern: /(?<![\w+])\d(?:[ -]?\d){12,18}(?!\w)/g,
    replace: (match) => {
      const digits = match.replace(/\D/g, "");
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? TAG("card") : match;
    },
  },
  // IBANs (checksum-validated).
  {
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    replace: (match) => (ibanValid(match) ? TAG("iban") : match),
  },
  // Phone numbers: international (+…), North American, and national trunk-0 formats.
  {
    pattern: /(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,6}(?![\w])/g,
    replace: (match) => (digitCount(match) >= 8 && digitCount(match) <= 15 ? TAG("phone") : match),
  },
  { pattern: /(?<![\w)])(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w)/g, replace: () => TAG("phone") },
  {
    pattern: /(?<![\w.-])0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w.-])/g,
    replace: (match) => (digitCount(match) >= 10 && digitCount(match) <= 11 ? TAG("phone") : match),
  },
  // IPv4 addresses.
  {
    pattern: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g,
    replace: () => TAG("ip"),
  },
];

/** Scrubs one string of personal data and secrets. */
export function redactString(input: string): string {
  let text = input;
  for (const rule of RULES) text = text.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
  return text;
}

// ---------------------------------------------------------------- field names

/** Splits camelCase, snake_case, kebab-case and dotted names into lower-case words. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const SECRET_WORDS = new Set([
  "password", "passwd", "pwd", "secret", "token", "apikey", "authorization", "auth", "cookie", "cookies",
  "credential", "credentials", "jwt", "bearer", "signature", "privatekey", "pin", "otp", "ssn",
]);
/** Words that, in last position, make a secret-sounding key harmless metadata (inputTokens, tokenCount). */
const METADATA_LAST = new Set([
  "id", "ids", "count", "counts", "length", "len", "chars", "at", "ms", "kind", "type", "status", "class",
  "tokens", "name", "names", "size", "index", "version", "expires", "expiry", "ttl",
]);
const BODY_WORDS = new Set([
  "text", "texts", "content", "contents", "message", "messages", "body", "bodies", "prompt", "prompts", "system",
  "challenge", "transcript", "completion", "completions", "reply", "replies", "answer", "answers", "question",
  "questions", "summary", "plan", "note", "notes", "input", "output", "delta", "draft", "comment", "comments",
  "description", "params", "payload", "query", "search",
]);
const PII_WORDS = new Set([
  "name", "email", "emails", "phone", "mobile", "telephone", "address", "dob", "birthday", "birthdate", "ip", "iban",
  "card", "pan", "cvv", "cvc",
]);
const PERSON_NAME = /^(first|last|full|display|given|family|user|real|person|contact|sur)name$/;

export type FieldClass = "secret" | "body" | "pii" | "plain";

export function classifyField(key: string): FieldClass {
  const parts = words(key);
  if (parts.length === 0) return "plain";
  const last = parts[parts.length - 1];
  const joined = parts.join("");
  if (PERSON_NAME.test(joined)) return "pii";
  if (METADATA_LAST.has(last) && parts.length > 1) return "plain";
  if (parts.some((w) => SECRET_WORDS.has(w)) || /apikey|privatekey|accesskey|sessionkey/.test(joined)) return "secret";
  if (parts[0] === "error" || parts[0] === "err") return "plain";
  if (BODY_WORDS.has(last)) return "body";
  if (PII_WORDS.has(last) || /cardnumber|phonenumber|emailaddress/.test(joined)) return "pii";
  return "plain";
}

// ---------------------------------------------------------------- values

function safeKey(key: string): string {
  let k = redactString(key).replace(/[^\x20-\x7e]/g, "_");
  k = k.replace(/^\$+/, "_");
  if (k === "") k = "_";
  return k.length > LIMITS.key ? k.slice(0, LIMITS.key) : k;
}

function capString(text: string): string {
  return text.length > LIMITS.string ? `${text.slice(0, LIMITS.string)}…[truncated ${text.length - LIMITS.string} chars]` : text;
}

function describeBody(value: unknown): string {
  if (typeof value === "string") return `[REDACTED:body ${value.length} chars]`;
  if (Array.isArray(value)) return `[REDACTED:body ${value.length} items]`;
  return "[REDACTED:body]";
}

/**
 * Redacts any value into a JSON-safe, Convex-safe value. `undefined`,
 * functions and symbols disappear (null inside arrays).
 */
export function redactValue(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, options, 0, new WeakSet());
}

function walk(value: unknown, options: RedactOptions, depth: number, seen: WeakSet<object>): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      return capString(redactString(value));
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return redactString(value.toString());
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  const object = value as object;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString();
  if (object instanceof Error) {
    return { name: object.name, message: capString(redactString(object.message)) };
  }
  if (object instanceof ArrayBuffer || ArrayBuffer.isView(object)) {
    return `[binary ${(object as ArrayBuffer).byteLength} bytes]`;
  }
  if (seen.has(object)) return "[circular]";
  if (depth >= LIMITS.depth) return "[depth limit]";
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const items = object.slice(0, LIMITS.array).map((item) => {
        const out = walk(item, options, depth + 1, seen);
        return out === undefined ? null : out;
      });
      if (object.length > LIMITS.array) items.push(`…${object.length - LIMITS.array} more`);
      return items;
    }
    const out: Record<string, unknown> = {};
    const entries = Object.entries(object);
    for (const [key, inner] of entries.slice(0, LIMITS.keys)) {
      const cleanKey = safeKey(key);
      const kind = classifyField(key);
      let result: unknown;
      if (inner === null || inner === undefined || typeof inner === "boolean") {
        result = walk(inner, options, depth + 1, seen);
      } else if (typeof inner === "number") {
        // Numbers are kept (counts, times, tokens) unless the name says what they are.
        result = kind === "secret" || kind === "pii" ? TAG(kind) : walk(inner, options, depth + 1, seen);
      } else if (kind === "secret") {
        result = TAG("secret");
      } else if (kind === "pii") {
        result = TAG("pii");
      } else if (kind === "body" && !options.debug) {
        result = describeBody(inner);
      } else {
        result = walk(inner, options, depth + 1, seen);
      }
      if (result !== undefined) out[cleanKey] = result;
    }
    if (entries.length > LIMITS.keys) out["_truncatedKeys"] = entries.length - LIMITS.keys;
    return out;
  } finally {
    seen.delete(object);
  }
}

/** Redacts a fields object (the `fields` of a log row), always returning a record. */
export function redactFields(fields: Record<string, unknown>, options: RedactOptions = {}): Record<string, unknown> {
  const out = walk(fields, options, 0, new WeakSet());
  return out !== null && typeof out === "object" && !Array.isArray(out) ? (out as Record<string, unknown>) : { value: out };
}
