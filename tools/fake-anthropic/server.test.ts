import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropicServer } from "./server";
import { API_HEADERS, COACH_SYSTEM, expectValid, MODEL, rawStream, sdkClient, startTestServer, userTurn } from "./test-support";
import { countWords } from "./words";

let server: FakeAnthropicServer;
let client: Anthropic;

beforeAll(async () => {
  server = await startTestServer({ rpm: 0 });
  client = sdkClient(server.url);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const PLAN_TOOL = {
  name: "save_plan",
  description: "Save the user's weekly plan",
  input_schema: {
    type: "object" as const,
    properties: {
      goal: { type: "string", minLength: 5, maxLength: 60 },
      focus: { type: "string", enum: ["health", "work", "family"] },
      energy: { type: "integer", minimum: 1, maximum: 10 },
      start: { type: "string", format: "date" },
      steps: { type: "array", items: { type: "string" }, minItems: 2, maxItems: 4 },
      public: { type: "boolean" },
    },
    required: ["goal", "focus", "energy", "start", "steps"],
    additionalProperties: false,
  },
};

const MOOD_TOOL = {
  name: "log_mood",
  description: "Record how the user feels today",
  input_schema: { type: "object" as const, properties: { mood: { type: "string", enum: ["low", "ok", "good"] } }, required: ["mood"] },
};

const PLAN_TEXT = "This week is about work. My energy is 6 and I start on 2026-06-01. Write the report. Call the client.";

describe("POST /v1/messages (JSON)", () => {
  it("returns a Message in the real shape, with the request id", async () => {
    const { data, response, request_id } = await client.messages.create(userTurn("I want to get back into running.")).withResponse();
    expect(data.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
    expect(data).toMatchObject({ type: "message", role: "assistant", model: MODEL, stop_reason: "end_turn", stop_sequence: null });
    expect(data.content).toHaveLength(1);
    expect(data.content[0]).toMatchObject({ type: "text" });
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(data.usage.output_tokens).toBeGreaterThan(10);
    expect(response.headers.get("request-id")).toMatch(/^req_01/);
    expect(request_id).toBe(response.headers.get("request-id"));
    const again = await client.messages.create(userTurn("I want to get back into running."));
    expect(again._request_id).toMatch(/^req_01/);
    expect(again._request_id).not.toBe(request_id);
  });

  it("reflects the user's words and asks the step's question from the system prompt", async () => {
    const message = await client.messages.create(userTurn("I never find time to exercise after work."));
    const text = message.content[0]!.type === "text" ? message.content[0]!.text : "";
    expect(text).toMatch(/never find time to exercise after work/);
    expect(text).toMatch(/What outcome would make this week feel like a win\?$/);
    expect(countWords(text)).toBeGreaterThanOrEqual(40);
    expect(countWords(text)).toBeLessThanOrEqual(90);
  });

  it("reads the question from a system prompt given as text blocks", async () => {
    const message = await client.messages.create({
      ...userTurn("Hello"),
      system: [{ type: "text", text: "You are a coach." }, { type: "text", text: "Ask: What would you like to focus on today?" }],
    });
    expect(message.content[0]).toMatchObject({ type: "text", text: expect.stringMatching(/What would you like to focus on today\?$/) });
  });

  it("truncates at max_tokens and at stop sequences like the real API", async () => {
    const short = await client.messages.create({ ...userTurn("I feel stuck."), max_tokens: 5 });
    expect(short.stop_reason).toBe("max_tokens");
    expect(short.usage.output_tokens).toBe(5);

    const full = await client.messages.create(userTurn("I feel stuck."));
    const fullText = full.content[0]!.type === "text" ? full.content[0]!.text : "";
    const cut = await client.messages.create({ ...userTurn("I feel stuck."), stop_sequences: ["\n\n"] });
    expect(cut).toMatchObject({ stop_reason: "stop_sequence", stop_sequence: "\n\n" });
    expect(cut.content[0]).toMatchObject({ text: fullText.slice(0, fullText.indexOf("\n\n")) });
  });

  it("waits about the time the tokens would take when not streaming", async () => {
    const started = performance.now();
    await client.messages.create(userTurn("Hi"), { headers: { "x-fake-ttft-ms": "120", "x-fake-tps": "1000" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe("streaming", () => {
  it("streams text events that add up to the final message", async () => {
    const stream = client.messages.stream(userTurn("My week is chaotic and I keep missing deadlines."));
    let streamed = "";
    stream.on("text", (delta) => (streamed += delta));
    const final = await stream.finalMessage();
    const text = final.content[0]!.type === "text" ? final.content[0]!.text : "";
    expect(streamed).toBe(text);
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.output_tokens).toBeGreaterThan(10);
    expect(server.stats().streamed).toBe(1);
  });

  it("gives the same message streamed or not", async () => {
    const body = userTurn("I would like to read more books.");
    const json = await client.messages.create(body);
    const streamed = await client.messages.stream(body).finalMessage();
    expect(streamed.id).toBe(json.id);
    expect(streamed.content).toEqual(json.content);
    expect(streamed.usage.output_tokens).toBe(json.usage.output_tokens);
  });

  it("sends the real event sequence, one token per delta", async () => {
    const events = await rawStream(server.url, userTurn("Hello there."));
    const names = events.map((e) => e.event);
    expect(names.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    expect(names.slice(-4)).toEqual(["content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
    for (const e of events) expect((e.data as { type: string }).type).toBe(e.event);
    const deltas = events.filter((e) => e.event === "content_block_delta");
    const messageDelta = events.find((e) => e.event === "message_delta")!.data as { usage: { output_tokens: number }; delta: { stop_reason: string } };
    expect(deltas).toHaveLength(messageDelta.usage.output_tokens);
    expect(messageDelta.delta.stop_reason).toBe("end_turn");
  });

  it("paces the first token by ttft", async () => {
    const started = performance.now();
    let firstAt = 0;
    const stream = client.messages.stream(userTurn("Hi"), { headers: { "x-fake-ttft-ms": "150" } });
    stream.once("text", () => (firstAt = performance.now() - started));
    await stream.finalMessage();
    expect(firstAt).toBeGreaterThanOrEqual(140);
  });

  it("records per-delta write times in /__stats when asked to", async () => {
    const stream = client.messages.stream(userTurn("Hi"), { headers: { "x-fake-timestamps": "1", "x-fake-tps": "2000" } });
    const response = await stream.withResponse();
    const final = await stream.finalMessage();
    const recent = server.stats().recent;
    expect(recent).toHaveLength(1);
    expect(recent[0]).toMatchObject({ request_id: response.response.headers.get("request-id"), message_id: final.id, outcome: "complete" });
    expect(recent[0]!.deltas).toHaveLength(final.usage.output_tokens);
    const first = recent[0]!.deltas[0]!;
    expect(first.wall_ms).toBeGreaterThanOrEqual(recent[0]!.started_wall_ms);
    expect(Math.abs(first.hr_ms - first.wall_ms)).toBeLessThan(50);
  });
});

describe("tool use", () => {
  it("forced tool_choice returns only a tool_use whose input satisfies the schema", async () => {
    const message = await client.messages.create({
      ...userTurn(PLAN_TEXT),
      tools: [MOOD_TOOL, PLAN_TOOL],
      tool_choice: { type: "tool", name: "save_plan" },
    });
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toHaveLength(1);
    const block = message.content[0]!;
    if (block.type !== "tool_use") throw new Error("expected tool_use");
    expect(block.id).toMatch(/^toolu_01/);
    expect(block.name).toBe("save_plan");
    expectValid(PLAN_TOOL.input_schema, block.input);
    expect(block.input).toMatchObject({ focus: "work", energy: 6, start: "2026-06-01" });
    expect(server.stats().tool_use).toBe(1);
  });

  it("auto tool_choice writes a short text, then calls the most relevant tool", async () => {
    const message = await client.messages.create({ ...userTurn("Today I feel good, thanks."), tools: [PLAN_TOOL, MOOD_TOOL] });
    expect(message.content.map((b) => b.type)).toEqual(["text", "tool_use"]);
    expect(message.content[1]).toMatchObject({ name: "log_mood", input: { mood: "good" } });
    expect(message.stop_reason).toBe("tool_use");
  });

  it("tool_choice any calls a tool; none never does", async () => {
    const any = await client.messages.create({ ...userTurn(PLAN_TEXT), tools: [PLAN_TOOL], tool_choice: { type: "any" } });
    expect(any.content.map((b) => b.type)).toEqual(["tool_use"]);
    const none = await client.messages.create({ ...userTurn(PLAN_TEXT), tools: [PLAN_TOOL], tool_choice: { type: "none" } });
    expect(none.content.map((b) => b.type)).toEqual(["text"]);
    expect(none.stop_reason).toBe("end_turn");
  });

  it("streams tool input as input_json_delta that parses to the same input", async () => {
    const body = { ...userTurn(PLAN_TEXT), tools: [PLAN_TOOL], tool_choice: { type: "tool" as const, name: "save_plan" } };
    const json = await client.messages.create(body);
    let partial = "";
    const stream = client.messages.stream(body);
    stream.on("inputJson", (delta) => (partial += delta));
    const final = await stream.finalMessage();
    expect(final.content).toEqual(json.content);
    expect(JSON.parse(partial)).toEqual((json.content[0] as { input: unknown }).input);
  });

  it("answers a tool_result turn in words", async () => {
    const first = await client.messages.create({ ...userTurn(PLAN_TEXT), tools: [PLAN_TOOL] });
    const call = first.content.find((b) => b.type === "tool_use")!;
    if (call.type !== "tool_use") throw new Error("expected tool_use");
    const followUp = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      system: COACH_SYSTEM,
      tools: [PLAN_TOOL],
      messages: [
        { role: "user", content: PLAN_TEXT },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "saved" }] },
      ],
    });
    expect(followUp.stop_reason).toBe("end_turn");
    expect(followUp.content.map((b) => b.type)).toEqual(["text"]);
    expect(followUp.content[0]).toMatchObject({ text: expect.stringMatching(/What outcome would make this week feel like a win\?$/) });
  });
});

describe("determinism", () => {
  it("same seed and request give the same reply and ids; another seed differs", async () => {
    const twin = await startTestServer({ rpm: 0 });
    const other = await startTestServer({ rpm: 0, seed: "another" });
    try {
      const body = { ...userTurn(PLAN_TEXT), tools: [PLAN_TOOL] };
      const a = await client.messages.create(body);
      const b = await sdkClient(twin.url).messages.create(body);
      const c = await sdkClient(other.url).messages.create(body);
      expect(b).toEqual(a);
      expect(c.id).not.toBe(a.id);
    } finally {
      await twin.close();
      await other.close();
    }
  });
});

describe("request validation", () => {
  const post = (body: unknown, headers: Record<string, string> = API_HEADERS) =>
    fetch(`${server.url}/v1/messages`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

  it("requires an API key (401 authentication_error)", async () => {
    const { "x-api-key": _key, ...noKey } = API_HEADERS;
    const res = await post(userTurn("hi"), noKey);
    expect(res.status).toBe(401);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("requires anthropic-version (400 invalid_request_error)", async () => {
    const { "anthropic-version": _v, ...noVersion } = API_HEADERS;
    const res = await post(userTurn("hi"), noVersion);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("anthropic-version") } });
  });

  it.each([
    ["model", { max_tokens: 10, messages: [{ role: "user", content: "hi" }] }, "model: Field required"],
    ["max_tokens", { model: MODEL, messages: [{ role: "user", content: "hi" }] }, "max_tokens: Field required"],
    ["messages", { model: MODEL, max_tokens: 10 }, "messages: Field required"],
  ])("rejects a body without %s, as the SDK's BadRequestError", async (_field, body, message) => {
    const error = await client.messages.create(body as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).apiMessage).toBe(message);
  });

  it("rejects invalid JSON and unknown tools in tool_choice", async () => {
    expect((await post("{not json")).status).toBe(400);
    const res = await post({ ...userTurn("hi"), tools: [MOOD_TOOL], tool_choice: { type: "tool", name: "nope" } });
    expect(res.status).toBe(400);
  });

  it("accepts only the configured key when started with apiKey", async () => {
    const locked = await startTestServer({ apiKey: "sekrit" });
    try {
      const wrong = await sdkClient(locked.url).messages.create(userTurn("hi")).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(Anthropic.AuthenticationError);
      const right = new Anthropic({ apiKey: "sekrit", baseURL: locked.url, maxRetries: 0 });
      await expect(right.messages.create(userTurn("hi"))).resolves.toMatchObject({ type: "message" });
    } finally {
      await locked.close();
    }
  });
});

describe("other endpoints", () => {
  it("lists models for readiness probes", async () => {
    const page = await client.models.list();
    expect(page.data.length).toBeGreaterThan(2);
    expect(page.data.every((m) => m.type === "model" && m.id.startsWith("claude-"))).toBe(true);
    const one = await client.models.retrieve(page.data[0]!.id);
    expect(one.id).toBe(page.data[0]!.id);
  });

  it("counts tokens", async () => {
    const counted = await client.messages.countTokens({ model: MODEL, messages: [{ role: "user", content: "hello ".repeat(40) }] });
    expect(counted.input_tokens).toBeGreaterThan(40);
  });

  it("answers unknown routes with a not_found_error envelope", async () => {
    const res = await fetch(`${server.url}/v1/nothing`, { headers: API_HEADERS });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });
});

describe("scripted faults (POST /__faults)", () => {
  it("serve queued faults to the next requests in order, then behave normally", async () => {
    const fake = await startFakeAnthropic({ ttftMs: 0, tps: 5000, rpm: 0 });
    try {
      const queued = await fetch(`${fake.url}/__faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ faults: [{ kind: "413" }, { kind: "429", retryAfterS: 3 }] }),
      });
      expect(await queued.json()).toEqual({ pending: 2 });
      const client = new Anthropic({ apiKey: "k", baseURL: fake.url, maxRetries: 0 });
      const body = { model: "claude-sonnet-5-5", max_tokens: 50, messages: [{ role: "user" as const, content: "hi" }] };
      const first = await client.messages.create(body).catch((e: unknown) => e);
      expect(first).toMatchObject({ status: 413 });
      const second = await client.messages.create(body).catch((e: unknown) => e);
      expect(second).toMatchObject({ status: 429 });
      expect((second as { headers: Headers }).headers.get("retry-after")).toBe("3");
      const third = await client.messages.create(body);
      expect(third.type).toBe("message");
      expect(fake.stats().faults["413"]).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it("reject an unknown kind without queueing anything", async () => {
    const fake = await startFakeAnthropic({ rpm: 0 });
    try {
      const response = await fetch(`${fake.url}/__faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ faults: [{ kind: "500" }, { kind: "teapot" }] }),
      });
      expect(response.status).toBe(400);
      expect(await (await fetch(`${fake.url}/__faults`)).json()).toEqual({ pending: 0 });
    } finally {
      await fake.close();
    }
  });
});

describe("coaching turns with an optional extraction tool", () => {
  it("answer as the coach, then call the tool", async () => {
    const fake = await startFakeAnthropic({ ttftMs: 0, tps: 5000, rpm: 0 });
    try {
      const client = new Anthropic({ apiKey: "k", baseURL: fake.url, maxRetries: 0 });
      const message = await client.messages.create({
        model: "claude-sonnet-5-5",
        max_tokens: 400,
        system: "You are a coach.\n\nCoaching questions:\n- What would success look like for you?",
        messages: [{ role: "user", content: "I want to lead the platform migration this year." }],
        tools: [
          {
            name: "record_step_fields",
            description: "Record the user's goal",
            input_schema: { type: "object", properties: { goal: { type: "string", minLength: 3 } }, required: ["goal"] },
          },
        ],
      });
      expect(message.content.map((b) => b.type)).toEqual(["text", "tool_use"]);
      const text = message.content[0].type === "text" ? message.content[0].text : "";
      expect(text).toContain("What would success look like for you?");
      expect(text.length).toBeGreaterThan(60);
    } finally {
      await fake.close();
    }
  });
});

describe("scripted faults scoped by API key", () => {
  it("serve a key's faults only to requests with that key", async () => {
    const fake = await startFakeAnthropic({ ttftMs: 0, tps: 5000, rpm: 0 });
    try {
      await fetch(`${fake.url}/__faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiKey: "key-a", faults: [{ kind: "500" }] }),
      });
      const body = { model: "claude-sonnet-5-5", max_tokens: 20, messages: [{ role: "user" as const, content: "hi" }] };
      const b = new Anthropic({ apiKey: "key-b", baseURL: fake.url, maxRetries: 0 });
      expect((await b.messages.create(body)).type).toBe("message");
      const a = new Anthropic({ apiKey: "key-a", baseURL: fake.url, maxRetries: 0 });
      expect(await a.messages.create(body).catch((e: unknown) => e)).toMatchObject({ status: 500 });
      expect(await (await fetch(`${fake.url}/__faults`)).json()).toEqual({ pending: 0 });
    } finally {
      await fake.close();
    }
  });
});
