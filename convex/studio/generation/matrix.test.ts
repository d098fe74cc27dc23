import { describe, expect, test } from "vitest";
import { balancedSample, checkMatrix, expandAll, matrixRows, MAX_ITEMS, productRow, productSize } from "./matrix";
import { seededRandom } from "../../lib/seededRandom";

const persona = { variable: "persona", values: ["manager", "engineer", "founder"] };
const emotion = { variable: "emotion", values: ["anxious", "hopeful"] };
const topic = { variable: "topic", values: ["delegation", "feedback", "promotion", "conflict", "burnout"] };
const framework = { variable: "framework", values: ["GROW", "CLEAR", "COMPASS", "Power-Interest Grid"] };
const matrix = [persona, emotion, topic, framework];

function counts(rows: Record<string, unknown>[], variable: string) {
  const out = new Map<unknown, number>();
  for (const row of rows) out.set(row[variable], (out.get(row[variable]) ?? 0) + 1);
  return out;
}

describe("full product", () => {
  test("has every combination once, last variable fastest, keys in matrix order", () => {
    const rows = expandAll(matrix);
    expect(rows).toHaveLength(3 * 2 * 5 * 4);
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(rows.length);
    expect(rows[0]).toEqual({ persona: "manager", emotion: "anxious", topic: "delegation", framework: "GROW" });
    expect(rows[1]).toEqual({ persona: "manager", emotion: "anxious", topic: "delegation", framework: "CLEAR" });
    expect(rows[rows.length - 1]).toEqual({ persona: "founder", emotion: "hopeful", topic: "burnout", framework: "Power-Interest Grid" });
    expect(Object.keys(rows[7])).toEqual(["persona", "emotion", "topic", "framework"]);
    expect(productRow(matrix, 37)).toEqual(rows[37]);
  });

  test("mixed value types survive", () => {
    const rows = expandAll([{ variable: "turns", values: [8, 12] }, { variable: "setback", values: [true, false] }]);
    expect(rows).toEqual([
      { turns: 8, setback: true },
      { turns: 8, setback: false },
      { turns: 12, setback: true },
      { turns: 12, setback: false },
    ]);
  });

  test("size saturates instead of overflowing", () => {
    const huge = Array.from({ length: 12 }, (_, i) => ({ variable: `v${i}`, values: Array.from({ length: 200 }, (_, j) => j) }));
    expect(productSize(huge)).toBe(Number.MAX_SAFE_INTEGER);
    expect(productSize([])).toBe(0);
  });
});

describe("balanced sample", () => {
  test.each([1, 7, 24, 50, 100, 119])("of %i: every value of every variable appears floor(N/k) or ceil(N/k) times", (n) => {
    const rows = balancedSample(matrix, n, 42);
    expect(rows).toHaveLength(n);
    for (const axis of matrix) {
      const seen = counts(rows, axis.variable);
      const k = axis.values.length;
      for (const value of axis.values) {
        const c = seen.get(value) ?? 0;
        expect([Math.floor(n / k), Math.ceil(n / k)], `${axis.variable}=${value}`).toContain(c);
      }
    }
  });

  test("is deterministic for a seed and differs between seeds", () => {
    expect(balancedSample(matrix, 30, 7)).toEqual(balancedSample(matrix, 30, 7));
    expect(balancedSample(matrix, 30, 7)).not.toEqual(balancedSample(matrix, 30, 8));
  });

  test("avoids repeated rows when the product leaves room", () => {
    const rows = balancedSample(matrix, 40, 3);
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(40);
  });

  test("a sample as large as the product is the product", () => {
    expect(balancedSample(matrix, 120, 1)).toEqual(expandAll(matrix));
    expect(balancedSample(matrix, 500, 1)).toHaveLength(120);
  });

  test("matrixRows picks by mode", () => {
    expect(matrixRows(matrix, "all", undefined, 1)).toHaveLength(120);
    expect(matrixRows(matrix, "sample", 10, 1)).toEqual(balancedSample(matrix, 10, 1));
  });
});

describe("checkMatrix", () => {
  test("accepts a sound matrix", () => {
    expect(checkMatrix(matrix, "all")).toEqual([]);
    expect(checkMatrix(matrix, "sample", 10)).toEqual([]);
  });

  test.each([
    ["an empty matrix", [], "all", undefined, "empty"],
    ["an axis without values", [{ variable: "a", values: [] }], "all", undefined, "empty_axis"],
    ["a repeated axis", [persona, persona], "all", undefined, "duplicate_axis"],
    ["a repeated value", [{ variable: "a", values: ["x", "x"] }], "all", undefined, "duplicate_value"],
    ["too many values", [{ variable: "a", values: Array.from({ length: 201 }, (_, i) => i) }], "all", undefined, "too_many_values"],
    ["too many axes", Array.from({ length: 13 }, (_, i) => ({ variable: `v${i}`, values: [1] })), "all", undefined, "too_many_axes"],
    ["a product over the cap", [{ variable: "a", values: Array.from({ length: 100 }, (_, i) => i) }, { variable: "b", values: Array.from({ length: 51 }, (_, i) => i) }], "all", undefined, "too_many_items"],
    ["a sample with no size", [persona], "sample", undefined, "bad_sample_size"],
    ["a sample of 0", [persona], "sample", 0, "bad_sample_size"],
    ["a fractional sample", [persona], "sample", 2.5, "bad_sample_size"],
    ["a sample over the cap", [persona], "sample", MAX_ITEMS + 1, "bad_sample_size"],
  ] as const)("refuses %s", (_label, m, mode, size, kind) => {
    expect(checkMatrix(m as never, mode, size).map((p) => p.kind)).toContain(kind);
  });

  test("a product of exactly the cap is allowed; a big product can still be sampled", () => {
    const exact = [{ variable: "a", values: Array.from({ length: 100 }, (_, i) => i) }, { variable: "b", values: Array.from({ length: 50 }, (_, i) => i) }];
    expect(checkMatrix(exact, "all")).toEqual([]);
    const big = [{ variable: "a", values: Array.from({ length: 200 }, (_, i) => i) }, { variable: "b", values: Array.from({ length: 200 }, (_, i) => i) }];
    expect(checkMatrix(big, "sample", 100)).toEqual([]);
  });
});

test("seededRandom is uniform enough and in [0, 1)", () => {
  const random = seededRandom(9);
  const draws = Array.from({ length: 10_000 }, random);
  expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...draws)).toBeLessThan(1);
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
});
