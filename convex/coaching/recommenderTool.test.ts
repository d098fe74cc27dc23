import { describe, expect, test } from "vitest";
import { listFrameworks } from "./frameworks";
import { parseRecommendation, RECOMMEND_TOOL, recommenderPrompt } from "./recommenderTool";

describe("parsing Claude's recommendation", () => {
  test("accepts a well-formed tool input and cleans alternatives", () => {
    expect(
      parseRecommendation({ frameworkId: "CLEAR", confidence: 1.4, reason: "  It fits a relationship issue.  ", alternatives: ["CLEAR", "GROW", "GROW", "NOPE", "COMPASS"] }),
    ).toEqual({ frameworkId: "CLEAR", confidence: 1, reason: "It fits a relationship issue.", alternatives: ["GROW", "COMPASS"], source: "claude" });
  });

  test.each([null, {}, { frameworkId: "SWOT", confidence: 0.5, reason: "why not" }, { frameworkId: "GROW", confidence: "high", reason: "x" }])(
    "rejects %j",
    (input) => {
      expect(parseRecommendation(input)).toBeNull();
    },
  );
});

describe("what the recommender is told", () => {
  test("the prompt and the tool's frameworkId describe every framework with its cues", () => {
    const prompt = recommenderPrompt();
    const choices = RECOMMEND_TOOL.input_schema.properties.frameworkId.description;
    for (const framework of listFrameworks()) {
      for (const text of [prompt, choices]) {
        expect(text).toContain(`- ${framework.id} (${framework.name}): ${framework.description}`);
        expect(text).toContain(framework.keywords[0]);
      }
    }
    expect(RECOMMEND_TOOL.input_schema.required).toEqual(["frameworkId", "confidence", "reason", "alternatives"]);
  });

  test("a reason that only echoes the challenge is replaced by the framework's own words", () => {
    const challenge = "I keep clashing with a colleague and the same argument comes back every week.";
    const rec = parseRecommendation({ frameworkId: "CLEAR", confidence: 0.7, reason: challenge, alternatives: ["GROW"] }, challenge);
    expect(rec?.reason).toMatch(/^CLEAR: A reflective conversation/);
    expect(rec?.alternatives).toEqual(["GROW"]);
    const own = parseRecommendation({ frameworkId: "CLEAR", confidence: 0.7, reason: "A recurring clash calls for listening first.", alternatives: [] }, challenge);
    expect(own?.reason).toBe("A recurring clash calls for listening first.");
  });
});
