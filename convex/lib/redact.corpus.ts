/**
 * Personal data and secrets that must never reach a log row, each with the
 * exact strings that would count as a leak. Used by redact.test.ts (pure) and
 * log.test.ts (through the logger into the `logs` table).
 */
import { seededRandom } from "./seededRandom";
export type CorpusCase = { name: string; input: Record<string, unknown>; leaks: string[] };

const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

export const REDACTION_CORPUS: CorpusCase[] = [
  // Emails
  { name: "plain email", input: { detail: "contact ada.lovelace@example.com today" }, leaks: ["ada.lovelace@example.com", "ada.lovelace"] },
  { name: "email with plus tag", input: { detail: "from ada+billing@example.co.uk" }, leaks: ["ada+billing@example.co.uk", "ada+billing"] },
  { name: "url-encoded email", input: { url: "https://x.test/reset?email=grace%40hopper.dev&x=1" }, leaks: ["grace%40hopper.dev", "grace"] },
  { name: "email in nested array", input: { users: [{ who: "x" }, { who: "linus@kernel.org" }] }, leaks: ["linus@kernel.org"] },
  { name: "email-named field", input: { email: "not-an-address-but-still-personal" }, leaks: ["not-an-address-but-still-personal"] },
  { name: "email as an object key", input: { perUser: { "margaret@hamilton.space": 3 } }, leaks: ["margaret@hamilton.space"] },
  { name: "email in error text", input: { error: "Validator error: user ken@thompson.io not found" }, leaks: ["ken@thompson.io"] },
  // Phones
  { name: "international phone", input: { detail: "call me on +44 20 7946 0958 please" }, leaks: ["7946 0958", "+44 20 7946 0958"] },
  { name: "north american phone, dashes", input: { detail: "my cell is 415-555-0132" }, leaks: ["415-555-0132", "555-0132"] },
  { name: "north american phone, parens", input: { detail: "office (212) 555-0188" }, leaks: ["555-0188", "(212) 555-0188"] },
  { name: "phone with dots", input: { detail: "fax 303.555.0147" }, leaks: ["303.555.0147"] },
  { name: "german mobile, no spaces", input: { detail: "Handy +4915123456789" }, leaks: ["+4915123456789", "15123456789"] },
  { name: "uk national mobile", input: { detail: "ring 07700 900123 after six" }, leaks: ["07700 900123", "900123"] },
  { name: "phone-named numeric field", input: { phone: 4155550132 }, leaks: ["4155550132"] },
  // API keys and tokens
  { name: "anthropic key", input: { detail: "key sk-ant-api03-AbCdEf0123456789_xyzXYZ-987 leaked" }, leaks: ["sk-ant-api03-AbCdEf0123456789_xyzXYZ-987", "AbCdEf0123456789"] },
  { name: "openai style key", input: { detail: "using sk-proj-4f9aQ2LmZ7xT0pR8vW3yK6nB" }, leaks: ["4f9aQ2LmZ7xT0pR8vW3yK6nB"] },
  { name: "bare sk- key", input: { detail: "sk-1234567890abcdefghijKLMN" }, leaks: ["1234567890abcdefghijKLMN"] },
  { name: "stripe live key", input: { detail: "sk_live_51HqLyjWDarjtT1zdp7dcXyz" }, leaks: ["51HqLyjWDarjtT1zdp7dcXyz"] },
  { name: "aws access key id", input: { detail: "AKIAIOSFODNN7EXAMPLE in env" }, leaks: ["AKIAIOSFODNN7EXAMPLE"] },
  { name: "github token", input: { detail: "ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8" }, leaks: ["ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8"] },
  { name: "slack token", input: { detail: "xoxb-123456789012-abcdefghijkl" }, leaks: ["xoxb-123456789012-abcdefghijkl", "abcdefghijkl"] },
  { name: "bearer header in text", input: { headers: "Authorization: Bearer abc.DEF-123_456~ghi/JKL=" }, leaks: ["abc.DEF-123_456~ghi/JKL="] },
  { name: "bearer lower-case", input: { detail: "sent bearer 9f8e7d6c5b4a3f2e1d0c" }, leaks: ["9f8e7d6c5b4a3f2e1d0c"] },
  { name: "authorization field", input: { authorization: "Basic dXNlcjpwYXNzd29yZA==" }, leaks: ["dXNlcjpwYXNzd29yZA=="] },
  { name: "x-api-key field", input: { "x-api-key": "a-very-private-value-42" }, leaks: ["a-very-private-value-42"] },
  { name: "apiKey camelCase field", input: { config: { apiKey: "plain-text-key-77" } }, leaks: ["plain-text-key-77"] },
  { name: "password field", input: { password: "correct horse 1" }, leaks: ["correct horse 1"] },
  { name: "password in query string", input: { url: "https://db.test/?user=admin&password=hunter2hunter2" }, leaks: ["hunter2hunter2"] },
  { name: "api_key=value in text", input: { detail: "retry with api_key=zzTOPsecret999 now" }, leaks: ["zzTOPsecret999"] },
  { name: "secret in json text", input: { detail: '{"client_secret": "cs_0987654321abcdef"}' }, leaks: ["cs_0987654321abcdef"] },
  { name: "cookie field", input: { cookie: "session=abcdef123456; theme=dark" }, leaks: ["abcdef123456"] },
  { name: "refresh token field", input: { refreshToken: "rt-55555-66666-77777" }, leaks: ["rt-55555-66666-77777"] },
  // JWTs
  { name: "jwt in text", input: { detail: `token was ${JWT}` }, leaks: [JWT, JWT.split(".")[1]] },
  { name: "jwt alone in a list", input: { tokensSeen: [JWT] }, leaks: [JWT.split(".")[2]] },
  // Cards
  { name: "visa with spaces", input: { detail: "card 4111 1111 1111 1111 exp 12/29" }, leaks: ["4111 1111 1111 1111", "1111 1111 1111"] },
  { name: "mastercard with dashes", input: { detail: "5555-5555-5555-4444" }, leaks: ["5555-5555-5555-4444"] },
  { name: "amex no separators", input: { detail: "amex 378282246310005" }, leaks: ["378282246310005"] },
  { name: "two cards in one line", input: { detail: "pan 6011000990139424 and 4000056655665556" }, leaks: ["6011000990139424", "4000056655665556"] },
  { name: "19-digit card", input: { detail: "unionpay 6221 2600 0000 0000 001 declined" }, leaks: ["6221 2600 0000 0000 001", "2600 0000 0000"] },
  { name: "card-named numeric field", input: { cardNumber: 4242424242424242 }, leaks: ["4242424242424242"] },
  // IBAN and IP
  { name: "iban", input: { detail: "pay to GB82 WEST 1234 5698 7654 32" }, leaks: ["GB82 WEST 1234 5698 7654 32", "5698 7654"] },
  { name: "ipv4", input: { detail: "request from 203.0.113.195" }, leaks: ["203.0.113.195"] },
  // Message bodies
  { name: "user message text", input: { text: "My manager Priya keeps undermining me in meetings" }, leaks: ["Priya", "undermining"] },
  { name: "content blocks", input: { content: [{ type: "text", text: "I feel burned out at Acme Corp" }] }, leaks: ["burned out", "Acme Corp"] },
  { name: "prompt field", input: { prompt: "You are coaching Jordan about the layoff" }, leaks: ["Jordan", "layoff"] },
  { name: "message body nested deep", input: { event: { data: { body: "secret diary entry" } } }, leaks: ["secret diary entry"] },
  { name: "challenge field", input: { challenge: "I was promoted over my friend Sam" }, leaks: ["friend Sam"] },
  { name: "llm params", input: { params: { system: "coach", messages: [{ role: "user", content: "divorce is distracting me" }] } }, leaks: ["divorce"] },
  { name: "tool input", input: { toolUses: [{ id: "t1", input: { goal: "quit without telling Dana" } }] }, leaks: ["Dana", "quit without"] },
  { name: "errorMessage keeps text but loses the email", input: { errorMessage: "could not notify lee@corp.example" }, leaks: ["lee@corp.example"] },
  { name: "person name field", input: { fullName: "Grace Brewster Hopper" }, leaks: ["Grace Brewster Hopper"] },
  // Mixed
  {
    name: "kitchen sink",
    input: {
      detail: "ada@example.com +1 (415) 555-0199 sk-ant-xyzxyzxyzxyz1234 4111-1111-1111-1111",
      nested: [[["deep", { email: "deep@example.com" }]]],
    },
    leaks: ["ada@example.com", "555-0199", "xyzxyzxyzxyz1234", "4111-1111-1111-1111", "deep@example.com"],
  },
];

/** Values that must come through unchanged: redaction must not eat what makes logs useful. */
export const KEEP_CORPUS: { name: string; input: Record<string, unknown> }[] = [
  { name: "ids and counts", input: { sessionId: "k57b9x0aq3v4m2n1p8r6s5t4w3y2z1", messageId: "jd7f3k9s2", inputTokens: 812, outputTokens: 90, costMicros: 4210 } },
  { name: "trace id and model", input: { traceId: "tr_m3k9x2a1b2c3d4e5", model: "claude-sonnet-5-5", purpose: "coaching" } },
  { name: "timestamps as numbers", input: { at: 1763812345678, latencyMs: 1234.5 } },
  { name: "dates and versions", input: { day: "2026-11-22", hour: "2026-11-22T13", version: "0.1.0" } },
  { name: "error classes", input: { errorClass: "rate_limited", status: 429, retryInMs: 1500, stopped: false } },
  { name: "short order number", input: { detail: "order 12345 shipped in 3 boxes" } },
];

// ---------------------------------------------------------------- free-text corpus

/**
 * One line of free text as it might reach a log: `secrets` are the exact
 * substrings that must not survive redaction; an empty list marks an
 * innocent look-alike that must come out unchanged. redact.test.ts measures
 * recall over the first kind and the false-positive rate over the second.
 */
export type TextCase = { kind: string; text: string; secrets: string[] };

// The corpus is generated, but the same every run.
const random = seededRandom(20261129);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const B64URL = LOWER + UPPER + DIGITS + "-_";
const B64 = LOWER + UPPER + DIGITS + "+/";

/** A random string over `alphabet` holding at least one character of each `required` set. */
function randomString(length: number, alphabet: string, required: string[] = []): string {
  const chars = Array.from({ length }, () => pick(alphabet.split("")));
  required.forEach((set, i) => {
    chars[(i * 7 + 3) % length] = pick(set.split(""));
  });
  return chars.join("");
}
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
/** A credential-shaped value: mixed case and digits, sometimes a symbol. */
const credential = (min = 10, max = 32) => randomString(between(min, max), LOWER + UPPER + DIGITS + "_-", [LOWER, UPPER, DIGITS]);

function jwtLike(): string {
  // Not starting with eyJ: encrypted, custom or re-encoded tokens the old rule missed.
  let header = randomString(between(16, 40), B64URL, [LOWER, UPPER, DIGITS]);
  if (header.startsWith("eyJ")) header = `x${header}`;
  return `${header}.${randomString(between(30, 120), B64URL, [LOWER, UPPER, DIGITS])}.${randomString(between(22, 86), B64URL, [LOWER, UPPER, DIGITS])}`;
}

function luhnComplete(prefix: string, length: number): string {
  let digits = prefix;
  while (digits.length < length - 1) digits += String(between(0, 9));
  for (let check = 0; check <= 9; check++) {
    const candidate = digits + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable");
}

function ssn(): string {
  let area = between(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, "0")}-${String(between(1, 99)).padStart(2, "0")}-${String(between(1, 9999)).padStart(4, "0")}`;
}

function ipv6(): string {
  const group = () => between(0, 0xffff).toString(16);
  const full = Array.from({ length: 8 }, group);
  switch (between(0, 4)) {
    case 0:
      return full.join(":");
    case 1:
      return full.map((g) => g.padStart(4, "0")).join(":");
    case 2:
      return `${full.slice(0, 3).join(":")}::${full.slice(6).join(":")}`;
    case 3:
      return `fe80::${full.slice(4).join(":")}`;
    default:
      return `2001:db8::${group()}`;
  }
}

const awsSecret = () => randomString(40, B64, [LOWER, UPPER, DIGITS, "+/"]);

const secretCases: TextCase[] = [];
const add = (kind: string, text: string, ...secrets: string[]) => secretCases.push({ kind, text, secrets });

// JWT-shaped tokens in any base64url alphabet, in the places they turn up.
const jwtPlaces = [
  (t: string) => `jwt=${t}`,
  (t: string) => `token=${t}&next=/home`,
  (t: string) => `id_token: ${t}`,
  (t: string) => `Authorization: Bearer ${t}`,
  (t: string) => `refreshing session with ${t} now`,
  (t: string) => t,
  (t: string) => `x-jwt-assertion: ${t}`,
  (t: string) => `GET /callback?access_token=${t}&state=abc`,
  (t: string) => `{"jwt":"${t}"}`,
  (t: string) => `cookie auth=${t}; Path=/`,
];
for (let i = 0; i < 50; i++) {
  const token = jwtLike();
  const [header, payload, signature] = token.split(".");
  add("jwt", jwtPlaces[i % jwtPlaces.length](token), payload, signature, header);
}
for (let i = 0; i < 5; i++) {
  const token = `eyJ${randomString(30, B64URL, [LOWER, UPPER, DIGITS])}.eyJ${randomString(60, B64URL, [LOWER, UPPER, DIGITS])}.${randomString(43, B64URL, [LOWER, UPPER, DIGITS])}`;
  add("jwt", `token was ${token}`, token.split(".")[1], token.split(".")[2]);
}

// name=value and name: value, under every name that means a credential.
const credentialNames = [
  "password", "passwd", "pwd", "api_key", "apiKey", "x-api-key", "access_key", "private_key", "secret", "client_secret",
  "token", "access_token", "refresh_token", "auth_token", "session", "sid", "auth", "cookie", "key", "jwt", "DB_PASSWORD",
  "STRIPE_SECRET_KEY", "X-Auth-Token", "github_token", "webhookSecret", "session_token", "csrf_token", "PGPASSWORD",
  "SECRET_KEY_BASE", "JSESSIONID", "connect.sid", "signing_key", "encryption_key", "app_secret", "passphrase",
];
const separators = ["=", ": ", ":", " = ", '": "', "='"];
for (let i = 0; i < credentialNames.length * 2; i++) {
  const name = credentialNames[i % credentialNames.length];
  const sep = separators[(i * 5) % separators.length];
  const value = credential();
  const text =
    sep === '": "' ? `{"${name}": "${value}", "ok": true}` : sep === "='" ? `${name}='${value}' exported` : `config ${name}${sep}${value} loaded`;
  add("name=value", text, value);
}

// Credentials in prose.
const phrases = [
  (v: string) => `my password is ${v}`,
  (v: string) => `My password is ${v} please keep it`,
  (v: string) => `the password was ${v} before the reset`,
  (v: string) => `her passcode is ${v}`,
  (v: string) => `our api key is ${v}`,
  (v: string) => `the secret key is ${v}`,
  (v: string) => `the access token is ${v}`,
  (v: string) => `Password: ${v}`,
  (v: string) => `password: ${v}, username: ada`,
  (v: string) => `my pwd is ${v}`,
];
for (let i = 0; i < 30; i++) {
  const value = i % 3 === 0 ? pick(["hunter2", "letmein42", "Summer2026!", "P@ssw0rd", "tr0ub4dor&3", "qwerty123"]) + String(i) : credential(8, 16);
  add("prose", phrases[i % phrases.length](value), value);
}
add("prose", "my password is hunter2", "hunter2");
add("prose", "Password: correct horse battery staple", "correct horse battery staple", "horse battery staple");
add("prose", "passphrase: purple monkey dishwasher 7", "purple monkey dishwasher");
for (const pin of ["4821", "0915", "123456", "7730", "551203", "88124"]) {
  add("prose", pick([`my pin is ${pin}`, `PIN: ${pin}`, `the pin code is ${pin}`, `your verification code is ${pin}`, `otp=${pin}`, `mfa code: ${pin}`]), pin);
}

// US Social Security numbers.
for (let i = 0; i < 20; i++) {
  const number = ssn();
  add("ssn", pick([`SSN ${number}`, `ssn: ${number} on file`, `social security number ${number}`, `applicant ${number} verified`, `${number}`]), number);
}
add("ssn", "SSN 123 45 6789 (spaces)", "123 45 6789");
add("ssn", "social security no. 078051120", "078051120");

// IPv6 addresses, full and compressed.
for (let i = 0; i < 20; i++) {
  const address = ipv6();
  add("ipv6", pick([`request from ${address}`, `client=${address}`, `[${address}]:8443 refused`, `peer ${address}.`, `${address}`]), address);
}
add("ipv6", "bound to ::1 only", "::1");
add("ipv6", "connect from ::ffff:192.0.2.33 dropped", "::ffff:192.0.2.33", "192.0.2.33");
add("ipv6", "link-local fe80::1ff:fe23:4567:890a%eth0 up", "fe80::1ff:fe23:4567:890a");
add("ipv6", "GET http://[2001:db8:85a3::8a2e:370:7334]:80/ ok", "2001:db8:85a3::8a2e:370:7334");
add("ipv6", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334");

// AWS secret access keys: near their name, and standalone.
for (let i = 0; i < 12; i++) {
  const key = awsSecret();
  add("aws", pick([`aws_secret_access_key = ${key}`, `AWS_SECRET_ACCESS_KEY=${key}`, `aws secret ${key}`, `secret access key: ${key}`]), key);
}
for (let i = 0; i < 10; i++) {
  const key = awsSecret();
  add("aws", pick([`found ${key} in the env dump`, `creds ${key}`, `${key}`]), key);
}
add("aws", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
for (let i = 0; i < 4; i++) {
  // 40 alphanumerics without / or +: only the context gives them away.
  const key = randomString(40, LOWER + UPPER + DIGITS, [LOWER, UPPER, DIGITS]);
  add("aws", `aws_secret_access_key: ${key}`, key);
}

// The kinds the logger always caught, so they stay caught.
for (let i = 0; i < 8; i++) {
  const user = randomString(between(4, 10), LOWER, [LOWER]);
  const email = `${user}.${pick(["smith", "ng", "okafor"])}@${pick(["example.com", "corp.example.co.uk", "mail.test"])}`;
  add("email", pick([`contact ${email}`, `reply-to: <${email}>`, `user ${email} signed in`]), email);
}
for (const phone of ["+44 20 7946 0958", "415-555-0132", "(212) 555-0188", "+49 151 23456789", "07700 900123", "+1 415 555 0199"]) {
  add("phone", `call ${phone} after six`, phone);
}
for (let i = 0; i < 8; i++) {
  const card = luhnComplete(pick(["4", "51", "37", "6011", "22"]), pick([16, 16, 15, 19]));
  add("card", `card ${card} declined`, card);
}
add("iban", "pay to GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32");
add("iban", "IBAN DE89370400440532013000 confirmed", "DE89370400440532013000");
for (const ip of ["203.0.113.195", "10.0.0.12", "192.168.1.254", "8.8.8.8"]) add("ipv4", `request from ${ip} blocked`, ip);
add("ipv4", "proxy http://10.2.3.4:3128/ used", "10.2.3.4");
for (let i = 0; i < 6; i++) {
  const key = pick(["sk-ant-api03-", "sk-proj-", "sk_live_", "ghp_", "xoxb-1234567890-", "AIza"]) + randomString(36, LOWER + UPPER + DIGITS, [LOWER, UPPER, DIGITS]);
  add("api_key", `using ${key} for requests`, key);
}
add("api_key", "AKIAIOSFODNN7EXAMPLE in env", "AKIAIOSFODNN7EXAMPLE");
add("bearer", "sent bearer 9f8e7d6c5b4a3f2e1d0c", "9f8e7d6c5b4a3f2e1d0c");
add("bearer", "Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==");
add("bearer", "Proxy-Authorization: Digest c2VjcmV0OnZhbHVlMTIz", "c2VjcmV0OnZhbHVlMTIz");

/** Text that looks a little like a secret and is not one: redaction must leave it alone. */
const innocentTexts: string[] = [
  // The words themselves.
  "token collection finished for 42 documents",
  "the token collection is ready",
  "Token usage: 812 input, 90 output",
  "Token bucket refilled",
  "basic understanding of delegation",
  "Basic plan users get 5 sessions",
  "digest emails go out on Monday",
  "Digest of this week's sessions",
  "Bearer of bad news again, sorry",
  "my secret hope is to lead the team",
  "My secret: nobody knows I'm scared",
  "secret: I want to quit without telling anyone",
  "Secret sauce: listening more than talking",
  "The secret is consistency",
  "My secret is that I never prepared",
  "the key is to ask open questions",
  "Key: Value pairs are shown below",
  "key takeaway: delegate the report",
  "Key insight: people want clarity",
  "primary key: id",
  "token: expired",
  "token is invalid",
  "the token was expired",
  "session: morning check-in",
  "Session 3 of 5 completed",
  "session ended after 12 minutes",
  "auth: ok",
  "Auth provider: password",
  "password is incorrect",
  "The password is case-sensitive",
  "Your password was changed",
  "password: required",
  "Password: must be at least 12 characters",
  "password reset requested",
  "passwordReset: true",
  "forgot password? click the link",
  "pwd: /home/ada/projects",
  "cookie consent given",
  "Cookies: none",
  "signature: pending",
  "pin the message to the top",
  "PIN reset requested by the user",
  "hidden key: none",
  "inputTokens: 812, outputTokens: 90",
  "max_tokens=200 temperature=0.7",
  "tokenCount=1500",
  "keyboard: qwerty layout",
  "monkey: banana",
  "keynote at 10:30",
  "apiKeyName: production",
  "session_id=jd7f3k9s2 step=goal",
  "sessionId k57b9x0aq3v4m2n1p8r6s5t4w3y2z1 resumed",
  // Versions.
  "Version 10.2.3.4",
  "Version 10.2.3.4 released today",
  "version: 1.2.3.4",
  "upgraded to v10.2.3.4",
  "build 4.1.0.12 deployed",
  "release 2.0.0.1 notes",
  "firmware 3.10.4.2 installed",
  "Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36",
  "node 20.11.1, npm 10.2.4",
  "version 0.1.0",
  "app v2.10.0-beta.1 ready",
  "python 3.12.1",
  "OID 1.3.6.1.4.1.311",
  // Prices and order numbers.
  "price $1,299.99",
  "total €12.50 incl. VAT",
  "£1,000,000 budget",
  "order 12345 shipped in 3 boxes",
  "order #123456 confirmed",
  "Order ID: A12-3456",
  "invoice INV-2026-0042 paid",
  "ticket 1234-5678 opened",
  "ref 2026-11-22-001",
  "SKU 400-12-3",
  // Dates and times.
  "2026-11-22",
  "2026-11-22T13:45:00Z",
  "meeting at 12:30:45",
  "from 10:00-11:00 on Tuesday",
  "22/11/2026 at 9:30am",
  "11/22/2026",
  "timestamp 1763812345678",
  "at=1763812345678 latencyMs=1234.5",
  "duration 00:45:12",
  "Mon, 22 Nov 2026 13:45:00 GMT",
  "ratio 3:2",
  "score 4:1 at halftime",
  // Numbers that are not SSNs, cards or phones.
  "000-12-3456",
  "666-12-3456",
  "912-34-5678",
  "123-00-4567",
  "123-45-0000",
  "4111 1111 1111 1112",
  "1234567890123",
  "order 1234567890123456",
  "12 people attended",
  "3 of 5 steps",
  "error code 500",
  "status code: 404",
  "HTTP 429 after 3 retries",
  "retry in 1500 ms",
  "port 8080",
  "localhost:3000",
  "127 tasks",
  // Colon-rich things that are not IPv6.
  "std::vector<int>",
  "Foo::Bar::baz()",
  "crate::config::load",
  "Note:: read this",
  "a:b:c",
  "12:30",
  "10:20:30:40",
  "the ratio was 16:9",
  "MAC 00:1A:2B:3C:4D:5E",
  // Hashes, ids and names that are not secret keys.
  "commit 3f2a9c1e5b7d8f0a1c2e3b4d5f6a7b8c9d0e1f2a",
  "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
  "trace tr_m3k9x2a1b2c3d4e5",
  "requestId jd7f3k9s2xq",
  "model claude-sonnet-4-5",
  "uuid 123e4567-e89b-12d3-a456-426614174000",
  "file src/features/coaching/components/Chat.tsx",
  "path users/projects/files/archive/reports",
  "GET /api/v2/Users/Jdoe123/Projects/Alpha9/files",
  "www.example.com",
  "docs.convex.dev/functions/actions",
  "com.example.coaching.MainActivity",
  "config.local.json",
  "frameworks.grow.reality",
  "stepOne.stepTwo.stepThree",
  "en-US",
  "UTF-8",
  "ISO-8601",
  "COVID-19 policy",
  "Q3 OKRs: ship the coach",
  "GROW model: Goal, Reality, Options, Will",
  "I feel burned out at work",
  "My manager keeps undermining me",
  "I want to get better at delegating",
  "Let's talk about your goal for this session",
  "What would success look like in 3 months?",
  "The team missed 2 deadlines in November",
  "Sam said: keep it simple",
  "Note: this is a draft",
  "Reminder: 1:1 at 3pm",
  "Status: done",
  "Result: 4/5 criteria met",
  "Score: 8.5",
  "Temperature = 0.7",
  "retries=3 backoffMs=250",
  "breaker=closed queued=0 running=1",
  "key=chat limit=20 windowMs=60000",
  "limit: 20 per minute",
  "window: 60 s",
  "source: coaching",
  "purpose=coaching priority=interactive",
  // Code that reaches a log in a stack or a snippet.
  "const key = input.variationKey;",
  "const sig = stockSignature(phrase);",
  "const key = word.toLowerCase().replace(/x/g, \"'\");",
  "if (token === undefined) return;",
  "headers.authorization ?? null",
  // Credential words followed by prose.
  "Authorization: pending review",
  "API key: rotated yesterday",
  "Credentials: expired",
  "JWT: see the docs",
  "the password is strong enough",
  "Token: 812 in, 90 out",
  "the session was great",
  "session is 45 minutes",
  "the secret is out",
  "Key is 2026-11-22",
  "Secret Santa: Bob2",
  "dead::beef",
  "Add:: more items",
  "Cafe::Bad",
];

export const TEXT_CORPUS: TextCase[] = [...secretCases, ...innocentTexts.map((text) => ({ kind: "innocent", text, secrets: [] }))];
