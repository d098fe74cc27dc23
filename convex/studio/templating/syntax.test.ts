import { describe, expect, test } from "vitest";
import {
  checkTemplateSource,
  extractVariableNames,
  MAX_BLOCK_DEPTH,
  MAX_EXPRESSION_DEPTH,
  MAX_PROBLEMS,
  MAX_TEMPLATE_CHARS,
  parseTemplate,
  placeholderSpans,
  renderTemplate,
  type VariableDefinition,
} from ".";

const VARS: VariableDefinition[] = [
  { name: "persona", type: "text", required: true },
  { name: "emotion", type: "dropdown", required: false, options: ["calm", "anxious", "angry"] },
  { name: "level", type: "number", required: false, min: -5, max: 10 },
  { name: "formal", type: "boolean", required: false },
];

/** Renders `body` with VARS and `values`; fails the test on any problem. */
function render(body: string, values: Record<string, unknown> = {}): string {
  const parsed = parseTemplate(body, VARS);
  expect(parsed.errors).toEqual([]);
  const result = renderTemplate(parsed.template!, { persona: "Sam", ...values });
  expect(result.errors).toEqual([]);
  return result.output;
}

function errorsOf(body: string, variables: VariableDefinition[] = VARS) {
  return parseTemplate(body, variables).errors;
}

describe("placeholders", () => {
  test("{{name}} with or without inner whitespace, including newlines", () => {
    expect(render("Hi {{persona}}, {{ persona }}, {{\n\tpersona\n}}.")).toBe("Hi Sam, Sam, Sam.");
  });

  test("text without tags, lone braces and }} outside a tag stay literal", () => {
    expect(render("{ a } }} {x} {")).toBe("{ a } }} {x} {");
  });

  test("\\{{ writes a literal {{ and the rest of the would-be tag stays text", () => {
    expect(render("\\{{persona}} is {{persona}}")).toBe("{{persona}} is Sam");
    expect(render("\\{{ \\{{")).toBe("{{ {{");
  });

  test("a backslash that ends a broken tag escapes nothing after it", () => {
    const spans = placeholderSpans("{{a \\{{persona}}");
    expect(spans.map((s) => [s.kind, s.start, s.end])).toEqual([
      ["invalid", 0, 2],
      ["variable", 5, 16],
    ]);
  });

  test("a backslash elsewhere is plain text", () => {
    expect(render("a\\b \\} {{persona}}\\")).toBe("a\\b \\} Sam\\");
  });

  test("non-ASCII text around tags is kept", () => {
    expect(render("é 😀 {{persona}} ü")).toBe("é 😀 Sam ü");
  });
});

describe("ternary", () => {
  test("truthiness with single- and double-quoted branches", () => {
    expect(render("{{formal ? 'Dear' : \"Hey\"}}", { formal: true })).toBe("Dear");
    expect(render("{{formal ? 'Dear' : \"Hey\"}}", { formal: false })).toBe("Hey");
    expect(render("{{formal ? 'Dear' : \"Hey\"}}")).toBe("Hey");
  });

  test("escapes inside quoted text", () => {
    expect(render("{{formal ? 'it\\'s' : \"say \\\"hi\\\"\"}}", { formal: true })).toBe("it's");
    expect(render("{{formal ? 'it\\'s' : \"say \\\"hi\\\"\"}}")).toBe('say "hi"');
    expect(render("{{formal ? 'a\\\\b' : 'line\\nnext\\tTab'}}", { formal: true })).toBe("a\\b");
    expect(render("{{formal ? 'a\\\\b' : 'line\\nnext\\tTab'}}")).toBe("line\nnext\tTab");
  });

  test("a branch can be a variable; the other quoted text", () => {
    expect(render("{{level > 5 ? persona : 'someone'}}", { level: 7 })).toBe("Sam");
    expect(render("{{level > 5 ? persona : 'someone'}}", { level: 2 })).toBe("someone");
    expect(render("{{formal ? 'x' : emotion}}", { emotion: "calm" })).toBe("calm");
  });

  test("the condition may be any condition expression", () => {
    const body = "{{(emotion in ['anxious', 'angry'] and not formal) or level >= 9 ? 'soothe' : 'plain'}}";
    expect(render(body, { emotion: "angry" })).toBe("soothe");
    expect(render(body, { emotion: "angry", formal: true })).toBe("plain");
    expect(render(body, { emotion: "calm", level: 9 })).toBe("soothe");
  });

  test("an absent variable as a branch prints nothing", () => {
    expect(render("[{{formal ? emotion : 'x'}}]", { formal: true })).toBe("[]");
  });
});

describe("blocks", () => {
  test("#if, else if and else pick the first true branch", () => {
    const body = "{{#if level >= 8}}high{{else if level >= 4}}mid{{else if level}}low{{else}}none{{/if}}";
    expect(render(body, { level: 9 })).toBe("high");
    expect(render(body, { level: 5 })).toBe("mid");
    expect(render(body, { level: 1 })).toBe("low");
    expect(render(body, { level: 0 })).toBe("none");
    expect(render(body)).toBe("none");
  });

  test("#if without else renders nothing when false; whitespace inside block tags is allowed", () => {
    expect(render("a{{# if formal }}B{{ else }}C{{/ if }}d")).toBe("aCd");
    expect(render("a{{#if formal}}B{{/if}}d")).toBe("ad");
  });

  test("a block tag alone on its line removes that line; inline block tags keep their text", () => {
    const body = "Start\n  {{#if formal}}\nFormal line\n{{else}}  \nCasual line\n{{/if}}\nEnd";
    expect(render(body, { formal: true })).toBe("Start\nFormal line\nEnd");
    expect(render(body)).toBe("Start\nCasual line\nEnd");
    expect(render("x {{#if formal}}y{{/if}}\nz")).toBe("x \nz");
    expect(render("{{#if formal}}\r\nyes\r\n{{/if}}\r\nend", { formal: true })).toBe("yes\r\nend");
    expect(render("{{#if formal}}\n{{/if}}\n")).toBe("");
  });

  test("nesting up to the depth cap renders", () => {
    let body = "core";
    for (let i = 0; i < MAX_BLOCK_DEPTH; i++) body = `{{#if formal}}(${body}){{/if}}`;
    expect(render(body, { formal: true })).toBe("(((((core)))))");
  });

  test("one level deeper than the cap is a depth error at the offending #if", () => {
    let body = "core";
    for (let i = 0; i <= MAX_BLOCK_DEPTH; i++) body = `{{#if formal}}${body}{{/if}}`;
    const errors = errorsOf(body);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "depth", line: 1, column: 1 + 14 * MAX_BLOCK_DEPTH, expected: "at most 5 levels", given: "6" });
  });
});

describe("conditions", () => {
  const when = (cond: string, values: Record<string, unknown> = {}) => render(`{{#if ${cond}}}T{{else}}F{{/if}}`, values) === "T";

  test("truthiness per type; absent is falsy", () => {
    expect(when("persona")).toBe(true);
    expect(when("emotion")).toBe(false);
    expect(when("emotion", { emotion: "calm" })).toBe(true);
    expect(when("level", { level: 0 })).toBe(false);
    expect(when("level", { level: -1 })).toBe(true);
    expect(when("formal", { formal: "false" })).toBe(false);
    expect(when("formal", { formal: "TRUE" })).toBe(true);
  });

  test("== and != compare value and type; an absent value equals nothing", () => {
    expect(when("emotion == 'calm'", { emotion: "calm" })).toBe(true);
    expect(when("emotion == \"calm\"", { emotion: "angry" })).toBe(false);
    expect(when("emotion != 'calm'", { emotion: "angry" })).toBe(true);
    expect(when("emotion != 'calm'")).toBe(true);
    expect(when("emotion == 'calm'")).toBe(false);
    expect(when("level == 3", { level: "3" })).toBe(true);
    expect(when("level == '3'", { level: 3 })).toBe(false);
    expect(when("formal == true", { formal: true })).toBe(true);
    expect(when("formal == false")).toBe(false);
    expect(when("'a' == 'a'")).toBe(true);
  });

  test("ordering compares numbers with numbers and text with text, otherwise false", () => {
    expect(when("level < 3", { level: 2 })).toBe(true);
    expect(when("level <= 2", { level: 2 })).toBe(true);
    expect(when("level > 2", { level: 2 })).toBe(false);
    expect(when("level >= 2.5", { level: 2.5 })).toBe(true);
    expect(when("level > -1", { level: 0 })).toBe(true);
    expect(when("persona > 'A'")).toBe(true);
    expect(when("level < 'z'", { level: 1 })).toBe(false);
    expect(when("level < 5")).toBe(false);
    expect(when("formal < true", { formal: false })).toBe(false);
  });

  test("in and not in over a literal list", () => {
    expect(when("emotion in ['anxious', 'angry']", { emotion: "angry" })).toBe(true);
    expect(when("emotion in ['anxious', 'angry']", { emotion: "calm" })).toBe(false);
    expect(when("emotion in []", { emotion: "calm" })).toBe(false);
    expect(when("emotion not in ['calm']", { emotion: "angry" })).toBe(true);
    expect(when("emotion not in ['calm']")).toBe(true);
    expect(when("emotion in ['calm']")).toBe(false);
    expect(when("level in [1, 2, -3]", { level: -3 })).toBe(true);
    expect(when("formal in [true]", { formal: true })).toBe(true);
  });

  test("not binds tighter than and, and tighter than or; parentheses override", () => {
    expect(when("formal or level and emotion", { formal: true })).toBe(true);
    expect(when("(formal or level) and emotion", { formal: true })).toBe(false);
    expect(when("not formal and level", { level: 1 })).toBe(true);
    expect(when("not (formal or level)", { level: 1 })).toBe(false);
    expect(when("not not formal", { formal: true })).toBe(true);
  });

  test("&&, || and ! are accepted as and, or, not", () => {
    expect(when("formal && level", { formal: true, level: 1 })).toBe(true);
    expect(when("formal || level", { level: 1 })).toBe(true);
    expect(when("!formal")).toBe(true);
    expect(when("!(level > 3)", { level: 5 })).toBe(false);
  });

  test("literals alone are conditions too", () => {
    expect(when("true")).toBe(true);
    expect(when("false")).toBe(false);
    expect(when("0")).toBe(false);
    expect(when("''")).toBe(false);
  });

  test(`parentheses and nots nest up to ${MAX_EXPRESSION_DEPTH} levels, then a depth error`, () => {
    const ok = `${"(".repeat(MAX_EXPRESSION_DEPTH)}formal${")".repeat(MAX_EXPRESSION_DEPTH)}`;
    expect(when(ok, { formal: true })).toBe(true);
    const deep = errorsOf(`{{#if ${"(".repeat(MAX_EXPRESSION_DEPTH + 1)}formal${")".repeat(MAX_EXPRESSION_DEPTH + 1)}}}x{{/if}}`);
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatchObject({ kind: "depth" });
    expect(errorsOf(`{{#if ${"not ".repeat(MAX_EXPRESSION_DEPTH + 1)}formal}}x{{/if}}`)[0].kind).toBe("depth");
    const huge = errorsOf(`{{#if ${"(".repeat(5000)}formal}}x{{/if}}`);
    expect(huge[0].kind).toBe("depth");
  });
});

describe("syntax errors name the line, column and what is wrong", () => {
  const cases: [string, RegExp, number, number][] = [
    ["{{}}", /Empty tag/, 1, 1],
    ["ab\n{{   }}", /Empty tag/, 2, 1],
    ["{{persona", /never closed: '}}' is missing/, 1, 1],
    ["x {{persona {{persona}}", /'}}' is missing before the next '{{'/, 1, 3],
    ["{{user.name}}", /Dotted paths/, 1, 7],
    ["{{persona.length}}", /Dotted paths/, 1, 10],
    ["{{persona()}}", /Calls like name\(…\)/, 1, 10],
    ["{{persona[0]}}", /Indexing/, 1, 10],
    ["{{persona | upper}}", /Filters/, 1, 11],
    ["{{> header}}", /Partials/, 1, 1],
    ["{{{persona}}}", /Triple braces/, 1, 1],
    ["{{& persona}}", /Unescaped output/, 1, 1],
    ["{{^formal}}x{{/formal}}", /Inverted sections/, 1, 1],
    ["{{~persona}}", /Whitespace control/, 1, 1],
    ["{{#each items}}x{{/each}}", /Unknown block \{\{#each\}\}/, 1, 1],
    ["x{{/each}}", /Unknown closing tag \{\{\/each\}\}/, 1, 2],
    ["{{#if}}x{{/if}}", /\{\{#if\}\} needs a condition/, 1, 1],
    ["{{#if formal}}x{{else if}}y{{/if}}", /\{\{else if\}\} needs a condition/, 1, 16],
    ["{{#if formal}}x{{else persona}}y{{/if}}", /Unexpected text after else/, 1, 23],
    ["{{else}}", /\{\{else\}\} without an open \{\{#if\}\}/, 1, 1],
    ["{{else if formal}}", /\{\{else if\}\} without an open/, 1, 1],
    ["{{/if}}", /\{\{\/if\}\} without an open \{\{#if\}\}/, 1, 1],
    ["a\n {{#if formal}}x", /never closed with \{\{\/if\}\}/, 2, 2],
    ["{{#if formal}}a{{else}}b{{else}}c{{/if}}", /\{\{else\}\} after \{\{else\}\}/, 1, 25],
    ["{{#if formal}}a{{else}}b{{else if level}}c{{/if}}", /\{\{else if\}\} after \{\{else\}\}/, 1, 25],
    ["{{#if level = 3}}x{{/if}}", /Use == to compare/, 1, 13],
    ["{{#if level < 3 < 4}}x{{/if}}", /cannot be chained/, 1, 17],
    ["{{#if level in 3}}x{{/if}}", /Expected a list like \['a', 'b'\]/, 1, 16],
    ["{{#if level in [1 2]}}x{{/if}}", /Expected , or \]/, 1, 19],
    ["{{#if level in [persona]}}x{{/if}}", /Expected quoted text, a number, true or false in a list/, 1, 17],
    ["{{#if level in [-x]}}x{{/if}}", /Expected a number after -/, 1, 18],
    ["{{#if (formal}}x{{/if}}", /Expected \) to close/, 1, 7],
    ["{{#if formal and}}x{{/if}}", /Expected a variable name or a value/, 1, 17],
    ["{{#if formal persona}}x{{/if}}", /Unexpected 'persona' after the condition/, 1, 14],
    ["{{#if and}}x{{/if}}", /Unexpected 'and' where a variable name or a value belongs/, 1, 7],
    ["{{#if formal ? 'a' : 'b'}}x{{/if}}", /Unexpected '\?' after the condition/, 1, 14],
    ["{{formal ? 'a'}}", /Expected : between the two branches, found the end of the tag/, 1, 15],
    ["{{formal ? 1 : 'b'}}", /Each branch of \? : is quoted text or a variable name, found '1'/, 1, 12],
    ["{{formal ? 'a' : 'b' 'c'}}", /Unexpected quoted text after the second branch/, 1, 22],
    ["{{formal ? 'a : 'b'}}", /Quoted text is not closed/, 1, 19],
    ["{{persona @}}", /Unexpected character '@'/, 1, 11],
    ["{{formal ? 'a}}b' : 'c'}}", /Quoted text is not closed/, 1, 12],
    ["{{formal ? 'a\\qb' : 'c'}}", /Unknown escape '\\q'/, 1, 14],
    ["{{'hello'}}", /A tag prints a variable: write fixed text outside/, 1, 3],
    ["{{42}}", /A tag prints a variable/, 1, 3],
    ["{{level > 3}}", /A condition prints nothing by itself/, 1, 1],
    ["{{not formal}}", /A condition prints nothing by itself/, 1, 1],
    ["{{persona persona}}", /Unexpected 'persona' after the variable name/, 1, 11],
    ["{{3abc}}", /A number cannot run into letters/, 1, 3],
    ["{{persona;}}", /Unexpected character ';'/, 1, 10],
    ["{{persona\u0000}}", /Unexpected character U\+0000/, 1, 10],
    ["{{persönа}}", /Unexpected character 'ö'/, 1, 7],
  ];
  test.each(cases)("%j", (body, message, line, column) => {
    const errors = errorsOf(body);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].kind).toMatch(/syntax|depth/);
    expect(errors[0].message).toMatch(message);
    expect({ line: errors[0].line, column: errors[0].column }).toEqual({ line, column });
    expect(errors[0].start).toBe(body.split("\n").slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1);
    expect(errors[0].end).toBeGreaterThan(errors[0].start!);
  });

  test("a broken #if condition still pairs with its {{/if}}: one mistake, one problem", () => {
    const errors = errorsOf("{{#if level ==}}\nx\n{{else if (}}\ny\n{{/if}}");
    expect(errors.map((e) => e.line)).toEqual([1, 3]);
  });

  test("problems come sorted by position, and every one is reported", () => {
    const errors = errorsOf("{{a.b}} {{ghost}}\n{{#if}}{{/if}} {{x()}}");
    expect(errors.map((e) => [e.kind, e.line, e.column])).toEqual([
      ["syntax", 1, 4],
      ["undeclared", 1, 11],
      ["syntax", 2, 1],
      ["syntax", 2, 19],
    ]);
  });

  test("thousands of broken tags are capped with a final 'truncated' problem", () => {
    const errors = errorsOf("{{ghost}}".repeat(1000));
    expect(errors).toHaveLength(MAX_PROBLEMS + 1);
    expect(errors[MAX_PROBLEMS]).toMatchObject({ kind: "truncated", message: "900 more problems not listed" });
  });
});

describe("declared and undeclared names", () => {
  test("an undeclared placeholder is an error at the name, with a suggestion when one is close", () => {
    const errors = errorsOf("Hi\n  {{ persnoa }} and {{ghost}}");
    expect(errors).toEqual([
      expect.objectContaining({ kind: "undeclared", variable: "persnoa", line: 2, column: 6, start: 8, end: 15, message: "'persnoa' is not a declared variable (did you mean 'persona'?)" }),
      expect.objectContaining({ kind: "undeclared", variable: "ghost", line: 2, column: 23, message: "'ghost' is not a declared variable" }),
    ]);
  });

  test("undeclared names in conditions and ternary branches are errors too", () => {
    const errors = errorsOf("{{#if mood == 'x'}}{{/if}}{{formal ? who : 'b'}}{{else if}}");
    expect(errors.filter((e) => e.kind === "undeclared").map((e) => e.variable)).toEqual(["mood", "who"]);
  });

  test("prototype names in the body are never declared, so they are refused", () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype", "valueOf"]) {
      const errors = errorsOf(`{{${name}}}`);
      expect(errors).toEqual([expect.objectContaining({ kind: "undeclared", variable: name })]);
    }
  });

  test("declared but unused variables are warnings, not errors", () => {
    const parsed = parseTemplate("{{persona}}{{#if level}}{{/if}}", VARS);
    expect(parsed.ok).toBe(true);
    expect(parsed.warnings.map((w) => [w.kind, w.severity, w.variable])).toEqual([
      ["unused", "warning", "emotion"],
      ["unused", "warning", "formal"],
    ]);
    expect(parsed.template!.used).toEqual(["persona", "level"]);
  });

  test("invalid variable definitions are errors of the parse, so saving is refused", () => {
    const parsed = parseTemplate("{{persona}}", [{ name: "persona", type: "text", required: true, minLength: 5, maxLength: 2 }]);
    expect(parsed.ok).toBe(false);
    expect(parsed.template).toBeNull();
    expect(parsed.errors[0]).toMatchObject({ kind: "definition", field: "maxLength", variable: "persona" });
  });

  test("checkTemplateSource returns exactly the errors", () => {
    expect(checkTemplateSource("{{persona}}", VARS)).toEqual([]);
    expect(checkTemplateSource("{{nope}}", VARS).map((p) => p.kind)).toEqual(["undeclared"]);
  });
});

describe("size cap", () => {
  test(`a body of ${MAX_TEMPLATE_CHARS} characters parses; one more is too long`, () => {
    const ok = "{{persona}}" + "x".repeat(MAX_TEMPLATE_CHARS - 11);
    expect(parseTemplate(ok, VARS).errors).toEqual([]);
    const errors = errorsOf(ok + "x");
    expect(errors).toEqual([
      expect.objectContaining({ kind: "too_long", expected: `at most ${MAX_TEMPLATE_CHARS} characters`, given: `${MAX_TEMPLATE_CHARS + 1} characters` }),
    ]);
  });

  test("a body that is not text is refused without throwing", () => {
    expect(errorsOf(42 as unknown as string)[0]).toMatchObject({ kind: "syntax", message: "A template body must be text" });
  });
});

describe("the seed's attack strings as a template body", () => {
  test("a Python-style call is a syntax error, never run", () => {
    const errors = errorsOf("{{__import__('os').system('rm -rf /')}}");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "syntax", line: 1, column: 13 });
    expect(errors[0].message).toMatch(/Calls/);
  });

  test("HTML and SQL in template text are just text", () => {
    expect(render("<script>alert('xss')</script> '; DROP TABLE users;-- {{persona}}")).toBe("<script>alert('xss')</script> '; DROP TABLE users;-- Sam");
  });
});

describe("placeholderSpans", () => {
  test("every tag and escape with kind, offsets, line, column and names", () => {
    const body = "Hi {{persona}}\n{{#if level > 2 and formal}}{{formal ? 'x' : emotion}}{{else if emotion}}\\{{x}}{{else}}{{/if}}";
    expect(placeholderSpans(body)).toEqual([
      { kind: "variable", start: 3, end: 14, line: 1, column: 4, names: ["persona"] },
      { kind: "if", start: 15, end: 43, line: 2, column: 1, names: ["level", "formal"] },
      { kind: "ternary", start: 43, end: 69, line: 2, column: 29, names: ["formal", "emotion"] },
      { kind: "else_if", start: 69, end: 88, line: 2, column: 55, names: ["emotion"] },
      { kind: "escape", start: 88, end: 91, line: 2, column: 74, names: [] },
      { kind: "else", start: 94, end: 102, line: 2, column: 80, names: [] },
      { kind: "end_if", start: 102, end: 109, line: 2, column: 88, names: [] },
    ]);
    for (const span of placeholderSpans(body)) expect(body.slice(span.start, span.end)).toMatch(/^(\{\{[^]*\}\}|\\\{\{)$/);
  });

  test("broken tags are marked invalid with their problem; unclosed braces too", () => {
    const spans = placeholderSpans("{{a.b}} {{#if (}}x{{/if}} {{oops");
    expect(spans.map((s) => [s.kind, s.start, s.end, s.problem?.column])).toEqual([
      ["invalid", 0, 7, 4],
      ["if", 8, 17, 16],
      ["end_if", 18, 25, undefined],
      ["invalid", 26, 28, 27],
    ]);
    expect(spans[3].problem!.message).toMatch(/never closed/);
  });

  test("works on anything without throwing", () => {
    expect(placeholderSpans("")).toEqual([]);
    expect(placeholderSpans(null as unknown as string)).toEqual([]);
    expect(placeholderSpans("{{".repeat(10_000)).length).toBe(10_000);
  });
});

describe("extractVariableNames", () => {
  test("names in order of first use, from placeholders, conditions and branches, declared or not", () => {
    expect(extractVariableNames("{{b}} {{#if a and b}}{{c ? d : 'x'}}{{else if e}}{{/if}} {{a}} {{f.g}}")).toEqual(["b", "a", "c", "d", "e"]);
    expect(extractVariableNames("no tags")).toEqual([]);
  });
});

describe("parser performance stays linear on hostile input", () => {
  const hostile = [
    "{{".repeat(MAX_TEMPLATE_CHARS / 2),
    "{{'".repeat(Math.floor(MAX_TEMPLATE_CHARS / 3)),
    `{{#if ${"(".repeat(MAX_TEMPLATE_CHARS - 10)}}}`,
    "{{#if a}}".repeat(MAX_TEMPLATE_CHARS / 9),
    `{{${"a".repeat(MAX_TEMPLATE_CHARS - 4)}}}`,
    `{{x ? '${"\\'".repeat(MAX_TEMPLATE_CHARS / 2 - 10)}' : y}}`,
    Array.from({ length: 1600 }, (_, i) => `{{v${i}x}}`).join(""),
    "\\{{".repeat(MAX_TEMPLATE_CHARS / 3),
    "\n".repeat(MAX_TEMPLATE_CHARS),
  ];
  test.each(hostile.map((body, i) => [i, body] as const))("hostile body %i parses well under a second", (_i, body) => {
    const started = performance.now();
    const parsed = parseTemplate(body, VARS);
    placeholderSpans(body);
    const ms = performance.now() - started;
    expect(parsed.errors.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
    // Measured in single-digit milliseconds; the bound is loose for a loaded machine.
    expect(ms).toBeLessThan(1000);
  });
});

describe("warnings about comparisons that never match", () => {
  const warningsOf = (body: string) => parseTemplate(`{{persona}}${body}`, VARS).warnings.filter((w) => w.kind !== "unused");

  test("a dropdown compared with a value that is not an option, with a suggestion", () => {
    expect(warningsOf("\n{{#if emotion == 'anxous'}}x{{/if}}")).toEqual([
      {
        kind: "option",
        severity: "warning",
        variable: "emotion",
        message: `"anxous" is not an option of 'emotion' (did you mean "anxious"?)`,
        expected: 'one of "calm", "anxious", "angry"',
        given: '"anxous"',
        line: 2,
        column: 7,
        start: 18,
        end: 37,
      },
    ]);
    expect(warningsOf("{{#if emotion not in ['calm', 'sad']}}{{/if}}")[0].message).toBe(`"sad" is not an option of 'emotion'`);
    expect(warningsOf("{{#if emotion in ['calm', 'angry'] or 'calm' == emotion}}{{/if}}")).toEqual([]);
  });

  test("a variable compared with a literal of another type", () => {
    const messages = warningsOf("{{#if level > '3' or persona == 3 or formal == 'yes' or emotion != true}}{{/if}}{{level == '1' ? 'a' : 'b'}}").map((w) => [w.kind, w.message]);
    expect(messages).toEqual([
      ["type", `'level' is a number, so comparing it with "3" never matches`],
      ["type", "'persona' is text, so comparing it with 3 never matches"],
      ["type", `'formal' is true or false, so comparing it with "yes" never matches`],
      ["type", "'emotion' is a dropdown, so comparing it with true never matches"],
      ["type", `'level' is a number, so comparing it with "1" never matches`],
    ]);
  });

  test("ordering a boolean never matches; ordering text, and numbers with numbers, is fine", () => {
    expect(warningsOf("{{#if formal < true}}{{/if}}")).toEqual([expect.objectContaining({ kind: "type", expected: "== or !=", given: "<" })]);
    expect(warningsOf("{{#if persona > 'M' and level >= -2 and 3 < level and formal == false}}{{/if}}")).toEqual([]);
  });

  test("these are warnings: the template still parses and renders", () => {
    const parsed = parseTemplate("{{#if emotion == 'sad'}}x{{/if}}{{persona}}", VARS);
    expect(parsed.ok).toBe(true);
    expect(renderTemplate(parsed.template!, { persona: "Sam", emotion: "calm" }).output).toBe("Sam");
  });
});
