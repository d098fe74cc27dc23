import { describe, expect, test } from "vitest";
import {
  coerceValue,
  MAX_NAME_LENGTH,
  MAX_VARIABLES,
  sampleValues,
  validateVariableDefinitions,
  variableNameProblem,
  type VariableDefinition,
} from ".";

const text = (extra: Partial<VariableDefinition> = {}) => ({ name: "topic", type: "text", required: false, ...extra }) as VariableDefinition;
const num = (extra: Record<string, unknown> = {}) => ({ name: "level", type: "number", required: false, ...extra }) as VariableDefinition;
const drop = (extra: Record<string, unknown> = {}) => ({ name: "tone", type: "dropdown", required: false, options: ["warm", "direct"], ...extra }) as VariableDefinition;
const bool = (extra: Record<string, unknown> = {}) => ({ name: "formal", type: "boolean", required: false, ...extra }) as VariableDefinition;

function errorsFor(defs: unknown[]) {
  return validateVariableDefinitions(defs as VariableDefinition[]).errors;
}

describe("variable names", () => {
  test.each(["persona", "_x", "topic_2", "A", "a".repeat(MAX_NAME_LENGTH)])("%s is a valid name", (name) => {
    expect(variableNameProblem(name)).toBeNull();
  });

  test.each([
    ["", /needs a name/],
    [undefined, /needs a name/],
    ["2fast", /starts with a letter/],
    ["first-name", /starts with a letter/],
    ["a.b", /starts with a letter/],
    ["naïve", /starts with a letter/],
    ["a".repeat(MAX_NAME_LENGTH + 1), /at most 40 characters/],
    ["and", /word of the template language/],
    ["if", /word of the template language/],
    ["true", /word of the template language/],
    ["__proto__", /reserved/],
    ["constructor", /reserved/],
    ["prototype", /reserved/],
    ["toString", /reserved/],
    ["hasOwnProperty", /reserved/],
    ["valueOf", /reserved/],
    ["__import__", /reserved/],
    ["__anything", /reserved/],
  ])("%j is refused", (name, why) => {
    expect(variableNameProblem(name)).toMatch(why);
  });
});

describe("validateVariableDefinitions", () => {
  test("a valid set of every type passes with no problems", () => {
    const report = validateVariableDefinitions([
      text({ minLength: 2, maxLength: 80, default: "feedback", helpText: "What the session is about" }),
      num({ min: 1, max: 5, integer: true, default: 3 }),
      drop({ default: "warm" }),
      bool({ default: false }),
      { name: "persona", type: "text", required: true },
    ]);
    expect(report).toEqual({ ok: true, errors: [], warnings: [] });
  });

  test("duplicate names are reported at the second one", () => {
    expect(errorsFor([text(), text()])).toEqual([expect.objectContaining({ kind: "definition", index: 1, field: "name", variable: "topic", message: "'topic' is declared twice" })]);
  });

  test("prototype names are refused as variable names", () => {
    const errors = errorsFor([text({ name: "__proto__" }), text({ name: "constructor" })]);
    expect(errors.map((e) => [e.index, e.field, e.variable])).toEqual([
      [0, "name", "__proto__"],
      [1, "name", "constructor"],
    ]);
    expect(errors[0].message).toBe("'__proto__': '__proto__' is reserved");
  });

  test.each([
    [[text({ type: "string" as never })], "type", /unknown type/, "text, number, dropdown, boolean"],
    [[{ ...text(), required: "yes" }], "required", /required must be true or false/, "true or false"],
    [[text({ helpText: "x".repeat(501) })], "helpText", /help text is at most 500/, "at most 500 characters"],
    [[text({ helpText: 5 as never })], "helpText", /help text must be text/, "text"],
    [[text({ minLength: -1 })], "minLength", /minLength must be a whole number/, "a whole number from 0 to 100000"],
    [[text({ maxLength: 2.5 })], "maxLength", /maxLength must be a whole number/, "a whole number from 0 to 100000"],
    [[text({ minLength: 5, maxLength: 2 })], "maxLength", /minLength 5 is greater than maxLength 2/, "at least 5"],
    [[num({ min: 5, max: 1 })], "max", /min 5 is greater than max 1/, "at least 5"],
    [[num({ min: Infinity })], "min", /min must be a finite number/, "a finite number"],
    [[num({ max: "10" })], "max", /max must be a finite number/, "a finite number"],
    [[num({ integer: "yes" })], "integer", /integer must be true or false/, "true or false"],
    [[num({ min: 1.2, max: 1.8, integer: true })], "max", /no whole number lies between 1.2 and 1.8/, "a range containing a whole number"],
    [[drop({ options: [] })], "options", /at least one option/, "at least one option"],
    [[drop({ options: "warm" })], "options", /needs a list of options/, "a list of options"],
    [[drop({ options: ["warm", " "] })], "options", /option 2 must be non-blank text/, "non-blank text"],
    [[drop({ options: ["warm", 3] })], "options", /option 2 must be non-blank text/, "non-blank text"],
    [[drop({ options: ["warm", "warm"] })], "options", /option "warm" is listed twice/, "unique options"],
    [[drop({ options: ["x".repeat(201)] })], "options", /longer than 200 characters/, "at most 200 characters"],
    [[drop({ options: Array.from({ length: 101 }, (_, i) => `o${i}`) })], "options", /at most 100 options/, "at most 100"],
    [[text({ default: 5 as never })], "default", /the default does not fit: 'topic' expects text, given 5/, "text"],
    [[text({ minLength: 3, default: "ab" })], "default", /must be at least 3 characters/, "at least 3 characters"],
    [[num({ min: 1, max: 5, default: 9 })], "default", /must be between 1 and 5, given 9/, "between 1 and 5"],
    [[num({ integer: true, default: 1.5 })], "default", /whole number/, "a whole number"],
    [[drop({ default: "rude" })], "default", /must be one of "warm", "direct", given "rude"/, 'one of "warm", "direct"'],
    [[bool({ default: "maybe" })], "default", /expects true or false/, "true or false"],
    [[text({ default: "" })], "default", /it is empty/, "a value"],
  ])("%j → %s problem", (defs, field, message, expected) => {
    const errors = errorsFor(defs);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "definition", severity: "error", index: 0, field, expected });
    expect(errors[0].message).toMatch(message);
    expect(errors[0].given).toBeDefined();
  });

  test("every problem across all definitions is reported together", () => {
    const errors = errorsFor([text({ name: "1x" }), num({ min: 3, max: 1 }), drop({ options: [] }), text({ name: "1x" })]);
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [0, "name"],
      [1, "max"],
      [2, "options"],
      [3, "name"],
    ]);
  });

  test("a list that is not a list, an entry that is not an object, and too many variables", () => {
    expect(errorsFor("nope" as never)).toEqual([expect.objectContaining({ message: "Variables must be a list", given: '"nope"' })]);
    expect(errorsFor([null, [], 3])).toHaveLength(3);
    expect(errorsFor([null])[0]).toMatchObject({ message: "Variable 1 is not a definition", expected: "an object", given: "null" });
    const many = Array.from({ length: MAX_VARIABLES + 1 }, (_, i) => text({ name: `v${i}` }));
    expect(errorsFor(many)).toEqual([expect.objectContaining({ message: "A template declares at most 50 variables, this one declares 51" })]);
  });

  test("warnings: a default on a required variable, and fields that do not apply to the type", () => {
    const report = validateVariableDefinitions([text({ required: true, default: "x" }), { ...bool(), options: ["a"] } as VariableDefinition]);
    expect(report.ok).toBe(true);
    expect(report.warnings.map((w) => [w.index, w.field, w.severity])).toEqual([
      [0, "default", "warning"],
      [1, "options", "warning"],
    ]);
    expect(report.warnings[0].message).toBe("'topic' is required, so its default is never used; make it optional or drop the default");
    expect(report.warnings[1].message).toBe("'formal': 'options' does not apply to a boolean variable and is ignored");
  });
});

describe("coerceValue", () => {
  test("undefined, null and empty text are no value, for every type", () => {
    for (const def of [text(), num(), drop(), bool()]) {
      for (const raw of [undefined, null, ""]) expect(coerceValue(def, raw)).toEqual({ value: undefined });
    }
    expect(coerceValue(num(), "   ")).toEqual({ value: undefined });
    expect(coerceValue(bool(), "  ")).toEqual({ value: undefined });
  });

  test("text: strings within the length bounds; whitespace is kept", () => {
    expect(coerceValue(text({ minLength: 2, maxLength: 4 }), " ab ")).toEqual({ value: " ab " });
    expect(coerceValue(text(), "   ")).toEqual({ value: "   " });
    expect(coerceValue(text({ minLength: 3 }), "ab").problem).toMatchObject({
      kind: "length",
      message: "'topic' must be at least 3 characters, given 2 characters",
      expected: "at least 3 characters",
      given: '"ab" (2 characters)',
    });
    expect(coerceValue(text({ maxLength: 1 }), "ab").problem?.message).toBe("'topic' must be at most 1 characters, given 2 characters");
    expect(coerceValue(text({ minLength: 1, maxLength: 1 }), "ab").problem?.expected).toBe("between 1 and 1 characters");
    expect(coerceValue(text(), 42).problem).toMatchObject({ kind: "type", message: "'topic' expects text, given 42", expected: "text", given: "42" });
    expect(coerceValue(text(), { a: 1 }).problem?.given).toBe("an object");
    expect(coerceValue(text(), ["a"]).problem?.given).toBe("a list");
  });

  test("number: numbers and numeric strings, within range and integer rules", () => {
    expect(coerceValue(num(), "10")).toEqual({ value: 10 });
    expect(coerceValue(num(), " -2.5e1 ")).toEqual({ value: -25 });
    expect(coerceValue(num(), ".5")).toEqual({ value: 0.5 });
    expect(coerceValue(num(), 7)).toEqual({ value: 7 });
    expect(coerceValue(num(), 3n)).toEqual({ value: 3 });
    expect(coerceValue(num(), "abc").problem).toMatchObject({ kind: "type", message: "'level' expects a number, given \"abc\"", expected: "a number" });
    expect(coerceValue(num(), "0x10").problem?.kind).toBe("type");
    expect(coerceValue(num(), "1e999").problem).toMatchObject({ kind: "type", expected: "a finite number" });
    expect(coerceValue(num(), NaN).problem?.expected).toBe("a finite number");
    expect(coerceValue(num(), true).problem?.kind).toBe("type");
    expect(coerceValue(num({ integer: true }), "2.5").problem).toMatchObject({ kind: "type", message: "'level' expects a whole number, given \"2.5\"" });
    expect(coerceValue(num({ min: 1, max: 5 }), 9).problem).toMatchObject({ kind: "range", message: "'level' must be between 1 and 5, given 9", expected: "between 1 and 5", given: "9" });
    expect(coerceValue(num({ min: 1 }), "0").problem?.message).toBe("'level' must be at least 1, given \"0\"");
    expect(coerceValue(num({ max: 1 }), 2).problem?.message).toBe("'level' must be at most 1, given 2");
    expect(coerceValue(num({ min: 1, max: 5 }), "5")).toEqual({ value: 5 });
  });

  test("boolean: true/false and their strings in any case", () => {
    expect(coerceValue(bool(), true)).toEqual({ value: true });
    expect(coerceValue(bool(), "False")).toEqual({ value: false });
    expect(coerceValue(bool(), " TRUE ")).toEqual({ value: true });
    for (const raw of ["yes", 1, 0, "1"]) {
      expect(coerceValue(bool(), raw).problem).toMatchObject({ kind: "type", expected: "true or false" });
    }
  });

  test("dropdown: exactly one of the options", () => {
    expect(coerceValue(drop(), "warm")).toEqual({ value: "warm" });
    expect(coerceValue(drop(), "Warm").problem).toMatchObject({ kind: "option", message: "'tone' must be one of \"warm\", \"direct\", given \"Warm\"" });
    expect(coerceValue(drop(), 3).problem).toMatchObject({ kind: "type" });
    expect(coerceValue(drop(), "constructor").problem?.kind).toBe("option");
  });

  test("long given values are cut in messages", () => {
    const given = coerceValue(num(), "x".repeat(500)).problem!.given!;
    expect(given.length).toBeLessThan(70);
    expect(given.endsWith("…")).toBe(true);
  });
});

describe("sampleValues", () => {
  test("defaults first, then realistic values picked by name, type and constraints", () => {
    const samples = sampleValues([
      text({ name: "persona" }),
      text({ name: "emotion" }),
      text({ name: "topic", default: "delegation" }),
      text({ name: "zzz_field" }),
      num({ min: 1, max: 5, integer: true }),
      num({ name: "n2" }),
      drop(),
      drop({ name: "tone2", default: "direct" }),
      bool(),
    ]);
    expect(samples).toEqual({
      persona: "a newly promoted team lead in a software company",
      emotion: "anxious",
      topic: "delegation",
      zzz_field: "sample zzz field",
      level: 3,
      n2: 3,
      tone: "warm",
      tone2: "direct",
      formal: true,
    });
  });

  test("every sample satisfies its own definition", () => {
    const defs: VariableDefinition[] = [
      text({ name: "goal", minLength: 200 }),
      text({ name: "persona_2", maxLength: 5 }),
      text({ name: "x", minLength: 3, maxLength: 3 }),
      num({ name: "a", min: 10 }),
      num({ name: "b", max: -10 }),
      num({ name: "c", min: 0.2, max: 0.4 }),
      num({ name: "d", min: 1, max: 2, integer: true }),
      num({ name: "e", min: 1.5, max: 2.5, integer: true }),
      num({ name: "f", min: 5, max: 5 }),
      bool({ name: "g", default: false }),
      drop({ name: "h", options: ["only"] }),
      text({ name: "i", default: "ab", minLength: 3 }),
    ];
    expect(validateVariableDefinitions(defs.slice(0, -1)).ok).toBe(true);
    const samples = sampleValues(defs);
    for (const def of defs) {
      const checked = coerceValue(def, samples[def.name]);
      expect(checked.problem, def.name).toBeUndefined();
      expect(checked.value, def.name).toBe(samples[def.name]);
    }
    expect(samples.g).toBe(false);
  });

  test("skips definitions with unusable names and survives junk", () => {
    expect(sampleValues([text({ name: "__proto__" }), text({ name: "ok" })])).toEqual({ ok: "sample ok" });
    expect(Object.getPrototypeOf(sampleValues([text({ name: "__proto__" })]))).toBe(Object.prototype);
    expect(sampleValues(null as never)).toEqual({});
    expect(sampleValues([null as never])).toEqual({});
  });
});
