import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { conversationTool, GENERATION_SYSTEM_PROMPT } from "../../convex/studio/generation/conversation";
import { dialogueShape, writeDialogue, type Flaw } from "./dialogue";
import { familyOf, judgingShape, parseTranscript } from "./judge";
import { planReply } from "./reply-plan";
import type { MessagesRequest } from "./request-validation";
import type { FakeAnthropicServer } from "./server";
import { API_HEADERS, expectValid, rawStream, startTestServer } from "./test-support";

// Judging mode: a forced tool whose schema is a rubric (one {score, rationale}
// object per criterion) gets scores derived from observable features of the
// conversation quoted in the prompt. A stand-in, not a judgment.

type Turn = { role: "client" | "coach"; text: string };
type Scored = Record<string, { score: number; rationale: string }>;

const criterion = (description: string, min = 1, max = 5) => ({
  type: "object",
  description,
  properties: {
    score: { type: "integer", minimum: min, maximum: max, description: `${min} = poor, ${max} = excellent.` },
    rationale: { type: "string", minLength: 1, maxLength: 400, description: "One sentence citing the turns that decided the score." },
  },
  required: ["score", "rationale"],
});

// Shaped like a typical rubric tool; the names are this test's own.
const CRITERIA = {
  frameworkFidelity: "Framework fidelity: the coach covers every step of the named framework, in order.",
  asksRatherThanTells: "Asks rather than tells: the coach mostly asks open questions and reflects, rather than advising or lecturing.",
  empathy: "Empathy: the coach notices and acknowledges the client's feelings accurately.",
  clientRealism: "Realism of the client: the client sounds like a real person with this persona, emotion and situation.",
  safety: "Safety: no medical or legal advice; any crisis or risk signal is acknowledged and referred to appropriate help.",
} as const;

const rubricTool = (criteria: Record<string, string> = CRITERIA, min = 1, max = 5) => ({
  name: "record_rating",
  description: "Record your rating of the coaching conversation, one score and rationale per criterion.",
  input_schema: {
    type: "object",
    properties: Object.fromEntries(Object.entries(criteria).map(([k, d]) => [k, criterion(d, min, max)])),
    required: Object.keys(criteria),
  },
});

const SYSTEM = "You are an expert coaching supervisor. Rate the conversation with the record_rating tool and nothing else.";

const transcriptOf = (turns: Turn[]) => turns.map((t, i) => `${i + 1}. ${t.role === "coach" ? "Coach" : "Client"}: ${t.text}`).join("\n");

function judgeRequest(userText: string, tool: ReturnType<typeof rubricTool> = rubricTool(), system = SYSTEM): MessagesRequest {
  return {
    model: "claude-sonnet-4-6",
    max_tokens: 2048,
    system,
    messages: [{ role: "user", content: userText }],
    tools: [tool],
    tool_choice: { type: "tool", name: tool.name },
  } as unknown as MessagesRequest;
}

function judge(userText: string, tool = rubricTool(), system = SYSTEM): Scored {
  const block = planReply(judgeRequest(userText, tool, system), { seed: "1" }).blocks[0]!;
  if (block.type !== "tool_use") throw new Error("expected a tool call");
  expectValid(tool.input_schema, block.input);
  return block.input as Scored;
}

const GOOD: Turn[] = [
  { role: "client", text: "I'm a new team lead and I feel overwhelmed by the weekly planning meeting." },
  { role: "coach", text: "Overwhelmed by the planning meeting: that sounds heavy. What would you like to get out of our time today?" },
  { role: "client", text: "I want to run the meeting in 30 minutes instead of 90 and leave with clear owners." },
  { role: "coach", text: "Thirty minutes with clear owners. Where are things right now, when the meeting runs long?" },
  { role: "client", text: "At the moment Priya and Tom debate every ticket and I don't stop them." },
  { role: "coach", text: "So the debate takes over. What options do you see for handling it?" },
  { role: "client", text: "I could send an agenda on Monday, timebox each item, or park debates for a follow-up." },
  { role: "coach", text: "Which of those would you commit to first, and by when?" },
  { role: "client", text: "I'll send the agenda by Friday at noon and timebox the first three items." },
  { role: "coach", text: "By Friday at noon. How confident are you, from 1 to 10, that it will happen?" },
];

describe("detecting a rubric", () => {
  it("takes objects holding a score-like number and a rationale-like string as criteria, whatever they are called", () => {
    const shape = judgingShape({
      type: "object",
      properties: {
        listening: { type: "object", properties: { rating: { type: "number", minimum: 0, maximum: 10 }, justification: { type: "string" } } },
        pace: { type: "object", properties: { points: { type: "integer" }, explanation: { type: "string" } }, description: "Rate pace from 1 to 10." },
        notes: { type: "string" },
      },
    });
    expect(shape?.criteria.map((c) => [c.name, c.scoreProperty, c.rationaleProperty, c.min, c.max])).toEqual([
      ["listening", "rating", "justification", 0, 10],
      ["pace", "points", "explanation", 1, 10],
    ]);
    expect(shape?.others.map((o) => o.name)).toEqual(["notes"]);
  });

  it("finds criteria one level down and leaves other tools alone", () => {
    const nested = judgingShape({ type: "object", properties: { scores: rubricTool().input_schema, summary: { type: "string" } } });
    expect(nested?.path).toEqual(["scores"]);
    expect(nested?.criteria).toHaveLength(5);
    expect(judgingShape(conversationTool.input_schema)).toBeNull();
    expect(judgingShape({ type: "object", properties: { goal: { type: "object", properties: { text: { type: "string" }, confidence: { type: "number" } } } } })).toBeNull();
  });

  it("maps each criterion to a feature family by its name and description", () => {
    const families = Object.entries(CRITERIA).map(([name, description]) => familyOf({ name, description }));
    expect(families).toEqual(["structure", "asking", "empathy", "realism", "safety"]);
    expect(familyOf({ name: "punctuality", description: "Whether the session starts on time." })).toBe("overall");
  });
});

describe("reading the transcript", () => {
  it("reads numbered role-labelled lines, markdown labels and continuation lines", () => {
    const turns = parseTranscript("Framework: GROW\n\nTranscript:\n1. Client: I feel stuck.\n2. **Coach:** What would help?\nLet's see.\nUser: More time.\nAssistant: How much?");
    expect(turns).toEqual([
      { role: "client", text: "I feel stuck." },
      { role: "coach", text: "What would help? Let's see." },
      { role: "client", text: "More time." },
      { role: "coach", text: "How much?" },
    ]);
  });

  it("stops a turn at a blank line or another label, so instructions after the transcript stay out", () => {
    const turns = parseTranscript("Client: I feel stuck.\nCoach: What would help?\n\nRate it now. Make sure every criterion is scored.\nNote: be fair.");
    expect(turns).toEqual([
      { role: "client", text: "I feel stuck." },
      { role: "coach", text: "What would help?" },
    ]);
  });

  it("reads <turn role> envelopes, bare role elements and JSON arrays", () => {
    const xml = '<conversation>\n<turn role="client">I &amp; my team are stuck.</turn>\n<turn role="coach">What is in the way?</turn>\n</conversation>';
    expect(parseTranscript(xml)).toEqual([
      { role: "client", text: "I & my team are stuck." },
      { role: "coach", text: "What is in the way?" },
    ]);
    expect(parseTranscript("<client>Hi.</client><coach>What brings you here?</coach>")).toHaveLength(2);
    expect(parseTranscript('Here: [{"role":"client","text":"Hi."},{"role":"coach","text":"What brings you?"}]')).toHaveLength(2);
    expect(parseTranscript("Note: nothing here.\nTopic: none.")).toEqual([]);
  });
});

describe("scores from observable features", () => {
  it("rates a clean conversation highly, with rationales that name the evidence", () => {
    const out = judge(`Framework: GROW\n\nTranscript:\n${transcriptOf(GOOD)}`);
    for (const name of Object.keys(CRITERIA)) expect(out[name]!.score).toBeGreaterThanOrEqual(4);
    expect(out.asksRatherThanTells!.rationale).toMatch(/^5 of 5 coach turns ask open questions; none gives direct advice\.$/);
    expect(out.frameworkFidelity!.rationale).toMatch(/covers all 4 steps/);
    expect(out.safety!.rationale).toMatch(/No risk signals/);
  });

  it("respects the schema's scale (0–10)", () => {
    const tool = rubricTool(CRITERIA, 0, 10);
    const good = judge(`Transcript:\n${transcriptOf(GOOD)}`, tool);
    const lecture = GOOD.map((t, i) => (i === 3 ? { ...t, text: "You should send an agenda. Make a plan, share it with the team and track it every day. Never let a meeting overrun." } : t));
    const bad = judge(`Transcript:\n${transcriptOf(lecture)}`, tool);
    for (const v of [...Object.values(good), ...Object.values(bad)]) {
      expect(v.score).toBeGreaterThanOrEqual(0);
      expect(v.score).toBeLessThanOrEqual(10);
    }
    expect(good.asksRatherThanTells!.score).toBe(10);
    expect(bad.asksRatherThanTells!.score).toBeLessThanOrEqual(3);
    expect(bad.asksRatherThanTells!.rationale).toMatch(/one lectures with direct advice \(“You should send an agenda/);
  });

  it("checks named steps in order: from the criterion's description or the prompt", () => {
    const tool = rubricTool({ ...CRITERIA, frameworkFidelity: "Covers the steps (Goal, Reality, Options, Will) in order." });
    expect(judge(`Transcript:\n${transcriptOf(GOOD)}`, tool).frameworkFidelity!.score).toBe(5);
    // Options before the goal: a step out of order.
    const swapped = [0, 5, 6, 1, 2, 3, 4, 7, 8, 9].map((i) => GOOD[i]!);
    const out = judge(`Transcript:\n${transcriptOf(swapped)}`, tool);
    expect(out.frameworkFidelity!.score).toBeLessThan(5);
    expect(out.frameworkFidelity!.rationale).toMatch(/out of order/);
    // Steps the prompt names that never come up.
    const other = judge(`The coach follows the steps: Contract, Explore, Reframe, Act.\n\nTranscript:\n${transcriptOf(GOOD)}`);
    expect(other.frameworkFidelity!.score).toBeLessThanOrEqual(2);
    expect(other.frameworkFidelity!.rationale).toMatch(/missing .*Contract|missing .*Reframe/);
  });

  it("safety: a risk signal must be referred on; medical advice lowers it", () => {
    const risky = [...GOOD.slice(0, 4), { role: "client" as const, text: "Honestly I've been having panic attacks before every meeting." }, GOOD[5]!, GOOD[6]!, GOOD[7]!];
    const ignored = judge(`Transcript:\n${transcriptOf(risky)}`);
    expect(ignored.safety!.score).toBe(1);
    expect(ignored.safety!.rationale).toMatch(/“panic attacks” and the coach never refers/);
    const referred = [...risky.slice(0, 5), { role: "coach" as const, text: "Thank you for telling me. Panic attacks matter: have you been able to speak to your GP or your EAP about them? What support do you have?" }, ...risky.slice(6)];
    expect(judge(`Transcript:\n${transcriptOf(referred)}`).safety!.score).toBe(5);
    const advice = [...GOOD.slice(0, 5), { role: "coach" as const, text: "Take some melatonin before bed, it helps. What else could you try?" }, ...GOOD.slice(6)];
    expect(judge(`Transcript:\n${transcriptOf(advice)}`).safety!.score).toBeLessThanOrEqual(3);
  });

  it("an unknown criterion gets an overall estimate; overall and summary siblings follow the criteria", () => {
    const tool = rubricTool({ ...CRITERIA, punctuality: "Whether the session keeps to time." });
    const schema = tool.input_schema as { properties: Record<string, unknown> };
    schema.properties["overall"] = { type: "number", minimum: 0, maximum: 10, description: "Overall quality." };
    schema.properties["summary"] = { type: "string", maxLength: 300 };
    const out = judge(`Transcript:\n${transcriptOf(GOOD)}`, tool) as unknown as Record<string, unknown>;
    expect((out["punctuality"] as { rationale: string }).rationale).toMatch(/^Overall estimate from observable features/);
    expect(out["overall"]).toBeGreaterThanOrEqual(8);
    expect(out["summary"]).toMatch(/^A conversation of 10 turns, 5 by the coach\. /);
  });

  it("fills a list-shaped rubric: one item per criterion named by an enum, or by the prompt's list", () => {
    const item = (label: object) => ({
      type: "object",
      properties: { criterion: label, rating: { type: "integer", minimum: 0, maximum: 10 }, reason: { type: "string" } },
      required: ["criterion", "rating", "reason"],
    });
    const enumTool = {
      name: "grade",
      description: "Grade the conversation.",
      input_schema: { type: "object", properties: { grades: { type: "array", items: item({ type: "string", enum: ["empathy", "asks_rather_than_tells", "safety"] }) } }, required: ["grades"] },
    };
    const lecture = GOOD.map((t, i) => (i === 5 ? { ...t, text: "You need to send an agenda and you should stop the debates. Make sure you timebox every item." } : t));
    const out = judge(`Transcript:\n${transcriptOf(lecture)}`, enumTool as never) as unknown as { grades: Array<{ criterion: string; rating: number; reason: string }> };
    expect(out.grades.map((g) => g.criterion)).toEqual(["empathy", "asks_rather_than_tells", "safety"]);
    expect(out.grades[1]!.rating).toBeLessThanOrEqual(3);
    expect(out.grades[1]!.reason).toMatch(/lectures with direct advice/);
    expect(out.grades[2]!.rating).toBe(10);

    const freeTool = { ...enumTool, input_schema: { ...enumTool.input_schema, properties: { grades: { type: "array", items: item({ type: "string" }) } } } };
    const system = `${SYSTEM}\nCriteria:\n- Listening: the coach reflects the client's feelings.\n- Structure: every step of the framework, in order.`;
    const free = judge(`Transcript:\n${transcriptOf(GOOD)}`, freeTool as never, system) as unknown as { grades: Array<{ criterion: string; reason: string }> };
    expect(free.grades.map((g) => g.criterion)).toEqual(["Listening", "Structure"]);
    expect(free.grades[0]!.reason).toMatch(/reflect the client's words/);
    expect(free.grades[1]!.reason).toMatch(/steps/);
  });

  it("is deterministic", () => {
    const text = `Transcript:\n${transcriptOf(GOOD)}`;
    expect(judge(text)).toEqual(judge(text));
  });
});

describe("separating the fake's own good and flawed dialogues", () => {
  const matching: Record<Exclude<Flaw, "none">, keyof typeof CRITERIA> = {
    too_short: "frameworkFidelity",
    missing_step: "frameworkFidelity",
    lecturing: "asksRatherThanTells",
    repeated_turn: "empathy",
  };

  it("flawed dialogues score lower on the matching criterion, and ≥ 90 % get a criterion ≤ 2", () => {
    const shape = dialogueShape(conversationTool.input_schema, GENERATION_SYSTEM_PROMPT)!;
    const personas = ["first-time manager", "senior engineer", "startup founder", "nurse team lead", "sales director"];
    const frameworks = ["GROW", "CLEAR", "OSKAR"];
    const byFlaw = new Map<Flaw, Scored[]>();
    for (const seed of ["a", "b", "c"]) {
      for (let i = 0; i < 100; i++) {
        const prompt = `Write a realistic coaching conversation of ${12 + (i % 4) * 2} turns between a client and a coach who follows the ${frameworks[i % 3]} framework.\n\nThe client is a ${personas[i % 5]} who feels stuck about project ${i}.`;
        const { turns, flaw } = writeDialogue(shape, prompt, [seed, i]);
        const out = judge(`Framework: ${frameworks[i % 3]}\n\nTranscript:\n${transcriptOf(turns as Turn[])}`);
        byFlaw.set(flaw, [...(byFlaw.get(flaw) ?? []), out]);
      }
    }
    const good = byFlaw.get("none")!;
    const mean = (xs: Scored[], c: string) => xs.reduce((s, x) => s + x[c]!.score, 0) / xs.length;
    let flawedCount = 0;
    let caught = 0;
    for (const [flaw, criterionName] of Object.entries(matching) as Array<[Exclude<Flaw, "none">, string]>) {
      const flawed = byFlaw.get(flaw) ?? [];
      expect(flawed.length, flaw).toBeGreaterThan(3);
      expect(mean(flawed, criterionName), `${flaw} on ${criterionName}`).toBeLessThan(mean(good, criterionName) - 1.5);
      flawedCount += flawed.length;
      caught += flawed.filter((x) => Object.values(x).some((v) => v.score <= 2)).length;
    }
    expect(caught / flawedCount).toBeGreaterThanOrEqual(0.9);
    // Good dialogues mostly clear the bar on every criterion.
    const clean = good.filter((x) => Object.values(x).every((v) => v.score >= 3)).length;
    expect(clean / good.length).toBeGreaterThanOrEqual(0.85);
  });
});

describe("over HTTP", () => {
  let server: FakeAnthropicServer;
  beforeAll(async () => {
    server = await startTestServer({ rpm: 0 });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const body = () => judgeRequest(`Framework: GROW\n\nTranscript:\n${transcriptOf(GOOD)}`);
  const post = (b: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/messages`, { method: "POST", headers: { ...API_HEADERS, ...headers }, body: JSON.stringify(b) });

  it("streams the rubric as input_json_delta events that parse to the same input", async () => {
    const events = await rawStream(server.url, body());
    const deltas = events.filter((e) => e.event === "content_block_delta").map((e) => (e.data as { delta: { type: string; partial_json?: string } }).delta);
    expect(deltas.every((d) => d.type === "input_json_delta")).toBe(true);
    const input = JSON.parse(deltas.map((d) => d.partial_json ?? "").join(""));
    expect(input).toEqual(judge(`Framework: GROW\n\nTranscript:\n${transcriptOf(GOOD)}`));
  });

  it("no_tool (scripted through /__faults) answers in words, without the tool call", async () => {
    await fetch(`${server.url}/__faults`, { method: "POST", body: JSON.stringify({ faults: [{ kind: "no_tool" }] }) });
    const res = await post(body());
    expect(res.status).toBe(200);
    const json = (await res.json()) as { content: Array<{ type: string; text?: string }>; stop_reason: string };
    expect(json.content.map((c) => c.type)).toEqual(["text"]);
    expect(json.stop_reason).toBe("end_turn");
    expect(server.stats().faults.no_tool).toBe(1);
    // The next request is served normally.
    expect(((await (await post(body())).json()) as { stop_reason: string }).stop_reason).toBe("tool_use");
  });

  it("bad_tool_input calls the tool with cut-off JSON, streamed or not", async () => {
    const res = await post(body(), { "x-fake-fault": "bad_tool_input" });
    const json = (await res.json()) as { content: Array<{ type: string; input?: unknown }>; stop_reason: string };
    expect(json.stop_reason).toBe("tool_use");
    const input = json.content[0]!.input;
    expect(typeof input).toBe("string");
    expect(() => JSON.parse(input as string)).toThrow();
    const events = await rawStream(server.url, body(), { "x-fake-fault": "bad_tool_input" });
    const partial = events
      .filter((e) => e.event === "content_block_delta")
      .map((e) => (e.data as { delta: { partial_json?: string } }).delta.partial_json ?? "")
      .join("");
    expect(partial).toBe(input);
    expect(events.some((e) => e.event === "message_stop")).toBe(true);
    expect(server.stats().faults.bad_tool_input).toBe(2);
  });
});
