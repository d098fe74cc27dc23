/**
 * Turning a matrix (values per variable) into batch items: the full
 * cartesian product, or a balanced sample where every value of every
 * variable appears as evenly as the sample size allows. Pure and seeded, so
 * a preview and the batch it becomes hold the same items.
 */
import type { MatrixAxis } from "./validators";
import { seededRandom } from "../../lib/seededRandom";

export type Row = Record<string, string | number | boolean>;

export const MAX_ITEMS = 5_000;
export const MAX_AXES = 12;
export const MAX_VALUES_PER_AXIS = 200;

export type MatrixProblem =
  | { kind: "empty" }
  | { kind: "too_many_axes"; max: number }
  | { kind: "empty_axis"; variable: string }
  | { kind: "too_many_values"; variable: string; max: number }
  | { kind: "duplicate_axis"; variable: string }
  | { kind: "duplicate_value"; variable: string }
  | { kind: "too_many_items"; count: number; max: number }
  | { kind: "bad_sample_size"; max: number };

/** Product of the axis sizes, saturating at Number.MAX_SAFE_INTEGER. */
export function productSize(matrix: readonly MatrixAxis[]): number {
  let size = matrix.length === 0 ? 0 : 1;
  for (const axis of matrix) size = Math.min(Number.MAX_SAFE_INTEGER, size * axis.values.length);
  return size;
}

/** Structural checks; each problem names its axis. */
export function checkMatrix(matrix: readonly MatrixAxis[], mode: "all" | "sample", sampleSize?: number): MatrixProblem[] {
  const problems: MatrixProblem[] = [];
  if (matrix.length === 0) return [{ kind: "empty" }];
  if (matrix.length > MAX_AXES) problems.push({ kind: "too_many_axes", max: MAX_AXES });
  const seen = new Set<string>();
  for (const axis of matrix) {
    if (seen.has(axis.variable)) problems.push({ kind: "duplicate_axis", variable: axis.variable });
    seen.add(axis.variable);
    if (axis.values.length === 0) problems.push({ kind: "empty_axis", variable: axis.variable });
    if (axis.values.length > MAX_VALUES_PER_AXIS) problems.push({ kind: "too_many_values", variable: axis.variable, max: MAX_VALUES_PER_AXIS });
    if (new Set(axis.values.map((value) => JSON.stringify(value))).size !== axis.values.length) {
      problems.push({ kind: "duplicate_value", variable: axis.variable });
    }
  }
  if (problems.length > 0) return problems;
  const size = productSize(matrix);
  if (mode === "all" && size > MAX_ITEMS) problems.push({ kind: "too_many_items", count: size, max: MAX_ITEMS });
  if (mode === "sample" && (sampleSize === undefined || !Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > MAX_ITEMS)) {
    problems.push({ kind: "bad_sample_size", max: MAX_ITEMS });
  }
  return problems;
}

export function describeMatrixProblem(p: MatrixProblem): string {
  switch (p.kind) {
    case "empty":
      return "Add at least one variable to the matrix.";
    case "too_many_axes":
      return `A matrix can vary at most ${p.max} variables.`;
    case "empty_axis":
      return `'${p.variable}' has no values.`;
    case "too_many_values":
      return `'${p.variable}' has more than ${p.max} values.`;
    case "duplicate_axis":
      return `'${p.variable}' appears twice in the matrix.`;
    case "duplicate_value":
      return `'${p.variable}' lists the same value twice.`;
    case "too_many_items":
      return `The full matrix has ${p.count} combinations; the most a batch can hold is ${p.max}. Use a sample instead.`;
    case "bad_sample_size":
      return `The sample size must be a whole number from 1 to ${p.max}.`;
  }
}

/** Row `index` of the full product, last axis varying fastest. */
export function productRow(matrix: readonly MatrixAxis[], index: number): Row {
  const row: Row = {};
  let rest = index;
  for (let a = matrix.length - 1; a >= 0; a--) {
    const values = matrix[a].values;
    row[matrix[a].variable] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return orderKeys(matrix, row);
}

function orderKeys(matrix: readonly MatrixAxis[], row: Row): Row {
  const ordered: Row = {};
  for (const axis of matrix) ordered[axis.variable] = row[axis.variable];
  return ordered;
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const SAMPLE_TRIES = 8;

/**
 * N rows where, on every axis, each value appears floor(N/k) or ceil(N/k)
 * times (k = the axis' values): each column is its values repeated in turn,
 * then shuffled independently. Of a few seeded shuffles it keeps the one with
 * the fewest repeated rows. When N reaches the product size, the product is
 * the most even sample there is, so it is returned whole.
 */
export function balancedSample(matrix: readonly MatrixAxis[], size: number, seed: number): Row[] {
  const total = productSize(matrix);
  if (size >= total) return expandAll(matrix);
  const random = seededRandom(seed);
  let best: Row[] = [];
  let bestRepeats = Infinity;
  for (let attempt = 0; attempt < SAMPLE_TRIES && bestRepeats > 0; attempt++) {
    const columns = matrix.map((axis) =>
      shuffle(Array.from({ length: size }, (_, i) => axis.values[i % axis.values.length]), random),
    );
    const rows = Array.from({ length: size }, (_, i) => {
      const row: Row = {};
      matrix.forEach((axis, a) => (row[axis.variable] = columns[a][i]));
      return row;
    });
    const repeats = size - new Set(rows.map((row) => JSON.stringify(row))).size;
    if (repeats < bestRepeats) {
      best = rows;
      bestRepeats = repeats;
    }
  }
  if (bestRepeats > 0) repairRepeats(matrix, best, random);
  return best;
}

const REPAIR_TRIES = 200;

/**
 * Swaps one variable's values between a repeated row and another row when
 * that makes both distinct. A swap moves no counts, so balance is kept; the
 * effort per repeat is bounded, so a few repeats may remain when the sample
 * is nearly the whole product.
 */
function repairRepeats(matrix: readonly MatrixAxis[], rows: Row[], random: () => number): void {
  const key = (row: Row) => JSON.stringify(row);
  const uses = new Map<string, number>();
  for (const row of rows) uses.set(key(row), (uses.get(key(row)) ?? 0) + 1);
  const drop = (k: string) => uses.set(k, (uses.get(k) ?? 1) - 1);
  const add = (k: string) => uses.set(k, (uses.get(k) ?? 0) + 1);
  for (let i = 0; i < rows.length; i++) {
    if ((uses.get(key(rows[i])) ?? 0) < 2) continue;
    for (let tries = 0; tries < REPAIR_TRIES; tries++) {
      const j = Math.floor(random() * rows.length);
      const axis = matrix[Math.floor(random() * matrix.length)].variable;
      if (j === i || rows[j][axis] === rows[i][axis]) continue;
      const a = { ...rows[i], [axis]: rows[j][axis] };
      const b = { ...rows[j], [axis]: rows[i][axis] };
      const ka = key(a);
      const kb = key(b);
      if (ka === kb || (uses.get(ka) ?? 0) > 0 || (uses.get(kb) ?? 0) > 0) continue;
      drop(key(rows[i]));
      drop(key(rows[j]));
      rows[i] = orderKeys(matrix, a);
      rows[j] = orderKeys(matrix, b);
      add(ka);
      add(kb);
      break;
    }
  }
}

export function expandAll(matrix: readonly MatrixAxis[]): Row[] {
  const total = productSize(matrix);
  return Array.from({ length: total }, (_, i) => productRow(matrix, i));
}

/** The batch's rows, in item order. Assumes checkMatrix found nothing. */
export function matrixRows(matrix: readonly MatrixAxis[], mode: "all" | "sample", sampleSize: number | undefined, seed: number): Row[] {
  return mode === "all" ? expandAll(matrix) : balancedSample(matrix, sampleSize ?? 0, seed);
}
