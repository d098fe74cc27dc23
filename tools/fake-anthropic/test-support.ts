import Anthropic from "@anthropic-ai/sdk";
import Ajv2020 from "ajv/dist/2020";
import { startFakeAnthropic, type FakeAnthropicOptions, type FakeAnthropicServer } from "./server";

// Shared by the *.test.ts files: a fast server, an SDK client, a schema checker.

export const MODEL = "claude-sonnet-4-6";

export const COACH_SYSTEM = [
  "You are Framewise, a patient coach helping the user plan their week.",
  "Keep replies short and warm.",
  "",
  "Coaching questions:",
  "- Keep it gentle.",
  "- What outcome would make this week feel like a win?",
  "- What might get in the way?",
].join("\n");

/** Fast pacing so tests take milliseconds; callers override what they test. */
export function startTestServer(options: FakeAnthropicOptions = {}): Promise<FakeAnthropicServer> {
  return startFakeAnthropic({ ttftMs: 2, tps: 20_000, ...options });
}

export function sdkClient(url: string, options: { timeout?: number; maxRetries?: number } = {}): Anthropic {
  // Logging off: fault tests provoke parse errors the SDK would print.
  return new Anthropic({ apiKey: "test", baseURL: url, maxRetries: options.maxRetries ?? 0, timeout: options.timeout ?? 10_000, logLevel: "off" });
}

export function userTurn(text: string, system = COACH_SYSTEM) {
  return { model: MODEL, max_tokens: 1024, system, messages: [{ role: "user" as const, content: text }] };
}

export const API_HEADERS = { "x-api-key": "test", "anthropic-version": "2023-06-01", "content-type": "application/json" };

export interface RawEvent {
  event: string;
  data: unknown;
}

/** POSTs to /v1/messages and splits the SSE reply into events, without the SDK in between. */
export async function rawStream(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawEvent[]> {
  const res = await fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: { ...API_HEADERS, ...headers },
    body: JSON.stringify({ ...(body as object), stream: true }),
  });
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? "";
      const data = /^data: (.*)$/m.exec(chunk)?.[1] ?? "null";
      return { event, data: JSON.parse(data) };
    });
}

function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A JSON Schema (2020-12) validator with the string formats tools commonly use. */
export function schemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat("date", { type: "string", validate: isRealDate });
  ajv.addFormat("date-time", {
    type: "string",
    validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && isRealDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)),
  });
  ajv.addFormat("time", /^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:\/\/\S+$/i);
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv;
}

/** Asserts `value` matches `schema`, failing with Ajv's own explanation. */
export function expectValid(schema: object, value: unknown): void {
  const validate = schemaValidator().compile(schema);
  if (!validate(value)) {
    throw new Error(`input does not match schema: ${JSON.stringify(validate.errors)}\ninput: ${JSON.stringify(value)}`);
  }
}
