import { describe, expect, test } from "vitest";
import { errorRanges, highlightRuns, sideBySide, toDefinition, toDraft } from "./model";
import { placeholderSpans, type TemplateProblem, type VariableDefinition } from "../../../convex/studio/templating";

describe("sideBySide", () => {
  test("pairs a change block's removed and added lines; unchanged lines align", () => {
    const rows = sideBySide([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "removed", text: "c" },
      { kind: "added", text: "B" },
      { kind: "same", text: "d" },
      { kind: "added", text: "e" },
    ]);
    expect(rows.map((r) => [r.left?.number ?? null, r.left?.text ?? null, r.right?.number ?? null, r.right?.text ?? null])).toEqual([
      [1, "a", 1, "a"],
      [2, "b", 2, "B"],
      [3, "c", null, null],
      [4, "d", 3, "d"],
      [null, null, 4, "e"],
    ]);
    expect(rows[1].left?.kind).toBe("removed");
    expect(rows[1].right?.kind).toBe("added");
  });
});

describe("highlightRuns", () => {
  test("cuts the body at spans and errors without losing a character", () => {
    const body = "x {{a}} {{#if b}}y";
    const error: TemplateProblem = { kind: "syntax", severity: "error", message: "never closed", start: 8, end: 17 };
    const runs = highlightRuns(body, placeholderSpans(body), [error]);
    expect(runs.map((r) => r.text).join("")).toBe(body);
    expect(runs.find((r) => r.text === "{{a}}")?.kind).toBe("variable");
    expect(runs.find((r) => r.text === "{{#if b}}")?.error).toBe(error);
  });

  test("a zero-width error is widened to one character so it shows", () => {
    expect(errorRanges([{ kind: "syntax", severity: "error", message: "m", start: 3, end: 3 }], 3)).toEqual([expect.objectContaining({ start: 2, end: 3 })]);
    expect(errorRanges([{ kind: "syntax", severity: "error", message: "m", start: 0, end: 0 }], 3)).toEqual([expect.objectContaining({ start: 0, end: 1 })]);
  });
});

describe("variable drafts", () => {
  test("round-trip every type", () => {
    const defs: VariableDefinition[] = [
      { name: "persona", type: "text", required: true, minLength: 3, maxLength: 80, default: "x", helpText: "who" },
      { name: "level", type: "number", required: false, min: 1, max: 10, integer: true, default: 5 },
      { name: "tone", type: "dropdown", required: true, options: ["warm", "direct"], default: "warm" },
      { name: "formal", type: "boolean", required: false, default: false },
    ];
    for (const def of defs) {
      expect(toDefinition(toDraft(def))).toEqual({ definition: def, problems: [] });
    }
  });

  test("a number field that is not a number is reported and left out", () => {
    const draft = { ...toDraft({ name: "level", type: "number", required: false }), min: "abc", max: "10" };
    expect(toDefinition(draft)).toEqual({
      definition: { name: "level", type: "number", required: false, max: 10 },
      problems: [{ field: "min", message: "Minimum must be a number" }],
    });
  });
});
