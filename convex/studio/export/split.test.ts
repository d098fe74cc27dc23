import { describe, expect, test } from "vitest";
import { assignSplit, canonicalValues, hash53, seedHash, seedKey } from "./split";

describe("seed", () => {
  test("canonical values ignore key order and keep types apart", () => {
    expect(canonicalValues({ b: 1, a: "x" })).toBe(canonicalValues({ a: "x", b: 1 }));
    expect(canonicalValues({ turns: 1 })).not.toBe(canonicalValues({ turns: "1" }));
    expect(seedKey("v1", { a: "x" })).not.toBe(seedKey("v2", { a: "x" }));
  });
  test("the hash is pinned, so the split is the same on every machine and release", () => {
    expect(hash53("")).toBe(3338908027751811);
    expect(seedHash("v1|[]")).toBe(seedHash("v1|[]"));
    expect(seedHash("v1|[]")).toMatch(/^[0-9a-f]{14}$/);
  });
});

describe("split", () => {
  const seeds = Array.from({ length: 4000 }, (_, i) => seedHash(seedKey(`v${i % 7}`, { persona: `p${i}`, emotion: i % 3 })));
  test("stable: the same data splits the same way every time", () => {
    const first = seeds.map((seed) => assignSplit(seed, "GROW", 10));
    const second = seeds.map((seed) => assignSplit(seed, "GROW", 10));
    expect(second).toEqual(first);
  });
  test("variants of one seed always land on the same side", () => {
    for (const seed of seeds.slice(0, 200)) {
      const sides = new Set(Array.from({ length: 5 }, () => assignSplit(seed, "CLEAR", 10)));
      expect(sides.size).toBe(1);
    }
  });
  test("every framework gets about the validation share, independently", () => {
    for (const framework of ["GROW", "CLEAR", "COMPASS", "POWER_INTEREST_GRID", "PSYCHOLOGICAL_SAFETY", "EXECUTIVE_PRESENCE"]) {
      const validation = seeds.filter((seed) => assignSplit(seed, framework, 10) === "validation").length / seeds.length;
      expect(validation, framework).toBeGreaterThan(0.08);
      expect(validation, framework).toBeLessThan(0.12);
    }
  });
  test("0 % puts everything in train; a larger share is a superset of a smaller one", () => {
    expect(seeds.every((seed) => assignSplit(seed, "GROW", 0) === "train")).toBe(true);
    for (const seed of seeds) if (assignSplit(seed, "GROW", 5) === "validation") expect(assignSplit(seed, "GROW", 20)).toBe("validation");
  });
});
