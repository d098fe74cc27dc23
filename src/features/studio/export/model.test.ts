import { describe, expect, test } from "vitest";
import { defaultForm, exampleFor, EXPORT_FORMATS, formProblems, optionsFromForm } from "./model";

describe("export form → options", () => {
  test("defaults send the documented defaults and no filters", () => {
    expect(optionsFromForm(defaultForm())).toEqual({ includeSystemPrompt: true, includeDuplicates: false, validationPercent: 10 });
    expect(formProblems(defaultForm())).toEqual([]);
  });

  test("every field maps to its option; dates are UTC days, the end day inclusive", () => {
    const form = {
      ...defaultForm(),
      format: "bedrock" as const,
      customPrompt: true,
      systemPrompt: "  Be a coach.  ",
      templateId: "t1",
      framework: " GROW ",
      minScore: "7.5",
      from: "2026-11-01",
      to: "2026-11-03",
      maxTokens: "4000",
      includeDuplicates: true,
      validationPercent: "20",
    };
    expect(optionsFromForm(form)).toEqual({
      includeSystemPrompt: true,
      systemPrompt: "  Be a coach.  ",
      includeDuplicates: true,
      maxTokens: 4000,
      validationPercent: 20,
      filters: { templateId: "t1", framework: "GROW", minScore: 7.5, from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 4) },
    });
  });

  test("no system prompt drops a custom one; a batch filter is sent as given", () => {
    expect(optionsFromForm({ ...defaultForm(), includeSystemPrompt: false, customPrompt: true, systemPrompt: "x", batchId: " b1 " })).toEqual({
      includeSystemPrompt: false,
      includeDuplicates: false,
      validationPercent: 10,
      filters: { batchId: "b1" },
    });
  });

  test("problems name the input: bad numbers, bad dates, ranges, template and batch together", () => {
    const fields = (patch: Partial<ReturnType<typeof defaultForm>>) => formProblems({ ...defaultForm(), ...patch }).map((p) => p.field);
    expect(fields({ validationPercent: "60" })).toEqual(["validationPercent"]);
    expect(fields({ minScore: "abc" })).toEqual(["minScore"]);
    expect(fields({ maxTokens: "1.5" })).toEqual(["maxTokens"]);
    expect(fields({ from: "2026-13-01" })).toEqual(["from"]);
    expect(fields({ from: "2026-11-05", to: "2026-11-01" })).toEqual(["to"]);
    expect(fields({ templateId: "t1", batchId: "b1" })).toEqual(["batchId"]);
    expect(fields({ customPrompt: true, systemPrompt: "   " })).toEqual(["systemPrompt"]);
  });

  test("each format has an example line that is its formatter's output", () => {
    for (const format of EXPORT_FORMATS) {
      const line = exampleFor(format);
      expect(line).toContain("speak up more in meetings");
      if (format !== "csv") expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    expect(JSON.parse(exampleFor("openai"))).toHaveProperty("messages");
  });
});
