/**
 * Rendering a parsed template with values. Values are looked up by declared
 * name only, through a Map built from own properties; a substituted value is
 * written out as-is and never scanned for tags again.
 */
import { capProblems, describeGiven, type RenderProblem } from "./problems";
import { parseTemplate, type Branch, type Expr, type ParsedTemplate, type TemplateNode } from "./syntax";
import { coerceValue, trustedDefinitions, validateVariableDefinitions, type VariableDefinition, type VariableValue, type VariableValues } from "./variables";

export const MAX_OUTPUT_CHARS = 100_000;

export type RenderOptions = {
  /** "html" escapes & < > " ' in substituted values (not in the template's own text). Default "none". */
  escape?: "none" | "html";
  /** Lower the output cap (never above MAX_OUTPUT_CHARS). */
  maxOutputChars?: number;
  /**
   * What to do with a value for a name the template does not declare:
   * "error" (default) reports it; "ignore" drops it, for callers such as the
   * generation matrix that fill every template from the same wider record.
   */
  unknownValues?: "error" | "ignore";
};

export type RenderResult = {
  ok: boolean;
  /** The rendered text; "" when ok is false. */
  output: string;
  /** Every declared variable that has a value after coercion and defaults. Absent optional variables are left out. */
  resolved: Record<string, VariableValue>;
  missingRequired: string[];
  errors: RenderProblem[];
};

/** A run of output text; `fromVariable` names the variable whose value it is. */
export type RenderSegment = { text: string; fromVariable?: string };

export type RenderSegmentsResult = RenderResult & { segments: RenderSegment[] };

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIAL_ALL = /[&<>"']/g;
const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL_ALL, (ch) => HTML_ENTITIES[ch]) : text;
}

function display(value: VariableValue | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : String(value);
}

function truthy(value: VariableValue | Literal | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "string") return value.length > 0;
  return value;
}

type Literal = string | number | boolean;
type Values = ReadonlyMap<string, VariableValue>;

function value(expr: Expr, values: Values): VariableValue | undefined {
  if (expr.type === "var") return values.get(expr.name);
  if (expr.type === "lit") return expr.value;
  return test(expr, values);
}

/** Absent values equal nothing and order against nothing; values of different types never compare. */
function test(expr: Expr, values: Values): boolean {
  switch (expr.type) {
    case "var":
      return truthy(values.get(expr.name));
    case "lit":
      return truthy(expr.value);
    case "not":
      return !test(expr.expr, values);
    case "and":
      return test(expr.left, values) && test(expr.right, values);
    case "or":
      return test(expr.left, values) || test(expr.right, values);
    case "in": {
      const left = value(expr.left, values);
      return left !== undefined && expr.list.includes(left);
    }
    case "cmp": {
      const left = value(expr.left, values);
      const right = value(expr.right, values);
      if (expr.op === "==") return left !== undefined && left === right;
      if (expr.op === "!=") return !(left !== undefined && left === right);
      if (left === undefined || right === undefined || typeof left !== typeof right || typeof left === "boolean") return false;
      switch (expr.op) {
        case "<":
          return left < right;
        case "<=":
          return left <= right;
        case ">":
          return left > right;
        case ">=":
          return left >= right;
      }
    }
  }
}

class OutputTooLong {}

class Writer {
  readonly parts: string[] = [];
  readonly owners: (string | undefined)[] | null;
  length = 0;
  constructor(
    private readonly max: number,
    private readonly html: boolean,
    segments: boolean,
  ) {
    this.owners = segments ? [] : null;
  }
  text(text: string): void {
    if (text.length === 0) return;
    this.push(text, undefined);
  }
  variable(name: string, value: VariableValue | undefined): void {
    const text = display(value);
    const safe = this.html ? escapeHtml(text) : text;
    if (safe.length === 0 && this.owners === null) return;
    this.push(safe, name);
  }
  private push(text: string, owner: string | undefined): void {
    this.length += text.length;
    if (this.length > this.max) throw new OutputTooLong();
    this.parts.push(text);
    this.owners?.push(owner);
  }
}

function writeBranch(branch: Branch, values: Values, out: Writer): void {
  if (branch.type === "text") out.text(branch.text);
  else out.variable(branch.name, values.get(branch.name));
}

function write(nodes: readonly TemplateNode[], values: Values, out: Writer): void {
  for (const node of nodes) {
    switch (node.type) {
      case "text":
        out.text(node.text);
        break;
      case "var":
        out.variable(node.name, values.get(node.name));
        break;
      case "ternary":
        writeBranch(test(node.cond, values) ? node.then : node.else, values, out);
        break;
      case "if": {
        const chosen = node.branches.find((b) => test(b.cond, values));
        if (chosen) write(chosen.body, values, out);
        else if (node.otherwise) write(node.otherwise, values, out);
        break;
      }
    }
  }
}

export type Resolution = { values: Map<string, VariableValue>; resolved: Record<string, VariableValue>; missingRequired: string[]; errors: RenderProblem[] };

/** Coerces every given value and applies defaults, collecting every problem at once. */
export function resolveValues(definitions: readonly VariableDefinition[], given: VariableValues, options: RenderOptions = {}): Resolution {
  const variables = trustedDefinitions(definitions);
  if (variables === null) {
    return { values: new Map(), resolved: {}, missingRequired: [], errors: validateVariableDefinitions(definitions).errors };
  }
  const values = new Map<string, VariableValue>();
  const resolved: Record<string, VariableValue> = {};
  const missingRequired: string[] = [];
  const errors: RenderProblem[] = [];
  const source: object = typeof given === "object" && given !== null && !Array.isArray(given) ? given : {};
  if (source !== given && given !== undefined && given !== null) {
    errors.push({ kind: "type", severity: "error", message: `Values must be a record of names to values, given ${describeGiven(given)}`, expected: "a record of names to values", given: describeGiven(given) });
  }
  const declared = new Set<string>();
  for (const def of variables) {
    declared.add(def.name);
    const raw = Object.hasOwn(source, def.name) ? (source as Record<string, unknown>)[def.name] : undefined;
    let checked = coerceValue(def, raw);
    if (checked.problem) {
      errors.push(checked.problem);
      continue;
    }
    if (checked.value === undefined && !def.required && def.default !== undefined) checked = coerceValue(def, def.default);
    if (checked.problem) {
      errors.push(checked.problem);
    } else if (checked.value !== undefined) {
      values.set(def.name, checked.value);
      resolved[def.name] = checked.value;
    } else if (def.required) {
      missingRequired.push(def.name);
      errors.push({ kind: "missing", severity: "error", message: `'${def.name}' is required but has no value`, variable: def.name, expected: "a value", given: describeGiven(raw) });
    }
  }
  if (options.unknownValues !== "ignore") {
    for (const key of Object.keys(source)) {
      if (declared.has(key)) continue;
      const raw = (source as Record<string, unknown>)[key];
      errors.push({
        kind: "unknown",
        severity: "error",
        message: `'${key.slice(0, 60)}' is not a variable of this template`,
        variable: key,
        expected: "a declared variable",
        given: describeGiven(raw),
      });
    }
  }
  return { values, resolved, missingRequired, errors };
}

function run(template: ParsedTemplate, given: VariableValues, options: RenderOptions, segments: boolean): RenderSegmentsResult {
  const { values, resolved, missingRequired, errors } = resolveValues(template.variables, given, options);
  if (errors.length > 0) return { ok: false, output: "", segments: [], resolved, missingRequired, errors: capProblems(errors) };
  const asked = options.maxOutputChars;
  const max = typeof asked === "number" && !Number.isNaN(asked) ? Math.min(MAX_OUTPUT_CHARS, Math.max(0, asked)) : MAX_OUTPUT_CHARS;
  const out = new Writer(max, options.escape === "html", segments);
  try {
    write(template.nodes, values, out);
  } catch (error) {
    if (!(error instanceof OutputTooLong)) throw error;
    const problem: RenderProblem = {
      kind: "too_long",
      severity: "error",
      message: `The output would be longer than ${max} characters`,
      expected: `at most ${max} characters`,
      given: `more than ${max} characters`,
    };
    return { ok: false, output: "", segments: [], resolved, missingRequired, errors: [problem] };
  }
  const output = out.parts.join("");
  let parts: RenderSegment[] = [];
  if (out.owners) {
    for (let i = 0; i < out.parts.length; i++) {
      const owner = out.owners[i];
      const last = parts[parts.length - 1];
      if (owner === undefined && last && last.fromVariable === undefined) last.text += out.parts[i];
      else parts.push(owner === undefined ? { text: out.parts[i] } : { text: out.parts[i], fromVariable: owner });
    }
  } else {
    parts = [];
  }
  return { ok: true, output, segments: parts, resolved, missingRequired, errors: [] };
}

/**
 * Renders a parsed template. Every problem with the values is reported in one
 * result; nothing is rendered unless all values are acceptable. Never throws.
 */
export function renderTemplate(template: ParsedTemplate, values: VariableValues, options: RenderOptions = {}): RenderResult {
  const { segments: _segments, ...result } = run(template, values, options, false);
  return result;
}

/**
 * The same render, split into segments so the preview can mark each
 * substituted value. An absent optional variable yields an empty segment,
 * so the preview can still show where it would go.
 */
export function renderSegments(template: ParsedTemplate, values: VariableValues, options: RenderOptions = {}): RenderSegmentsResult {
  return run(template, values, options, true);
}

/** Parses and renders in one call; template errors come back as render errors. Prefer parse once, render many. */
export function renderTemplateSource(body: string, variables: readonly VariableDefinition[], values: VariableValues, options: RenderOptions = {}): RenderResult {
  const parsed = parseTemplate(body, variables);
  if (!parsed.template) return { ok: false, output: "", resolved: {}, missingRequired: [], errors: parsed.errors };
  return renderTemplate(parsed.template, values, options);
}
