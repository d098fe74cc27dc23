import { describe, expect, test } from "vitest";
import { checkDetails, checkVersionSettings, nameKey, sameContent } from "./details";
import { diffVersionsPure } from "./versionDiff";

const base = {
  name: "Name",
  description: "",
  tier: "template" as const,
  purpose: "generation" as const,
  personas: [],
  emotions: [],
  styleNotes: "",
  exampleConversation: "",
  qualityThreshold: 6,
};

describe("template details", () => {
  test("names compare without case, spacing or invisible characters", () => {
    expect(nameKey("  Grow\u200B  Basics ")).toBe("grow basics");
  });

  test("lists drop blanks and case-insensitive duplicates, keeping the first spelling", () => {
    expect(checkDetails({ ...base, personas: ["Manager", " manager ", "", "Founder"] })).toMatchObject({
      ok: true,
      value: { personas: ["Manager", "Founder"] },
    });
  });

  test.each([
    [{ name: "" }, "name", "Name can't be empty."],
    [{ name: "x".repeat(81) }, "name", "Name is 81 characters; the limit is 80."],
    [{ qualityThreshold: -1 }, "qualityThreshold", "Quality threshold must be a number from 0 to 10."],
    [{ qualityThreshold: Number.NaN }, "qualityThreshold", "Quality threshold must be a number from 0 to 10."],
    [{ personas: Array.from({ length: 41 }, (_, i) => `p${i}`) }, "personas", "Personas can hold at most 40 entries."],
    [{ styleNotes: "s".repeat(4001) }, "styleNotes", "Style notes is 4001 characters; the limit is 4000."],
  ])("refuses %o on %s", (patch, field, message) => {
    expect(checkDetails({ ...base, ...patch })).toEqual({ ok: false, problem: { field, message } });
  });

  test.each([
    [{ temperature: 1.5 }, "temperature"],
    [{ maxTokens: 0 }, "maxTokens"],
    [{ maxTokens: 1.5 }, "maxTokens"],
    [{ model: "claude; rm -rf" }, "model"],
    [{ note: "n".repeat(501) }, "note"],
  ])("version settings refuse %o", (patch, field) => {
    expect(checkVersionSettings(patch)).toMatchObject({ ok: false, problem: { field } });
  });

  test("identical content ignores the order of a definition's keys", () => {
    const a = { body: "{{x}}", variables: [{ name: "x", type: "text" as const, required: true, maxLength: 5 }] };
    const b = { body: "{{x}}", variables: [{ maxLength: 5, required: true, type: "text" as const, name: "x" }] };
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, temperature: 0.2 })).toBe(false);
  });
});

describe("version diff", () => {
  test("unchanged versions have only same lines and no changes", () => {
    const version = { body: "a\nb\n", variables: [] };
    expect(diffVersionsPure(version, version)).toEqual({
      body: [
        { kind: "same", text: "a" },
        { kind: "same", text: "b" },
      ],
      variables: [],
      settings: [],
      stats: { linesAdded: 0, linesRemoved: 0 },
    });
  });

  test("appending a line after an unterminated last line adds one line and removes none", () => {
    const diff = diffVersionsPure({ body: "a\nb", variables: [] }, { body: "a\nb\nc", variables: [] });
    expect(diff.stats).toEqual({ linesAdded: 1, linesRemoved: 0 });
    expect(diff.body).toEqual([
      { kind: "same", text: "a" },
      { kind: "same", text: "b" },
      { kind: "added", text: "c" },
    ]);
  });

  test("an added variable and a changed model are reported", () => {
    const diff = diffVersionsPure(
      { body: "x", variables: [], model: "a" },
      { body: "x", variables: [{ name: "n", type: "boolean", required: false }], model: "b" },
    );
    expect(diff.variables).toEqual([{ kind: "added", name: "n", after: { name: "n", type: "boolean", required: false } }]);
    expect(diff.settings).toEqual([{ field: "model", before: "a", after: "b" }]);
  });
});
