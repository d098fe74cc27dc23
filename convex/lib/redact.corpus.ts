/**
 * Personal data and secrets that must never reach a log row, each with the
 * exact strings that would count as a leak. Used by redact.test.ts (pure) and
 * log.test.ts (through the logger into the `logs` table).
 */
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
