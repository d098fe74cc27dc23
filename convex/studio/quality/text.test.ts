import { describe, expect, test } from "vitest";
import { compileCues, contentStems, jaccard, listing, padded, phraseKey, sentences, sentenceWords, shingles, stem, words } from "./text";

describe("words", () => {
  test("lower-cases, keeps contractions whole and reads curly apostrophes as straight", () => {
    expect(words("What’s REALLY going on? I'm not sure, 2 options.")).toEqual(["what's", "really", "going", "on", "i'm", "not", "sure", "2", "options"]);
  });
  test("no words in punctuation or an empty string", () => {
    expect(words("… — !?")).toEqual([]);
    expect(words("")).toEqual([]);
  });
  test("a long adversarial string is linear, not backtracking", () => {
    const hostile = "a'".repeat(50_000) + "!" + "'".repeat(50_000);
    const t0 = performance.now();
    words(hostile);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe("stem", () => {
  test.each([
    ["options", "option"],
    ["option", "option"],
    ["getting", "get"],
    ["committed", "commit"],
    ["possibilities", "possibility"],
    ["classes", "class"],
    ["matches", "match"],
    ["feedback's", "feedback"],
    ["anxious", "anxious"],
    ["analysis", "analysis"],
    ["miss", "miss"],
    ["needed", "need"],
    ["agreed", "agreed"],
    ["go", "go"],
  ])("%s → %s", (word, expected) => expect(stem(word)).toBe(expected));
});

test("contentStems drops stopwords and one-letter tokens, stems the rest", () => {
  expect(contentStems("I want a plan for the options I have")).toEqual(["plan", "option"]);
});

test("phraseKey pads whole phrases and leaves a prefix open at the end", () => {
  expect(phraseKey("Next Steps", true)).toBe(" next step ");
  expect(phraseKey("next steps", false)).toBe(" next steps ");
  expect(phraseKey("commit*", true)).toBe(" commit");
  expect(padded(["a", "b"])).toBe(" a b ");
});

describe("sentences", () => {
  test("splits on . ! ? and newlines and marks questions", () => {
    expect(sentences("Thanks. What else?\nTell me more! Ok")).toEqual([
      { text: "Thanks", question: false },
      { text: "What else", question: true },
      { text: "Tell me more", question: false },
      { text: "Ok", question: false },
    ]);
  });
  test("skips empty pieces", () => expect(sentences("?? ..")).toEqual([]));
});

describe("sentenceWords", () => {
  test("splits and tokenises in one pass, the same as sentences then words", () => {
    const text = "Thanks. What’s ELSE?\nTell me more! Ok";
    expect(sentenceWords(text)).toEqual(sentences(text).map((s) => ({ tokens: words(s.text), question: s.question })));
  });
  test("a sentence without words is dropped, so a lone question mark asks nothing", () => {
    expect(sentenceWords("… ? Right?")).toEqual([{ tokens: ["right"], question: true }]);
  });
});

describe("shingles and jaccard", () => {
  test("identical turns overlap fully, disjoint ones not at all", () => {
    const ids = new Map<string, number>();
    const a = shingles(words("what would you like to achieve today"), ids);
    const b = shingles(words("what would you like to achieve today"), ids);
    const c = shingles(words("the rota for the weekend team shifts"), ids);
    expect(jaccard(a, b)).toBe(1);
    expect(jaccard(a, c)).toBe(0);
  });
  test("one word changed near the end: 9 shared of 13 distinct shingles", () => {
    const ids = new Map<string, number>();
    const a = shingles(words("what do they care about and what might they fear about this initiative"), ids);
    const b = shingles(words("what do they care about and what might they fear about the initiative"), ids);
    expect(jaccard(a, b)).toBeCloseTo(9 / 13, 10);
  });
  test("short turns are one shingle; order matters", () => {
    const ids = new Map<string, number>();
    expect(shingles(["yes", "please"], ids).size).toBe(1);
    expect(jaccard(shingles(["yes", "please"], ids), shingles(["please", "yes"], ids))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(1);
  });
});

describe("compileCues", () => {
  const test1 = compileCues(["goal", "what else", "commit*", "move quadrant*"], true);
  const s = (text: string) => {
    const st = words(text).map(stem);
    return { padded: padded(st), set: new Set(st) };
  };
  test.each([
    ["My goals are unclear", true],
    ["What else could you try?", true],
    ["How committed are you?", true],
    ["It needs commitment", true],
    ["Who might move quadrants later?", true],
    ["What could you do?", false],
    ["Goalkeeper training", false],
    ["else what", false],
  ])("%s → %s", (text, expected) => expect(test1(s(text))).toBe(expected));
});

test("listing joins with commas and a final 'and'", () => {
  expect(listing([])).toBe("");
  expect(listing(["a"])).toBe("a");
  expect(listing(["a", "b"])).toBe("a and b");
  expect(listing(["a", "b", "c"])).toBe("a, b and c");
});
