/**
 * Pure helpers for the Studio's template screens: variable drafts as the
 * editor holds them (strings while typing) and the definitions the server
 * stores, the body editor's highlight runs, and the side-by-side diff rows.
 */
import type { PlaceholderSpan, SpanKind, TemplateProblem, VariableDefinition, VariableType } from "../../../convex/studio/templating";

export const TIERS = [
  { value: "template", label: "Template" },
  { value: "scenario", label: "Scenario" },
  { value: "edge_case", label: "Edge case" },
] as const;
export type Tier = (typeof TIERS)[number]["value"];

export const PURPOSES = [
  { value: "generation", label: "Generation" },
  { value: "judging", label: "Judging" },
] as const;
export type Purpose = (typeof PURPOSES)[number]["value"];

export function tierLabel(tier: string): string {
  return TIERS.find((t) => t.value === tier)?.label ?? tier;
}
export function purposeLabel(purpose: string): string {
  return PURPOSES.find((p) => p.value === purpose)?.label ?? purpose;
}

// ---------------------------------------------------------------------------
// Variables: the editor keeps every field as typed text, so "-" or "1." can
// sit in a number box while someone types; `toDefinition` converts.

export type VariableDraft = {
  /** Stable React key; not stored. */
  key: string;
  name: string;
  type: VariableType;
  required: boolean;
  helpText: string;
  /** Text, number as text, dropdown option, or "" | "true" | "false". */
  defaultValue: string;
  min: string;
  max: string;
  integer: boolean;
  minLength: string;
  maxLength: string;
  /** One option per line. */
  options: string;
};

let nextKey = 0;
export function draftKey(): string {
  nextKey += 1;
  return `v${nextKey}`;
}

export function emptyVariable(type: VariableType = "text"): VariableDraft {
  return { key: draftKey(), name: "", type, required: false, helpText: "", defaultValue: "", min: "", max: "", integer: false, minLength: "", maxLength: "", options: "" };
}

const text = (n: number | undefined) => (n === undefined ? "" : String(n));

export function toDraft(def: VariableDefinition): VariableDraft {
  const base = { ...emptyVariable(def.type), name: def.name, required: def.required, helpText: def.helpText ?? "" };
  switch (def.type) {
    case "text":
      return { ...base, defaultValue: def.default ?? "", minLength: text(def.minLength), maxLength: text(def.maxLength) };
    case "number":
      return { ...base, defaultValue: text(def.default), min: text(def.min), max: text(def.max), integer: def.integer ?? false };
    case "dropdown":
      return { ...base, defaultValue: def.default ?? "", options: def.options.join("\n") };
    case "boolean":
      return { ...base, defaultValue: def.default === undefined ? "" : String(def.default) };
  }
}

/** A draft field that is not yet a valid value; the editor shows it beside the field. */
export type DraftProblem = { field: "defaultValue" | "min" | "max" | "minLength" | "maxLength"; message: string };

function parseNumber(raw: string): number | undefined | null {
  const trimmed = raw.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

export function optionList(raw: string): string[] {
  return raw
    .split("\n")
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

/** The stored definition, and the fields that could not be converted (left out of it). */
export function toDefinition(draft: VariableDraft): { definition: VariableDefinition; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const num = (field: DraftProblem["field"], raw: string, label: string): number | undefined => {
    const n = parseNumber(raw);
    if (n === null) {
      problems.push({ field, message: `${label} must be a number` });
      return undefined;
    }
    return n;
  };
  const common = { name: draft.name.trim(), required: draft.required, ...(draft.helpText.trim() ? { helpText: draft.helpText.trim() } : {}) };
  let definition: VariableDefinition;
  switch (draft.type) {
    case "text": {
      const minLength = num("minLength", draft.minLength, "Minimum length");
      const maxLength = num("maxLength", draft.maxLength, "Maximum length");
      definition = {
        ...common,
        type: "text",
        ...(minLength !== undefined ? { minLength } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
        ...(draft.defaultValue !== "" ? { default: draft.defaultValue } : {}),
      };
      break;
    }
    case "number": {
      const min = num("min", draft.min, "Minimum");
      const max = num("max", draft.max, "Maximum");
      const dflt = num("defaultValue", draft.defaultValue, "Default");
      definition = {
        ...common,
        type: "number",
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        ...(draft.integer ? { integer: true } : {}),
        ...(dflt !== undefined ? { default: dflt } : {}),
      };
      break;
    }
    case "dropdown":
      definition = { ...common, type: "dropdown", options: optionList(draft.options), ...(draft.defaultValue !== "" ? { default: draft.defaultValue } : {}) };
      break;
    case "boolean":
      definition = { ...common, type: "boolean", ...(draft.defaultValue !== "" ? { default: draft.defaultValue === "true" } : {}) };
      break;
  }
  return { definition, problems };
}

// ---------------------------------------------------------------------------
// Body highlighting: the body cut at every span and error boundary, each run
// carrying the span kind it lies in and whether an error covers it.

export type HighlightRun = { text: string; start: number; kind: SpanKind | null; error: TemplateProblem | null; names: string[] };

/** Errors with a position; a zero-width one is widened to a character so it can be seen. */
export function errorRanges(errors: readonly TemplateProblem[], length: number): { start: number; end: number; problem: TemplateProblem }[] {
  const out: { start: number; end: number; problem: TemplateProblem }[] = [];
  for (const problem of errors) {
    if (problem.start === undefined) continue;
    let start = Math.max(0, Math.min(problem.start, length));
    let end = Math.max(start, Math.min(problem.end ?? problem.start, length));
    if (end === start) {
      if (end < length) end += 1;
      else if (start > 0) start -= 1;
    }
    if (end > start) out.push({ start, end, problem });
  }
  return out;
}

export function highlightRuns(body: string, spans: readonly PlaceholderSpan[], errors: readonly TemplateProblem[]): HighlightRun[] {
  const ranges = errorRanges(errors, body.length);
  const cuts = new Set<number>([0, body.length]);
  for (const s of spans) {
    cuts.add(Math.min(s.start, body.length));
    cuts.add(Math.min(s.end, body.length));
  }
  for (const r of ranges) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Spans are sorted and never overlap, so one pointer walks them (a long body has thousands).
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let next = 0;
  const runs: HighlightRun[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (end <= start) continue;
    while (next < sorted.length && sorted[next].end <= start) next++;
    const candidate = sorted[next];
    const span = candidate && candidate.start <= start && end <= candidate.end ? candidate : null;
    const range = ranges.find((r) => r.start <= start && end <= r.end) ?? null;
    const error = range?.problem ?? (span?.kind === "invalid" ? (span.problem ?? null) : null);
    const last = runs[runs.length - 1];
    if (last && last.kind === null && span === null && last.error === error && error === null) {
      last.text += body.slice(start, end);
      continue;
    }
    runs.push({ text: body.slice(start, end), start, kind: span?.kind ?? null, error, names: span?.names ?? [] });
  }
  return runs;
}

// ---------------------------------------------------------------------------
// Side-by-side diff: a unified line list paired into rows, old on the left.

export type DiffLine = { kind: "same" | "added" | "removed"; text: string };
export type DiffSide = { number: number; text: string; kind: DiffLine["kind"] } | null;
export type DiffRow = { left: DiffSide; right: DiffSide };

export function sideBySide(lines: readonly DiffLine[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let leftNo = 0;
  let rightNo = 0;
  let i = 0;
  while (i < lines.length) {
    if (lines[i].kind === "same") {
      leftNo++;
      rightNo++;
      rows.push({ left: { number: leftNo, text: lines[i].text, kind: "same" }, right: { number: rightNo, text: lines[i].text, kind: "same" } });
      i++;
      continue;
    }
    // One change block: every removed and added line up to the next unchanged one, paired in order.
    const removed: string[] = [];
    const added: string[] = [];
    while (i < lines.length && lines[i].kind !== "same") {
      (lines[i].kind === "removed" ? removed : added).push(lines[i].text);
      i++;
    }
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const left: DiffSide = k < removed.length ? { number: ++leftNo, text: removed[k], kind: "removed" } : null;
      const right: DiffSide = k < added.length ? { number: ++rightNo, text: added[k], kind: "added" } : null;
      rows.push({ left, right });
    }
  }
  return rows;
}

export function splitList(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
