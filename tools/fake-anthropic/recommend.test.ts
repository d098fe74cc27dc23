import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUntrustedUserData } from "../../convex/coaching/injection";
import { RECOMMEND_TOOL, recommenderPrompt } from "../../convex/coaching/recommenderTool";
import { listFrameworks } from "../../convex/coaching/frameworks";
import { planReply } from "./reply-plan";
import type { MessagesRequest } from "./request-validation";
import type { FakeAnthropicServer } from "./server";
import { expectValid, sdkClient, startTestServer } from "./test-support";

// A forced tool with an enum, a confidence, a reason and alternatives is a
// choice: the fake reads what each value means and picks by the person's words.

const CHALLENGES: Array<[string, string]> = [
  ["GROW", "I want to run a half marathon by spring but my training has stalled and I don't know how to get there."],
  ["GROW", "My goal is to finish my professional certification by June; I know what I want but not how to plan the steps."],
  ["CLEAR", "I keep clashing with a colleague and the same argument keeps coming back; it feels really emotionally charged."],
  ["CLEAR", "My relationship with my co-founder has become difficult and I need to think it through before I act."],
  ["COMPASS", "Our department is going through a reorganisation with an ambiguous mandate and competing priorities, and there's no single right answer."],
  ["COMPASS", "We're in the middle of a digital transformation and I need to find direction in a complex, changing situation."],
  ["POWER_INTEREST_GRID", "I need buy-in from several stakeholders for a new CRM rollout; some have a lot of power but little interest, and others care a lot but have no say."],
  ["POWER_INTEREST_GRID", "Getting approval for my initiative means winning over stakeholders with power and interest across a political, matrixed organisation."],
  ["PSYCHOLOGICAL_SAFETY", "My team never speaks up in meetings and people hide mistakes because they're afraid of being blamed."],
  ["PSYCHOLOGICAL_SAFETY", "Nobody on my team disagrees openly or asks questions; they seem afraid to admit when something goes wrong."],
  ["EXECUTIVE_PRESENCE", "I have a board presentation next month and I don't come across as senior enough."],
  ["EXECUTIVE_PRESENCE", "I've just stepped up into a senior role and I feel I'm not being taken seriously in the boardroom; I need more gravitas."],
];

function recommend(challenge: string, system = recommenderPrompt(), tool: MessagesRequest["tools"] extends (infer T)[] | undefined ? T : never = RECOMMEND_TOOL as never) {
  const request = {
    model: "claude-sonnet-4-6",
    max_tokens: 400,
    system,
    messages: [{ role: "user", content: asUntrustedUserData(challenge) }],
    tools: [tool],
    tool_choice: { type: "tool", name: tool.name },
  } as unknown as MessagesRequest;
  const block = planReply(request, { seed: "42" }).blocks[0]!;
  if (block.type !== "tool_use") throw new Error("expected a tool call");
  expectValid(tool.input_schema as object, block.input);
  return block.input as { frameworkId: string; confidence: number; reason: string; alternatives: string[] };
}

describe("recommendation: the framework whose description fits, with a confidence, a reason and alternatives", () => {
  it.each(CHALLENGES)("%s for: %s", (expected, challenge) => {
    const r = recommend(challenge);
    expect(r.frameworkId).toBe(expected);
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(0.95);
    expect(r.reason).not.toContain(challenge);
    expect(r.reason).toMatch(/^You mention “/);
    expect(r.alternatives.length).toBeGreaterThanOrEqual(1);
    expect(r.alternatives.length).toBeLessThanOrEqual(2);
    expect(r.alternatives).not.toContain(expected);
    expect(new Set(r.alternatives).size).toBe(r.alternatives.length);
  });

  it("names the cues for the board-presentation case and the stakeholder case", () => {
    expect(recommend("I have a board presentation next month and I don't come across as senior enough.").reason).toMatch(/board presentation/);
    expect(recommend(CHALLENGES[6]![1]).reason).toMatch(/stakeholders/);
  });

  it("still tells the frameworks apart from their descriptions alone (no cue lists)", () => {
    const plain = `Match the challenge to a framework.\nFrameworks:\n${listFrameworks()
      .map((f) => `- ${f.id} (${f.name}): ${f.description}`)
      .join("\n")}`;
    const tool = { ...RECOMMEND_TOOL, input_schema: { ...RECOMMEND_TOOL.input_schema, properties: { ...RECOMMEND_TOOL.input_schema.properties, frameworkId: { type: "string", enum: listFrameworks().map((f) => f.id), description: "The best fit." } } } };
    for (const [expected, challenge] of CHALLENGES) expect(recommend(challenge, plain, tool as never).frameworkId).toBe(expected);
  });

  it("is less confident when nothing points anywhere, and never just echoes the challenge", () => {
    const r = recommend("Things are fine, I suppose.");
    expect(r.confidence).toBeLessThanOrEqual(0.5);
    expect(r.reason).not.toContain("Things are fine");
  });

  it("works for any schema of the same shape: oneOf descriptions and a 0-100 score", () => {
    const tool = {
      name: "route_ticket",
      input_schema: {
        type: "object",
        properties: {
          queue: {
            type: "string",
            enum: ["billing", "outage", "access"],
            oneOf: [
              { const: "billing", description: "Invoices, refunds, charges and payment cards" },
              { const: "outage", description: "The service is down, slow or returning errors" },
              { const: "access", description: "Login problems, passwords, two-factor codes and locked accounts" },
            ],
          },
          score: { type: "integer", minimum: 0, maximum: 100, description: "How sure the routing is" },
          why: { type: "string", description: "Why this queue" },
          otherQueues: { type: "array", items: { type: "string", enum: ["billing", "outage", "access"] }, description: "Other queues that might fit" },
        },
        required: ["queue", "score", "why", "otherQueues"],
      },
    };
    const request = {
      model: "m",
      max_tokens: 300,
      messages: [{ role: "user", content: "I was charged twice for my invoice and need a refund to my card." }],
      tools: [tool],
      tool_choice: { type: "tool", name: "route_ticket" },
    } as unknown as MessagesRequest;
    const block = planReply(request, { seed: "1" }).blocks[0]!;
    if (block.type !== "tool_use") throw new Error("expected a tool call");
    expectValid(tool.input_schema, block.input);
    const input = block.input as { queue: string; score: number; why: string };
    expect(input.queue).toBe("billing");
    expect(input.score).toBeGreaterThan(50);
    expect(Number.isInteger(input.score)).toBe(true);
    expect(input.why).toMatch(/refund|invoice|charged/);
  });
});

describe("through the SDK", () => {
  let server: FakeAnthropicServer;
  beforeAll(async () => {
    server = await startTestServer({ rpm: 0 });
  });
  afterAll(() => server.close());

  it("answers the app's recommender request with a forced tool call", async () => {
    const client = sdkClient(server.url);
    const message = await client.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 400,
      system: recommenderPrompt(),
      messages: [{ role: "user", content: asUntrustedUserData("My team never speaks up and hides mistakes.") }],
      tools: [RECOMMEND_TOOL as never],
      tool_choice: { type: "tool", name: RECOMMEND_TOOL.name },
    });
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: "tool_use", name: RECOMMEND_TOOL.name, input: { frameworkId: "PSYCHOLOGICAL_SAFETY" } });
  });
});
