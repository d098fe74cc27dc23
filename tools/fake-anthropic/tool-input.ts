import { addDays, findDate, findDateTime, findTime, MONTH } from "./dates";
import { makeUuid } from "./seeded";
import {
  bestMatchingSentence,
  collapseWhitespace,
  contentStems,
  identifierWords,
  limitChars,
  limitWords,
  splitSentences,
  stripEndPunctuation,
  words,
} from "./words";

// Fills a tool's input_schema from the conversation so the app's tool handlers
// receive plausible, schema-valid data: the user's own words for text, the
// enum value they mentioned, the number or date they wrote when it fits.

type Schema = Record<string, unknown>;

export interface FillContext {
  /** User messages' text, most recent first; the latest one is preferred. */
  texts: readonly string[];
  /** YYYY-MM-DD; dates that are not in the text are 7 days after it. */
  baseDate: string;
  /** Makes generated ids (uuid) deterministic. */
  seedKey: readonly unknown[];
}

interface Field {
  /** Property name and description: what the value is about. */
  topic: string;
  name: string;
  path: string;
}

const MAX_DEPTH = 8;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolveRef(root: Schema, ref: string): Schema {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return {};
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : {};
}

function mainType(schema: Schema): string | undefined {
  const t = schema["type"];
  if (typeof t === "string") return t;
  if (Array.isArray(t)) {
    const nonNull = t.filter((x) => x !== "null");
    return (nonNull[0] ?? t[0]) as string | undefined;
  }
  if (isSchema(schema["properties"])) return "object";
  if ("items" in schema || "prefixItems" in schema) return "array";
  if (Array.isArray(schema["enum"]) || "const" in schema) return undefined;
  return "string";
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

class Filler {
  private readonly latest: string;
  private readonly all: string;

  constructor(
    private readonly root: Schema,
    private readonly ctx: FillContext,
  ) {
    this.latest = collapseWhitespace(ctx.texts[0] ?? "");
    this.all = ctx.texts.map(collapseWhitespace).filter(Boolean).join("\n");
  }

  fill(input: unknown, field: Field, depth: number): unknown {
    if (input === true || input === undefined) return this.fillString({}, field);
    if (!isSchema(input)) return null;
    let schema = input;
    if (typeof schema["$ref"] === "string") {
      const { $ref, ...rest } = schema;
      schema = { ...resolveRef(this.root, $ref as string), ...rest };
    }
    if ("const" in schema) return schema["const"];
    if (Array.isArray(schema["enum"])) return this.fillEnum(schema["enum"]);
    for (const key of ["anyOf", "oneOf"] as const) {
      const options = schema[key];
      if (Array.isArray(options) && options.length > 0) {
        const usable = options.find((o) => !(isSchema(o) && o["type"] === "null")) ?? options[0];
        const { [key]: _omit, ...rest } = schema;
        return this.fill(isSchema(usable) ? { ...rest, ...usable } : usable, field, depth);
      }
    }
    if (Array.isArray(schema["allOf"])) {
      const { allOf, ...rest } = schema;
      return this.fill(mergeAll(rest, allOf as unknown[], this.root), field, depth);
    }
    switch (mainType(schema)) {
      case "object":
        return this.fillObject(schema, field, depth);
      case "array":
        return this.fillArray(schema, field, depth);
      case "integer":
        return this.fillNumber(schema, field, true);
      case "number":
        return this.fillNumber(schema, field, false);
      case "boolean":
        return this.fillBoolean(schema, field);
      case "null":
        return null;
      default:
        return this.fillString(schema, field);
    }
  }

  private fillObject(schema: Schema, field: Field, depth: number): Record<string, unknown> {
    const properties = isSchema(schema["properties"]) ? schema["properties"] : {};
    const required = Array.isArray(schema["required"]) ? (schema["required"] as string[]) : [];
    // Optional properties are filled too (richer data), except deep inside
    // recursive schemas where only what is required keeps the value finite.
    const names = depth >= MAX_DEPTH ? required : [...new Set([...Object.keys(properties), ...required])];
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const sub = properties[name] ?? (isSchema(schema["additionalProperties"]) ? schema["additionalProperties"] : {});
      const description = isSchema(sub) && typeof sub["description"] === "string" ? sub["description"] : "";
      const title = isSchema(sub) && typeof sub["title"] === "string" ? sub["title"] : "";
      out[name] = this.fill(sub, { name, topic: `${identifierWords(name)} ${title} ${description}`, path: `${field.path}.${name}` }, depth + 1);
    }
    const minProps = numberOr(schema["minProperties"]) ?? 0;
    for (let i = 1; Object.keys(out).length < minProps; i++) {
      const extra = isSchema(schema["additionalProperties"]) ? schema["additionalProperties"] : {};
      out[`item${i}`] = this.fill(extra, { name: `item${i}`, topic: field.topic, path: `${field.path}.item${i}` }, depth + 1);
    }
    return out;
  }

  private fillArray(schema: Schema, field: Field, depth: number): unknown[] {
    const min = numberOr(schema["minItems"]) ?? 0;
    const max = numberOr(schema["maxItems"]) ?? Number.POSITIVE_INFINITY;
    const prefix = Array.isArray(schema["prefixItems"])
      ? (schema["prefixItems"] as unknown[])
      : Array.isArray(schema["items"])
        ? (schema["items"] as unknown[])
        : [];
    const itemSchema = Array.isArray(schema["items"]) ? (schema["additionalItems"] ?? {}) : (schema["items"] ?? {});
    const unique = schema["uniqueItems"] === true;

    // Free-text items take one sentence each, so a list the user wrote comes
    // back as a list; anything else gets the minimum (at least one) element.
    const resolvedItem = isSchema(itemSchema) && typeof itemSchema["$ref"] === "string" ? resolveRef(this.root, itemSchema["$ref"] as string) : itemSchema;
    const freeText = isSchema(resolvedItem) && mainType(resolvedItem) === "string" && !resolvedItem["enum"] && !resolvedItem["format"] && !resolvedItem["pattern"];
    const sentences = splitSentences(this.latest);
    let count = Math.max(min, prefix.length, depth >= MAX_DEPTH ? 0 : 1);
    if (freeText && depth < MAX_DEPTH) count = Math.max(count, Math.min(sentences.length, 5));
    if (isSchema(resolvedItem) && Array.isArray(resolvedItem["enum"]) && unique) {
      count = Math.min(count, resolvedItem["enum"].length);
    }
    count = Math.min(count, max);

    const out: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const sub = i < prefix.length ? prefix[i] : itemSchema;
      const itemField = { ...field, path: `${field.path}[${i}]` };
      let value: unknown;
      if (freeText && i >= prefix.length && sentences.length > 0) {
        value = this.fitString(resolvedItem as Schema, stripEndPunctuation(sentences[i % sentences.length]!), itemField);
      } else if (isSchema(resolvedItem) && Array.isArray(resolvedItem["enum"]) && i >= prefix.length) {
        value = this.fillEnum(resolvedItem["enum"], i);
      } else {
        value = this.fill(sub, itemField, depth + 1);
      }
      if (unique) value = this.makeUnique(value, out, i);
      out.push(value);
    }
    return out;
  }

  private makeUnique(value: unknown, existing: unknown[], i: number): unknown {
    const seen = (v: unknown) => existing.some((e) => JSON.stringify(e) === JSON.stringify(v));
    if (!seen(value)) return value;
    if (typeof value === "string") return `${value} (${i + 1})`;
    if (typeof value === "number") {
      let v = value;
      while (seen(v)) v += 1;
      return v;
    }
    return value;
  }

  private fillEnum(options: unknown[], offset = 0): unknown {
    if (options.length === 0) return null;
    // The option the user mentioned first wins; then the schema's order.
    const mentioned: Array<{ index: number; value: unknown }> = [];
    for (const text of [this.latest, this.all]) {
      const lower = text.toLowerCase();
      for (const option of options) {
        if (option === null || typeof option === "object") continue;
        const spoken = String(option).toLowerCase().replace(/[_-]+/g, " ");
        if (!spoken.trim()) continue;
        const re = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(spoken)}(?=$|[^\\p{L}\\p{N}])`, "u");
        const m = re.exec(lower);
        if (m) mentioned.push({ index: m.index, value: option });
      }
      if (mentioned.length > 0) break;
    }
    mentioned.sort((a, b) => a.index - b.index);
    const ordered = [...mentioned.map((m) => m.value), ...options.filter((o) => !mentioned.some((m) => m.value === o))];
    return ordered[offset % ordered.length];
  }

  private fillBoolean(schema: Schema, field: Field): boolean {
    if (typeof schema["default"] === "boolean") return schema["default"];
    const sentences = splitSentences(this.latest);
    const i = bestMatchingSentence(sentences, field.topic);
    if (i < 0) return true;
    return !/\b(no|not|never|none|nothing|without)\b|n['’]t\b/i.test(sentences[i]!);
  }

  private fillNumber(schema: Schema, field: Field, integer: boolean): number {
    const fits = numericFit(schema, integer);
    const topic = contentStems(field.topic);
    for (const text of [this.latest, this.all]) {
      const candidates = numbersIn(text)
        .filter((n) => fits(n.value))
        .map((n, order) => ({ ...n, order, score: closeness(n, topic) }));
      if (candidates.length > 0) {
        candidates.sort((a, b) => b.score - a.score || a.order - b.order);
        return candidates[0]!.value;
      }
    }
    const fallback = numberOr(schema["default"]);
    if (fallback !== undefined && fits(fallback)) return fallback;
    return sensibleNumber(schema, integer);
  }

  private fillString(schema: Schema, field: Field): string {
    const format = typeof schema["format"] === "string" ? schema["format"] : "";
    const fromFormat = this.formatted(format, field);
    if (fromFormat !== null) return this.fitString(schema, fromFormat, field, false);
    if (typeof schema["default"] === "string" && !this.latest) return schema["default"];
    return this.fitString(schema, this.wordsFor(field), field);
  }

  private formatted(format: string, field: Field): string | null {
    const date = () => findDate(this.latest, this.ctx.baseDate) ?? findDate(this.all, this.ctx.baseDate) ?? addDays(this.ctx.baseDate, 7);
    switch (format) {
      case "date":
        return date();
      case "date-time":
        return findDateTime(this.latest) ?? `${date()}T${findTime(this.latest) ?? "09:00:00"}Z`;
      case "time":
        return `${findTime(this.latest) ?? "09:00:00"}Z`;
      case "email":
      case "idn-email":
        return /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(this.all)?.[0] ?? "user@example.com";
      case "uri":
      case "url":
      case "iri":
        return /https?:\/\/[^\s"'<>]+/.exec(this.all)?.[0]?.replace(/[.,;:!?)]+$/, "") ?? "https://example.com/";
      case "uuid":
        return makeUuid(...this.ctx.seedKey, field.path);
      case "duration":
        return "P7D";
      case "hostname":
        return "example.com";
      case "ipv4":
        return "127.0.0.1";
      case "ipv6":
        return "::1";
      default:
        return null;
    }
  }

  /** The user's words about this field: the matching sentence, else the whole message. */
  private wordsFor(field: Field): string {
    const sentences = splitSentences(this.latest);
    if (sentences.length === 0) return "";
    const i = bestMatchingSentence(sentences, field.topic);
    if (/\b(title|name|label|headline|subject|heading|topic)\b/.test(identifierWords(field.name))) {
      return stripEndPunctuation(limitWords(sentences[Math.max(i, 0)]!, 8));
    }
    return i >= 0 ? sentences[i]! : this.latest;
  }

  private fitString(schema: Schema, value: string, field: Field, isText = true): string {
    const min = numberOr(schema["minLength"]) ?? 0;
    const max = numberOr(schema["maxLength"]) ?? Number.POSITIVE_INFINITY;
    let out = value;
    if (isText && out.length === 0) {
      out = identifierWords(field.name).trim() || "Not specified";
      out = out.charAt(0).toUpperCase() + out.slice(1);
    }
    if ([...out].length < min && isText) {
      // Borrow more of the user's words before resorting to filler.
      const extra = [this.latest, "(no further details given)"].filter((t) => t && !out.includes(t));
      for (const more of extra) {
        if ([...out].length >= min) break;
        out = `${out} ${more}`.trim();
      }
      while ([...out].length < min) out = `${out} …`.trimStart();
    }
    out = limitChars(out, max);
    while ([...out].length < min) out += ".";

    const pattern = typeof schema["pattern"] === "string" ? compilePattern(schema["pattern"]) : null;
    if (pattern && !pattern.test(out)) {
      const alternatives = [
        addDays(this.ctx.baseDate, 7),
        `${addDays(this.ctx.baseDate, 7)}T09:00:00Z`,
        "09:00",
        "09:00:00",
        "user@example.com",
        "https://example.com/",
        makeUuid(...this.ctx.seedKey, field.path),
        ...words(this.latest),
        "example",
        "1",
        "a",
      ];
      const match = alternatives.find((alt) => pattern.test(alt) && [...alt].length >= min && [...alt].length <= max);
      if (match !== undefined) return match;
    }
    return out;
  }
}

function compilePattern(source: string): RegExp | null {
  try {
    return new RegExp(source, "u");
  } catch {
    try {
      return new RegExp(source);
    } catch {
      return null;
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function mergeAll(base: Schema, parts: unknown[], root: Schema): Schema {
  let merged: Schema = { ...base };
  for (const part of parts) {
    if (!isSchema(part)) continue;
    const resolved = typeof part["$ref"] === "string" ? resolveRef(root, part["$ref"] as string) : part;
    const properties = { ...(isSchema(merged["properties"]) ? merged["properties"] : {}), ...(isSchema(resolved["properties"]) ? resolved["properties"] : {}) };
    const required = [...new Set([...((merged["required"] as string[]) ?? []), ...((resolved["required"] as string[]) ?? [])])];
    merged = { ...merged, ...resolved, properties, required };
  }
  return merged;
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
};

interface NumberMention {
  value: number;
  /** Up to four words before the number, nearest last. */
  before: string[];
  /** Up to four words after the number, nearest first. */
  after: string[];
}

/** Numbers written in `text`, digits or words, ignoring ones inside dates and times. */
export function numbersIn(text: string): NumberMention[] {
  const cleaned = text
    .replace(/\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?/g, (m) => " ".repeat(m.length))
    .replace(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/g, (m) => " ".repeat(m.length))
    .replace(/\b\d{1,2}:\d{2}\b/g, (m) => " ".repeat(m.length))
    .replace(new RegExp(`\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4})?`, "gi"), (m) => " ".repeat(m.length))
    .replace(new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+\\d{4})?`, "gi"), (m) => " ".repeat(m.length));
  const out: Array<NumberMention & { index: number }> = [];
  const digits = /(?<![\p{L}\p{N}.])-?\d+(?:,\d{3})*(?:\.\d+)?(?![\p{N}])/gu;
  let m: RegExpExecArray | null;
  while ((m = digits.exec(cleaned))) {
    out.push({ index: m.index, value: Number(m[0].replace(/,/g, "")), ...around(cleaned, m.index, m[0].length) });
  }
  const spelled = new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join("|")})\\b`, "gi");
  while ((m = spelled.exec(cleaned))) {
    out.push({ index: m.index, value: NUMBER_WORDS[m[1]!.toLowerCase()]!, ...around(cleaned, m.index, m[0].length) });
  }
  return out.filter((n) => Number.isFinite(n.value)).sort((a, b) => a.index - b.index);
}

function around(text: string, index: number, length: number): { before: string[]; after: string[] } {
  return {
    before: words(text.slice(0, index)).slice(-4),
    after: words(text.slice(index + length)).slice(0, 4),
  };
}

/**
 * How strongly a number belongs to a field: the nearer a word naming the field,
 * the higher; words before the number ("energy 7") beat words after ("7 hours")
 * by a little, since a number between two labels usually ends the first one.
 */
function closeness(n: NumberMention, topic: Set<string>): number {
  let best = 0;
  n.before.forEach((w, i) => {
    const distance = n.before.length - i;
    if (topic.has([...contentStems(w)][0] ?? "")) best = Math.max(best, 1 / distance);
  });
  n.after.forEach((w, i) => {
    if (topic.has([...contentStems(w)][0] ?? "")) best = Math.max(best, 1 / (i + 1.5));
  });
  return best;
}

function bounds(schema: Schema, integer: boolean): { lo: number; hi: number; loOpen: boolean; hiOpen: boolean } {
  let lo = numberOr(schema["minimum"]) ?? Number.NEGATIVE_INFINITY;
  let hi = numberOr(schema["maximum"]) ?? Number.POSITIVE_INFINITY;
  let loOpen = false;
  let hiOpen = false;
  const exMin = schema["exclusiveMinimum"];
  const exMax = schema["exclusiveMaximum"];
  // Draft 4 spells exclusivity as a boolean next to minimum/maximum.
  if (exMin === true) loOpen = true;
  if (exMax === true) hiOpen = true;
  if (typeof exMin === "number" && exMin >= lo) [lo, loOpen] = [exMin, true];
  if (typeof exMax === "number" && exMax <= hi) [hi, hiOpen] = [exMax, true];
  if (integer) {
    lo = loOpen ? Math.floor(lo) + 1 : Math.ceil(lo);
    hi = hiOpen ? Math.ceil(hi) - 1 : Math.floor(hi);
    loOpen = hiOpen = false;
  }
  return { lo, hi, loOpen, hiOpen };
}

function numericFit(schema: Schema, integer: boolean): (n: number) => boolean {
  const { lo, hi, loOpen, hiOpen } = bounds(schema, integer);
  const multipleOf = numberOr(schema["multipleOf"]);
  return (n) =>
    (!integer || Number.isInteger(n)) &&
    (loOpen ? n > lo : n >= lo) &&
    (hiOpen ? n < hi : n <= hi) &&
    (multipleOf === undefined || Math.abs(n / multipleOf - Math.round(n / multipleOf)) < 1e-9);
}

/** Midpoint of a range, the bound of a half range, else 1; snapped to multipleOf. */
function sensibleNumber(schema: Schema, integer: boolean): number {
  const { lo, hi, loOpen, hiOpen } = bounds(schema, integer);
  const fits = numericFit(schema, integer);
  let guess: number;
  if (Number.isFinite(lo) && Number.isFinite(hi)) guess = (lo + hi) / 2;
  else if (Number.isFinite(lo)) guess = loOpen ? lo + 1 : lo;
  else if (Number.isFinite(hi)) guess = hiOpen ? Math.min(hi - 1, 1) : Math.min(hi, 1);
  else guess = 1;
  if (integer) guess = Math.floor(guess);
  const multipleOf = numberOr(schema["multipleOf"]);
  if (multipleOf !== undefined && multipleOf > 0) {
    const down = Math.floor(guess / multipleOf) * multipleOf;
    const up = Math.ceil(guess / multipleOf) * multipleOf;
    guess = fits(down) ? down : up;
  }
  if (fits(guess)) return guess;
  for (const candidate of [lo, hi, (lo + hi) / 2, 0, 1]) if (Number.isFinite(candidate) && fits(candidate)) return candidate;
  return guess;
}

/** A value for `inputSchema` drawn from the conversation. */
export function fillToolInput(inputSchema: unknown, ctx: FillContext): unknown {
  const root = isSchema(inputSchema) ? inputSchema : {};
  return new Filler(root, ctx).fill(root, { name: "input", topic: "", path: "input" }, 0);
}
