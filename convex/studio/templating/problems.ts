/**
 * Typed problems for the template language. The UI words them from `kind`,
 * `expected` and `given`; `message` is a ready English sentence for logs,
 * ConvexError messages and the generation queue's failure details.
 */

export type ProblemKind =
  /** The template text does not follow the grammar. */
  | "syntax"
  /** A placeholder names a variable that is not declared. */
  | "undeclared"
  /** Blocks or conditions nested deeper than the language allows. */
  | "depth"
  /** Template or output longer than the cap. */
  | "too_long"
  /** A variable definition is invalid (name, range, options, default, …). */
  | "definition"
  /** Declared but never used in the body (warning). */
  | "unused"
  /** A required variable has no value. */
  | "missing"
  /** A value of the wrong type (text for a number, "maybe" for a boolean, …). */
  | "type"
  /** A number outside min/max. */
  | "range"
  /** A text shorter than minLength or longer than maxLength. */
  | "length"
  /** A dropdown value that is not one of its options. */
  | "option"
  /** A value given for a variable the template does not declare. */
  | "unknown"
  /** Too many problems; the rest are not listed. */
  | "truncated";

export type Severity = "error" | "warning";

export type TemplateProblem = {
  kind: ProblemKind;
  severity: Severity;
  message: string;
  /** 1-based line and column (UTF-16 code units) in the template body. */
  line?: number;
  column?: number;
  /** Offsets in the body, [start, end), for inline marks in the editor. */
  start?: number;
  end?: number;
  variable?: string;
  /** For definition problems: which field of the definition (e.g. "maxLength"). */
  field?: string;
  /** For definition problems: the definition's index in the list. */
  index?: number;
  expected?: string;
  given?: string;
};

/** Problems found while rendering: the same shape, named for readers of the render API. */
export type RenderProblem = TemplateProblem;

/** A body with thousands of broken tags must not produce thousands of objects. */
export const MAX_PROBLEMS = 100;

/** Caps a problem list, ending it with one "truncated" problem that says how many were dropped. */
export function capProblems(problems: TemplateProblem[], max = MAX_PROBLEMS): TemplateProblem[] {
  if (problems.length <= max) return problems;
  const dropped = problems.length - max;
  return [
    ...problems.slice(0, max),
    {
      kind: "truncated",
      severity: problems[max].severity,
      message: `${dropped} more problem${dropped === 1 ? "" : "s"} not listed`,
      given: String(dropped),
    },
  ];
}

/** One message for all problems, e.g. for a ConvexError or a failed generation item. */
export function formatProblems(problems: readonly TemplateProblem[]): string {
  if (problems.length === 0) return "No problems";
  const parts = problems.map((p) => (p.line !== undefined ? `line ${p.line}, column ${p.column}: ${p.message}` : p.message));
  if (parts.length === 1) return parts[0];
  return `${parts.length} problems: ${parts.join("; ")}`;
}

/** Offsets of line starts, so a position converts to line/column in O(log lines). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

export function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/**
 * A short, quoted description of a value someone gave, safe to show: strings
 * are JSON-quoted and cut to 60 characters; objects are named, never printed.
 */
export function describeGiven(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value.length > 60 ? `${JSON.stringify(value.slice(0, 57))}…` : JSON.stringify(value);
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `${value.toString()} (a big integer)`;
    case "undefined":
      return "nothing";
    case "object":
      if (value === null) return "null";
      return Array.isArray(value) ? "a list" : "an object";
    default:
      return `a ${typeof value}`;
  }
}
