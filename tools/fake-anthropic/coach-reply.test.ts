import { describe, expect, it } from "vitest";
import { composeCoachReply, extractQuestion, GENERIC_QUESTIONS, MAX_REPLY_WORDS, MIN_REPLY_WORDS } from "./coach-reply";
import { COACH_SYSTEM } from "./test-support";
import { countWords, toSecondPerson } from "./words";

describe("extractQuestion (system-prompt convention)", () => {
  it("takes the first list item ending in '?' under a heading that mentions questions", () => {
    expect(extractQuestion(COACH_SYSTEM)).toBe("What outcome would make this week feel like a win?");
  });

  it("accepts numbered and starred lists and markdown headings", () => {
    expect(extractQuestion("## Questions for this step\n1. Where are you now?\n2. Where next?")).toBe("Where are you now?");
    expect(extractQuestion("Step questions\n* What is one thing you are proud of?")).toBe("What is one thing you are proud of?");
  });

  it("does not take a list item from a later section under a different heading", () => {
    const system = "Coaching questions:\n- Be kind.\n\nRules:\n- Is this the question?\nAsk: What do you want to change";
    expect(extractQuestion(system)).toBe("What do you want to change?");
  });

  it("uses an 'Ask:' line when there is no question list", () => {
    expect(extractQuestion("You are a coach.\nAsk: What did you learn this week?\nBe brief.")).toBe("What did you learn this week?");
  });

  it("falls back to any line ending in '?'", () => {
    expect(extractQuestion("You are a coach.\nHow could tomorrow go better?\nBe brief.")).toBe("How could tomorrow go better?");
  });

  it("returns null when the prompt has no question", () => {
    expect(extractQuestion("You are a coach. Be brief.")).toBeNull();
  });
});

describe("composeCoachReply", () => {
  const compose = (userText: string, system = COACH_SYSTEM, variation: unknown = 1) =>
    composeCoachReply({ userText, system, variationKey: [variation] });

  it("reflects the user's words in the second person and ends with the step's question", () => {
    const reply = compose("I keep procrastinating on my thesis because the literature review feels endless.");
    expect(reply).toMatch(/procrastinating on your thesis/);
    expect(reply.trim().endsWith("What outcome would make this week feel like a win?")).toBe(true);
  });

  it("quotes the user when a paraphrase would garble their words", () => {
    const reply = compose("Can you help with the budget spreadsheet?");
    expect(reply).toContain('"Can you help with the budget spreadsheet?"');
  });

  it("asks a generic coaching question when the system prompt has none", () => {
    const reply = compose("Work has been busy.", "Be kind.");
    expect(GENERIC_QUESTIONS.some((q) => reply.endsWith(q))).toBe(true);
  });

  it.each([
    ["an empty message", ""],
    ["a one-word message", "ok"],
    ["a typical message", "I want to exercise three times a week but I never find the time after work."],
    ["a very long message", "I have so much to do and ".repeat(60) + "it never ends."],
  ])("stays within %s's word budget", (_label, text) => {
    const n = countWords(compose(text));
    expect(n).toBeGreaterThanOrEqual(MIN_REPLY_WORDS);
    expect(n).toBeLessThanOrEqual(MAX_REPLY_WORDS);
  });

  it("is deterministic for a key and varies across keys", () => {
    const text = "I feel stuck with my running plan.";
    expect(compose(text, COACH_SYSTEM, "a")).toBe(compose(text, COACH_SYSTEM, "a"));
    const variants = new Set(Array.from({ length: 12 }, (_, i) => compose(text, COACH_SYSTEM, i)));
    expect(variants.size).toBeGreaterThan(3);
  });

  it("acknowledges a failed tool call before coaching on", () => {
    const reply = composeCoachReply({
      userText: "Save my goal please.",
      system: COACH_SYSTEM,
      variationKey: [1],
      toolResult: { isError: true, detail: "database unavailable" },
    });
    expect(reply).toMatch(/^That didn't save properly \(database unavailable\)/);
  });
});

describe("toSecondPerson", () => {
  it("swaps first-person pronouns and agrees the verb", () => {
    expect(toSecondPerson("I am tired and I was late to my own meeting")).toBe("you are tired and you were late to your own meeting");
    expect(toSecondPerson("I'm sure it's mine")).toBe("you're sure it's yours");
  });
});

describe("user words inside XML envelopes", () => {
  it("uses the contents of the last envelope as the person's words", async () => {
    const { personWords } = await import("./conversation");
    expect(personWords("<user_message>\nFirst\n</user_message>\n\n<user_message>\nMy goal is focus.\n</user_message>")).toBe("My goal is focus.");
    expect(personWords("plain words")).toBe("plain words");
  });
});
