import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { generateStepValidators, OUTPUT_DTS, OUTPUT_JS, validatorKey } from "../../tools/validators/generate";
import { appErrorData } from "../lib/errors";
import { listFrameworks } from "./frameworks";
import { stepValidators } from "./generated/stepValidators";
import { partialValidate, validateStepData, type Problem } from "./stepValidation";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const WILL = { nextAction: "Book a 30-minute call with my sponsor", actionDate: "2026-03-02", commitment: 8 };

function problems(frameworkId: string, stepId: string, data: unknown): Problem[] {
  const result = validateStepData(frameworkId, stepId, data);
  if (result.ok) throw new Error("expected validation to fail");
  return result.problems;
}

function problem(frameworkId: string, stepId: string, data: unknown, field: string): Problem {
  const found = problems(frameworkId, stepId, data).find((p) => p.field === field);
  if (!found) throw new Error(`expected a problem with ${field}`);
  return found;
}

describe("validateStepData", () => {
  test("valid data passes and is returned", () => {
    const result = validateStepData("GROW", "will", WILL);
    expect(result).toEqual({ ok: true, value: WILL });
  });

  test("optional fields may be given or left out", () => {
    expect(validateStepData("GROW", "will", { ...WILL, supportNeeded: "My manager's backing" }).ok).toBe(true);
    expect(validateStepData("GROW", "goal", { goalStatement: "Be promoted to director", successMeasure: "Offer letter signed" }).ok).toBe(true);
  });

  test("a number out of range names the field, the range and the value", () => {
    expect(problem("GROW", "will", { ...WILL, commitment: 12 }, "commitment")).toEqual({
      field: "commitment",
      expected: "a whole number from 1 to 10",
      given: "12",
      message: "commitment should be a whole number from 1 to 10, but was 12",
    });
    expect(problem("GROW", "will", { ...WILL, commitment: 0 }, "commitment").given).toBe("0");
  });

  test("a fractional or non-numeric rating is explained the same way", () => {
    expect(problem("GROW", "will", { ...WILL, commitment: 7.5 }, "commitment")).toMatchObject({
      expected: "a whole number from 1 to 10",
      given: "7.5",
    });
    expect(problem("GROW", "will", { ...WILL, commitment: "8" }, "commitment")).toMatchObject({
      expected: "a whole number from 1 to 10",
      given: '"8"',
      message: 'commitment should be a whole number from 1 to 10, but was "8"',
    });
  });

  test("a missing required field expects a value and was given nothing", () => {
    const { actionDate: _omitted, ...rest } = WILL;
    expect(problems("GROW", "will", rest)).toEqual([
      {
        field: "actionDate",
        expected: "a value",
        given: "nothing",
        message: "actionDate is required, but nothing was given",
      },
    ]);
  });

  test("a string that is too short or too long says how long it should be", () => {
    expect(problem("GROW", "will", { ...WILL, nextAction: "Call" }, "nextAction")).toEqual({
      field: "nextAction",
      expected: "at least 10 characters",
      given: '"Call" (4 characters)',
      message: 'nextAction should be at least 10 characters, but was "Call" (4 characters)',
    });
    const long = problem("GROW", "will", { ...WILL, nextAction: "x".repeat(301) }, "nextAction");
    expect(long.expected).toBe("at most 300 characters");
    expect(long.given).toMatch(/\(301 characters\)$/);
    expect(long.given.length).toBeLessThan(100);
  });

  test("an enum lists the allowed values", () => {
    const data = {
      engagementApproach: "Weekly one-to-ones with the CFO, monthly updates for the rest",
      priorityStakeholder: "CFO",
      priorityQuadrant: "high_power",
      theirInterests: "Cost control and predictable delivery",
    };
    expect(problem("POWER_INTEREST_GRID", "engagementPlan", data, "priorityQuadrant")).toEqual({
      field: "priorityQuadrant",
      expected: "one of: manage_closely, keep_satisfied, keep_informed, monitor",
      given: '"high_power"',
      message: 'priorityQuadrant should be one of: manage_closely, keep_satisfied, keep_informed, monitor, but was "high_power"',
    });
  });

  test("a date in the wrong shape asks for a date like 2026-12-31", () => {
    expect(problem("GROW", "will", { ...WILL, actionDate: "next Friday" }, "actionDate")).toEqual({
      field: "actionDate",
      expected: "a date like 2026-12-31",
      given: '"next Friday"',
      message: 'actionDate should be a date like 2026-12-31, but was "next Friday"',
    });
    expect(problem("GROW", "will", { ...WILL, actionDate: "02/03/2026" }, "actionDate").expected).toBe("a date like 2026-12-31");
    expect(problem("GROW", "will", { ...WILL, actionDate: 20260302 }, "actionDate")).toMatchObject({
      expected: "a date like 2026-12-31",
      given: "20260302",
    });
  });

  test("a date that does not exist on the calendar is rejected", () => {
    expect(problem("GROW", "will", { ...WILL, actionDate: "2026-02-30" }, "actionDate")).toMatchObject({
      expected: "a real calendar date like 2026-12-31",
      given: '"2026-02-30"',
    });
    expect(validateStepData("GROW", "will", { ...WILL, actionDate: "2028-02-29" }).ok).toBe(true);
  });

  test("a wrong type names what was expected", () => {
    expect(problem("GROW", "will", { ...WILL, nextAction: 42 }, "nextAction")).toMatchObject({
      expected: "text of 10 to 300 characters",
      given: "42",
    });
    expect(problem("GROW", "options", { options: "ask for a mentor", preferredOption: "Ask for a mentor" }, "options")).toMatchObject({
      expected: "a list of 2 to 8 items",
      given: '"ask for a mentor"',
    });
  });

  test("list problems name the list, and the item when one item is wrong", () => {
    expect(problem("GROW", "options", { options: ["Ask for a mentor"], preferredOption: "Ask for a mentor" }, "options")).toEqual({
      field: "options",
      expected: "a list of at least 2 items",
      given: "a list of 1 item",
      message: "options should be a list of at least 2 items, but was a list of 1 item",
    });
    expect(problem("GROW", "options", { options: ["Ask for a mentor", "no"], preferredOption: "Ask for a mentor" }, "options")).toEqual({
      field: "options",
      expected: "at least 3 characters",
      given: '"no" (2 characters)',
      message: 'options item 2 should be at least 3 characters, but was "no" (2 characters)',
    });
  });

  test("an unknown field is reported with the step's real fields", () => {
    const found = problem("GROW", "will", { ...WILL, mood: "great" }, "mood");
    expect(found.expected).toContain("nextAction, actionDate, commitment");
    expect(found.given).toBe('"great"');
    expect(found.message).toMatch(/^mood is not a field of this step/);
    expect(problem("GROW", "will", { ...WILL, toString: "x" }, "toString").message).toMatch(/^toString is not a field of this step/);
  });

  test("several problems are reported together, one per field, in schema order", () => {
    const found = problems("GROW", "will", { nextAction: "x", commitment: 99 });
    expect(found.map((p) => p.field)).toEqual(["nextAction", "actionDate", "commitment"]);
  });

  test("data that is not an object is one problem about the data", () => {
    for (const bad of ["text", 3, null, ["a"]]) {
      const found = problems("GROW", "will", bad);
      expect(found).toHaveLength(1);
      expect(found[0].field).toBe("data");
      expect(found[0].expected).toBe("an object with the step's fields");
    }
  });

  test("unknown frameworks and steps are NOT_FOUND", () => {
    expect(() => validateStepData("NOPE", "will", WILL)).toThrow(ConvexError);
    let thrown: unknown;
    try {
      validateStepData("GROW", "nope", WILL);
    } catch (error) {
      thrown = error;
    }
    expect(appErrorData(thrown)?.code).toBe("NOT_FOUND");
  });
});

describe("partialValidate", () => {
  test("keeps valid fields, reports invalid ones and lists missing required fields", () => {
    const result = partialValidate("GROW", "will", { nextAction: WILL.nextAction, commitment: 11, supportNeeded: "ok" });
    expect(result.valid).toEqual({ nextAction: WILL.nextAction });
    expect(result.invalid).toEqual([
      {
        field: "commitment",
        expected: "a whole number from 1 to 10",
        given: "11",
        message: "commitment should be a whole number from 1 to 10, but was 11",
      },
      {
        field: "supportNeeded",
        expected: "at least 3 characters",
        given: '"ok" (2 characters)',
        message: 'supportNeeded should be at least 3 characters, but was "ok" (2 characters)',
      },
    ]);
    expect(result.missing).toEqual(["actionDate"]);
  });

  test("a complete, valid extraction has nothing invalid or missing", () => {
    expect(partialValidate("GROW", "will", WILL)).toEqual({ valid: WILL, invalid: [], missing: [] });
  });

  test("an empty extraction is all missing; null and undefined count as absent", () => {
    expect(partialValidate("GROW", "will", {})).toEqual({ valid: {}, invalid: [], missing: ["nextAction", "actionDate", "commitment"] });
    expect(partialValidate("GROW", "will", { nextAction: null, actionDate: undefined, commitment: 9 })).toEqual({
      valid: { commitment: 9 },
      invalid: [],
      missing: ["nextAction", "actionDate"],
    });
    expect(partialValidate("GROW", "will", undefined).missing).toEqual(["nextAction", "actionDate", "commitment"]);
  });

  test("an invalid required field is invalid, not missing", () => {
    const result = partialValidate("GROW", "will", { ...WILL, actionDate: "tomorrow" });
    expect(result.valid).toEqual({ nextAction: WILL.nextAction, commitment: 8 });
    expect(result.invalid.map((p) => p.field)).toEqual(["actionDate"]);
    expect(result.missing).toEqual([]);
  });

  test("unknown fields are invalid and never kept, even __proto__", () => {
    const data = JSON.parse('{"nextAction":"Book a call with Sam","__proto__":{"polluted":true},"extra":1}') as Record<string, unknown>;
    const result = partialValidate("GROW", "will", data);
    expect(result.valid).toEqual({ nextAction: "Book a call with Sam" });
    expect(Object.getPrototypeOf(result.valid)).toBe(Object.prototype);
    expect(result.invalid.map((p) => p.field).sort()).toEqual(["__proto__", "extra"]);
  });

  test("merging partial extractions across turns completes the step", () => {
    const first = partialValidate("GROW", "will", { nextAction: WILL.nextAction, actionDate: "soon" });
    const second = partialValidate("GROW", "will", { ...first.valid, actionDate: WILL.actionDate, commitment: WILL.commitment });
    expect(second).toEqual({ valid: WILL, invalid: [], missing: [] });
    expect(validateStepData("GROW", "will", second.valid).ok).toBe(true);
  });
});

describe("precompiled validators", () => {
  test("there is one for every step of every framework", () => {
    const keys = listFrameworks().flatMap((f) => f.steps.map((s) => validatorKey(f.id, s.id)));
    expect(Object.keys(stepValidators)).toEqual(keys);
    for (const key of keys) expect(typeof stepValidators[key]).toBe("function");
  });

  test("the generated module is fresh: regenerating gives byte-identical files", () => {
    const generated = generateStepValidators();
    const onDisk = readFileSync(path.join(REPO_ROOT, OUTPUT_JS), "utf8");
    expect(onDisk === generated.js, `${OUTPUT_JS} is stale: run 'npm run build:validators'`).toBe(true);
    expect(readFileSync(path.join(REPO_ROOT, OUTPUT_DTS), "utf8")).toBe(generated.dts);
    expect(generateStepValidators().js).toBe(generated.js);
  });

  test("the generated code has a header, no code generation from strings and only ajv runtime imports", () => {
    const js = readFileSync(path.join(REPO_ROOT, OUTPUT_JS), "utf8");
    expect(js.startsWith("// generated by tools/build-validators.ts — do not edit")).toBe(true);
    expect(js).not.toMatch(/new\s+Function/);
    expect(js).not.toContain("eval(");
    expect(js).not.toMatch(/\brequire\s*\(/);
    const imports = [...js.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) expect(specifier).toMatch(/^ajv\/dist\/runtime\/[a-z0-9]+\.js$/i);
  });

  test("generation is checked: a schema change makes the output differ", () => {
    const [grow, ...rest] = listFrameworks();
    const will = grow.steps[3];
    const changed = {
      ...grow,
      steps: [
        ...grow.steps.slice(0, 3),
        { ...will, schema: { ...will.schema, properties: { ...will.schema.properties, commitment: { type: "integer" as const, description: "x", minimum: 1, maximum: 5 } } } },
      ],
    };
    expect(generateStepValidators([changed, ...rest]).js).not.toBe(generateStepValidators().js);
  });
});
