/**
 * Values no public function accepts, whatever its validator says: Convex's
 * `v.string()` takes NUL and lone surrogates, `v.number()` takes NaN and
 * ±Infinity, and neither bounds size or depth. Every builder in functions.ts
 * runs this before the handler, so bad input is refused with one coded error
 * and nothing is written.
 */
import { appError } from "./errors";

/** Far above any field's own limit (templates are 20,000 characters): a cheap backstop, not a field rule. */
export const MAX_ARG_STRING_CHARS = 100_000;
/** Convex itself refuses values nested more than 64 deep; arguments never need half of that. */
export const MAX_ARG_DEPTH = 32;

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type ArgProblem = { path: string; message: string };

function stringProblem(value: string): string | null {
  if (value.length > MAX_ARG_STRING_CHARS) return `is ${value.length} characters; the limit is ${MAX_ARG_STRING_CHARS}`;
  if (NUL.test(value)) return "contains a NUL character";
  if (LONE_SURROGATE.test(value)) return "contains an unpaired surrogate (broken Unicode)";
  return null;
}

/** The first unacceptable value in `args`, found without recursion so no depth can overflow the stack. */
export function findArgProblem(args: unknown): ArgProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: args, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (depth > MAX_ARG_DEPTH) return { path, message: `is nested more than ${MAX_ARG_DEPTH} levels deep` };
    if (typeof value === "string") {
      const problem = stringProblem(value);
      if (problem) return { path, message: problem };
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) return { path, message: `must be a finite number, not ${String(value)}` };
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else if (typeof value === "object" && value !== null && !(value instanceof ArrayBuffer)) {
      for (const [key, item] of Object.entries(value)) {
        const keyProblem = stringProblem(key);
        if (keyProblem) return { path: path ? `${path}.<key>` : "<key>", message: keyProblem };
        stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
  }
  return null;
}

export function guardArgs(args: unknown): void {
  const problem = findArgProblem(args);
  if (problem === null) return;
  const field = problem.path.split(/[.[]/)[0] || undefined;
  throw appError("INVALID_INPUT", `${problem.path || "The input"} ${problem.message}.`, field ? { field } : {});
}
