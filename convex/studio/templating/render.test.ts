import { describe, expect, test } from "vitest";
import {
  escapeHtml,
  formatProblems,
  MAX_OUTPUT_CHARS,
  parseTemplate,
  renderSegments,
  renderTemplate,
  renderTemplateSource,
  resolveValues,
  sampleValues,
  type ParsedTemplate,
  type VariableDefinition,
} from ".";

const VARS: VariableDefinition[] = [
  { name: "persona", type: "text", required: true, minLength: 2, maxLength: 200 },
  { name: "emotion", type: "dropdown", required: true, options: ["calm", "anxious", "angry"] },
  { name: "level", type: "number", required: false, min: 1, max: 5, integer: true, default: 3 },
  { name: "formal", type: "boolean", required: false },
  { name: "note", type: "text", required: false },
];

const BODY = [
  "You coach {{persona}}, who feels {{emotion}} (level {{level}}).",
  "{{#if formal}}",
  "Use a formal register.",
  "{{/if}}",
  "Note: [{{note}}]",
].join("\n");

function parsed(body = BODY, variables = VARS): ParsedTemplate {
  const result = parseTemplate(body, variables);
  expect(result.errors).toEqual([]);
  return result.template!;
}

describe("values, coercion and defaults", () => {
  test("renders with coerced values and reports what it used", () => {
    const result = renderTemplate(parsed(), { persona: "a new manager", emotion: "anxious", level: "4", formal: "true" });
    expect(result).toEqual({
      ok: true,
      output: "You coach a new manager, who feels anxious (level 4).\nUse a formal register.\nNote: []",
      resolved: { persona: "a new manager", emotion: "anxious", level: 4, formal: true },
      missingRequired: [],
      errors: [],
    });
  });

  test("an optional variable takes its default; one with no default is absent and prints nothing", () => {
    const result = renderTemplate(parsed(), { persona: "Sam", emotion: "calm" });
    expect(result.output).toBe("You coach Sam, who feels calm (level 3).\nNote: []");
    expect(result.resolved).toEqual({ persona: "Sam", emotion: "calm", level: 3 });
    expect(Object.hasOwn(result.resolved, "note")).toBe(false);
  });

  test("an empty string counts as no value: the default applies, or a required variable is missing", () => {
    const result = renderTemplate(parsed(), { persona: "Sam", emotion: "", level: "" });
    expect(result.missingRequired).toEqual(["emotion"]);
    expect(result.resolved.level).toBe(3);
  });

  test("every problem is reported together, each naming the variable, the expectation and what was given", () => {
    const result = renderTemplate(parsed(), { persona: "S", emotion: "furious", level: "many", formal: "perhaps", extra: 1, constructor: "x" });
    expect(result.ok).toBe(false);
    expect(result.output).toBe("");
    expect(result.missingRequired).toEqual([]);
    expect(result.errors).toEqual([
      { kind: "length", severity: "error", variable: "persona", expected: "between 2 and 200 characters", given: '"S" (1 characters)', message: "'persona' must be between 2 and 200 characters, given 1 character" },
      { kind: "option", severity: "error", variable: "emotion", expected: 'one of "calm", "anxious", "angry"', given: '"furious"', message: "'emotion' must be one of \"calm\", \"anxious\", \"angry\", given \"furious\"" },
      { kind: "type", severity: "error", variable: "level", expected: "a number", given: '"many"', message: "'level' expects a number, given \"many\"" },
      { kind: "type", severity: "error", variable: "formal", expected: "true or false", given: '"perhaps"', message: "'formal' expects true or false, given \"perhaps\"" },
      { kind: "unknown", severity: "error", variable: "extra", expected: "a declared variable", given: "1", message: "'extra' is not a variable of this template" },
      { kind: "unknown", severity: "error", variable: "constructor", expected: "a declared variable", given: '"x"', message: "'constructor' is not a variable of this template" },
    ]);
  });

  test("missing required values are listed and reported", () => {
    const result = renderTemplate(parsed(), {});
    expect(result.missingRequired).toEqual(["persona", "emotion"]);
    expect(result.errors).toEqual([
      { kind: "missing", severity: "error", variable: "persona", expected: "a value", given: "nothing", message: "'persona' is required but has no value" },
      { kind: "missing", severity: "error", variable: "emotion", expected: "a value", given: "nothing", message: "'emotion' is required but has no value" },
    ]);
  });

  test("range errors and integer errors for numbers", () => {
    const errors = (level: unknown) => renderTemplate(parsed(), { persona: "Sam", emotion: "calm", level }).errors;
    expect(errors(9)[0]).toMatchObject({ kind: "range", expected: "between 1 and 5", given: "9" });
    expect(errors("0")[0]).toMatchObject({ kind: "range", given: '"0"' });
    expect(errors(2.5)[0]).toMatchObject({ kind: "type", expected: "a whole number" });
    expect(errors("5")).toEqual([]);
  });

  test("unknown values can be ignored, for callers that fill every template from one wider record", () => {
    const result = renderTemplate(parsed(), { persona: "Sam", emotion: "calm", framework: "GROW" }, { unknownValues: "ignore" });
    expect(result.ok).toBe(true);
    expect(result.resolved).not.toHaveProperty("framework");
  });

  test("values that are not a record are a type problem, not a crash", () => {
    for (const values of ["x", 3, ["Sam"]]) {
      const result = renderTemplate(parsed(), values as never);
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toMatchObject({ kind: "type", expected: "a record of names to values" });
    }
    expect(renderTemplate(parsed(), null as never).missingRequired).toEqual(["persona", "emotion"]);
  });

  test("formatProblems joins every problem into one message", () => {
    const result = renderTemplate(parsed(), { emotion: "furious" });
    expect(formatProblems(result.errors)).toBe(
      "2 problems: 'persona' is required but has no value; 'emotion' must be one of \"calm\", \"anxious\", \"angry\", given \"furious\"",
    );
    expect(formatProblems(result.errors.slice(0, 1))).toBe("'persona' is required but has no value");
    expect(formatProblems([])).toBe("No problems");
    expect(formatProblems(parseTemplate("{{x}}", []).errors)).toBe("line 1, column 3: 'x' is not a declared variable");
  });
});

describe("safety", () => {
  const ATTACKS = ["<script>alert('xss')</script>", "'; DROP TABLE users;--", "{{__import__('os').system('rm -rf /')}}"];

  test.each(ATTACKS)("the attack %j as a value comes out as literal text", (attack) => {
    const result = renderTemplate(parsed(), { persona: attack, emotion: "calm", note: attack });
    expect(result.ok).toBe(true);
    expect(result.output).toBe(`You coach ${attack}, who feels calm (level 3).\nNote: [${attack}]`);
  });

  test("the HTML attack is inert in HTML mode", () => {
    const result = renderTemplate(parsed(), { persona: ATTACKS[0], emotion: "calm" }, { escape: "html" });
    expect(result.output).toContain("You coach &lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;,");
    expect(result.output).not.toContain("<script>");
  });

  test("the call attack as a template body is refused before anything renders", () => {
    const result = renderTemplateSource(ATTACKS[2], VARS, { persona: "Sam", emotion: "calm" });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ kind: "syntax", line: 1 });
  });

  test("a value containing tags is never rendered again", () => {
    const template = parsed("{{persona}}|{{note}}|{{formal ? note : 'x'}}");
    const result = renderTemplate(template, { persona: "{{emotion}}", emotion: "calm", note: "{{#if formal}}yes{{/if}} \\{{persona}}", formal: true });
    expect(result.output).toBe("{{emotion}}|{{#if formal}}yes{{/if}} \\{{persona}}|{{#if formal}}yes{{/if}} \\{{persona}}");
  });

  test("prototype names as values and as keys change nothing", () => {
    const template = parsed();
    const hostile = JSON.parse('{"persona":"__proto__","emotion":"calm","note":"constructor","__proto__":{"formal":true,"polluted":1}}');
    const result = renderTemplate(template, hostile);
    expect(result.errors).toEqual([expect.objectContaining({ kind: "unknown", variable: "__proto__", given: "an object" })]);
    const ignored = renderTemplate(template, hostile, { unknownValues: "ignore" });
    expect(ignored.output).toBe("You coach __proto__, who feels calm (level 3).\nNote: [constructor]");
    expect(Object.getPrototypeOf(ignored.resolved)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("inherited properties are never read as values", () => {
    const inherited = Object.create({ persona: "from the prototype", emotion: "calm" });
    expect(renderTemplate(parsed(), inherited).missingRequired).toEqual(["persona", "emotion"]);
    const nullProto = Object.assign(Object.create(null), { persona: "Sam", emotion: "calm" });
    expect(renderTemplate(parsed(), nullProto).ok).toBe(true);
  });

  test("escapeHtml escapes the five characters and only those", () => {
    expect(escapeHtml(`&<>"' plain é`)).toBe("&amp;&lt;&gt;&quot;&#39; plain é");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });

  test("HTML mode escapes substituted values, not the template's own text", () => {
    const template = parsed("<b>{{persona}}</b> {{formal ? '<i>yes</i>' : note}}");
    const values = { persona: `"Tom & Jerry"`, emotion: "calm", note: "<u>n</u>" };
    expect(renderTemplate(template, { ...values, formal: true }, { escape: "html" }).output).toBe("<b>&quot;Tom &amp; Jerry&quot;</b> <i>yes</i>");
    expect(renderTemplate(template, values, { escape: "html" }).output).toBe("<b>&quot;Tom &amp; Jerry&quot;</b> &lt;u&gt;n&lt;/u&gt;");
    expect(renderTemplate(template, values).output).toBe('<b>"Tom & Jerry"</b> <u>n</u>');
  });
});

describe("resolveValues and the parsed template's definitions", () => {
  test("checks values without rendering", () => {
    const checked = resolveValues(VARS, { persona: "Sam", emotion: "calm", level: "2" });
    expect(checked.errors).toEqual([]);
    expect(checked.resolved).toEqual({ persona: "Sam", emotion: "calm", level: 2 });
  });

  test("refuses definitions that never passed validation, such as a __proto__ variable", () => {
    const hostile = [{ name: "__proto__", type: "text", required: true }] as VariableDefinition[];
    const checked = resolveValues(hostile, JSON.parse('{"__proto__":"x"}'));
    expect(checked.errors).toEqual([expect.objectContaining({ kind: "definition", variable: "__proto__" })]);
    expect(Object.getPrototypeOf(checked.resolved)).toBe(Object.prototype);
  });

  test("a parsed template holds a frozen copy of its definitions", () => {
    const defs: VariableDefinition[] = [{ name: "tone", type: "dropdown", required: true, options: ["warm"] }];
    const template = parsed("{{tone}}", defs);
    defs[0].name = "__proto__";
    expect(template.variables[0].name).toBe("tone");
    expect(Object.isFrozen(template.variables)).toBe(true);
    expect(Object.isFrozen(template.variables[0])).toBe(true);
    expect(() => (template.variables[0] as { options: string[] }).options.push("x")).toThrow();
    expect(renderTemplate(template, { tone: "warm" }).output).toBe("warm");
  });
});

describe("output cap", () => {
  const big: VariableDefinition[] = [{ name: "chunk", type: "text", required: true }];
  const body = Array.from({ length: 10 }, () => "{{chunk}}").join("");

  test(`output of exactly ${MAX_OUTPUT_CHARS} characters renders; one more is too long`, () => {
    const template = parsed(body, big);
    expect(renderTemplate(template, { chunk: "x".repeat(MAX_OUTPUT_CHARS / 10) }).output).toHaveLength(MAX_OUTPUT_CHARS);
    const over = renderTemplate(template, { chunk: "x".repeat(MAX_OUTPUT_CHARS / 10 + 1) });
    expect(over).toMatchObject({ ok: false, output: "" });
    expect(over.errors).toEqual([
      { kind: "too_long", severity: "error", message: `The output would be longer than ${MAX_OUTPUT_CHARS} characters`, expected: `at most ${MAX_OUTPUT_CHARS} characters`, given: `more than ${MAX_OUTPUT_CHARS} characters` },
    ]);
  });

  test("a lower cap can be asked for, never a higher one; HTML escaping counts", () => {
    const template = parsed(body, big);
    expect(renderTemplate(template, { chunk: "abc" }, { maxOutputChars: 30 }).ok).toBe(true);
    expect(renderTemplate(template, { chunk: "abcd" }, { maxOutputChars: 30 }).errors[0].kind).toBe("too_long");
    expect(renderTemplate(template, { chunk: "&&&" }, { maxOutputChars: 30, escape: "html" }).errors[0].kind).toBe("too_long");
    expect(renderTemplate(template, { chunk: "x".repeat(20_000) }, { maxOutputChars: 10 ** 9 }).errors[0].kind).toBe("too_long");
    expect(renderTemplate(template, { chunk: "x".repeat(20_000) }, { maxOutputChars: NaN }).errors[0].kind).toBe("too_long");
    expect(renderTemplate(template, { chunk: "x" }, { maxOutputChars: -5 }).errors[0].kind).toBe("too_long");
  });

  test("a huge value stops at the cap quickly instead of building the whole output", () => {
    const template = parsed(`{{#if chunk}}${body}{{/if}}`.repeat(50), big);
    const started = performance.now();
    const result = renderTemplate(template, { chunk: "y".repeat(60_000) });
    expect(result.errors[0].kind).toBe("too_long");
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("renderSegments", () => {
  test("marks each substituted value and merges the template's own text", () => {
    const template = parsed("Hi {{persona}}! {{formal ? 'Sir' : note}}{{note}} ({{level}})");
    const result = renderSegments(template, { persona: "Sam", emotion: "calm" });
    expect(result.output).toBe("Hi Sam!  (3)");
    expect(result.segments).toEqual([
      { text: "Hi " },
      { text: "Sam", fromVariable: "persona" },
      { text: "! " },
      { text: "", fromVariable: "note" },
      { text: "", fromVariable: "note" },
      { text: " (" },
      { text: "3", fromVariable: "level" },
      { text: ")" },
    ]);
    expect(renderSegments(template, { persona: "Sam", emotion: "calm", formal: true }).segments.slice(2, 4)).toEqual([{ text: "! Sir" }, { text: "", fromVariable: "note" }]);
  });

  test("segments are escaped in HTML mode and empty on failure", () => {
    const template = parsed("{{persona}}");
    expect(renderSegments(template, { persona: "<b>", emotion: "calm" }, { escape: "html" }).segments).toEqual([{ text: "&lt;b&gt;", fromVariable: "persona" }]);
    expect(renderSegments(template, {}).segments).toEqual([]);
  });

  test("renderTemplate carries no segments", () => {
    expect(renderTemplate(parsed("{{persona}}"), { persona: "Sam", emotion: "calm" })).not.toHaveProperty("segments");
  });

  test("a preview with sample values renders every declared variable", () => {
    const result = renderSegments(parsed(), sampleValues(VARS));
    expect(result.ok).toBe(true);
    expect(result.segments.filter((s) => s.fromVariable).map((s) => s.fromVariable)).toEqual(["persona", "emotion", "level", "note"]);
  });
});

describe("renderTemplateSource", () => {
  test("parses and renders in one call", () => {
    expect(renderTemplateSource("{{persona}}!", VARS, { persona: "Sam", emotion: "calm" }).output).toBe("Sam!");
  });

  test("template errors come back as errors, with positions", () => {
    const result = renderTemplateSource("ok\n{{ghost}}", VARS, { persona: "Sam", emotion: "calm" });
    expect(result).toMatchObject({ ok: false, output: "", resolved: {}, missingRequired: [] });
    expect(result.errors[0]).toMatchObject({ kind: "undeclared", line: 2, column: 3 });
  });
});

describe("parse once, render many", () => {
  test("one parsed template renders different values independently", () => {
    const template = parsed();
    const a = renderTemplate(template, { persona: "Ann", emotion: "calm" });
    const b = renderTemplate(template, { persona: "Bob", emotion: "angry", formal: true });
    expect(a.output.startsWith("You coach Ann")).toBe(true);
    expect(b.output).toContain("formal register");
    expect(renderTemplate(template, { persona: "Ann", emotion: "calm" })).toEqual(a);
  });
});

describe("the README's example", () => {
  test("parses and renders as the README says", () => {
    const defs: VariableDefinition[] = [
      { name: "persona", type: "text", required: true },
      { name: "formal", type: "boolean", required: false },
      { name: "name", type: "text", required: true },
      { name: "level", type: "number", required: false, default: 1 },
      { name: "style_notes", type: "text", required: false },
      { name: "emotion", type: "dropdown", required: true, options: ["anxious", "overwhelmed", "frustrated", "calm"] },
    ];
    const body = [
      "Hello {{ persona }}!",
      "{{formal ? 'Dear' : \"Hi\"}} {{name}}",
      "{{level >= 4 ? 'Be brief.' : style_notes}}",
      "",
      "{{#if emotion in ['anxious', 'overwhelmed']}}",
      "Reassure them first.",
      "{{else if emotion == 'frustrated' and not formal}}",
      "Name the frustration.",
      "{{else}}",
      "Start with the goal.",
      "{{/if}}",
      "",
      "Type \\{{name}} to show the braces.",
    ].join("\n");
    const template = parsed(body, defs);
    const values = { persona: "Sam", name: "Ms Lee", emotion: "frustrated", level: "5" };
    expect(renderTemplate(template, values).output).toBe("Hello Sam!\nHi Ms Lee\nBe brief.\n\nName the frustration.\n\nType {{name}} to show the braces.");
    expect(renderTemplate(template, { ...values, formal: true, level: 2, style_notes: "Warm." }).output).toBe(
      "Hello Sam!\nDear Ms Lee\nWarm.\n\nStart with the goal.\n\nType {{name}} to show the braces.",
    );
  });
});
