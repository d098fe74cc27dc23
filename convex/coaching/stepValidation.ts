/**
 * Validates data extracted for a framework step against the step's schema.
 *
 * Pure (no ctx) and free of runtime code generation: the ajv validators are
 * compiled ahead of time into ./generated/stepValidators.js by
 * `npm run build:validators` (tools/build-validators.ts), because Convex
 * forbids `new Function`, which `ajv.compile` relies on.
 *
 * Every problem names the field, what was expected and what was given, in
 * words fit for both Claude (so it can correct an extraction) and users.
 *
 * Partial validation runs the full precompiled validator once, in ajv's
 * allErrors mode, and attributes each error to a top-level field by its
 * instancePath (or params.missingProperty / params.additionalProperty).
 * That is exact for step schemas, whose fields are independent of each other
 * (the FieldSchema subset has no cross-field keywords), so no per-field
 * validators are needed.
 */
import type { ErrorObject } from "ajv";
import { getFramework, getStepById } from "./frameworks";
import type { FieldSchema, FrameworkStep } from "./frameworks/types";
import { stepValidators, type StepValidateFunction } from "./generated/stepValidators";

export type Problem = {
  /** The top-level field of the step's schema (or "data" when the whole value is not an object). */
  field: string;
  /** What was expected, e.g. "a whole number from 1 to 10". */
  expected: string;
  /** What was given, e.g. "12", "nothing". */
  given: string;
  /** One sentence combining the three, e.g. "commitment should be a whole number from 1 to 10, but was 12". */
  message: string;
};

export type StepValidationResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; problems: Problem[] };

export type PartialValidationResult = {
  /** Present fields that are valid, ready to merge into the collected data. */
  valid: Record<string, unknown>;
  /** Present fields that are invalid (and unknown fields). */
  invalid: Problem[];
  /** Required fields that are absent (undefined or null); invalid required fields are in `invalid`, not here. */
  missing: string[];
};

const DATE_EXAMPLE = "a date like 2026-12-31";
/** The field name used when the step data as a whole is not an object. */
const ROOT_FIELD = "data";

/**
 * Validates a complete extraction for a step. `value` is a shallow copy of the
 * data when it is valid. Throws NOT_FOUND for an unknown framework or step.
 */
export function validateStepData(frameworkId: string, stepId: string, data: unknown): StepValidationResult {
  const { step, validate } = lookup(frameworkId, stepId);
  if (!isPlainObject(data)) return { ok: false, problems: [notAnObject(data)] };
  const problems = problemsFor(step, validate, data);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { ...data } };
}

/**
 * Validates each present field on its own terms and reports absent required
 * fields separately, so the engine can merge valid fields from partial
 * extractions across turns. Fields set to `undefined` or `null` count as absent.
 */
export function partialValidate(frameworkId: string, stepId: string, data: unknown): PartialValidationResult {
  const { step, validate } = lookup(frameworkId, stepId);
  const required = step.schema.required;
  if (!isPlainObject(data)) {
    return { valid: {}, invalid: data === undefined || data === null ? [] : [notAnObject(data)], missing: [...required] };
  }
  // Object.fromEntries defines own properties, so even a "__proto__" key stays plain data.
  const present = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined && value !== null));
  // Problems about absent fields are the "required" ones: those are reported in `missing` instead.
  const invalid = problemsFor(step, validate, present).filter((problem) => Object.hasOwn(present, problem.field));
  const invalidFields = new Set(invalid.map((problem) => problem.field));
  const valid = Object.fromEntries(Object.entries(present).filter(([field]) => !invalidFields.has(field)));
  const missing = required.filter((field) => !Object.hasOwn(present, field));
  return { valid, invalid, missing };
}

/** The key of a step in the precompiled validator map. */
export function stepValidatorKey(frameworkId: string, stepId: string): string {
  return `${frameworkId}.${stepId}`;
}

/** Human-readable description of what a field accepts, e.g. for labels and prompts. */
export function describeField(schema: FieldSchema): string {
  return describeWhole(schema);
}

// ---------------------------------------------------------------------------

function lookup(frameworkId: string, stepId: string): { step: FrameworkStep; validate: StepValidateFunction } {
  const framework = getFramework(frameworkId);
  const step = getStepById(framework, stepId);
  const validate = stepValidators[stepValidatorKey(framework.id, step.id)];
  if (!validate) {
    // A developer error, not a user one: the generated module is older than the registry.
    throw new Error(`No precompiled validator for ${framework.id}.${step.id}: run 'npm run build:validators'.`);
  }
  return { step, validate };
}

/** All problems with `data` (an object), at most one per top-level field, in schema order. */
function problemsFor(step: FrameworkStep, validate: StepValidateFunction, data: Record<string, unknown>): Problem[] {
  const errors = validate(data) ? [] : (validate.errors ?? []);
  const byField = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const field = fieldOf(error);
    byField.set(field, [...(byField.get(field) ?? []), error]);
  }
  const problems = new Map<string, Problem>();
  for (const [field, fieldErrors] of byField) {
    problems.set(field, problemFor(step, field, fieldErrors, data));
  }
  // Dates that match the pattern but do not exist (2026-02-30) are not caught by ajv, which does not validate formats here.
  for (const [field, schema] of Object.entries(step.schema.properties)) {
    if (problems.has(field) || schema.type !== "string" || schema.format !== "date") continue;
    const value = data[field];
    if (typeof value === "string" && !isCalendarDate(value)) {
      problems.set(field, make(field, "a real calendar date like 2026-12-31", describeGiven(value), field));
    }
  }
  const order = [...Object.keys(step.schema.properties), ...Object.keys(data)];
  return [...problems.values()].sort((a, b) => rank(a.field) - rank(b.field));

  function rank(field: string): number {
    const index = order.indexOf(field);
    return index === -1 ? order.length : index;
  }
}

function fieldOf(error: ErrorObject): string {
  if (error.keyword === "required") return String((error.params as { missingProperty: string }).missingProperty);
  if (error.keyword === "additionalProperties") return String((error.params as { additionalProperty: string }).additionalProperty);
  const segment = error.instancePath.split("/")[1];
  return segment === undefined || segment === "" ? ROOT_FIELD : unescapePointer(segment);
}

/** Which error to explain when a field has several: the most fundamental one. */
const KEYWORD_PRIORITY = [
  "required",
  "additionalProperties",
  "type",
  "enum",
  "format",
  "pattern",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
];

function priority(error: ErrorObject, field: string): number {
  // Errors about the field itself come before errors about one of its items.
  const itemPenalty = error.instancePath.split("/").length > 2 && field !== ROOT_FIELD ? KEYWORD_PRIORITY.length : 0;
  const index = KEYWORD_PRIORITY.indexOf(error.keyword);
  return itemPenalty + (index === -1 ? KEYWORD_PRIORITY.length - 1 : index);
}

function problemFor(step: FrameworkStep, field: string, errors: ErrorObject[], data: Record<string, unknown>): Problem {
  const error = [...errors].sort((a, b) => priority(a, field) - priority(b, field))[0];
  const schema: FieldSchema | undefined = Object.hasOwn(step.schema.properties, field) ? step.schema.properties[field] : undefined;

  if (error.keyword === "required") return make(field, "a value", "nothing", field);
  if (error.keyword === "additionalProperties" || !schema) {
    const allowed = Object.keys(step.schema.properties).join(", ");
    const expected = `no field of this name (the fields are: ${allowed})`;
    const given = describeGiven(data[field]);
    return { field, expected, given, message: `${field} is not a field of this step (the fields are: ${allowed}), but was given ${given}` };
  }

  const segments = error.instancePath.split("/").slice(2);
  if (segments.length > 0 && schema.type === "array") {
    const index = Number(segments[0]);
    const items = data[field] as unknown[];
    const label = `${field} item ${index + 1}`;
    return make(field, expectedFor(schema.items, error), describeGiven(items[index], error.keyword), label);
  }
  return make(field, expectedFor(schema, error), describeGiven(data[field], error.keyword), field);
}

function make(field: string, expected: string, given: string, label: string): Problem {
  const message =
    given === "nothing" && expected === "a value"
      ? `${label} is required, but nothing was given`
      : `${label} should be ${expected}, but was ${given}`;
  return { field, expected, given, message };
}

function notAnObject(data: unknown): Problem {
  return make(ROOT_FIELD, "an object with the step's fields", describeGiven(data), ROOT_FIELD);
}

type AnySchema = FieldSchema | { type: "string"; minLength?: number; maxLength?: number; enum?: undefined; format?: undefined; pattern?: undefined };

/** What a schema expects, phrased for the keyword that failed. */
function expectedFor(schema: AnySchema, error: ErrorObject): string {
  const limit = (error.params as { limit?: number }).limit ?? 0;
  switch (schema.type) {
    case "integer":
    case "number":
    case "boolean":
      return describeWhole(schema);
    case "string":
      if (schema.format === "date") return DATE_EXAMPLE;
      if (error.keyword === "enum" || schema.enum) return describeWhole(schema);
      if (error.keyword === "minLength") return `at least ${plural(limit, "character")}`;
      if (error.keyword === "maxLength") return `at most ${plural(limit, "character")}`;
      if (error.keyword === "pattern") return `text matching ${schema.pattern ?? "the expected pattern"}`;
      return describeWhole(schema);
    case "array":
      if (error.keyword === "minItems") return `a list of at least ${plural(limit, "item")}`;
      if (error.keyword === "maxItems") return `a list of at most ${plural(limit, "item")}`;
      return describeWhole(schema);
  }
}

/** What a schema accepts as a whole. */
function describeWhole(schema: AnySchema): string {
  switch (schema.type) {
    case "integer":
    case "number": {
      const kind = schema.type === "integer" ? "a whole number" : "a number";
      const { minimum: min, maximum: max } = schema;
      if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
      if (min !== undefined) return `${kind} of at least ${min}`;
      if (max !== undefined) return `${kind} of at most ${max}`;
      return kind;
    }
    case "boolean":
      return "true or false";
    case "string": {
      if (schema.enum) return `one of: ${schema.enum.join(", ")}`;
      if (schema.format === "date") return DATE_EXAMPLE;
      return `text${lengthRange(schema.minLength, schema.maxLength, "character")}`;
    }
    case "array":
      return `a list${lengthRange(schema.minItems, schema.maxItems, "item")}`;
  }
}

function lengthRange(min: number | undefined, max: number | undefined, noun: string): string {
  if (min !== undefined && min > 0 && max !== undefined) return ` of ${min} to ${max} ${noun}s`;
  if (min !== undefined && min > 0) return ` of at least ${plural(min, noun)}`;
  if (max !== undefined) return ` of at most ${plural(max, noun)}`;
  return "";
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const MAX_QUOTED = 60;

/** A short rendering of the value that was given. */
function describeGiven(value: unknown, keyword?: string): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const quoted = JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value);
    const length = [...value].length;
    if (keyword === "minLength" || keyword === "maxLength") return `${quoted} (${plural(length, "character")})`;
    return value === "" ? "an empty text" : quoted;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `a list of ${plural(value.length, "item")}`;
  if (typeof value === "object") return "an object";
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
