/**
 * Pure helpers for the generation screens: money and time wording, the API
 * rate-status pill, and the batch matrix editor's state → previewBatch args.
 * Kept free of React so the thresholds and conversions are tested directly.
 */
import type { Id } from "../../../../convex/_generated/dataModel";
import type { VariableDefinition } from "../../../../convex/studio/templating";
import type { MatrixAxis, MatrixMode } from "../../../../convex/studio/generation/validators";

// ---------------------------------------------------------------- wording

/** Micro-dollars as dollars: four decimals below a cent, else two. */
export function formatMoney(micros: number): string {
  const dollars = micros / 1_000_000;
  if (dollars === 0) return "$0.00";
  if (Math.abs(dollars) < 0.01) return `$${dollars.toFixed(4)}`;
  return `$${dollars.toFixed(2)}`;
}

/** "45 s", "3 min 20 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  const hours = Math.floor(minutes / 60);
  const restMin = minutes % 60;
  return restMin === 0 ? `${hours} h` : `${hours} h ${restMin} min`;
}

/** Seconds left until `until`, rounded up, never negative. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** "in 12 s", "in 1 min 5 s", or "now" once the moment has come. */
export function countdownText(until: number, now: number): string {
  const left = secondsLeft(until, now);
  return left === 0 ? "now" : `in ${formatDuration(left * 1000)}`;
}

// ---------------------------------------------------------------- rate status

export type QueueStatusLike = {
  state: "healthy" | "approaching" | "throttled";
  utilisationPct: number;
  pausedUntil?: number;
};

export type RateLevel = "healthy" | "busy" | "throttled";

/** Below this share of the provider's request limit the pill says Healthy. */
export const BUSY_AT_PCT = 70;
/** At or above this share (or while paused by a 429) it says Throttled. */
export const THROTTLED_AT_PCT = 90;

/**
 * The pill: Healthy (< 70 %), Busy (70–90 %), Throttled – pausing… (≥ 90 %,
 * or a 429 pause still running, or the gateway itself calls it throttled).
 * A pause whose moment has passed no longer counts.
 */
export function rateStatus(q: QueueStatusLike, now: number): { level: RateLevel; label: string; countdown: string | null } {
  const paused = q.pausedUntil !== undefined && q.pausedUntil > now;
  if (paused || q.state === "throttled" || q.utilisationPct >= THROTTLED_AT_PCT) {
    return { level: "throttled", label: "Throttled – pausing…", countdown: paused ? `resumes ${countdownText(q.pausedUntil!, now)}` : null };
  }
  if (q.utilisationPct >= BUSY_AT_PCT || q.state === "approaching") return { level: "busy", label: "Busy", countdown: null };
  return { level: "healthy", label: "Healthy", countdown: null };
}

// ---------------------------------------------------------------- matrix editor

/** One variable's row in the matrix editor. */
export type AxisDraft =
  | { variable: string; kind: "list"; numeric: boolean; text: string }
  | { variable: string; kind: "choice"; options: string[]; selected: string[] };

export type TemplateHints = { personas: readonly string[]; emotions: readonly string[] };

/** Values typed as a list: one per line or comma-separated, trimmed, blanks and repeats dropped. */
export function parseList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\n,]/)) {
    const value = part.trim();
    if (value !== "" && !out.includes(value)) out.push(value);
  }
  return out;
}

function hintFor(name: string, hints: TemplateHints): readonly string[] | null {
  const key = name.toLowerCase().replace(/s$/, "");
  if (key === "persona" && hints.personas.length > 0) return hints.personas;
  if (key === "emotion" && hints.emotions.length > 0) return hints.emotions;
  return null;
}

/**
 * The editor's starting point: dropdowns and booleans as checkboxes (the
 * default, else the first option, ticked), persona/emotion lists from the
 * template's own personas and emotions, other values from their defaults.
 */
export function initialAxes(variables: readonly VariableDefinition[], hints: TemplateHints): AxisDraft[] {
  return variables
    .filter((def) => def.name.length > 0)
    .map((def): AxisDraft => {
      if (def.type === "dropdown") {
        const first = def.default ?? def.options[0];
        return { variable: def.name, kind: "choice", options: [...def.options], selected: first === undefined ? [] : [first] };
      }
      if (def.type === "boolean") {
        return { variable: def.name, kind: "choice", options: ["true", "false"], selected: [String(def.default ?? false)] };
      }
      const hinted = hintFor(def.name, hints);
      const fallback = def.default !== undefined ? [String(def.default)] : [];
      return { variable: def.name, kind: "list", numeric: def.type === "number", text: (hinted ?? fallback).join("\n") };
    });
}

/** The values an axis holds now, typed as the matrix wants them. */
export function axisValues(axis: AxisDraft): (string | number | boolean)[] {
  if (axis.kind === "choice") {
    // Keep the option order, whatever order they were ticked in.
    const picked = axis.options.filter((o) => axis.selected.includes(o));
    const isBool = axis.options.length === 2 && axis.options[0] === "true" && axis.options[1] === "false";
    return isBool ? picked.map((o) => o === "true") : picked;
  }
  const list = parseList(axis.text);
  if (!axis.numeric) return list;
  // A number that doesn't parse is passed as typed, so the renderer names the problem.
  return list.map((raw) => (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw));
}

export type PreviewArgs = {
  versionId: Id<"promptTemplateVersions">;
  matrix: MatrixAxis[];
  mode: MatrixMode;
  sampleSize?: number;
  seed: number;
};

/**
 * previewBatch's (and createBatch's) spec. An axis with no values is left out
 * of the matrix: the variable then takes its default, or the preview lists
 * the items that can't render without it.
 */
export function toPreviewArgs(
  versionId: Id<"promptTemplateVersions">,
  axes: readonly AxisDraft[],
  mode: MatrixMode,
  sampleSize: number | null,
  seed = 1,
): PreviewArgs {
  const matrix = axes.map((axis) => ({ variable: axis.variable, values: axisValues(axis) })).filter((axis) => axis.values.length > 0);
  return mode === "sample" ? { versionId, matrix, mode, sampleSize: sampleSize ?? undefined, seed } : { versionId, matrix, mode, seed };
}

/** A wait as the retry policy gives it: tenths of a second below 10 s ("0.7 s"), else as formatDuration. */
export function formatDelay(ms: number): string {
  return ms < 10_000 ? `${(Math.round(ms / 100) / 10).toFixed(1)} s` : formatDuration(ms);
}

/**
 * The variables worth showing for a batch's items: those the matrix varies
 * (more than one value), in matrix order; when none vary, all of them.
 */
export function variedVariables(matrix: readonly { variable: string; values: readonly unknown[] }[]): string[] {
  const varied = matrix.filter((axis) => axis.values.length > 1).map((axis) => axis.variable);
  return varied.length > 0 ? varied : matrix.map((axis) => axis.variable);
}

/** "persona: senior engineer · emotion: anxious" — a row's values, short. */
export function summariseValues(values: Record<string, string | number | boolean>, max = 4, only?: readonly string[]): string {
  const entries = only ? only.filter((k) => Object.hasOwn(values, k)).map((k) => [k, values[k]] as const) : Object.entries(values);
  const shown = entries.slice(0, max).map(([k, v]) => `${k}: ${String(v)}`);
  return entries.length > max ? `${shown.join(" · ")} · +${entries.length - max} more` : shown.join(" · ");
}
