/**
 * What a coach turn may change in a step's captured fields. Pure, no ctx.
 *
 * The model proposes values through the extraction tool; these rules decide,
 * so captured data only ever improves whatever the model does:
 * - A value must pass the step schema and say something about the field. A
 *   vague answer ("not sure", "hmm", a statement of under three content
 *   words) becomes a `vague` problem, never the value.
 * - Free text must draw on what the person said in this step (at least one
 *   shared content word), so nothing is invented from thin air.
 * - A captured value is replaced only by a better answer to the same field:
 *   text at least as specific and no more hedged; or an answer in a latest
 *   message that names the field ("my goal is …", "commitment is 9", the
 *   value itself in the message); or after an explicit correction
 *   ("actually, make it 8"). Numbers, dates and choices change only in the
 *   last two cases.
 * - Lists accumulate: new items join the old ones, deduplicated
 *   case-insensitively, up to the schema's maxItems.
 * - A date before today for a forward-looking field is a `past_date` problem.
 * - A problem with a new proposal is reported only when it matters: when the
 *   field has no value yet, or the person was correcting it.
 */
import type { FieldSchema, Framework } from "./frameworks/types";
import { fieldLabel } from "./engine";
import { partialValidate } from "./stepValidation";
import type { FieldProblem } from "./tables";

export type CaptureInput = {
  framework: Framework;
  stepIndex: number;
  /** What the step already holds (valid by construction). */
  previous: Record<string, unknown>;
  /** The extraction tool's input, as the model sent it: anything at all. */
  extracted: unknown;
  /** The person's latest message: where a correction has to be. */
  latestMessage: string;
  /** What the person said in this step, flagged turns left out; free text must draw on it. Omit to skip that check. */
  stepText?: string;
  /** Today in the person's time zone (YYYY-MM-DD), for forward-looking dates. */
  today: string;
  /** The step's problems after the previous turn: a field already asked about as vague needs less to pass. */
  previousProblems?: FieldProblem[];
};

export type StepOutcome = {
  captured: Record<string, unknown>;
  /** One per field at most: the new proposal's problem, else `missing` for an absent required field. */
  problems: FieldProblem[];
  missing: string[];
  complete: boolean;
  /** Fields whose value this turn set or changed. */
  changed: string[];
};

type Decision = { kind: "keep" } | { kind: "set"; value: unknown } | { kind: "problem"; problem: FieldProblem };

export function applyExtraction(input: CaptureInput): StepOutcome {
  const step = input.framework.steps[input.stepIndex];
  const properties = step.schema.properties;
  const raw = isPlainObject(input.extracted) ? input.extracted : {};
  const offered: Record<string, unknown> = Object.fromEntries(
    Object.entries(raw).filter(([field, value]) => Object.hasOwn(properties, field) && value !== null && value !== undefined && value !== ""),
  );
  const captured: Record<string, unknown> = Object.fromEntries(Object.entries(input.previous).filter(([field]) => Object.hasOwn(properties, field)));
  const correction = isCorrection(input.latestMessage);
  const restates = (field: string, value: unknown) => addressesField(input.latestMessage, field, value);
  const problems = new Map<string, FieldProblem>();
  const changed: string[] = [];
  const report = (problem: FieldProblem) => {
    if (captured[problem.field] === undefined || correction) problems.set(problem.field, problem);
  };

  // A field re-asked once as vague takes any unhedged answer with content, so a terse person is never stuck.
  const askedAsVague = new Set((input.previousProblems ?? []).filter((p) => p.kind === "vague").map((p) => p.field));
  // Vagueness comes first: "idk" for a goal is unspecific before it is too short.
  for (const [field, value] of Object.entries(offered)) {
    const schema = properties[field];
    const needed = askedAsVague.has(field) ? 1 : neededContentWords(schema);
    if (schema.type === "string" && isFreeText(schema) && typeof value === "string" && isVague(value, needed)) {
      report({ field, kind: "vague", message: `${fieldLabel(field)} was too vague to record (${quote(value)}); ask for something specific` });
      delete offered[field];
    }
  }
  const checked = partialValidate(input.framework.id, step.id, offered);
  for (const problem of checked.invalid) report({ field: problem.field, kind: "invalid", message: problem.message });
  for (const [field, value] of Object.entries(checked.valid)) {
    const decision = judge(field, properties[field], value, captured[field], input, correction || restates(field, value));
    if (decision.kind === "set") {
      captured[field] = decision.value;
      changed.push(field);
    } else if (decision.kind === "problem") {
      report(decision.problem);
    }
  }

  // Merged lists and kept values are re-checked as a whole, so the step never holds what the schema refuses.
  const whole = partialValidate(input.framework.id, step.id, captured);
  for (const problem of whole.invalid) {
    if (Object.hasOwn(input.previous, problem.field)) captured[problem.field] = input.previous[problem.field];
    else delete captured[problem.field];
  }

  const missing = step.schema.required.filter((field) => captured[field] === undefined);
  for (const field of missing) {
    if (!problems.has(field)) problems.set(field, { field, kind: "missing", message: `${fieldLabel(field)} has not been given yet` });
  }
  const order = Object.keys(properties);
  return {
    captured,
    problems: [...problems.values()].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field)),
    missing,
    complete: missing.length === 0,
    changed: changed.filter((field) => captured[field] !== input.previous[field]),
  };
}

/** `override`: the latest message corrects or restates this field, so a valid new value may replace the old. */
function judge(field: string, schema: FieldSchema, value: unknown, previous: unknown, input: CaptureInput, override: boolean): Decision {
  const label = fieldLabel(field);
  if (schema.type === "array") return judgeList(field, schema, value as unknown[], previous, input);
  if (schema.type === "string" && schema.format === "date") {
    if (isForwardLooking(schema) && typeof value === "string" && value < input.today) {
      return { kind: "problem", problem: { field, kind: "past_date", message: `${label} ${value} is before today (${input.today}); it should be a date still ahead` } };
    }
    return replaceOnlyOnCorrection(value, previous, override);
  }
  if (schema.type === "string" && isFreeText(schema)) {
    const text = value as string;
    if (input.stepText !== undefined && !sharesContent(text, input.stepText)) return { kind: "keep" };
    if (previous === undefined || override) return { kind: "set", value: text };
    if (typeof previous !== "string" || sameText(previous, text)) return { kind: "keep" };
    return isAtLeastAsSpecific(text, previous) ? { kind: "set", value: text } : { kind: "keep" };
  }
  return replaceOnlyOnCorrection(value, previous, override);
}

function replaceOnlyOnCorrection(value: unknown, previous: unknown, correction: boolean): Decision {
  if (previous === undefined || (correction && previous !== value)) return { kind: "set", value };
  return { kind: "keep" };
}

function judgeList(field: string, schema: Extract<FieldSchema, { type: "array" }>, items: unknown[], previous: unknown, input: CaptureInput): Decision {
  const before = Array.isArray(previous) ? previous : [];
  const textItems = schema.items.type === "string" && !("enum" in schema.items && schema.items.enum);
  const usable = textItems
    ? items.filter((item) => typeof item === "string" && !isVague(item, 1) && (input.stepText === undefined || sharesContent(item, input.stepText)))
    : items;
  const merged = [...before];
  const seen = new Set(before.map(itemKey));
  for (const item of usable) {
    const key = itemKey(item);
    if (seen.has(key)) continue;
    if (schema.maxItems !== undefined && merged.length >= schema.maxItems) break;
    seen.add(key);
    merged.push(item);
  }
  if (merged.length > before.length) return { kind: "set", value: merged };
  if (before.length === 0 && items.length > 0 && usable.length === 0) {
    return { kind: "problem", problem: { field, kind: "vague", message: `${fieldLabel(field)} was too vague to record; ask for specific items` } };
  }
  return { kind: "keep" };
}

function itemKey(item: unknown): string {
  return typeof item === "string" ? item.trim().toLowerCase().replace(/\s+/g, " ").replace(/[.!]+$/, "") : JSON.stringify(item);
}

// ------------------------------------------------------------------ words

const STOPWORDS = new Set(
  (
    "i me my mine myself we us our you your it its this that these those a an the and or but so to of in on at for with by from up " +
    "out into about as is am are was were be been being do does did done have has had will would could should can may might must shall " +
    "just really very quite sure yes yeah no nope not ok okay well like then than there here what which who whom how when where why if " +
    "else also too some any all more most much many lot lots bit thing things stuff something anything get got im ill id its thats dont " +
    "doesnt didnt cant wont isnt actually sorry meant mean please thanks thank oh ah one"
  ).split(" "),
);

const HEDGE = /\b(not sure|unsure|no idea|don'?t know|do not know|idk|dunno|no clue|who knows|maybe|perhaps|possibly|probably|whatever|i guess|not really|kind of|sort of|tbd|n\/a|h+m+|u+m+|u+h+|e+r+m*)\b/i;
const HEDGE_WORDS = new Set(["unsure", "idk", "dunno", "maybe", "perhaps", "possibly", "probably", "whatever", "guess", "clue", "idea", "know", "tbd", "kind", "sort"]);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/['’]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Words that carry meaning: not function words, fillers or hedges. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w) && !HEDGE_WORDS.has(w) && !/^(h+m+|u+m+|u+h+|e+r+m*)$/.test(w));
}

export function hasHedge(text: string): boolean {
  return HEDGE.test(text);
}

/** A statement (a free-text field with minLength ≥ 10) needs three content words; shorter free text needs one. */
export function neededContentWords(schema: FieldSchema): number {
  return schema.type === "string" && (schema.minLength ?? 0) >= 10 ? 3 : 1;
}

/** Too unspecific to record: too few content words, or hedged with fewer than three. */
export function isVague(text: string, needed: number): boolean {
  const count = contentWords(text).length;
  return count < needed || (hasHedge(text) && count < 3);
}

function isFreeText(schema: Extract<FieldSchema, { type: "string" }>): boolean {
  return !schema.enum && !schema.format && !schema.pattern;
}

/** Dates in a plan look ahead, unless the field says it is about the past. */
export function isForwardLooking(schema: FieldSchema): boolean {
  return schema.type === "string" && schema.format === "date" && !/\b(since|started|began|happened|previous|last|past|born)\b/i.test(schema.description);
}

const stem = (word: string) => word.slice(0, 5);

function sharesContent(value: string, said: string): boolean {
  const heard = new Set(contentWords(said).map(stem));
  return contentWords(value).some((w) => heard.has(stem(w)));
}

function sameText(a: string, b: string): boolean {
  return itemKey(a) === itemKey(b);
}

/** A better answer to the same field: at least as many content words, and no more hedged than before. */
export function isAtLeastAsSpecific(next: string, previous: string): boolean {
  if (hasHedge(next) && !hasHedge(previous)) return false;
  return contentWords(next).length >= contentWords(previous).length;
}

/**
 * The latest message speaks to this field: it names it ("my goal is …",
 * "commitment is 9"), with the value's own words or number in it.
 */
export function addressesField(message: string, field: string, value: unknown): boolean {
  const said = new Set(contentWords(message).map(stem));
  const names = contentWords(fieldLabel(field)).filter((w) => w.length >= 4);
  if (!names.some((w) => said.has(stem(w)))) return false;
  if (typeof value === "number") return new RegExp(`(^|[^0-9.])${value}([^0-9]|$)`).test(message);
  if (typeof value === "string") return sharesContent(value, message);
  return false;
}

const CORRECTION =
  /\b(actually|sorry,? i meant|i meant|i mean|change (it|that|this) to|make (it|that)|correction|let me correct|scratch that|on second thought|instead of|rather than|update (it|that) to)\b/i;

/** The latest message explicitly corrects something said before. */
export function isCorrection(message: string): boolean {
  return CORRECTION.test(message);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Problems as stored, including sessions written before problems were typed. */
export function readProblems(stored: ({ field: string; kind: FieldProblem["kind"]; message: string } | { field: string; problem: string })[] | undefined): FieldProblem[] {
  return (stored ?? []).map((p) =>
    "kind" in p ? p : { field: p.field, kind: p.problem === "not yet provided" ? ("missing" as const) : ("invalid" as const), message: p.problem },
  );
}
