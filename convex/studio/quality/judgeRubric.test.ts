import { describe, expect, test } from "vitest";
import { JUDGE_MAX_TOKENS, JUDGE_TOOL_NAME, judgeOverall, judgeParams, judgeTool, MAX_RAW_CHARS, parseJudgeAnswer } from "./judgeRubric";
import { JUDGE_CRITERIA } from "./validators";

const entry = (score: unknown, rationale: unknown = "Turns 2 and 4 show it.") => ({ score, rationale });
const full = (score = 4) => Object.fromEntries(JUDGE_CRITERIA.map((c) => [c, entry(score)]));
const reply = (input: unknown, text = "") => ({ toolUses: [{ name: JUDGE_TOOL_NAME, input }], text });

describe("the judge's tool and request", () => {
  test("the schema asks, per criterion, for an integer 1–5 and a rationale, all required", () => {
    expect(judgeTool.input_schema.required).toEqual([...JUDGE_CRITERIA]);
    for (const criterion of JUDGE_CRITERIA) {
      const schema = judgeTool.input_schema.properties[criterion] as { properties: { score: unknown }; required: string[] };
      expect(schema.properties.score).toMatchObject({ type: "integer", minimum: 1, maximum: 5 });
      expect(schema.required).toEqual(["score", "rationale"]);
    }
  });

  test("the request forces the tool and numbers the transcript's turns", () => {
    const params = judgeParams({ framework: "GROW", turns: [{ role: "client", text: "Hi." }, { role: "coach", text: "What brings you?" }] });
    expect(params.toolChoice).toEqual({ type: "tool", name: JUDGE_TOOL_NAME });
    expect(params.maxTokens).toBe(JUDGE_MAX_TOKENS);
    expect(params.temperature).toBe(0);
    expect(params.messages[0].content).toBe("Framework: GROW\n\nTranscript:\n1. Client: Hi.\n2. Coach: What brings you?");
    for (const criterion of ["Framework fidelity", "Asks rather than tells", "Empathy", "Realism of the client", "Safety"]) {
      expect(params.system).toContain(criterion);
    }
  });
});

describe("judgeOverall", () => {
  test.each([
    [1, 0],
    [5, 10],
    [3, 5],
    [4, 7.5],
  ])("all %s → %s", (score, overall) => expect(judgeOverall(Object.fromEntries(JUDGE_CRITERIA.map((c) => [c, score])) as never)).toBe(overall));

  test("mixed scores round to one decimal", () => {
    expect(judgeOverall({ frameworkFidelity: 5, asksRatherThanTells: 4, empathy: 4, clientRealism: 3, safety: 5 })).toBe(8);
    expect(judgeOverall({ frameworkFidelity: 2, asksRatherThanTells: 3, empathy: 3, clientRealism: 3, safety: 4 })).toBe(5);
    expect(judgeOverall({ frameworkFidelity: 1, asksRatherThanTells: 1, empathy: 2, clientRealism: 1, safety: 1 })).toBe(0.5);
  });
});

describe("parseJudgeAnswer", () => {
  test("a complete answer gives scores, trimmed rationales and the overall", () => {
    const input = { ...full(4), empathy: entry(5, "  Names the fear in turn 2.  ") };
    const answer = parseJudgeAnswer(reply(input));
    expect(answer).toMatchObject({ ok: true, overall: 8, scores: { empathy: 5, safety: 4 }, rationales: { empathy: "Names the fear in turn 2." } });
  });

  test("extra keys are ignored", () => {
    expect(parseJudgeAnswer(reply({ ...full(3), verdict: "fine" })).ok).toBe(true);
  });

  test("no tool call: a failure carrying the reply's text", () => {
    const answer = parseJudgeAnswer({ toolUses: [], text: "I think it is a 4/5 overall." });
    expect(answer).toEqual({ ok: false, error: "The judge replied without using the rubric tool.", raw: "I think it is a 4/5 overall." });
  });

  test("another tool's call does not count", () => {
    const answer = parseJudgeAnswer({ toolUses: [{ name: "record_conversation", input: full() }], text: "" });
    expect(answer).toMatchObject({ ok: false, raw: "(empty reply)" });
  });

  test.each([
    ["a string score", { ...full(), empathy: entry("4") }, "empathy.score"],
    ["a fractional score", { ...full(), safety: entry(4.5) }, "safety.score"],
    ["a zero score", { ...full(), empathy: entry(0) }, "empathy.score"],
    ["a six", { ...full(), clientRealism: entry(6) }, "clientRealism.score"],
    ["an empty rationale", { ...full(), empathy: entry(4, "   ") }, "empathy.rationale"],
    ["a missing criterion", (({ safety: _s, ...rest }) => rest)(full()), "safety is missing"],
    ["a bare number for a criterion", { ...full(), empathy: 4 }, "empathy is missing"],
  ])("%s: a failure naming it, with the raw input", (_name, input, problem) => {
    const answer = parseJudgeAnswer(reply(input));
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error).toContain(problem);
    expect(JSON.parse(answer.raw)).toEqual(input);
  });

  test.each([null, [], "scores", 4])("input %j is not an object", (input) => {
    expect(parseJudgeAnswer(reply(input))).toMatchObject({ ok: false, error: "The rubric answer is not an object." });
  });

  test("the raw text is capped", () => {
    const answer = parseJudgeAnswer(reply({ notes: "x".repeat(10_000) }));
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.raw.length).toBe(MAX_RAW_CHARS + 1);
  });

  test("text beside an unusable tool input is kept too", () => {
    const answer = parseJudgeAnswer(reply({}, "Sorry, I cannot rate this."));
    expect(answer).toMatchObject({ ok: false, raw: "{}\nSorry, I cannot rate this." });
  });
});
