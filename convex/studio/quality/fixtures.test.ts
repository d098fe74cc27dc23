import { describe, expect, test } from "vitest";
import { FRAMEWORKS } from "../../coaching/frameworks";
import { FRAMEWORK_IDS } from "../../coaching/tables";
import { TEMPLATE_TIERS } from "../tables";
import { STEP_CUES } from "./cues";
import { bandOf, FIXTURES } from "./fixtures.conversations";
import { FLAW_FLAG, FLAWS, generateConversation, generateSet } from "./generate.support";
import { QUALITY_FLAGS, scoreConversation } from "./score";
import { compileCues, padded, stem, words } from "./text";

describe("hand-written fixtures", () => {
  test("at least 30, covering all six frameworks and all three tiers, names unique", () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(FIXTURES.map((f) => f.input.frameworkId))).toEqual(new Set(FRAMEWORK_IDS));
    expect(new Set(FIXTURES.map((f) => f.input.tier))).toEqual(new Set(TEMPLATE_TIERS));
    expect(new Set(FIXTURES.map((f) => f.name)).size).toBe(FIXTURES.length);
    expect(FIXTURES.filter((f) => f.flags.length === 0).length).toBeGreaterThanOrEqual(10);
  });

  test.each(FIXTURES.map((f) => [f.name, f] as const))("%s: lands in its band with its flags", (_, f) => {
    const r = scoreConversation(f.input);
    expect(bandOf(r.overall)).toBe(f.band);
    if (f.flags.length === 0) {
      expect(r.flags).toEqual([]);
      expect(r.recommendations).toEqual([]);
    } else expect(r.flags).toEqual(expect.arrayContaining(f.flags));
  });

  test("every flag a fixture must carry is a real flag", () => {
    for (const f of FIXTURES) for (const flag of f.flags) expect(QUALITY_FLAGS).toContain(flag);
  });

  test("bands: ≥ 8 good, 6 to under 8 fair, under 6 poor", () => {
    expect([10, 8, 7.9, 6, 5.9, 0].map(bandOf)).toEqual(["good", "good", "fair", "fair", "poor", "poor"]);
  });
});

describe("step cues", () => {
  test("every framework step has cues, and no cues name a step that does not exist", () => {
    for (const id of FRAMEWORK_IDS) {
      const steps = FRAMEWORKS[id].steps.map((s) => s.id);
      expect(Object.keys(STEP_CUES[id]).sort()).toEqual([...steps].sort());
      for (const s of steps) expect(STEP_CUES[id][s]!.length).toBeGreaterThanOrEqual(5);
    }
  });
  test("each step's own lead question hits its cues", () => {
    for (const id of FRAMEWORK_IDS)
      for (const step of FRAMEWORKS[id].steps) {
        const match = compileCues(STEP_CUES[id][step.id]!, true);
        for (const q of step.questions.slice(0, 3)) {
          const stems = words(q).map(stem);
          expect({ step: `${id}.${step.id}`, q, hit: match({ padded: padded(stems), set: new Set(stems) }) }).toMatchObject({ hit: true });
        }
      }
  });
});

describe("generated conversations (the offline fake's four flaws)", () => {
  test("seeded: the same seed writes the same conversation", () => {
    expect(generateConversation(42, "lecturing")).toEqual(generateConversation(42, "lecturing"));
    expect(generateConversation(42, "none")).not.toEqual(generateConversation(43, "none"));
  });
  test("each flaw is what it says", () => {
    const short = generateConversation(1, "too_short", "GROW").input.turns;
    expect(short).toHaveLength(4);
    const clean = generateConversation(2, "none", "CLEAR").input;
    expect(clean.turns[0]!.role).toBe("client");
    expect(clean.turns.at(-1)!.role).toBe("coach");
    expect(clean.turns.length).toBeGreaterThanOrEqual(8);
    expect(clean.turns.length).toBeLessThanOrEqual(16);
    const repeated = generateConversation(3, "repeated_turn", "COMPASS").input.turns.filter((t) => t.role === "coach").map((t) => t.text);
    expect(new Set(repeated).size).toBe(repeated.length - 1);
  });
  test("clean ones come through unflagged, flawed ones are caught (≥ 95 % each)", () => {
    const set = generateSet(11, 30);
    const cleanOnes = set.filter((g) => g.flaw === "none");
    const wronglyFlagged = cleanOnes.filter((g) => {
      const r = scoreConversation(g.input);
      return r.flagged || r.flags.some((f) => f !== "few_reflections");
    });
    expect(wronglyFlagged.length).toBe(0);
    for (const flaw of FLAWS) {
      const of = set.filter((g) => g.flaw === flaw);
      const caught = of.filter((g) => {
        const r = scoreConversation(g.input);
        return r.overall < 6 || r.flags.includes(FLAW_FLAG[flaw]);
      });
      expect(caught.length / of.length, flaw).toBeGreaterThanOrEqual(0.95);
    }
  });
});
