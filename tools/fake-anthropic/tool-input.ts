import { confidenceOf, describeOptions, looksLikeAlternatives, looksLikeConfidence, looksLikeReason, rankOptions, reasonFor, scoreOptions, type ScoredOption } from "./choice";
import { addDays, findDate, findDates, findDateTime, findTime, MONTH } from "./dates";
import { conceptStems, distinctiveness, isVague, relevance, topicStems } from "./lexicon";
import { segmentsOf, type Segment } from "./segments";
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
import { isSchema, resolveRef, type Schema } from "./schema";

// Fills a tool's input_schema from the conversation so the app's tool handlers
// receive plausible, schema-valid data: the user's own words for text, the
// enum value they mentioned, the number or date they wrote when it fits.

export interface FillContext {
  /** User messages' text, most recent first; the latest one is preferred. */
  texts: readonly string[];
  /** YYYY-MM-DD; dates that are not in the text are 7 days after it. */
  baseDate: string;
  /** Makes generated ids (uuid) deterministic. */
  seedKey: readonly unknown[];
  /**
   * The system prompt and the tool's description: where the meaning of enum
   * values is looked up when the schema itself does not say.
   */
  context?: string;
  /** The question the assistant asked last, so a bare answer is credited to the field it asked about. */
  question?: string;
}

interface Field {
  /** Property name and description: what the value is about. */
  topic: string;
  name: string;
  path: string;
}

const MAX_DEPTH = 8;

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
  private readonly segments: Segment[];
  /** Segments already credited to a text field, so two fields never share one. */
  private readonly usedSegments = new Set<number>();
  /** Numbers already credited ("segment:offset"). */
  private readonly usedNumbers = new Set<string>();
  private readonly vague: boolean;
  private readonly questionStems: Set<string>;
  /** The value of a short correction ("Actually, make it 8."), when the latest message is one. */
  private readonly correction: string | null;

  constructor(
    private readonly root: Schema,
    private readonly ctx: FillContext,
  ) {
    this.latest = collapseWhitespace(ctx.texts[0] ?? "");
    this.all = ctx.texts.map(collapseWhitespace).filter(Boolean).join("\n");
    this.segments = segmentsOf((ctx.texts[0] ?? "").trim());
    this.vague = isVague(this.latest);
    this.questionStems = conceptStems(ctx.question ?? "");
    this.correction = correctionValue(this.latest);
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
    if (Array.isArray(schema["enum"])) return this.fillEnum(schema["enum"], 0, schema);
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
    // Optional properties are considered too, except deep inside recursive
    // schemas where only what is required keeps the value finite. A careful
    // model fills an optional property only when the person said something
    // about it; a required one is always filled, from the best evidence there is.
    const names = depth >= MAX_DEPTH ? required : [...new Set([...Object.keys(properties), ...required])];
    const props: Prop[] = names.map((name) => {
      const raw = properties[name] ?? (isSchema(schema["additionalProperties"]) ? schema["additionalProperties"] : {});
      const sub = this.resolve(raw);
      const description = typeof sub["description"] === "string" ? sub["description"] : "";
      const title = typeof sub["title"] === "string" ? sub["title"] : "";
      const topicText = `${identifierWords(name)} ${title} ${description}`;
      return {
        name,
        raw,
        schema: sub,
        kind: kindOf(sub, this.root),
        required: required.includes(name),
        topicText,
        topic: topicStems(topicText),
        nameTopic: topicStems(`${identifierWords(name)} ${title}`),
        field: { name, topic: topicText, path: `${field.path}.${name}` },
      };
    });
    const chosen = new Map<string, unknown>([...this.extract(props), ...this.choose(props)]);
    const out: Record<string, unknown> = {};
    for (const p of props) {
      if (chosen.has(p.name)) out[p.name] = chosen.get(p.name);
      else if (p.required || depth >= MAX_DEPTH) out[p.name] = this.fill(p.raw, p.field, depth + 1);
    }
    const minProps = numberOr(schema["minProperties"]) ?? 0;
    for (const p of props) {
      if (Object.keys(out).length >= minProps) break;
      if (!(p.name in out)) out[p.name] = this.fill(p.raw, p.field, depth + 1);
    }
    for (let i = 1; Object.keys(out).length < minProps; i++) {
      const extra = isSchema(schema["additionalProperties"]) ? schema["additionalProperties"] : {};
      out[`item${i}`] = this.fill(extra, { name: `item${i}`, topic: field.topic, path: `${field.path}.item${i}` }, depth + 1);
    }
    return out;
  }

  private resolve(raw: unknown): Schema {
    if (!isSchema(raw)) return {};
    if (typeof raw["$ref"] === "string") {
      const { $ref, ...rest } = raw;
      return { ...resolveRef(this.root, $ref as string), ...rest };
    }
    return raw;
  }

  /**
   * A choice among enum values with a confidence beside it (and perhaps a
   * reason and alternatives): decided by what each value means against what
   * the person wrote, not by the schema's order.
   */
  private choose(props: Prop[]): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const choice = props.find((p) => p.kind === "enum" && enumValues(p.schema).length >= 2);
    const confidence = props.find((p) => looksLikeConfidence(p.name, p.schema));
    if (!choice || !confidence) return out;
    const values = enumValues(choice.schema);
    const described = describeOptions(values, choice.schema, [String(choice.schema["description"] ?? ""), this.ctx.context ?? ""]);
    const ranked = rankOptions(scoreOptions(values, described, this.all));
    const best = ranked[0]!;
    out.set(choice.name, best.value);
    out.set(confidence.name, scaleConfidence(confidence.schema, confidenceOf(ranked)));
    const reason = props.find((p) => p !== choice && p.kind === "text" && looksLikeReason(p.name, p.schema));
    if (reason) out.set(reason.name, this.fitString(reason.schema, reasonFor(ranked), reason.field));
    const alternatives = props.find((p) => p.kind === "other" && looksLikeAlternatives(p.name, p.schema));
    if (alternatives) {
      const alts = this.alternatives(alternatives.schema, ranked.slice(1));
      if (alts) out.set(alternatives.name, alts);
    }
    return out;
  }

  /** Runners-up with some evidence for them, as many as the schema allows (and at least as many as it needs). */
  private alternatives(schema: Schema, rest: ScoredOption[]): unknown[] | null {
    const items = this.resolve(schema["items"]);
    const allowed = enumValues(items);
    const pool = rest.filter((r) => allowed.length === 0 || allowed.includes(r.value));
    if (allowed.length === 0 && mainType(items) !== "string") return null;
    const min = numberOr(schema["minItems"]) ?? 0;
    const max = numberOr(schema["maxItems"]) ?? 2;
    const worth = pool.filter((r) => r.score > 0);
    const picked = worth.slice(0, max);
    for (const r of pool) if (picked.length < min && !picked.includes(r)) picked.push(r);
    return picked.slice(0, Math.max(min, Math.min(max, picked.length))).map((r) => r.value);
  }

  /** Values the person's latest message supplies, property by property; absent when it says nothing about one. */
  private extract(props: Prop[]): Map<string, unknown> {
    const out = new Map<string, unknown>();
    if (this.segments.length === 0) return out;
    const corrected = this.corrected(props);
    if (corrected) return corrected;
    const bonus = this.questionBonus(props);

    // Text and lists: each segment goes to one property. First a matching
    // that fills as many properties as possible, preferring the strongest
    // links (a property takes a segment from another only if that one can
    // move elsewhere); then lists gather the remaining segments they win.
    const texty = props.filter((p) => p.kind === "text" || p.kind === "list");
    const weights = topicWeights(props);
    const score = new Map<string, number>();
    const edges = new Map<string, number[]>();
    if (!this.vague) {
      for (const p of texty) {
        const mine: Array<{ i: number; score: number }> = [];
        this.segments.forEach((seg, i) => {
          if (seg.vague || isRatingOnly(seg) || this.usedSegments.has(i)) return;
          if (p.kind === "text" && seg.substance < (/^because\b/i.test(seg.text) ? 1 : 2)) return;
          let v = relevance(p.topic, seg.stems, weights.get(p.name)) + (bonus.get(p.name) ?? 0);
          // A written list suits a list property, but only one it is about.
          if (v > 0 && seg.items.length >= 2) v += p.kind === "list" ? 0.5 : -0.3;
          if (v < 0.5) return;
          if (p.kind === "text" && this.textFrom(p, [i]) === null) return;
          if (p.kind === "list" && this.listFrom(p, [i], true) === null) return;
          score.set(`${p.name}:${i}`, v);
          mine.push({ i, score: v });
        });
        edges.set(p.name, mine.sort((a, b) => b.score - a.score || a.i - b.i).map((e) => e.i));
      }
    }
    const owner = new Map<number, string>();
    const tryAssign = (name: string, seen: Set<number>): boolean => {
      for (const i of edges.get(name) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const current = owner.get(i);
        if (current === undefined || tryAssign(current, seen)) {
          owner.set(i, name);
          return true;
        }
      }
      return false;
    };
    // Strongest links first; then a property left empty may take a segment
    // from one that can move to another it also fits (an augmenting path).
    const pairs = [...score.entries()].map(([k, v]) => ({ name: k.slice(0, k.lastIndexOf(":")), i: Number(k.slice(k.lastIndexOf(":") + 1)), v }));
    pairs.sort((a, b) => b.v - a.v || texty.findIndex((p) => p.name === a.name) - texty.findIndex((p) => p.name === b.name) || a.i - b.i);
    const filled = new Set<string>();
    for (const { name, i } of pairs) {
      if (filled.has(name) || owner.has(i)) continue;
      owner.set(i, name);
      filled.add(name);
    }
    for (const p of texty) if (!filled.has(p.name) && tryAssign(p.name, new Set())) filled.add(p.name);
    // Leftover segments join a list (or a text's continuation) they score best for.
    this.segments.forEach((_, i) => {
      if (owner.has(i)) return;
      let best: Prop | undefined;
      let bestScore = 0;
      for (const p of texty) {
        const v = score.get(`${p.name}:${i}`) ?? 0;
        if (v > bestScore) [best, bestScore] = [p, v];
      }
      if (best && bestScore >= 0.8) owner.set(i, best.name);
    });
    // A substantive sentence nobody claimed may still answer an empty text
    // property it plainly touches (one shared idea), when it is the only such property.
    if (!this.vague) {
      this.segments.forEach((seg, i) => {
        if (owner.has(i) || seg.vague || seg.substance < 3 || isRatingOnly(seg)) return;
        const open = texty.filter((p) => p.kind === "text" && ![...owner.values()].includes(p.name) && relevance(p.topic, seg.stems) >= 0.8);
        if (open.length === 1 && this.textFrom(open[0]!, [i]) !== null) owner.set(i, open[0]!.name);
      });
    }
    for (const p of texty) {
      const mine = [...owner.entries()].filter(([, n]) => n === p.name).map(([i]) => i).sort((a, b) => a - b);
      if (mine.length === 0) continue;
      let value: unknown = p.kind === "text" ? this.textFrom(p, mine) : this.listFrom(p, mine);
      if (value === null && p.kind === "text") value = this.textFrom(p, mine.slice(0, 1));
      if (value === null) continue;
      out.set(p.name, value);
      for (const i of mine) this.usedSegments.add(i);
    }

    // Numbers: only from a segment that talks about the property (or answers the question about it).
    const numeric = props.filter((p) => p.kind === "number");
    const numberPairs: Array<{ p: Prop; key: string; value: number; score: number }> = [];
    this.segments.forEach((seg, i) => {
      const mentions = numbersIn(withoutScaleBounds(seg.text));
      const rating = /\b(?:scale|rat(?:e|ing)|score|out\s+of|\/\s*\d)|\bfrom\s+\d+\s*(?:-|–|to)\s*\d+|\b[01]\s*(?:-|–|to)\s*(?:5|7|10|100)\b/i.test(seg.text);
      mentions.forEach((n, k) => {
        for (const p of numeric) {
          if (!numericFit(p.schema, mainType(p.schema) === "integer")(n.value)) continue;
          const bounded = isBoundedScale(p.schema);
          const near = closeness(n, p.topic);
          const asked = bonus.get(p.name) ?? 0;
          // A number counts only next to a word naming the field, as a rating, or as the answer to a question about it.
          if (near === 0 && !(rating && bounded) && asked === 0) continue;
          // "my gravitas is 4" rates gravitas and "eight engineers" counts them: neither is this property's.
          if (near === 0 && asked === 0 && labelledElsewhere(n, p.topic)) continue;
          if (countsSomethingElse(n, p.topic)) continue;
          if (this.vague && !rating && asked === 0) continue;
          const score = 2 * near + (rating && bounded ? 0.6 + 0.3 * relevance(p.topic, seg.stems, weights.get(p.name)) : 0) + asked;
          if (score >= 0.6) numberPairs.push({ p, key: `${i}:${k}`, value: n.value, score });
        }
      });
    });
    numberPairs.sort((a, b) => b.score - a.score || numeric.indexOf(a.p) - numeric.indexOf(b.p));
    for (const { p, key, value } of numberPairs) {
      if (out.has(p.name) || this.usedNumbers.has(key)) continue;
      out.set(p.name, value);
      this.usedNumbers.add(key);
    }

    // Dates: a date written or implied in the message, never in the past for a forward-looking field.
    const dated = props.filter((p) => p.kind === "date");
    if (!this.vague && dated.length > 0) {
      const found: Array<{ date: string; i: number }> = [];
      this.segments.forEach((seg, i) => findDates(seg.text, this.ctx.baseDate).forEach((date) => found.push({ date, i })));
      const usedDates = new Set<number>();
      for (const p of dated) {
        const future = !/\b(?:started|began|begun|since|happened|last|previous|ago|born|was|were)\b/i.test(p.topicText);
        const candidates = found
          .map((f, k) => ({ ...f, k, score: dated.length === 1 ? 1 : relevance(p.topic, this.segments[f.i]!.stems) }))
          .filter((f) => !usedDates.has(f.k) && (!future || f.date >= this.ctx.baseDate) && f.score > 0)
          .sort((a, b) => b.score - a.score || a.k - b.k);
        const best = candidates[0];
        if (!best) continue;
        usedDates.add(best.k);
        const value = p.schema["format"] === "date-time" ? `${best.date}T${findTime(this.segments[best.i]!.text) ?? "09:00:00"}Z` : best.date;
        if (this.passes(p.schema, value)) out.set(p.name, value);
      }
    }

    // Enums: only a value the person names, in a sentence about this
    // property when the value is also the name of another one ("my gravitas
    // is 4" rates gravitas; it does not choose it).
    for (const p of props.filter((q) => q.kind === "enum")) {
      if (this.vague || out.has(p.name)) continue;
      const named = this.segments
        .flatMap((seg) => this.mentioned(enumValues(p.schema), seg.text).map((value) => ({ value, seg })))
        .find(({ value, seg }) => {
          const namesOther = props.some((o) => o !== p && [...conceptStems(spokenEnum(value))].some((st) => !st.startsWith("#") && o.nameTopic.has(st)));
          return !namesOther || relevance(p.topic, seg.stems) > 0;
        });
      if (named !== undefined) out.set(p.name, named.value);
    }

    // Booleans: from a segment about the property.
    for (const p of props.filter((q) => q.kind === "boolean")) {
      if (this.vague) continue;
      let best = -1;
      let bestScore = 0.8;
      this.segments.forEach((seg, i) => {
        const score = relevance(p.topic, seg.stems);
        if (score >= bestScore) [best, bestScore] = [i, score];
      });
      if (best >= 0) out.set(p.name, !/\b(no|not|never|none|nothing|without)\b|n['’]t\b/i.test(this.segments[best]!.text));
    }
    return out;
  }

  /**
   * A short correction that carries only a value ("Actually, make it 8.",
   * "Sorry, I meant next Friday.") changes the property the conversation was
   * just about: one of the value's kind whose words are in the person's
   * previous message (most of all beside a value of that kind there) or in the
   * question asked last. Null when the message is no such correction or names a
   * property itself; empty when a number or date in it fits nothing under
   * discussion (out of bounds, say), since it answers no other property.
   */
  private corrected(props: Prop[]): Map<string, unknown> | null {
    const value = this.correction;
    if (value === null) return null;
    const weights = topicWeights(props);
    const previous = collapseWhitespace(this.ctx.texts[1] ?? "");
    const previousSegments = segmentsOf(previous);
    const previousStems = conceptStems(previous);
    const discussed = (p: Prop) =>
      relevance(p.topic, previousStems, weights.get(p.name)) + 0.5 * relevance(p.topic, this.questionStems, weights.get(p.name));
    const namesAProperty = (text: string) => {
      const stems = conceptStems(text);
      return props.some((p) => [...p.nameTopic].some((st) => !st.startsWith("#") && stems.has(st)));
    };
    const best = (candidates: Array<{ p: Prop; score: number }>) =>
      candidates.filter((c) => c.score > 0).sort((a, b) => b.score - a.score || props.indexOf(a.p) - props.indexOf(b.p))[0]?.p;

    const numbers = numbersIn(withoutScaleBounds(value));
    const rest = numbers.length > 0 ? withoutNumbers(withoutScaleBounds(value)) : value;
    if (numbers.length === 1 && contentStems(rest).size === 0) {
      const n = numbers[0]!.value;
      const target = best(
        props
          .filter((p) => p.kind === "number" && numericFit(p.schema, mainType(p.schema) === "integer")(n))
          .map((p) => ({
            p,
            score: discussed(p) + 2 * Math.max(0, ...previousSegments.flatMap((seg) => numbersIn(withoutScaleBounds(seg.text)).map((m) => closeness(m, p.topic)))),
          })),
      );
      // A bare number fits nothing under discussion (or breaks its bounds): record nothing rather than misfile it.
      return new Map(target ? [[target.name, n]] : []);
    }

    const dates = findDates(value, this.ctx.baseDate);
    if (dates.length === 1 && numbers.every((m) => m.value <= 31 || m.value >= 1900)) {
      if (namesAProperty(value.replace(DATE_WORDS, " "))) return null;
      const date = dates[0]!;
      const target = best(
        props
          .filter((p) => p.kind === "date")
          .filter((p) => date >= this.ctx.baseDate || /\b(?:started|began|begun|since|happened|last|previous|ago|born|was|were)\b/i.test(p.topicText))
          .map((p) => ({
            p,
            score: discussed(p) + previousSegments.filter((seg) => findDates(seg.text, this.ctx.baseDate).length > 0).reduce((m, seg) => Math.max(m, relevance(p.topic, seg.stems) > 0 ? 1 : 0), 0),
          })),
      );
      if (!target) return new Map();
      const stamped = target.schema["format"] === "date-time" ? `${date}T${findTime(value) ?? "09:00:00"}Z` : date;
      return new Map(this.passes(target.schema, stamped) ? [[target.name, stamped]] : []);
    }

    // A short phrase: never a sentence of its own ("I'd rather…"), a hedge, or a plain no.
    if (numbers.length > 0 || words(value).length > 6 || /^(?:i|i'?m|i'?d|i'?ll|i'?ve|we|we'?d|we'?ll)\b/i.test(value) || isVague(value) || contentStems(value).size === 0) return null;
    if (/^(?:no(?:thing|ne|pe)?|not(?:\s+\w+)?|never)$/i.test(value) || namesAProperty(value)) return null;
    const target = best(props.filter((p) => p.kind === "text").map((p) => ({ p, score: discussed(p) })));
    if (!target) return null;
    const text = capitalise(value);
    const max = numberOr(target.schema["maxLength"]) ?? Number.POSITIVE_INFINITY;
    if ([...text].length < (numberOr(target.schema["minLength"]) ?? 0) || [...text].length > max || !this.passes(target.schema, text)) return null;
    return new Map([[target.name, text]]);
  }

  /** +0.5 for the property the last question asked about, so a bare answer lands there. */
  private questionBonus(props: Prop[]): Map<string, number> {
    const out = new Map<string, number>();
    if (this.questionStems.size === 0) return out;
    const weights = topicWeights(props);
    // The best-matching property of each kind, so a date field does not take a text answer's credit.
    for (const kinds of [["text", "list"], ["number"], ["date"], ["enum"], ["boolean"]]) {
      const group = props.filter((p) => kinds.includes(p.kind));
      const scores = group.map((p) => relevance(p.topic, this.questionStems, weights.get(p.name)));
      const best = Math.max(0, ...scores);
      if (best > 0) group.forEach((p, i) => scores[i] === best && out.set(p.name, 0.5));
    }
    return out;
  }

  private textFrom(p: Prop, indices: number[]): string | null {
    const text = indices.map((i) => capitalise(this.segments[i]!.text)).join(" ");
    const min = numberOr(p.schema["minLength"]) ?? 0;
    if ([...text].length < min) return null;
    const value = limitChars(text, numberOr(p.schema["maxLength"]) ?? Number.POSITIVE_INFINITY);
    return this.passes(p.schema, value) ? value : null;
  }

  private listFrom(p: Prop, indices: number[], partial = false): string[] | null {
    const item = this.resolve(p.schema["items"]);
    const items: string[] = [];
    for (const i of indices) {
      const seg = this.segments[i]!;
      for (const raw of seg.items.length > 0 ? seg.items : [stripEndPunctuation(seg.text)]) {
        const value = limitChars(raw, numberOr(item["maxLength"]) ?? Number.POSITIVE_INFINITY);
        if ([...value].length < (numberOr(item["minLength"]) ?? 1)) continue;
        if (!this.passes(item, value)) continue;
        if (!items.some((x) => x.toLowerCase() === value.toLowerCase())) items.push(value);
      }
    }
    const max = numberOr(p.schema["maxItems"]) ?? Number.POSITIVE_INFINITY;
    const min = numberOr(p.schema["minItems"]) ?? 1;
    const kept = items.slice(0, max);
    return kept.length >= (partial ? 1 : Math.max(min, 1)) ? kept : null;
  }

  /** A string value that satisfies the schema's pattern and enum, if it has them. */
  private passes(schema: Schema, value: string): boolean {
    const pattern = typeof schema["pattern"] === "string" ? compilePattern(schema["pattern"]) : null;
    if (pattern && !pattern.test(value)) return false;
    const options = enumValues(schema);
    return options.length === 0 || options.includes(value);
  }

  /** Enum values named in `text`, in the order they appear. */
  private mentioned(options: string[], text: string): string[] {
    const lower = text.toLowerCase();
    const hits: Array<{ index: number; value: string }> = [];
    for (const option of options) {
      const spoken = option.toLowerCase().replace(/[_-]+/g, " ").trim();
      if (!spoken) continue;
      const m = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(spoken)}(?=$|[^\\p{L}\\p{N}])`, "u").exec(lower);
      if (m) hits.push({ index: m.index, value: option });
    }
    return hits.sort((a, b) => a.index - b.index).map((h) => h.value);
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

  private fillEnum(options: unknown[], offset = 0, schema: Schema = {}): unknown {
    if (options.length === 0) return null;
    // The option the user mentioned first wins; then the one whose meaning
    // (from the schema or the prompt) fits their words best; then the schema's order.
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
    let rest = options.filter((o) => !mentioned.some((m) => m.value === o));
    const strings = rest.filter((o): o is string => typeof o === "string");
    if (mentioned.length === 0 && strings.length === rest.length && strings.length > 1 && this.ctx.context) {
      const ranked = rankOptions(scoreOptions(strings, describeOptions(strings, schema, [String(schema["description"] ?? ""), this.ctx.context]), this.all));
      if ((ranked[0]?.score ?? 0) > 0) rest = ranked.map((r) => r.value);
    }
    const ordered = [...mentioned.map((m) => m.value), ...rest];
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

interface Prop {
  name: string;
  raw: unknown;
  schema: Schema;
  kind: "text" | "list" | "number" | "date" | "enum" | "boolean" | "other";
  required: boolean;
  topicText: string;
  topic: Set<string>;
  /** Stems from the property's name and title: they say most about what it holds. */
  nameTopic: Set<string>;
  field: Field;
}

/**
 * Per property, how much each topic word counts: words of its name fully,
 * description words 0.7, less when the sibling properties' descriptions share them.
 */
function topicWeights(props: Prop[]): Map<string, Map<string, number>> {
  const shared = distinctiveness(props.map((p) => p.topic));
  return new Map(
    props.map((p) => [p.name, new Map([...p.topic].map((s) => [s, p.nameTopic.has(s) ? 1 : 0.7 * (shared.get(s) ?? 1)]))]),
  );
}

function enumValues(schema: Schema): string[] {
  return Array.isArray(schema["enum"]) ? (schema["enum"] as unknown[]).filter((v): v is string => typeof v === "string") : [];
}

function kindOf(schema: Schema, root: Schema): Prop["kind"] {
  if (Array.isArray(schema["enum"])) return "enum";
  if ("const" in schema || schema["anyOf"] || schema["oneOf"] || schema["allOf"]) return "other";
  const type = mainType(schema);
  if (type === "integer" || type === "number") return "number";
  if (type === "boolean") return "boolean";
  if (type === "string") {
    const format = schema["format"];
    if (format === "date" || format === "date-time") return "date";
    return format ? "other" : "text";
  }
  if (type === "array") {
    let item = schema["items"];
    if (isSchema(item) && typeof item["$ref"] === "string") item = resolveRef(root, item["$ref"]);
    if (isSchema(item) && mainType(item) === "string" && !item["enum"] && !item["format"] && !("const" in item)) return "list";
  }
  return "other";
}

function spokenEnum(value: string): string {
  return value.replace(/[_-]+/g, " ");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A segment that only gives a rating ("on a scale of 1-10 I'm about a 3"): a number, not a statement. */
function isRatingOnly(seg: Segment): boolean {
  return /\b(?:scale|rat(?:e|ing)|score|out\s+of)\b|\/\s*\d|\bfrom\s+\d+\s*(?:-|–|to)\s*\d+/i.test(seg.text) && /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b/i.test(seg.text) && seg.substance <= 4;
}

/** Blanks the ends of a scale ("1-10", "from 1 to 10", "out of 10", "/10") so only the answer is left. */
function withoutScaleBounds(text: string): string {
  const blank = (m: string) => " ".repeat(m.length);
  return text
    .replace(/\b(?:scale\s+(?:of\s+|from\s+)?|from\s+|between\s+)?\d+\s*(?:-|–|to|and)\s*\d+\b(?!\s*(?:am|pm|%))/gi, (m) => (/^(?:scale|from|between)/i.test(m) || /^\s*(?:0|1)\s*(?:-|–|to|and)\s*(?:5|7|10|100)\s*$/i.test(m) ? blank(m) : m))
    .replace(/\bout\s+of\s+(?:\d+|ten|five|a\s+hundred)\b/gi, blank)
    .replace(/\/\s*\d+\b/g, blank);
}

const CORRECTION_CUE =
  /^\s*(?:actually|sorry|no|nope|oops|wait|correction|scratch\s+that|my\s+(?:mistake|bad))\b|\b(?:make\s+(?:it|that)|change\s+(?:it|that)\s+to|i\s+meant|actually)\b/i;
const CORRECTION_LEAD =
  /^(?:(?:oh|oops|wait|sorry|no|nope|actually|correction|scratch\s+that|my\s+(?:mistake|bad)|so|well|ok|okay|hmm|um|er)\b[\s,.;:!—–-]*|(?:(?:make|change|set|put|update)\s+(?:it|that|this)(?:\s+(?:to|as|into))?|i\s+meant(?:\s+to\s+say)?|i\s+mean|let'?s\s+(?:say|make\s+it)|(?:it|that)\s+should\s+(?:be|say|read)|should\s+be|rather)\b[\s,.;:!—–-]*)/i;
const CORRECTION_TAIL = /(?:[\s,]+(?:actually|instead|then|please|rather|sorry))+$|,?\s+(?:not|rather\s+than|instead\s+of)\s+.*$/i;
/** Words that only say when ("next", "by", "Friday"), blanked before asking whether a date correction names a property. */
const DATE_WORDS = new RegExp(
  `\\b(?:next|this|coming|by|on|in|within|before|after|end|of|the|a|an|day|days|week|weeks|month|months|year|years|today|tomorrow|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day|${MONTH}|\\d+(?:st|nd|rd|th)?)\\b`,
  "gi",
);

/**
 * The value of a short correction: "Actually, make it 8." → "8", "Sorry, I
 * meant next Friday" → "next Friday", "No, Priya, not Sam." → "Priya". Null
 * for anything longer than a correction or without a cue word.
 */
export function correctionValue(message: string): string | null {
  const text = collapseWhitespace(message);
  if (!text || words(text).length > 12 || splitSentences(text).length > 2 || !CORRECTION_CUE.test(text)) return null;
  let value = text;
  for (let before = ""; before !== value; ) {
    before = value;
    value = value.replace(CORRECTION_LEAD, "").trim();
  }
  value = stripEndPunctuation(value.replace(/[.!?]+\s*$/, "").replace(CORRECTION_TAIL, "").trim()).trim();
  return value && value !== text && value !== stripEndPunctuation(text) ? value : null;
}

/** `text` with its numbers (digits or words) blanked. */
function withoutNumbers(text: string): string {
  return text
    .replace(/(?<![\p{L}\p{N}.])-?\d+(?:,\d{3})*(?:\.\d+)?(?![\p{N}])/gu, " ")
    .replace(new RegExp(`\\b(?:${Object.keys(NUMBER_WORDS).join("|")})\\b`, "gi"), " ");
}

function isBoundedScale(schema: Schema): boolean {
  const lo = numberOr(schema["minimum"]);
  const hi = numberOr(schema["maximum"]);
  return lo !== undefined && hi !== undefined && hi - lo <= 100;
}

/** A confidence in 0..1 expressed on the property's own scale. */
function scaleConfidence(schema: Schema, confidence: number): number {
  const integer = mainType(schema) === "integer";
  const { lo, hi } = bounds(schema, integer);
  const low = Number.isFinite(lo) ? lo : 0;
  const high = Number.isFinite(hi) ? hi : hi === Number.POSITIVE_INFINITY && low >= 0 ? 1 : 1;
  const scaled = high > 1 ? low + confidence * (high - low) : confidence;
  const value = integer ? Math.round(scaled) : Math.round(scaled * 100) / 100;
  const fits = numericFit(schema, integer);
  return fits(value) ? value : sensibleNumber(schema, integer);
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
  /** Punctuation follows the number directly ("4, communication 7"). */
  punctuatedAfter: boolean;
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

function around(text: string, index: number, length: number): { before: string[]; after: string[]; punctuatedAfter: boolean } {
  return {
    before: words(text.slice(0, index)).slice(-4),
    after: words(text.slice(index + length)).slice(0, 4),
    punctuatedAfter: /^\s*[,.;:!?)]/.test(text.slice(index + length)),
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

const HEDGE_WORDS = new Set(
  "say guess think feel probably maybe perhaps around roughly honestly about nearly almost only just solid good right now today currently overall points".split(" "),
);

/**
 * The number is about something else: it follows a content word (within two)
 * that is not about the topic ("my gravitas is 4"), or counts the noun right
 * after it ("eight engineers", "6 reports").
 */
function labelledElsewhere(n: NumberMention, topic: Set<string>): boolean {
  const foreign = (w: string) => {
    if (HEDGE_WORDS.has(w.toLowerCase())) return false;
    const stems = [...contentStems(w)];
    return stems.length > 0 && !stems.some((s) => topic.has(s));
  };
  return n.before.slice(-2).some(foreign) || countsSomethingElse(n, topic);
}

/** "eight engineers", "6 reports": the number counts the noun right after it, which the topic is not about. */
function countsSomethingElse(n: NumberMention, topic: Set<string>): boolean {
  const next = n.after[0];
  if (next === undefined || n.punctuatedAfter || HEDGE_WORDS.has(next.toLowerCase())) return false;
  const stems = [...contentStems(next)];
  return stems.length > 0 && !stems.some((s) => topic.has(s));
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
