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
 *    API keys, JWT-shaped tokens (any base64url alphabet), AWS secret keys,
 *    credentials after a credential name (`api_key=…`, `"client_secret": "…"`,
 *    "my password is …"), Luhn-valid card numbers, IBANs, SSNs, phone
 *    numbers, and IPv4 and IPv6 addresses.
 *
 * Recall is cheap and false positives are not: a log that says
 * "[REDACTED:secret] collection" is useless. So words that are only sometimes
 * credentials (token, secret, key, session, basic, digest) count only when
 * what follows is shaped like one: a single token with digits, mixed case or
 * symbols, and not a date, price, version or word. The corpus in
 * redact.corpus.ts holds both kinds and redact.test.ts measures both rates.
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

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

function charClasses(text: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(text)).length;
}

/** Dates, times, prices, versions, plain and grouped numbers: what a value looks like when it is not a secret. */
const ORDINARY_VALUE = [
  /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/, // 2026-11-22, 2026-11-22T13:45:00Z
  /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/, // 22/11/2026
  /^\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:am|pm)?$/i, // 13:45, 9:30am
  /^[$€£¥]?\d{1,3}(?:[,.]\d{3})*(?:[.,]\d{1,2})?[$€£¥]?$/, // 1,299.99
  /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/i, // 1.2.3, v2.10.0-beta.1
  /^\d{1,5}$/, // small numbers, ports, counts
  /^[A-Za-z][a-z]*$/, // a word: Enter, secret
  /^[A-Z]+$/, // NONE, REDACTED
  /^[a-z]+(?:[-_][a-z]+)+$/, // dark-mode, not_set
  /^\*+$|^x+$|^\.+$/i, // ****, xxxx: already masked
  /^[A-Za-z_$]+(?:\.[A-Za-z_$]+)+$/, // input.variationKey: a code path
  /^[\w$.]+\(/, // stockSignature(phrase): a call
];

/**
 * Whether a value written after a credential-ish name ("secret: X") looks
 * like a credential rather than prose. A credential is one token, usually
 * with digits, mixed case or symbols; a word, a date, a price or a version
 * is not one.
 */
export function looksLikeCredential(raw: string): boolean {
  const value = raw.replace(/[.,;:!?)\]}]+$/, "");
  if (value.length < 6 || /\s/.test(value)) return false;
  if (value.startsWith("[REDACTED")) return false;
  if (ORDINARY_VALUE.some((re) => re.test(value))) return false;
  if (/^\d+$/.test(value)) return value.length >= 6; // one-time codes, numeric keys
  if (charClasses(value) >= 2) return true;
  // Long single-case runs: hex digests and random lower-case keys, not words.
  return value.length >= 16 && entropy(value) >= 3.2;
}

/** Random enough to be a key: several character classes and high entropy. */
function highEntropy(value: string, minBits: number): boolean {
  return charClasses(value) >= 3 && entropy(value) >= minBits;
}

// Credential names in free text: `name=value`, `name: value`, `"name": "value"`, "my name is value".
/** Any value after these is a secret, bar placeholders and prose (see the value sets below). */
const STRONG_NAME_WORDS = new Set([
  "password", "passwd", "pwd", "passphrase", "passcode", "apikey", "jwt", "cookie", "cookies", "credential",
  "credentials", "authorization", "privatekey", "secretkey", "accesskey", "clientsecret", "accesstoken",
  "refreshtoken", "authtoken", "idtoken", "sessiontoken", "bearertoken", "csrftoken", "xsrftoken", "secretaccesskey",
  "sessid", "phpsessid", "jsessionid", "connectsid", "sessionkey", "signingkey", "encryptionkey",
  "masterkey", "webhooksecret", "appsecret", "consumersecret", "tokensecret", "secrettoken", "setcookie",
]);
const STRONG_SUFFIXES = ["password", "passwd", "apikey", "secretkey", "accesskey", "privatekey", "authtoken", "accesstoken", "clientsecret"];
/** Values after these count only if they look like a credential: "token: expired" is prose. */
const WEAK_NAME_WORDS = new Set(["token", "secret", "key", "session", "sid", "auth", "signature", "sig", "otp", "totp", "pin", "pass", "mfa"]);
/** Names under which a short run of digits is the secret: "my pin is 4821", "verification code: 551203". */
const NUMERIC_SECRET_WORDS = new Set(["pin", "otp", "totp", "mfa", "2fa", "verification", "passcode", "security"]);
/** A last word that makes the name metadata: tokenCount, keyName, session_id (our own ids are not secrets). */
const NAME_METADATA_LAST = new Set([
  "id", "ids", "count", "counts", "length", "len", "type", "kind", "name", "names", "size", "index", "version",
  "expires", "expiry", "ttl", "at", "ms", "status", "class", "tokens", "limit", "usage", "budget", "field", "fields",
  "format", "policy", "rule", "rules", "hint", "strength", "reset", "required", "changed", "path", "file", "url",
  "prefix", "provider", "source", "store", "manager",
]);
/** Values that hold a place rather than a secret: "password: required", "token=null". */
const PLACEHOLDER_VALUES = new Set([
  "null", "none", "undefined", "empty", "missing", "required", "optional", "hidden", "masked", "redacted", "unset",
  "n/a", "na", "true", "false", "yes", "no", "must", "should", "cannot", "can", "needs", "will", "the", "a", "an",
  "your", "my", "our", "their", "his", "her", "its", "this", "that", "see", "use", "enter", "not",
]);
/** Words that follow "password is" in prose and are no password. */
const PROSE_VALUES = new Set([
  ...PLACEHOLDER_VALUES, "too", "is", "was", "be", "been", "being", "now", "still", "also", "and", "or", "so", "very",
  "incorrect", "wrong", "invalid", "valid", "correct", "expired", "set", "reset", "changed", "weak", "strong", "short",
  "long", "case-sensitive", "stored", "saved", "encrypted", "hashed", "has", "have", "what", "which", "secure",
  "safe", "unsafe", "unknown", "new", "old", "same", "different", "fine", "ok", "okay", "easy", "hard", "simple",
  "there", "here", "only", "just", "like", "about", "in", "on", "at", "for", "to", "of", "with", "from", "by",
  "written", "shared", "known", "forgotten", "lost", "mine", "yours", "it", "something", "nothing",
]);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** "strong", "weak" or null for the name before a separator. */
export function credentialName(name: string): "strong" | "weak" | null {
  const parts = nameWords(name);
  if (parts.length === 0) return null;
  const last = parts[parts.length - 1];
  if (STRONG_NAME_WORDS.has(parts.join("")) || STRONG_NAME_WORDS.has(last)) return "strong";
  // One shouted or run-together word: PGPASSWORD, MYSQL_PWD's cousins, Django's `sessionid` cookie.
  if (parts.length === 1 && (last === "sessionid" || STRONG_SUFFIXES.some((suffix) => last.endsWith(suffix)))) return "strong";
  if (parts.length > 1 && NAME_METADATA_LAST.has(last)) return null;
  // Compound names: db_password, X-Auth-Token, stripeSecretKey, AWS_SECRET_ACCESS_KEY.
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j <= parts.length; j++) if (STRONG_NAME_WORDS.has(parts.slice(i, j).join(""))) return "strong";
  }
  if (parts.some((w) => WEAK_NAME_WORDS.has(w))) return "weak";
  if (parts.length > 1 && parts.some((w) => NUMERIC_SECRET_WORDS.has(w))) return "weak";
  return null;
}

const PATH_VALUE = /^(?:~|\.{1,2})?\/[\w./-]*$/;

function redactCredentialPair(match: string, lead: string, name: string, quote: string, sep: string, value: string): string {
  const kind = credentialName(name);
  if (!kind) return match;
  const open = /^["'`]/.test(value) ? value[0] : "";
  const close = open && value.length > 1 && value.endsWith(open) ? open : "";
  const inner = value.slice(open.length, value.length - close.length);
  const bare = open ? inner : inner.replace(/[.,;:!?)\]}]+$/, "");
  if (bare.startsWith("[REDACTED") || /^(?:Bearer|Basic|Digest|Token)$/i.test(bare)) return match;
  const phrase = /\s(?:is|was)\b/.test(sep);
  // `name=value` with nothing around the sign is configuration or a URL, not prose.
  const tight = !/\s/.test(sep);
  const lower = bare.toLowerCase();
  const words = nameWords(name);
  const numeric = words.some((w) => NUMERIC_SECRET_WORDS.has(w)) && /^\d{4,8}$/.test(bare);
  let secret: boolean;
  if (kind === "strong") {
    secret = bare.length >= 3 && !(phrase ? PROSE_VALUES : PLACEHOLDER_VALUES).has(lower) && !PATH_VALUE.test(bare);
    // A password may be a word; an API key, a cookie or a token never is ("Authorization: pending").
    const passwordLike = words.some((w) => /^(?:pass|pwd)/.test(w) || /passw(?:or)?d$/.test(w));
    if (secret && !tight && !open && !passwordLike) secret = !ORDINARY_VALUE.some((re) => re.test(bare));
  } else if (tight && !open) {
    secret = numeric || (bare.length >= 4 && !PLACEHOLDER_VALUES.has(lower) && !ORDINARY_VALUE.some((re) => re.test(bare)));
  } else {
    secret = numeric || looksLikeCredential(bare);
  }
  if (!secret) return match;
  return `${lead}${name}${quote}${sep}${open}${TAG("secret")}${close}`;
}

type Rule = { pattern: RegExp; replace: (match: string, ...groups: string[]) => string };

/** Preceding text that makes a dotted quad a version, not an address: "Version 10.2.3.4", "Chrome/120.0.0.0". */
const VERSION_BEFORE = /(?:\b(?:version|ver|v|build|release|rev|revision|firmware|fw|os|ios|android|chrome|firefox|safari|edge|node|python|java)\s*[:=#]?\s*|[A-Za-z][\w-]*\/)$/i;

/** Validates an IPv6 candidate: 8 groups, or fewer with exactly one "::"; an IPv4 tail counts as two. */
function ipv6Valid(candidate: string): boolean {
  let text = candidate.replace(/%[\w.]+$/, "");
  let groupsFromV4 = 0;
  const v4 = text.match(/:((?:\d{1,3}\.){3}\d{1,3})$/);
  if (v4) {
    if (v4[1].split(".").some((n) => Number(n) > 255)) return false;
    text = text.slice(0, text.length - v4[1].length) + "0";
    groupsFromV4 = 1;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = groups.length + groupsFromV4;
  if (halves.length === 2) return count >= 1 && count <= 7 && /[0-9A-Fa-f]/.test(text);
  return count === 8;
}

/** Order matters: structured secrets first, so later rules never see half of one. */
const RULES: Rule[] = [
  // JSON Web Tokens (header.payload.signature, base64url): the usual eyJ… form…
  { pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: () => TAG("jwt") },
  // …and any three base64url segments of token length, whatever their alphabet (JWE parts, custom headers).
  {
    pattern: /(?<![\w.+/-])[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![\w.+/-])/g,
    replace: (match) => {
      const body = match.replace(/\./g, "");
      // Domain names and dotted identifiers are words; tokens are random.
      return match.length >= 30 && charClasses(body) >= 2 && /\d/.test(body) && entropy(body) >= 4 ? TAG("jwt") : match;
    },
  },
  // Authorization schemes, when what follows looks like a credential ("basic understanding" does not).
  {
    pattern: /\b(Bearer|Basic|Token|Digest)(\s+|%20)([A-Za-z0-9\-._~+/]{6,}=*)/gi,
    replace: (match, scheme: string, _sep: string, value: string) =>
      !/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/.test(value) && (looksLikeCredential(value) || /={1,2}$/.test(value) || value.length >= 20)
        ? `${scheme} ${TAG("token")}`
        : match,
  },
  // Provider API keys: Anthropic, OpenAI-style, Stripe, AWS, GitHub, Slack, Google.
  { pattern: /\bsk-ant-[A-Za-z0-9_-]{6,}/g, replace: () => TAG("api_key") },
  { pattern: /\b(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_])?[A-Za-z0-9_-]{12,}/g, replace: () => TAG("api_key") },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => TAG("api_key") },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, replace: () => TAG("api_key") },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, replace: () => TAG("api_key") },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => TAG("api_key") },
  { pattern: /\bAIza[0-9A-Za-z_-]{30,}/g, replace: () => TAG("api_key") },
  // AWS secret access keys: 40 base64 characters. Near "aws"/"secret" any mixed value counts;
  // standalone it must be random (all of upper, lower and digits) and not a path of words.
  {
    pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    replace: (match, ...rest: unknown[]) => {
      const offset = rest[rest.length - 2] as number;
      const whole = rest[rest.length - 1] as string;
      const before = whole.slice(Math.max(0, offset - 48), offset);
      const context = /aws|secret|access[\s_-]?key/i.test(before);
      const pathLike = match.split("/").some((segment) => /^[a-z]{3,}$/.test(segment)) || /^\/|\/$|\/\//.test(match);
      if (context && charClasses(match) >= 2 && entropy(match) >= 3.5) return TAG("aws_secret");
      const classes = [/[a-z]/, /[A-Z]/, /\d/].every((re) => re.test(match));
      return classes && !pathLike && highEntropy(match, 4) ? TAG("aws_secret") : match;
    },
  },
  // Passwords written out after a colon may be passphrases: everything up to the end of the clause goes.
  {
    pattern: /(^|[^A-Za-z0-9_.-])((?:[A-Za-z][A-Za-z0-9]*[_-])?(?:password|passphrase|passwd|pass phrase))(\s*:\s+)(?!["'`[])([^\n,;|]{3,120}?)(?=\s*(?:$|\n|[,;|]|\.\s))/gi,
    replace: (match, lead: string, name: string, sep: string, value: string) => {
      const first = value.split(/\s+/)[0].toLowerCase();
      return PLACEHOLDER_VALUES.has(first) || PATH_VALUE.test(value) ? match : `${lead}${name}${sep}${TAG("secret")}`;
    },
  },
  // Credential names with a value: api_key=…, "client_secret": "…", Password: …, my password is ….
  {
    pattern:
      /(^|[^A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,60}?(?:[ ](?:key|code|token|secret))?)(["']?)(\s*(?:=>?|:)\s*|\s+(?:is|was)\s*:?\s*)("[^"\n]{1,200}"|'[^'\n]{1,200}'|(?:[^\s"',;&<>]|&(?![\w.-]+=))+)/g,
    replace: (match, lead: string, name: string, quote: string, sep: string, value: string) =>
      redactCredentialPair(match, lead, name, quote, sep, value),
  },
  // Emails, plain and URL-encoded.
  // The lookbehind starts a match only where a run of address characters starts: without it a long run
  // (a base64 blob) is rescanned from every position, quadratic in its length.
  { pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, replace: () => TAG("email") },
  // US Social Security numbers; never-issued areas (000, 666, 9xx), groups (00) and serials (0000) are not.
  { pattern: /(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])/g, replace: () => TAG("ssn") },
  {
    pattern: /\b(SSN|social security(?: number| no\.?| #)?)(\W{1,6})(\d{3}[ .]?\d{2}[ .]?\d{4})(?!\d)/gi,
    replace: (_m, label: string, sep: string) => `${label}${sep}${TAG("ssn")}`,
  },
  // Card numbers: 13–19 digits, optionally grouped by spaces or dashes, a card network's first digit, Luhn-valid.
  {
    pattern: /(?<![\w+])\d(?:[ -]?\d){12,18}(?!\w)/g,
    replace: (match) => {
      const digits = match.replace(/\D/g, "");
      return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits) ? TAG("card") : match;
    },
  },
  // IBANs (checksum-validated).
  {
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    replace: (match) => (ibanValid(match) ? TAG("iban") : match),
  },
  // IPv6 addresses, full or compressed (::1, fe80::1%eth0, ::ffff:192.0.2.1), before phones and IPv4 see their parts.
  {
    pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){1,7}(?::(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.]+)?(?![\w:]|\.\d)/g,
    // Compressed forms need a digit somewhere: "dead::beef" and "Add::" are words, not addresses.
    replace: (match) => (ipv6Valid(match) && (/\d/.test(match) || !match.includes("::")) ? TAG("ip") : match),
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
  // IPv4 addresses, unless the text says it is a version ("Version 10.2.3.4", "Chrome/120.0.0.0").
  {
    pattern: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g,
    replace: (match, ...rest: unknown[]) => {
      const offset = rest[rest.length - 2] as number;
      const whole = rest[rest.length - 1] as string;
      const before = whole.slice(Math.max(0, offset - 24), offset);
      return VERSION_BEFORE.test(before) && !/\/\/$/.test(before) ? match : TAG("ip");
    },
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
