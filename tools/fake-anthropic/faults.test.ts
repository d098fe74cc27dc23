import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chooseFault, parseFaultList } from "./faults";
import type { FakeAnthropicServer } from "./server";
import { sdkClient, startTestServer, userTurn } from "./test-support";

let server: FakeAnthropicServer;
let client: Anthropic;

beforeAll(async () => {
  server = await startTestServer({ rpm: 0 });
  client = sdkClient(server.url);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const body = userTurn("I feel stuck with my project.");
const fault = (kind: string, extra: Record<string, string> = {}) => ({ headers: { "x-fake-fault": kind, ...extra } });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error("expected the request to fail"); }, (e: unknown) => e as Error & { status?: number; headers?: Headers });

describe("injected faults (x-fake-fault)", () => {
  it("429 surfaces as RateLimitError with the retry-after header, counted apart from the own limit", async () => {
    const error = await failure(client.messages.create(body, fault("429", { "x-fake-retry-after": "7" })));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get("retry-after")).toBe("7");
    const stats = server.stats();
    expect(stats.faults["429"]).toBe(1);
    expect(stats.rate_limited).toBe(0);
    expect(stats.by_status["429"]).toBe(1);
  });

  it("500 surfaces as InternalServerError with an api_error body", async () => {
    const error = await failure(client.messages.create(body, fault("500")));
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.status).toBe(500);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe("api_error");
  });

  it("529 surfaces as an overloaded_error with status 529", async () => {
    const error = await failure(client.messages.create(body, fault("529")));
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe("overloaded_error");
  });

  it("reset surfaces as APIConnectionError", async () => {
    const error = await failure(client.messages.create(body, fault("reset")));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(error).not.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(server.stats().faults.reset).toBe(1);
  });

  it("hang surfaces as APIConnectionTimeoutError once the client's timeout passes", async () => {
    const started = performance.now();
    const error = await failure(sdkClient(server.url, { timeout: 300 }).messages.create(body, fault("hang")));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    // Under a loaded test run the server may see the request late; wait for it.
    await expect.poll(() => server.stats().faults.hang).toBe(1);
  });

  it("malformed sends a 200 whose JSON body is cut short", async () => {
    const error = await failure(client.messages.create(body, fault("malformed")));
    expect(error).toBeInstanceOf(SyntaxError);
    const res = await fetch(`${server.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": "k", "anthropic-version": "2023-06-01", "x-fake-fault": "malformed" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it("malformed streams fail while parsing events", async () => {
    const error = await failure(client.messages.stream(body, fault("malformed")).finalMessage());
    expect(String(error.message)).toMatch(/JSON/);
  });

  it("rejects an unknown fault name with a 400", async () => {
    const error = await failure(client.messages.create(body, fault("teapot")));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe("faults mid-stream (x-fake-fault-after)", () => {
  it("reset after some tokens: text arrives, then the connection drops", async () => {
    const stream = client.messages.stream(body, fault("reset", { "x-fake-fault-after": "5" }));
    let text = "";
    stream.on("text", (t) => (text += t));
    const error = await failure(stream.finalMessage());
    expect(error).toBeInstanceOf(Error);
    expect(text.length).toBeGreaterThan(0);
    expect(server.stats().faults.reset).toBe(1);
  });

  it("529 after some tokens arrives as an SSE error event", async () => {
    const stream = client.messages.stream(body, fault("529", { "x-fake-fault-after": "3" }));
    const error = await failure(stream.finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe("overloaded_error");
  });
});

describe("random faults (faultRate / faults flags)", () => {
  it("applies the listed kinds at the given rate, reproducibly for a seed", async () => {
    const statuses = async () => {
      const s = await startTestServer({ rpm: 0, faultRate: 0.5, faults: ["500", "529"], seed: 7 });
      const c = sdkClient(s.url);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push(await c.messages.create(body).then(() => 200, (e: { status: number }) => e.status));
      const stats = s.stats();
      await s.close();
      return { out, stats };
    };
    const first = await statuses();
    const second = await statuses();
    expect(second.out).toEqual(first.out);
    expect(new Set(first.out)).toEqual(new Set([200, 500, 529]));
    expect(first.stats.faults_total).toBe(first.out.filter((s) => s !== 200).length);
  });

  it("x-fake-fault: none opts a request out", async () => {
    const s = await startTestServer({ rpm: 0, faultRate: 1, faults: ["500"] });
    try {
      await expect(sdkClient(s.url).messages.create(body, fault("none"))).resolves.toMatchObject({ type: "message" });
      await expect(sdkClient(s.url).messages.create(body)).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    } finally {
      await s.close();
    }
  });

  it("chooseFault and parseFaultList validate their input", () => {
    expect(() => parseFaultList("429,boom")).toThrow(/unknown fault "boom"/);
    expect(parseFaultList(" 429 , reset ")).toEqual(["429", "reset"]);
    expect(chooseFault({}, { rate: 0, kinds: ["500"], afterTokens: null }, "s", 0)).toBeNull();
    expect(chooseFault({ "x-fake-fault": "hang" }, { rate: 0, kinds: [], afterTokens: null }, "s", 0)).toMatchObject({ kind: "hang", source: "header" });
  });
});

describe("own requests-per-minute limit", () => {
  it("answers 429 rate_limit_error with retry-after and ratelimit headers, and counts it", async () => {
    const limited = await startTestServer({ rpm: 2 });
    try {
      const c = sdkClient(limited.url);
      const ok = await c.messages.create(body).withResponse();
      expect(ok.response.headers.get("anthropic-ratelimit-requests-limit")).toBe("2");
      expect(ok.response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("1");
      await c.messages.create(body);
      const error = await failure(c.messages.create(body));
      expect(error).toBeInstanceOf(Anthropic.RateLimitError);
      expect(Number(error.headers?.get("retry-after"))).toBeGreaterThanOrEqual(59);
      expect(error.headers?.get("anthropic-ratelimit-requests-remaining")).toBe("0");
      expect(Date.parse(error.headers?.get("anthropic-ratelimit-requests-reset") ?? "")).toBeGreaterThan(Date.now());
      const stats = limited.stats();
      expect(stats.rate_limited).toBe(1);
      expect(stats.faults_total).toBe(0);
      expect(stats.by_status).toEqual({ "200": 2, "429": 1 });
    } finally {
      await limited.close();
    }
  });

  it("admits requests again once the window slides, and the SDK's retry gets through", async () => {
    const limited = await startTestServer({ rpm: 1, windowMs: 300 });
    try {
      await sdkClient(limited.url).messages.create(body);
      // retry-after-ms tells the SDK to wait just long enough.
      const retried = await sdkClient(limited.url, { maxRetries: 2 }).messages.create(body);
      expect(retried.type).toBe("message");
      expect(limited.stats().rate_limited).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it("/__reset zeroes the counters and the window", async () => {
    const limited = await startTestServer({ rpm: 1 });
    try {
      const c = sdkClient(limited.url);
      await c.messages.create(body);
      await c.messages.create(body).catch(() => undefined);
      expect(limited.stats().rate_limited).toBe(1);
      const res = await fetch(`${limited.url}/__reset`, { method: "POST" });
      expect(res.status).toBe(200);
      const stats = (await (await fetch(`${limited.url}/__stats`)).json()) as { requests: number; rate_limited: number; by_status: object };
      expect(stats).toMatchObject({ requests: 0, rate_limited: 0, by_status: {} });
      await expect(c.messages.create(body)).resolves.toMatchObject({ type: "message" });
    } finally {
      await limited.close();
    }
  });
});

describe("close()", () => {
  it("ends hanging requests and resolves promptly", async () => {
    const s = await startTestServer();
    const pending = failure(sdkClient(s.url, { timeout: 60_000 }).messages.create(body, fault("hang")));
    const hangingStream = failure(sdkClient(s.url, { timeout: 60_000 }).messages.stream(body, fault("hang", { "x-fake-fault-after": "2" })).finalMessage());
    while (s.stats().faults.hang < 2) await new Promise((r) => setTimeout(r, 5));
    expect(s.stats().in_flight).toBe(2);
    const started = performance.now();
    await s.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(await hangingStream).toBeInstanceOf(Error);
  });
});
