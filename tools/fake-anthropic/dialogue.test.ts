import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAMEWORKS, listFrameworks } from "../../convex/coaching/frameworks";
import { conversationTool, GENERATION_SYSTEM_PROMPT, validateConversation } from "../../convex/studio/generation/conversation";
import { findFramework, frameworkStepsSection, templateRenderer } from "../../convex/studio/generation/prompt";
import { scoreConversation, type QualityFlag } from "../../convex/studio/quality";
import { frameworkIdFor } from "../../convex/studio/quality/verdict";
import { STARTERS } from "../../convex/studio/templates/starters";
import { dialogueShape, readSteps, writeDialogue, type Flaw } from "./dialogue";
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

describe("framework steps listed in the request", () => {
  const starter = STARTERS.find((s) => s.key === "coaching-conversation")!;
  const render = templateRenderer({ body: starter.body, variables: starter.variables });
  const shape = dialogueShape(conversationTool.input_schema, conversationTool.description)!;
  const frameworkNames = (starter.variables.find((d) => d.name === "framework") as { options: string[] }).options;
  const personas = ["first-time manager", "senior engineer", "startup founder", "nurse team lead", "sales director", "career changer"];
  const emotions = ["anxious", "frustrated", "overwhelmed", "hopeful", "stuck", "defensive"];
  const topics = ["leading the platform migration", "a difficult conversation with a peer", "the team restructure", "asking for a promotion", "missing quarterly targets"];
  const CAUGHT_BY: Record<Exclude<Flaw, "none">, QualityFlag> = { too_short: "too_short", lecturing: "lecturing", repeated_turn: "repetition", missing_step: "missing_step" };

  it("reads the steps section the app appends, and the other forms of a step list", () => {
    const text = `Write a coaching conversation about deadlines.\n\n${frameworkStepsSection(FRAMEWORKS.GROW)}`;
    const { steps, rest } = readSteps(text);
    expect(steps.map((s) => s.name)).toEqual(["Goal", "Reality", "Options", "Will"]);
    expect(steps[2]!.questions).toEqual(FRAMEWORKS.GROW.steps[2]!.questions.slice(0, 2));
    expect(steps[0]!.objective).toBe(FRAMEWORKS.GROW.steps[0]!.objective);
    expect(rest.trim()).toBe("Write a coaching conversation about deadlines.");
    expect(readSteps("Follow these steps: (Goal, Reality, Options, Will).").steps.map((s) => s.name)).toEqual(["Goal", "Reality", "Options", "Will"]);
    expect(readSteps("The steps:\nNotice → Name → Normalise → Next step").steps.map((s) => s.name)).toEqual(["Notice", "Name", "Normalise", "Next step"]);
    expect(readSteps("Steps, in order:\n- Open: agree the focus. Questions: What brings you here?; What would help?\n- Close: agree one action.\n\nBe kind.").steps).toEqual([
      { name: "Open", objective: "agree the focus.", questions: ["What brings you here?", "What would help?"] },
      { name: "Close", objective: "agree one action.", questions: [] },
    ]);
    expect(readSteps(prompt("nurse team lead", "overwhelmed", "the new rota system", "CLEAR")).steps).toEqual([]);
  });

  it("walks the listed steps in order with their own questions", () => {
    const text = `${prompt("senior engineer", "frustrated", "code reviews", "Kanban-ish", 10)}\n\nSteps, in order:\n- Notice: see what is happening. Typical questions: "What do you notice first?"\n- Name: put it in words. Typical questions: "What would you call it?"\n- Next: one action. Typical questions: "What is one thing you'll try?"`;
    for (let i = 0; i < 40; i++) {
      const { turns, flaw } = writeDialogue(shape, text, ["listed", i]);
      if (flaw !== "none") continue;
      const coach = turns.filter((t) => t.role === "coach").map((t) => t.text);
      const at = ["What do you notice first?", "What would you call it?", "What is one thing you'll try?"].map((q) => coach.findIndex((c) => c.toLowerCase().includes(q.toLowerCase())));
      expect(at.every((k) => k >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(turns.length).toBeGreaterThanOrEqual(6);
      expect(turns.length).toBeLessThanOrEqual(18);
      expect(validateConversation({ framework: "Kanban-ish", turns }).ok).toBe(true);
    }
  });

  // The offline Studio end to end, minus the network: the starter template
  // rendered by the app, written by the fake, scored by the app's scorer.
  const N = 30;
  const FLAWED = 20;
  it.each(frameworkNames)("%s: clean dialogues pass the scorer, flawed ones are caught", (name) => {
    expect(findFramework(name)).not.toBeNull();
    let clean = 0;
    let cleanPass = 0;
    let flawed = 0;
    let caught = 0;
    const problems: string[] = [];
    // Seeds in order until there are N clean and FLAWED flawed dialogues (about one in seven is flawed).
    for (let i = 0; clean < N || flawed < FLAWED; i++) {
      const values = { framework: name, persona: personas[i % personas.length]!, emotion: emotions[(i * 5) % emotions.length]!, topic: topics[i % topics.length]!, turns: 8 + 2 * (i % 5), include_setback: i % 4 === 0 };
      const rendered = render(values);
      if (!rendered.ok) throw new Error(rendered.message);
      const { turns, flaw } = writeDialogue(shape, rendered.text, ["studio", name, i]);
      expect(validateConversation({ framework: name, turns }).ok).toBe(true);
      const report = scoreConversation({
        turns: turns as Array<{ role: "client" | "coach"; text: string }>,
        frameworkId: frameworkIdFor(name),
        tier: "template",
        variables: rendered.resolved,
      });
      if (flaw === "none") {
        if (clean >= N) continue;
        clean++;
        const pass = !report.flagged && !report.flags.includes("missing_step") && !report.flags.includes("step_order");
        if (pass) cleanPass++;
        else problems.push(`${i}: ${report.overall} ${report.flags.join(",")}`);
      } else {
        if (flawed >= FLAWED) continue;
        flawed++;
        if (report.flagged || report.flags.includes(CAUGHT_BY[flaw])) caught++;
        else problems.push(`${i} (${flaw}) not caught: ${report.flags.join(",")}`);
      }
    }
    // The rates, for the record.
    console.info(`${name}: clean ${cleanPass}/${clean} pass, flawed ${caught}/${flawed} caught`);
    expect(cleanPass / clean, problems.join("\n")).toBeGreaterThanOrEqual(0.85);
    expect(caught / flawed, problems.join("\n")).toBeGreaterThanOrEqual(0.9);
  });

  it("the deliberately missing step is one of the listed ones, and the scorer finds it missing", () => {
    let seen = 0;
    for (let i = 0; seen < 12 && i < 2000; i++) {
      const framework = listFrameworks()[i % 6]!;
      const rendered = render({ framework: framework.name, persona: "sales director", emotion: "anxious", topic: "a lost account", turns: 12 });
      if (!rendered.ok) throw new Error(rendered.message);
      const { turns, flaw } = writeDialogue(shape, rendered.text, ["missing", i]);
      if (flaw !== "missing_step") continue;
      seen++;
      const report = scoreConversation({ turns: turns as Array<{ role: "client" | "coach"; text: string }>, frameworkId: framework.id, tier: "template", variables: rendered.resolved });
      expect(report.signals.stepsFound).toBe(framework.steps.length - 1);
      expect(report.flags).toContain("missing_step");
    }
    expect(seen).toBe(12);
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
