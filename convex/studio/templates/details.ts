/**
 * Checks and normalises what an editor sends for a template, before anything
 * is written. Pure: the functions in manage.ts turn the first problem into an
 * INVALID_INPUT error naming the field.
 */
import { sanitizeUserText } from "../../lib/sanitize";
import type { TemplatePurpose, TemplateTier, TemplateVariable } from "../tables";

export const DETAIL_LIMITS = {
  name: 80,
  description: 2_000,
  listItems: 40,
  listItem: 80,
  styleNotes: 4_000,
  exampleConversation: 20_000,
  note: 500,
  model: 100,
  maxTokens: 16_384,
  variables: 30,
} as const;

export type TemplateDetails = {
  name: string;
  description: string;
  tier: TemplateTier;
  purpose: TemplatePurpose;
  personas: string[];
  emotions: string[];
  styleNotes: string;
  exampleConversation: string;
  qualityThreshold: number;
};

export type VersionSettings = { model?: string; temperature?: number; maxTokens?: number };

export type DetailProblem = { field: string; message: string };

type Checked<T> = { ok: true; value: T } | { ok: false; problem: DetailProblem };

/** Names compare without case or surrounding space: "GROW basics" and "grow basics " are one name. */
export function nameKey(name: string): string {
  return sanitizeUserText(name, DETAIL_LIMITS.name).text.toLowerCase().replace(/\s+/g, " ");
}

function text(field: string, raw: string, max: number, required: boolean): Checked<string> {
  const length = Array.from(raw).length;
  if (length > max) return { ok: false, problem: { field, message: `${label(field)} is ${length} characters; the limit is ${max}.` } };
  const clean = sanitizeUserText(raw, max).text;
  if (required && clean.length === 0) return { ok: false, problem: { field, message: `${label(field)} can't be empty.` } };
  return { ok: true, value: clean };
}

function list(field: string, raw: string[]): Checked<string[]> {
  if (raw.length > DETAIL_LIMITS.listItems) {
    return { ok: false, problem: { field, message: `${label(field)} can hold at most ${DETAIL_LIMITS.listItems} entries.` } };
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of raw) {
    const checked = text(field, item, DETAIL_LIMITS.listItem, false);
    if (!checked.ok) return checked;
    const key = checked.value.toLowerCase();
    if (checked.value && !seen.has(key)) {
      seen.add(key);
      out.push(checked.value);
    }
  }
  return { ok: true, value: out };
}

function label(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function checkDetails(raw: TemplateDetails): Checked<TemplateDetails> {
  const name = text("name", raw.name, DETAIL_LIMITS.name, true);
  if (!name.ok) return name;
  const description = text("description", raw.description, DETAIL_LIMITS.description, false);
  if (!description.ok) return description;
  const personas = list("personas", raw.personas);
  if (!personas.ok) return personas;
  const emotions = list("emotions", raw.emotions);
  if (!emotions.ok) return emotions;
  const styleNotes = text("styleNotes", raw.styleNotes, DETAIL_LIMITS.styleNotes, false);
  if (!styleNotes.ok) return styleNotes;
  const example = text("exampleConversation", raw.exampleConversation, DETAIL_LIMITS.exampleConversation, false);
  if (!example.ok) return example;
  if (!Number.isFinite(raw.qualityThreshold) || raw.qualityThreshold < 0 || raw.qualityThreshold > 10) {
    return { ok: false, problem: { field: "qualityThreshold", message: "Quality threshold must be a number from 0 to 10." } };
  }
  return {
    ok: true,
    value: {
      name: name.value,
      description: description.value,
      tier: raw.tier,
      purpose: raw.purpose,
      personas: personas.value,
      emotions: emotions.value,
      styleNotes: styleNotes.value,
      exampleConversation: example.value,
      qualityThreshold: Math.round(raw.qualityThreshold * 10) / 10,
    },
  };
}

export function checkVersionSettings(raw: VersionSettings & { note?: string }): Checked<VersionSettings & { note: string }> {
  const note = text("note", raw.note ?? "", DETAIL_LIMITS.note, false);
  if (!note.ok) return note;
  let model: string | undefined;
  if (raw.model !== undefined) {
    const checked = text("model", raw.model, DETAIL_LIMITS.model, false);
    if (!checked.ok) return checked;
    if (checked.value.length === 0) {
      return { ok: false, problem: { field: "model", message: "Leave the model out to use the default, or name one." } };
    }
    if (!/^[A-Za-z0-9._:-]+$/.test(checked.value)) {
      return { ok: false, problem: { field: "model", message: "Model ids use letters, digits, dots, dashes and colons only." } };
    }
    model = checked.value;
  }
  if (raw.temperature !== undefined && (!Number.isFinite(raw.temperature) || raw.temperature < 0 || raw.temperature > 1)) {
    return { ok: false, problem: { field: "temperature", message: "Temperature must be from 0 to 1." } };
  }
  if (
    raw.maxTokens !== undefined &&
    (!Number.isInteger(raw.maxTokens) || raw.maxTokens < 1 || raw.maxTokens > DETAIL_LIMITS.maxTokens)
  ) {
    return { ok: false, problem: { field: "maxTokens", message: `Max tokens must be a whole number from 1 to ${DETAIL_LIMITS.maxTokens}.` } };
  }
  return { ok: true, value: { note: note.value, model, temperature: raw.temperature, maxTokens: raw.maxTokens } };
}

/** Whether two versions would run identically: saving such a version changes nothing. */
export function sameContent(
  a: { body: string; variables: TemplateVariable[] } & VersionSettings,
  b: { body: string; variables: TemplateVariable[] } & VersionSettings,
): boolean {
  return (
    a.body === b.body &&
    a.model === b.model &&
    a.temperature === b.temperature &&
    a.maxTokens === b.maxTokens &&
    JSON.stringify(a.variables.map(canonicalVariable)) === JSON.stringify(b.variables.map(canonicalVariable))
  );
}

/** Key order fixed and absent fields dropped, so equal definitions serialise equally. */
export function canonicalVariable(variable: TemplateVariable): TemplateVariable {
  const keys = ["name", "type", "required", "default", "helpText", "minLength", "maxLength", "min", "max", "integer", "options"] as const;
  const source = variable as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out as TemplateVariable;
}
