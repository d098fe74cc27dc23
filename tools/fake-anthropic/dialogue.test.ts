import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationTool, GENERATION_SYSTEM_PROMPT, validateConversation } from "../../convex/studio/generation/conversation";
import { planReply } from "./reply-plan";
import type { MessagesRequest } from "./request-validation";
import type { FakeAnthropicServer } from "./server";
import { rawStream, startTestServer } from "./test-support";

// A forced tool whose schema is a conversation gets a whole seeded dialogue.

const prompt = (persona: string, emotion: string, topic: string, framework: string, turns = 12) =>
  `Write a realistic coaching conversation of ${turns} turns between a client and a coach who follows the ${framework} framework.\n\nThe client is a ${persona} who feels ${emotion} about ${topic}. Let that feeling show.`;

const request = (text: string) =>
  ({
    model: "claude-sonnet-4-6",
    max_tokens: 8192,
    system: GENERATION_SYSTEM_PROMPT,
    messages: [{ role: "user", content: text }],
    tools: [conversationTool],
    tool_choice: { type: "tool", name: conversationTool.name },
  }) as unknown as MessagesRequest;

function write(text: string, seed = "7") {
  const block = planReply(request(text), { seed }).blocks[0]!;
  if (block.type !== "tool_use") throw new Error("expected a tool call");
  return block.input as { framework: string; turns: Array<{ role: string; text: string }> };
}

describe("conversation writing", () => {
  it("writes a valid dialogue from the prompt's persona, feeling, topic and framework", () => {
    const input = write(prompt("nurse team lead", "overwhelmed", "the new rota system", "CLEAR"));
    const check = validateConversation(input);
    expect(check.ok).toBe(true);
    expect(input.framework).toBe("CLEAR");
    expect(input.turns[0]!.role).toBe("client");
    expect(input.turns[input.turns.length - 1]!.role).toBe("coach");
    const all = input.turns.map((t) => t.text).join(" ");
    expect(all).toMatch(/overwhelmed/);
    expect(all).toMatch(/the new rota system/);
  });

  it("varies with the seed and the request, 6-18 turns, about one in seven flawed", () => {
    const personas = ["first-time manager", "senior engineer", "startup founder", "sales director", "career changer"];
    const lengths = new Set<number>();
    let flawed = 0;
    const N = 100;
    for (let i = 0; i < N; i++) {
      const input = write(prompt(personas[i % personas.length]!, "stuck", `project ${i}`, "GROW", 6 + (i % 7) * 2), String(i));
      expect(validateConversation(input).ok).toBe(true);
      lengths.add(input.turns.length);
      const coach = input.turns.filter((t) => t.role === "coach").map((t) => t.text);
      const lecturing = coach.some((t) => t.length > 200 && !t.includes("?"));
      const repeated = new Set(coach).size < coach.length;
      const short = input.turns.length < 6;
      if (lecturing || repeated || short) flawed++;
    }
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(18);
    expect(lengths.size).toBeGreaterThan(4);
    // Missing-step flaws are not visible to these checks, so the visible share sits a little under 15 %.
    expect(flawed).toBeGreaterThan(3);
    expect(flawed).toBeLessThan(25);
  });

  it("is deterministic", () => {
    const text = prompt("startup founder", "defensive", "a co-founder dispute", "COMPASS");
    expect(write(text)).toEqual(write(text));
  });
});

describe("streamed", () => {
  let server: FakeAnthropicServer;
  beforeAll(async () => {
    server = await startTestServer({ rpm: 0 });
  });
  afterAll(() => server.close());

  it("arrives as input_json_delta events that parse to the dialogue", async () => {
    const events = await rawStream(server.url, request(prompt("senior engineer", "frustrated", "code reviews", "GROW")));
    const deltas = events.filter((e) => e.event === "content_block_delta").map((e) => (e.data as { delta: { type: string; partial_json?: string } }).delta);
    expect(deltas.length).toBeGreaterThan(20);
    expect(deltas.every((d) => d.type === "input_json_delta")).toBe(true);
    const input = JSON.parse(deltas.map((d) => d.partial_json ?? "").join(""));
    expect(validateConversation(input).ok).toBe(true);
  });
});
