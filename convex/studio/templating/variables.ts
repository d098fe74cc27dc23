/**
 * Typed template variables: their definitions, the validation of those
 * definitions, the coercion of given values, and sample values for previews.
 */
import { v, type Infer } from "convex/values";
import { capProblems, describeGiven, type TemplateProblem } from "./problems";

const common = {
  name: v.string(),
  required: v.boolean(),
  helpText: v.optional(v.string()),
};

export const textVariableValidator = v.object({
  ...common,
  type: v.literal("text"),
  minLength: v.optional(v.number()),
  maxLength: v.optional(v.number()),
  default: v.optional(v.string()),
});

export const numberVariableValidator = v.object({
  ...common,
  type: v.literal("number"),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  integer: v.optional(v.boolean()),
  default: v.optional(v.number()),
});

export const dropdownVariableValidator = v.object({
  ...common,
  type: v.literal("dropdown"),
  options: v.array(v.string()),
  default: v.optional(v.string()),
});

export const booleanVariableValidator = v.object({
  ...common,
  type: v.literal("boolean"),
  default: v.optional(v.boolean()),
});

/** One source for the shape: tables and function args use this validator, the code uses the inferred type. */
export const variableDefinitionValidator = v.union(
  textVariableValidator,
  numberVariableValidator,
  dropdownVariableValidator,
  booleanVariableValidator,
);

export type TextVariable = Infer<typeof textVariableValidator>;
export type NumberVariable = Infer<typeof numberVariableValidator>;
export type DropdownVariable = Infer<typeof dropdownVariableValidator>;
export type BooleanVariable = Infer<typeof booleanVariableValidator>;
export type VariableDefinition = Infer<typeof variableDefinitionValidator>;
export type VariableType = VariableDefinition["type"];
export const VARIABLE_TYPES: readonly VariableType[] = ["text", "number", "dropdown", "boolean"];

/** A value after coercion: what conditions compare and placeholders print. */
export type VariableValue = string | number | boolean;
/** Values as callers give them: from a form (strings), the generation matrix, or JSON. */
export type VariableValues = Readonly<Record<string, unknown>>;

export const MAX_NAME_LENGTH = 40;
export const MAX_VARIABLES = 50;
export const MAX_OPTIONS = 100;
export const MAX_OPTION_LENGTH = 200;
export const MAX_HELP_TEXT = 500;
export const MAX_TEXT_LENGTH = 100_000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words of the condition grammar and block tags; a variable with one of these names could never be referenced. */
export const KEYWORDS: ReadonlySet<string> = new Set(["and", "or", "not", "in", "true", "false", "if", "else"]);

/**
 * Names that mean something on every JavaScript object. Lookups are own-property
 * only, so they would be harmless, but refusing them at definition keeps values
 * objects, `resolved` records and stored documents free of them.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "this",
  "null",
  "undefined",
  "NaN",
  "Infinity",
]);

/** Why a name cannot name a variable, or null when it can. */
export function variableNameProblem(name: unknown): string | null {
  if (typeof name !== "string" || name.length === 0) return "a variable needs a name";
  if (name.length > MAX_NAME_LENGTH) return `a name is at most ${MAX_NAME_LENGTH} characters`;
  if (!IDENTIFIER.test(name)) return "a name starts with a letter or _ and has only letters, digits and _";
  if (KEYWORDS.has(name)) return `'${name}' is a word of the template language`;
  if (RESERVED_NAMES.has(name) || name.startsWith("__")) return `'${name}' is reserved`;
  return null;
}

export type DefinitionReport = { ok: boolean; errors: TemplateProblem[]; warnings: TemplateProblem[] };

const FIELDS_BY_TYPE: Record<VariableType, ReadonlySet<string>> = {
  text: new Set(["name", "type", "required", "default", "helpText", "minLength", "maxLength"]),
  number: new Set(["name", "type", "required", "default", "helpText", "min", "max", "integer"]),
  dropdown: new Set(["name", "type", "required", "default", "helpText", "options"]),
  boolean: new Set(["name", "type", "required", "default", "helpText"]),
};

/**
 * Reports every problem with a list of definitions at once. Defensive about
 * shape: the list may come from a client or an old stored version.
 */
export function validateVariableDefinitions(defs: readonly VariableDefinition[]): DefinitionReport {
  const errors: TemplateProblem[] = [];
  const warnings: TemplateProblem[] = [];
  if (!Array.isArray(defs)) {
    errors.push({ kind: "definition", severity: "error", message: "Variables must be a list", expected: "a list", given: describeGiven(defs) });
    return { ok: false, errors, warnings };
  }
  if (defs.length > MAX_VARIABLES) {
    errors.push({
      kind: "definition",
      severity: "error",
      message: `A template declares at most ${MAX_VARIABLES} variables, this one declares ${defs.length}`,
      expected: `at most ${MAX_VARIABLES}`,
      given: String(defs.length),
    });
  }
  const seen = new Set<string>();
  defs.forEach((raw: unknown, index) => {
    const err = (field: string | undefined, message: string, expected?: string, given?: string, variable?: string) =>
      errors.push({ kind: "definition", severity: "error", message, index, field, expected, given, variable });
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      err(undefined, `Variable ${index + 1} is not a definition`, "an object", describeGiven(raw));
      return;
    }
    const def = raw as Record<string, unknown>;
    const name = Object.hasOwn(def, "name") ? def.name : undefined;
    const label = typeof name === "string" && name.length > 0 ? `'${name.slice(0, 60)}'` : `Variable ${index + 1}`;
    const variable = typeof name === "string" ? name : undefined;
    const nameProblem = variableNameProblem(name);
    if (nameProblem) err("name", `${label}: ${nameProblem}`, "an identifier such as persona or topic_2", describeGiven(name), variable);
    else if (seen.has(name as string)) err("name", `${label} is declared twice`, "a unique name", describeGiven(name), variable);
    if (typeof name === "string") seen.add(name);

    const type = Object.hasOwn(def, "type") ? def.type : undefined;
    if (typeof type !== "string" || !(VARIABLE_TYPES as readonly string[]).includes(type)) {
      err("type", `${label} has an unknown type`, VARIABLE_TYPES.join(", "), describeGiven(type), variable);
      return;
    }
    const required = Object.hasOwn(def, "required") ? def.required : undefined;
    if (typeof required !== "boolean") err("required", `${label}: required must be true or false`, "true or false", describeGiven(required), variable);
    if (Object.hasOwn(def, "helpText") && def.helpText !== undefined) {
      if (typeof def.helpText !== "string") err("helpText", `${label}: help text must be text`, "text", describeGiven(def.helpText), variable);
      else if (def.helpText.length > MAX_HELP_TEXT) err("helpText", `${label}: help text is at most ${MAX_HELP_TEXT} characters`, `at most ${MAX_HELP_TEXT} characters`, `${def.helpText.length} characters`, variable);
    }
    for (const key of Object.keys(def)) {
      if (!FIELDS_BY_TYPE[type as VariableType].has(key) && def[key] !== undefined) {
        warnings.push({ kind: "definition", severity: "warning", message: `${label}: '${key.slice(0, 40)}' does not apply to a ${type} variable and is ignored`, index, field: key, variable });
      }
    }

    let rangeOk = true;
    if (type === "text") {
      for (const field of ["minLength", "maxLength"] as const) {
        const value = def[field];
        if (value === undefined) continue;
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_TEXT_LENGTH) {
          err(field, `${label}: ${field} must be a whole number from 0 to ${MAX_TEXT_LENGTH}`, `a whole number from 0 to ${MAX_TEXT_LENGTH}`, describeGiven(value), variable);
          rangeOk = false;
        }
      }
      if (rangeOk && typeof def.minLength === "number" && typeof def.maxLength === "number" && def.minLength > def.maxLength) {
        err("maxLength", `${label}: minLength ${def.minLength} is greater than maxLength ${def.maxLength}`, `at least ${def.minLength}`, String(def.maxLength), variable);
        rangeOk = false;
      }
    } else if (type === "number") {
      for (const field of ["min", "max"] as const) {
        const value = def[field];
        if (value === undefined) continue;
        if (typeof value !== "number" || !Number.isFinite(value)) {
          err(field, `${label}: ${field} must be a finite number`, "a finite number", describeGiven(value), variable);
          rangeOk = false;
        }
      }
      if (def.integer !== undefined && typeof def.integer !== "boolean") {
        err("integer", `${label}: integer must be true or false`, "true or false", describeGiven(def.integer), variable);
        rangeOk = false;
      }
      const { min, max } = def;
      if (rangeOk && typeof min === "number" && typeof max === "number") {
        if (min > max) {
          err("max", `${label}: min ${min} is greater than max ${max}`, `at least ${min}`, String(max), variable);
          rangeOk = false;
        } else if (def.integer === true && Math.ceil(min) > Math.floor(max)) {
          err("max", `${label}: no whole number lies between ${min} and ${max}`, "a range containing a whole number", `${min} to ${max}`, variable);
          rangeOk = false;
        }
      }
    } else if (type === "dropdown") {
      const options = def.options;
      if (!Array.isArray(options)) {
        err("options", `${label}: a dropdown needs a list of options`, "a list of options", describeGiven(options), variable);
        rangeOk = false;
      } else if (options.length === 0) {
        err("options", `${label}: a dropdown needs at least one option`, "at least one option", "none", variable);
        rangeOk = false;
      } else {
        if (options.length > MAX_OPTIONS) {
          err("options", `${label}: a dropdown has at most ${MAX_OPTIONS} options`, `at most ${MAX_OPTIONS}`, String(options.length), variable);
        }
        const unique = new Set<string>();
        options.forEach((option: unknown, i) => {
          if (typeof option !== "string" || option.trim() === "") {
            err("options", `${label}: option ${i + 1} must be non-blank text`, "non-blank text", describeGiven(option), variable);
            rangeOk = false;
          } else if (option.length > MAX_OPTION_LENGTH) {
            err("options", `${label}: option ${i + 1} is longer than ${MAX_OPTION_LENGTH} characters`, `at most ${MAX_OPTION_LENGTH} characters`, `${option.length} characters`, variable);
          } else if (unique.has(option)) {
            err("options", `${label}: option ${describeGiven(option)} is listed twice`, "unique options", describeGiven(option), variable);
          }
          if (typeof option === "string") unique.add(option);
        });
      }
    }

    if (Object.hasOwn(def, "default") && def.default !== undefined && rangeOk) {
      const checked = coerceValue(def as VariableDefinition, def.default);
      if (checked.problem || checked.value === undefined) {
        const why = checked.problem ? checked.problem.message : "it is empty";
        err("default", `${label}: the default does not fit: ${why}`, checked.problem?.expected ?? "a value", describeGiven(def.default), variable);
      } else if (required === true) {
        warnings.push({
          kind: "definition",
          severity: "warning",
          message: `${label} is required, so its default is never used; make it optional or drop the default`,
          index,
          field: "default",
          variable,
        });
      }
    }
  });
  return { ok: errors.length === 0, errors: capProblems(errors), warnings: capProblems(warnings) };
}

const trusted = new WeakSet<readonly VariableDefinition[]>();

/**
 * A frozen copy of a valid list, remembered as valid: rendering many times
 * with it validates once, and nobody can slip a "__proto__" in afterwards.
 */
export function trustedDefinitions(defs: readonly VariableDefinition[], report?: DefinitionReport): readonly VariableDefinition[] | null {
  if (trusted.has(defs)) return defs;
  if (!(report ?? validateVariableDefinitions(defs)).ok) return null;
  const copy = Object.freeze(
    defs.map((def) => Object.freeze(def.type === "dropdown" ? { ...def, options: Object.freeze([...def.options]) as string[] } : { ...def })),
  );
  trusted.add(copy);
  return copy;
}

export type Coerced = { value: VariableValue | undefined; problem?: undefined } | { value?: undefined; problem: TemplateProblem };

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function problem(def: VariableDefinition, kind: TemplateProblem["kind"], message: string, expected: string, raw: unknown): Coerced {
  return { problem: { kind, severity: "error", message, variable: def.name, expected, given: describeGiven(raw) } };
}

function rangeText(min: number | undefined, max: number | undefined, unit = ""): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}${unit}`;
  if (min !== undefined) return `at least ${min}${unit}`;
  return `at most ${max}${unit}`;
}

/**
 * Turns a given value into the variable's type, or says why it cannot.
 * `undefined`, `null` and "" mean "no value" (`value: undefined`), whatever
 * the type: a form sends "" for a field left empty.
 */
export function coerceValue(def: VariableDefinition, raw: unknown): Coerced {
  if (raw === undefined || raw === null || raw === "") return { value: undefined };
  const name = `'${def.name}'`;
  switch (def.type) {
    case "text": {
      if (typeof raw !== "string") return problem(def, "type", `${name} expects text, given ${describeGiven(raw)}`, "text", raw);
      const { minLength, maxLength } = def;
      if ((minLength !== undefined && raw.length < minLength) || (maxLength !== undefined && raw.length > maxLength)) {
        const expected = rangeText(minLength, maxLength, " characters");
        return {
          problem: {
            kind: "length",
            severity: "error",
            message: `${name} must be ${expected}, given ${raw.length} character${raw.length === 1 ? "" : "s"}`,
            variable: def.name,
            expected,
            given: `${describeGiven(raw)} (${raw.length} characters)`,
          },
        };
      }
      return { value: raw };
    }
    case "number": {
      let n: number;
      if (typeof raw === "number") n = raw;
      else if (typeof raw === "bigint") n = Number(raw);
      else if (typeof raw === "string" && NUMERIC.test(raw.trim())) n = Number(raw.trim());
      else if (typeof raw === "string" && raw.trim() === "") return { value: undefined };
      else return problem(def, "type", `${name} expects a number, given ${describeGiven(raw)}`, "a number", raw);
      if (!Number.isFinite(n)) return problem(def, "type", `${name} expects a finite number, given ${describeGiven(raw)}`, "a finite number", raw);
      if (def.integer === true && !Number.isInteger(n)) return problem(def, "type", `${name} expects a whole number, given ${describeGiven(raw)}`, "a whole number", raw);
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
        const expected = rangeText(def.min, def.max);
        return problem(def, "range", `${name} must be ${expected}, given ${describeGiven(raw)}`, expected, raw);
      }
      return { value: n };
    }
    case "boolean": {
      if (typeof raw === "boolean") return { value: raw };
      if (typeof raw === "string") {
        const word = raw.trim().toLowerCase();
        if (word === "true") return { value: true };
        if (word === "false") return { value: false };
        if (word === "") return { value: undefined };
      }
      return problem(def, "type", `${name} expects true or false, given ${describeGiven(raw)}`, "true or false", raw);
    }
    case "dropdown": {
      const options = Array.isArray(def.options) ? def.options : [];
      const expected = `one of ${options.map((o) => describeGiven(o)).join(", ")}`;
      if (typeof raw !== "string") return problem(def, "type", `${name} expects ${expected}, given ${describeGiven(raw)}`, expected, raw);
      if (!options.includes(raw)) return problem(def, "option", `${name} must be ${expected}, given ${describeGiven(raw)}`, expected, raw);
      return { value: raw };
    }
    default:
      return problem(def, "type", `${name} has an unknown type`, VARIABLE_TYPES.join(", "), raw);
  }
}

const SAMPLE_TEXT: [RegExp, string][] = [
  [/persona|role|audience|user/i, "a newly promoted team lead in a software company"],
  [/emotion|feeling|mood/i, "anxious"],
  [/topic|subject|theme|challenge|issue/i, "giving difficult feedback to a former peer"],
  [/framework|model|method/i, "GROW"],
  [/goal|objective|outcome/i, "run a calm, focused weekly team meeting"],
  [/first_?name|given_?name/i, "Alex"],
  [/name/i, "Alex Morgan"],
  [/company|org|team/i, "Northwind Labs"],
  [/tone|style|voice/i, "warm and direct"],
  [/language|locale|lang/i, "English"],
  [/question/i, "What would a good outcome look like for you?"],
  [/context|background|situation|history/i, "They have led the team for three weeks and two senior engineers resist the new process."],
  [/instruction|note|hint/i, "Keep replies under three sentences."],
  [/email/i, "alex@example.com"],
  [/date|day/i, "2026-12-15"],
];

function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_+/g, " ")
    .trim()
    .toLowerCase();
}

function sampleText(def: TextVariable): string {
  let text = SAMPLE_TEXT.find(([pattern]) => pattern.test(def.name))?.[1] ?? `sample ${humanize(def.name) || "text"}`;
  const min = typeof def.minLength === "number" ? def.minLength : 0;
  const max = typeof def.maxLength === "number" ? def.maxLength : Infinity;
  while (text.length < min) text = `${text} ${text}`;
  if (text.length > max) text = text.slice(0, max);
  if (text.length < min) text = text.padEnd(min, ".");
  return text;
}

function sampleNumber(def: NumberVariable): number {
  const min = typeof def.min === "number" && Number.isFinite(def.min) ? def.min : undefined;
  const max = typeof def.max === "number" && Number.isFinite(def.max) ? def.max : undefined;
  let n: number;
  if (min !== undefined && max !== undefined) n = min + (max - min) / 2;
  else if (min !== undefined) n = min + 3;
  else if (max !== undefined) n = Math.min(3, max);
  else n = 3;
  if (def.integer) {
    n = Math.round(n);
    if (min !== undefined && n < min) n = Math.ceil(min);
    if (max !== undefined && n > max) n = Math.floor(max);
  }
  return n;
}

/**
 * Realistic values for every declared variable, for the editor's preview:
 * the default when there is a valid one, otherwise a value that fits the
 * type and its constraints (texts picked by the variable's name).
 */
export function sampleValues(variables: readonly VariableDefinition[]): Record<string, VariableValue> {
  const out: Record<string, VariableValue> = {};
  if (!Array.isArray(variables)) return out;
  for (const def of variables) {
    if (typeof def !== "object" || def === null || variableNameProblem(def.name) !== null) continue;
    const fromDefault = def.default !== undefined ? coerceValue(def, def.default) : undefined;
    if (fromDefault && !fromDefault.problem && fromDefault.value !== undefined) {
      out[def.name] = fromDefault.value;
      continue;
    }
    switch (def.type) {
      case "text":
        out[def.name] = sampleText(def);
        break;
      case "number":
        out[def.name] = sampleNumber(def);
        break;
      case "dropdown":
        if (Array.isArray(def.options) && typeof def.options[0] === "string") out[def.name] = def.options[0];
        break;
      case "boolean":
        out[def.name] = true;
        break;
    }
  }
  return out;
}
