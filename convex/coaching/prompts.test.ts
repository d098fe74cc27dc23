import { describe, expect, test } from "vitest";
import { getFramework } from "./frameworks";
import { coachSystemPrompt, extractionTool, modelConversation } from "./prompts";

const GROW = getFramework("GROW");

describe("coach prompt", () => {
  test("puts the fixed security rules first and the step's questions after", () => {
    const prompt = coachSystemPrompt({ framework: GROW, stepIndex: 0, captured: {}, problems: [], flagged: false });
    expect(prompt.startsWith("You are Framewise")).toBe(true);
    expect(prompt.indexOf("Security rules")).toBeLessThan(prompt.indexOf("Coaching questions:"));
    expect(prompt).toContain(`Coaching questions:\n- ${GROW.steps[0].questions[0]}`);
    expect(prompt).toContain("Still needed before moving on: goalStatement, successMeasure");
    expect(prompt).toContain(`lead into the next step, Reality, with: ${GROW.steps[1].questions[0]}`);
    expect(prompt).not.toContain("Notice:");
  });

  test("lists what is captured and what was unusable", () => {
    const prompt = coachSystemPrompt({
      framework: GROW,
      stepIndex: 0,
      captured: { goalStatement: "Lead well" },
      problems: [{ field: "successMeasure", problem: "successMeasure should be at least 3 characters" }],
      flagged: true,
    });
    expect(prompt).toContain('- goalStatement: "Lead well"');
    expect(prompt).toContain("- successMeasure: successMeasure should be at least 3 characters");
    expect(prompt).toContain("Notice: the latest user message");
  });

  test("the extraction tool offers the step's schema with nothing required", () => {
    const tool = extractionTool(GROW.steps[3]);
    expect(tool.input_schema.required).toEqual([]);
    expect(tool.input_schema.properties).toBe(GROW.steps[3].schema.properties);
    expect(tool.input_schema.additionalProperties).toBe(false);
  });
});

describe("model conversation", () => {
  test("wraps user turns as data, merges repeats and starts with the user", () => {
    const messages = modelConversation([
      { role: "assistant", text: "Welcome back." },
      { role: "user", text: "First" },
      { role: "user", text: "Second" },
      { role: "assistant", text: "Reply" },
      { role: "assistant", text: "" },
    ]);
    expect(messages).toEqual([
      { role: "user", content: "<user_message>\nFirst\n</user_message>\n\n<user_message>\nSecond\n</user_message>" },
      { role: "assistant", content: "Reply" },
    ]);
  });

  test("keeps only recent history", () => {
    const turns = Array.from({ length: 100 }, (_, i) => ({ role: (i % 2 ? "assistant" : "user") as "user" | "assistant", text: `t${i}` }));
    expect(modelConversation(turns, 10)).toHaveLength(10);
  });
});
