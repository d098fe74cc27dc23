/**
 * Seeded random templates and values for the fuzz test and the benchmark.
 * Two-dot name: Convex's bundler skips it.
 */
import { placeholderSpans, extractVariableNames, parseTemplate } from "./syntax";
import { renderSegments, escapeHtml, MAX_OUTPUT_CHARS } from "./render";
import type { VariableDefinition } from "./variables";

export const ATTACKS = [
  "<script>alert('xss')</script>",
  "'; DROP TABLE users;--",
  "{{__import__('os').system('rm -rf /')}}",
  "{{persona}}",
  "{{#if x}}{{/if}}",
  "\\{{persona}}",
  "__proto__",
  "constructor",
  '" onmouseover="alert(1)',
  "${process.exit(1)}",
];

type Rand = () => number;

const pick = <T,>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const NAMES = ["persona", "emotion", "topic", "framework", "level", "formal", "tone", "goal", "name_2", "x"];
const UNDECLARED = ["ghost", "__proto__", "constructor", "toString", "a.b", "__import__('os')"];

export function randomVariables(r: Rand): VariableDefinition[] {
  const count = int(r, 0, NAMES.length);
  const defs: VariableDefinition[] = [];
  for (const name of NAMES.slice(0, count)) {
    const required = r() < 0.4;
    switch (int(r, 0, 3)) {
      case 0:
        defs.push({ name, type: "text", required, ...(r() < 0.3 ? { minLength: int(r, 0, 3), maxLength: int(r, 5, 60) } : {}), ...(!required && r() < 0.3 ? { default: "fallback" } : {}) });
        break;
      case 1:
        defs.push({ name, type: "number", required, min: 0, max: 10, integer: r() < 0.5, ...(!required && r() < 0.3 ? { default: 5 } : {}) });
        break;
      case 2:
        defs.push({ name, type: "dropdown", required, options: ["warm", "direct", "playful"], ...(!required && r() < 0.3 ? { default: "warm" } : {}) });
        break;
      default:
        defs.push({ name, type: "boolean", required, ...(!required && r() < 0.3 ? { default: r() < 0.5 } : {}) });
    }
  }
  return defs;
}

function literal(r: Rand): string {
  return pick(r, ["'warm'", '"direct"', "3", "-1", "2.5", "true", "false", "'it\\'s'", "''"]);
}

function condition(r: Rand, names: string[], depth: number): string {
  const name = () => (names.length > 0 && r() < 0.985 ? pick(r, names) : pick(r, UNDECLARED));
  const roll = r();
  if (depth > 3 || roll < 0.3) return name();
  if (roll < 0.45) return `${name()} ${pick(r, ["==", "!=", "<", "<=", ">", ">="])} ${literal(r)}`;
  if (roll < 0.55) return `${name()} ${r() < 0.8 ? "in" : "not in"} [${literal(r)}, ${literal(r)}]`;
  if (roll < 0.7) return `${condition(r, names, depth + 1)} ${pick(r, ["and", "or", "&&", "||"])} ${condition(r, names, depth + 1)}`;
  if (roll < 0.85) return `${pick(r, ["not ", "!"])}${condition(r, names, depth + 1)}`;
  return `(${condition(r, names, depth + 1)})`;
}

function text(r: Rand): string {
  return pick(r, ["Hello ", "you are ", "\n", "  ", "coach {x} ", "}} ", "a \\ b ", "\\{{literal}} ", "é 😀 ", "<b>", "'quote' "]);
}

function nodes(r: Rand, names: string[], depth: number, budget: { left: number }): string {
  let out = "";
  const count = int(r, 1, 6);
  for (let i = 0; i < count && budget.left-- > 0; i++) {
    const roll = r();
    const name = names.length > 0 && r() < 0.985 ? pick(r, names) : pick(r, UNDECLARED);
    if (roll < 0.35) out += text(r);
    else if (roll < 0.6) out += `{{${r() < 0.5 ? " " : ""}${name}${r() < 0.5 ? " " : ""}}}`;
    else if (roll < 0.75) out += `{{${condition(r, names, 0)} ? ${r() < 0.5 ? "'yes'" : pick(r, names.length ? names : ["x"])} : "no"}}`;
    else if (depth < 7) {
      const elseIf = r() < 0.3 ? `{{else if ${condition(r, names, 0)}}}${nodes(r, names, depth + 1, budget)}` : "";
      const otherwise = r() < 0.5 ? `{{else}}${nodes(r, names, depth + 1, budget)}` : "";
      const nl = r() < 0.5 ? "\n" : "";
      out += `{{#if ${condition(r, names, 0)}}}${nl}${nodes(r, names, depth + 1, budget)}${elseIf}${otherwise}${nl}{{/if}}${nl}`;
    }
  }
  return out;
}

const NOISE = ["{", "}", "{{", "}}", "'", '"', "\\", "#", "/", "(", ")", "[", "]", "=", "!", "<", ">", ".", "|", " ", "\n", "a", "if", "else", "\u0000", "😀"];

/** A template from the grammar, sometimes mutated into something broken. */
export function randomBody(r: Rand, names: string[]): string {
  let body = nodes(r, names, 0, { left: int(r, 5, 80) });
  const roll = r();
  if (roll < 0.35) {
    const chars = [...body];
    for (let m = int(r, 1, 4); m > 0; m--) {
      const at = int(r, 0, chars.length);
      const op = r();
      if (op < 0.4) chars.splice(at, 0, pick(r, NOISE));
      else if (op < 0.7) chars.splice(at, 1);
      else chars[at] = pick(r, NOISE);
    }
    body = chars.join("");
  } else if (roll < 0.4) {
    body = Array.from({ length: int(r, 0, 200) }, () => pick(r, NOISE)).join("");
  } else if (roll < 0.42) {
    body = pick(r, ATTACKS) + body;
  }
  return body;
}

export function randomValues(r: Rand, defs: VariableDefinition[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const def of defs) {
    const roll = r();
    if (roll < 0.1) continue;
    if (roll < 0.15) values[def.name] = pick(r, [null, undefined, "", [], {}, NaN, Infinity, 10n]);
    else if (roll < 0.3) values[def.name] = pick(r, ATTACKS);
    else if (def.type === "text") values[def.name] = pick(r, ["Alex", "a newly promoted lead", "x".repeat(int(r, 0, 80)), "{{tone}}"]);
    else if (def.type === "number") values[def.name] = pick(r, [3, "7", "2.5", -4, 11, "abc", " 8 "]);
    else if (def.type === "dropdown") values[def.name] = pick(r, ["warm", "direct", "rude", 3]);
    else values[def.name] = pick(r, [true, false, "true", "FALSE", "maybe", 1]);
  }
  if (r() < 0.1) values[pick(r, ["extra", "constructor", "toString"])] = "surplus";
  if (r() < 0.05) Object.defineProperty(values, "__proto__", { value: "polluted", enumerable: true });
  return values;
}

export type FuzzCase = { body: string; variables: VariableDefinition[]; values: Record<string, unknown>; html: boolean };

export function randomCase(r: Rand): FuzzCase {
  const variables = randomVariables(r);
  const body = randomBody(r, variables.map((v) => v.name));
  return { body, variables, values: randomValues(r, variables), html: r() < 0.3 };
}

/**
 * Runs one case through every entry point and checks the invariants.
 * Returns null when all hold, or what failed; catches anything thrown.
 */
export function checkCase(c: FuzzCase): string | null {
  try {
    const spans = placeholderSpans(c.body);
    let last = -1;
    for (const span of spans) {
      if (span.start < last || span.end > c.body.length || span.start >= span.end) return `bad span ${JSON.stringify(span)}`;
      last = span.end;
    }
    extractVariableNames(c.body);
    const parsed = parseTemplate(c.body, c.variables);
    if (parsed.ok !== (parsed.errors.length === 0) || parsed.ok !== (parsed.template !== null)) return "ok disagrees with errors";
    for (const p of parsed.errors) {
      if (p.start !== undefined && (p.line === undefined || p.column === undefined || p.line < 1 || p.column < 1)) return `problem without position ${JSON.stringify(p)}`;
    }
    if (!parsed.template) return null;
    const result = renderSegments(parsed.template, c.values, { escape: c.html ? "html" : "none" });
    if (result.ok !== (result.errors.length === 0)) return "render ok disagrees with errors";
    if (!result.ok) return result.output === "" ? null : "output on failure";
    if (result.output.length > MAX_OUTPUT_CHARS) return "output over the cap";
    if (result.segments.map((s) => s.text).join("") !== result.output) return "segments do not add up to the output";
    for (const segment of result.segments) {
      if (segment.fromVariable === undefined) continue;
      if (!Object.hasOwn(result.resolved, segment.fromVariable)) {
        if (segment.text !== "") return `absent ${segment.fromVariable} printed text`;
        continue;
      }
      // A substituted value comes out exactly as given (escaped in HTML mode): never re-rendered.
      const raw = String(result.resolved[segment.fromVariable]);
      if (segment.text !== (c.html ? escapeHtml(raw) : raw)) return `value of ${segment.fromVariable} changed in output`;
      if (c.html && /[<>"']/.test(segment.text)) return "unescaped HTML in a value";
    }
    return null;
  } catch (error) {
    return `threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
  }
}
