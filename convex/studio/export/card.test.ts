import { describe, expect, test } from "vitest";
import { cardCountsProblems, countRecords, emptyCardCounts, MAX_KEYS, mergeCardCounts, OTHER_KEY, renderDatasetCard, type CountedRecord } from "./card";
import { resolveOptions } from "./options";

const rec = (i: number): CountedRecord => ({
  split: i % 10 === 0 ? "validation" : "train",
  framework: ["GROW", "CLEAR"][i % 2],
  persona: ["manager", "nurse", "founder"][i % 3],
  emotion: i % 4 === 0 ? undefined : "anxious",
  templateVersionLabel: "Coaching v2",
  model: i % 5 === 0 ? "claude-haiku-5-5" : "claude-sonnet-5-5",
  score: i % 7 === 0 ? undefined : (i % 11) + 0.5 > 10 ? 10 : (i % 11) + 0.5,
});

describe("card counts", () => {
  const records = Array.from({ length: 100 }, (_, i) => rec(i));
  test("count what was exported per framework, split, persona, emotion, version, model and score", () => {
    const counts = countRecords(records);
    expect(counts.exported).toBe(100);
    expect(counts.validation).toBe(10);
    expect(counts.train).toBe(90);
    expect(counts.frameworks).toEqual([
      { key: "CLEAR", train: 50, validation: 0 },
      { key: "GROW", train: 40, validation: 10 },
    ]);
    expect(counts.personas).toEqual([{ key: "founder", count: 33 }, { key: "manager", count: 34 }, { key: "nurse", count: 33 }]);
    expect(counts.emotions).toEqual([{ key: "(none)", count: 25 }, { key: "anxious", count: 75 }]);
    expect(counts.models).toEqual([{ key: "claude-haiku-5-5", count: 20 }, { key: "claude-sonnet-5-5", count: 80 }]);
    const scored = records.filter((r) => r.score !== undefined);
    expect(counts.scores.count).toBe(scored.length);
    expect(counts.scores.unscored).toBe(100 - scored.length);
    expect(counts.scores.sum).toBeCloseTo(scored.reduce((s, r) => s + r.score!, 0));
    expect(counts.scores.buckets.reduce((a, b) => a + b, 0)).toBe(scored.length);
    expect(counts.scores.buckets[10]).toBe(scored.filter((r) => r.score === 10).length);
    expect(counts.scores.min).toBe(0.5);
    expect(counts.scores.max).toBe(10);
  });
  test("merging page counts in any order gives the counts of the whole", () => {
    const whole = countRecords(records);
    const pages = [records.slice(0, 13), records.slice(13, 60), records.slice(60)].map(countRecords);
    expect(pages.reduce(mergeCardCounts, emptyCardCounts())).toEqual(whole);
    expect([...pages].reverse().reduce(mergeCardCounts, emptyCardCounts())).toEqual(whole);
  });
  test("beyond MAX_KEYS distinct personas the rest fold into one row and the sum holds", () => {
    const many = Array.from({ length: MAX_KEYS + 20 }, (_, i) => ({ ...rec(1), persona: `p${String(i).padStart(4, "0")}` }));
    const counts = countRecords(many);
    expect(counts.personas).toHaveLength(MAX_KEYS);
    expect(counts.personas.at(-1)).toEqual({ key: OTHER_KEY, count: 21 });
    expect(counts.personas.reduce((s, p) => s + p.count, 0)).toBe(many.length);
    expect(cardCountsProblems(counts)).toEqual([]);
  });
  test("a total that does not add up is refused", () => {
    const counts = countRecords(records);
    expect(cardCountsProblems({ ...counts, train: counts.train + 1 })).toContain("train + validation must equal exported");
  });
});

describe("README", () => {
  test("states the numbers, the review policy, the options and an example line", () => {
    const counts = countRecords(Array.from({ length: 100 }, (_, i) => rec(i)));
    counts.skipped = { filtered: 4, duplicates: 3, tooLong: 2, unusable: 1 };
    const options = resolveOptions({ filters: { framework: "GROW", minScore: 6 }, maxTokens: 4000 });
    const text = renderDatasetCard(counts, { format: "bedrock", options, generatedAt: Date.UTC(2026, 10, 29) });
    expect(text).toContain("| Exported | 100 |");
    expect(text).toContain("| Validation | 10 (10 %) |");
    expect(text).toContain("| GROW | 40 | 10 | 20 % |");
    expect(text).toContain("| manager | 34 |");
    expect(text).toContain("| anxious | 75 |");
    expect(text).toContain("| Coaching v2 | 100 |");
    expect(text).toContain("| claude-sonnet-5-5 | 80 |");
    expect(text).toContain("Only conversations a reviewer approved are exported");
    expect(text).toContain("framework GROW, score ≥ 6");
    expect(text).toContain("records over ~4000 tokens");
    expect(text).toContain("Near-duplicates: excluded");
    expect(text).toContain("| Near-duplicate | 3 |");
    expect(text).toContain("`provenance.jsonl`");
    expect(text).toContain("- `validation.jsonl`");
    expect(text).toContain('{"system":"You are an experienced professional coach.","messages":[{"role":"user"');
    expect(text).toContain("a coach opening is dropped");
  });
  test("inline-provenance formats say so and list no side file", () => {
    const text = renderDatasetCard(countRecords([rec(1)]), { format: "trl", options: resolveOptions({ includeSystemPrompt: false }), generatedAt: 0 });
    expect(text).toContain("each record's `metadata` field");
    expect(text).not.toContain("- `provenance.jsonl`");
    expect(text).not.toContain("- `validation.jsonl`");
    expect(text).toContain("System prompt: not included");
  });
});
