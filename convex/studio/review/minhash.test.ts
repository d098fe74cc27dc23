import { describe, expect, test } from "vitest";
import {
  BANDS,
  bandHashes,
  conversationText,
  DUPLICATE_THRESHOLD,
  estimateJaccard,
  isNearDuplicate,
  jaccard,
  PERMUTATIONS,
  shingles,
  signature,
  signatureOf,
  words,
} from "./minhash";

const coachLines = [
  "What would you like to focus on in our time together today?",
  "You mentioned the deadline keeps slipping; what does that cost you?",
  "If things went really well by Friday, what would be different?",
  "What have you already tried, and what happened when you did?",
  "Which of those options feels most within your control right now?",
  "What is one small step you could take before our next conversation?",
  "How confident are you, on a scale from one to ten, that you will do it?",
  "What would move that number up by one point?",
];
const clientLines = [
  "I keep saying yes to every request from the sales team and my own work stalls.",
  "Honestly it costs me evenings, and my manager has started to notice the delays.",
  "I would finish the migration plan and feel calm walking into the review.",
  "I blocked focus time once, but I gave it away the moment someone pinged me.",
  "Probably deciding which requests can wait until next sprint.",
  "I could write a short note to the sales lead explaining the new intake process.",
  "Maybe a six, because I worry about sounding unhelpful.",
  "If my manager backed the intake process in the team channel first.",
];

function dialogue(edit?: (turns: { role: "client" | "coach"; text: string }[]) => void) {
  const turns = coachLines.flatMap((coach, i) => [
    { role: "coach" as const, text: coach },
    { role: "client" as const, text: clientLines[i] },
  ]);
  edit?.(turns);
  return turns;
}

describe("words and shingles", () => {
  test("case and punctuation do not matter; apostrophes inside words stay", () => {
    expect(words("Okay, so… I DON'T know!")).toEqual(["okay", "so", "i", "don't", "know"]);
    expect(shingles("Okay, so I don't know.")).toEqual(shingles("okay so i DON'T know"));
  });

  test("a text shorter than a shingle is one shingle; an empty one none", () => {
    expect(shingles("hi there").size).toBe(1);
    expect(shingles("  ... ").size).toBe(0);
    expect(shingles("one two three four five").size).toBe(2);
  });
});

describe("signatures", () => {
  test("fixed seed: the same text gives the same signature on every run, of the configured length", () => {
    const a = signatureOf(dialogue());
    expect(a).toHaveLength(PERMUTATIONS);
    expect(signatureOf(dialogue())).toEqual(a);
    // Pinned: a change to the hash family would orphan every stored signature and band.
    const pangram = signature(shingles("the quick brown fox jumps over the lazy dog"));
    expect(pangram.slice(0, 3)).toEqual([1396209959, 268560286, 599079010]);
    expect(bandHashes(pangram)[0]).toBe("61197d1f");
    expect(bandHashes(a)).toHaveLength(BANDS);
  });

  test("the estimate tracks the exact Jaccard of the shingle sets", () => {
    const base = shingles(conversationText(dialogue()));
    const variants = [
      dialogue((t) => (t[3].text = "Something else entirely about budgets and hiring plans for the quarter.")),
      dialogue((t) => t.splice(8, 8)),
      dialogue((t) => t.reverse()),
    ];
    for (const variant of variants) {
      const other = shingles(conversationText(variant));
      const exact = jaccard(base, other);
      const estimate = estimateJaccard(signature(base), signature(other));
      // 128 permutations: standard error ≤ 0.045, so 0.15 is over three of them.
      expect(Math.abs(estimate - exact)).toBeLessThan(0.15);
    }
  });

  test("a one-word change is a near-duplicate; a different conversation is not", () => {
    const original = signatureOf(dialogue());
    const oneWord = signatureOf(dialogue((t) => (t[5].text = t[5].text.replace("evenings", "weekends"))));
    const reworded = signatureOf(dialogue((t) => t.forEach((turn, i) => i % 2 === 0 && (turn.text = `${turn.text} Tell me more about that.`))));
    const different = signatureOf([
      { role: "coach", text: "Where would you like to start with the feedback conversation you have been postponing?" },
      { role: "client", text: "My designer missed three handoffs and I have not told her how it affects the launch." },
      { role: "coach", text: "What do you want her to understand when you walk out of that room together?" },
      { role: "client", text: "That I value her ideas, but the team cannot plan around surprises every single week." },
      { role: "coach", text: "How could you open so that she hears the respect before the request?" },
      { role: "client", text: "Maybe start with the prototype she built in March, which everyone still talks about." },
    ]);
    expect(estimateJaccard(original, oneWord)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(isNearDuplicate(estimateJaccard(original, oneWord))).toBe(true);
    expect(isNearDuplicate(estimateJaccard(original, reworded))).toBe(false);
    expect(estimateJaccard(original, different)).toBeLessThan(0.3);
  });

  test("signatures that agree in a band share its hash; the threshold is configurable", () => {
    const a = signatureOf(dialogue());
    const b = signatureOf(dialogue((t) => (t[5].text = t[5].text.replace("evenings", "weekends"))));
    const shared = bandHashes(a).filter((hash, band) => hash === bandHashes(b)[band]).length;
    expect(shared).toBeGreaterThan(0);
    const unrelated = signatureOf([{ role: "client", text: "Completely unrelated words about gardening tomatoes in the spring rain" }]);
    expect(bandHashes(a).filter((hash, band) => hash === bandHashes(unrelated)[band])).toEqual([]);
    expect(isNearDuplicate(0.85)).toBe(false);
    expect(isNearDuplicate(0.85, 0.8)).toBe(true);
  });

  test("length mismatches and empty signatures estimate nothing", () => {
    expect(estimateJaccard([], [])).toBe(0);
    expect(estimateJaccard([1, 2], [1])).toBe(0);
  });
});
