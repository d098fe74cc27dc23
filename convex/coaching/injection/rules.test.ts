import { describe, expect, test } from "vitest";
import { ATTACKS } from "./attacks.corpus";
import { BENIGN } from "./benign.corpus";
import {
  EXTRA_ATTACKS,
  EXTRA_BENIGN,
  LONG_BENIGN,
  MIXED_ATTACKS,
  OBFUSCATED_ATTACKS,
  TRIGGER_WORD_BENIGN,
  ECHO_BENIGN,
  FINAL_ATTACKS,
  FINAL_BENIGN,
  FRESH_ATTACKS,
  FRESH_BENIGN,
  HOLDOUT_ATTACKS,
  HOLDOUT_BENIGN,
  LAST_ATTACKS,
  LAST_BENIGN,
} from "./holdout.corpus";
import { MULTILINGUAL_RULES } from "./multilingual";
import { buildViews } from "./normalize";
import { RULES, leadingWords } from "./rules";

const ALL = [...RULES, ...MULTILINGUAL_RULES];
const TEXTS = [
  ...[...ATTACKS, ...HOLDOUT_ATTACKS, ...FRESH_ATTACKS, ...FINAL_ATTACKS, ...LAST_ATTACKS, ...EXTRA_ATTACKS, ...OBFUSCATED_ATTACKS, ...MIXED_ATTACKS].map((attack) => attack.text),
  ...BENIGN,
  ...HOLDOUT_BENIGN,
  ...FRESH_BENIGN,
  ...FINAL_BENIGN,
  ...LAST_BENIGN,
  ...EXTRA_BENIGN,
  ...LONG_BENIGN,
  ...TRIGGER_WORD_BENIGN,
  ...ECHO_BENIGN,
];

describe("rule table", () => {
  test("ids are unique and weights lie in (0, 1)", () => {
    const ids = ALL.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ALL) {
      expect(rule.weight, rule.id).toBeGreaterThan(0);
      expect(rule.weight, rule.id).toBeLessThan(1);
      expect(rule.pattern.flags, rule.id).toContain("g");
    }
  });

  // The gates are an optimisation: they may only skip a rule that could not have matched.
  test("a gate never hides a match, on every corpus text", () => {
    const hidden: string[] = [];
    for (const text of TEXTS) {
      const views = buildViews(text);
      const tokens = new Set(views.words.split(" "));
      for (const rule of ALL) {
        const view = views[rule.view];
        rule.pattern.lastIndex = 0;
        if (!rule.pattern.test(view)) continue;
        const open =
          (!rule.needs || rule.needs.some((word) => tokens.has(word))) && (!rule.needsText || rule.needsText.some((part) => view.includes(part)));
        if (!open) hidden.push(`${rule.id}: ${text}`);
      }
    }
    expect(hidden).toEqual([]);
  });

  test("most rules are gated", () => {
    const gated = ALL.filter((rule) => rule.needs || rule.needsText).length;
    expect(gated / ALL.length).toBeGreaterThan(0.8);
  });
});

describe("leadingWords", () => {
  test("reads a leading closed list, expanding optional letters and classes", () => {
    expect(leadingWords("\\b(?:ignore|set aside|instructions?|summari[sz]e) (?:x)")).toEqual([
      "ignore",
      "set",
      "instruction",
      "instructions",
      "summarise",
      "summarize",
    ]);
  });

  test("gives up on anything it cannot read exactly", () => {
    expect(leadingWords("\\b(?:a|b) x|\\b(?:c) y")).toBeUndefined();
    expect(leadingWords("\\b(?:(?:a|b) c|d)")).toBeUndefined();
    expect(leadingWords("\\b(?:\\d+|step)")).toBeUndefined();
    expect(leadingWords("<script")).toBeUndefined();
  });
});
