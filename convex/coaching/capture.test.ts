import { describe, expect, test } from "vitest";
import { applyExtraction, contentWords, isCorrection, isForwardLooking, isVague, readProblems, type CaptureInput } from "./capture";
import { getFramework } from "./frameworks";

const GROW = getFramework("GROW");
const GOAL = 0;
const REALITY = GROW.steps.findIndex((s) => s.id === "reality");
const OPTIONS = GROW.steps.findIndex((s) => s.id === "options");
const WILL = GROW.steps.findIndex((s) => s.id === "will");
const TODAY = "2026-11-29";

function turn(stepIndex: number, previous: Record<string, unknown>, extracted: unknown, latestMessage: string, stepText?: string) {
  const input: CaptureInput = { framework: GROW, stepIndex, previous, extracted, latestMessage, today: TODAY, stepText: stepText ?? latestMessage };
  return applyExtraction(input);
}

const GOAL_TEXT = "Run a calm weekly team meeting where everyone knows their priority";

describe("a field is set from what the person said", () => {
  test("keeps valid fields and reports what is still missing as typed problems", () => {
    const outcome = turn(GOAL, {}, { goalStatement: GOAL_TEXT }, `My goal: ${GOAL_TEXT}.`);
    expect(outcome.captured).toEqual({ goalStatement: GOAL_TEXT });
    expect(outcome.missing).toEqual(["successMeasure"]);
    expect(outcome.problems).toEqual([{ field: "successMeasure", kind: "missing", message: "Success measure has not been given yet" }]);
    expect(outcome.complete).toBe(false);
    expect(outcome.changed).toEqual(["goalStatement"]);
  });

  test("merges with earlier turns and completes the step", () => {
    const outcome = turn(GOAL, { goalStatement: GOAL_TEXT }, { successMeasure: "Everyone names their top priority" }, "Everyone names their top priority");
    expect(outcome.complete).toBe(true);
    expect(outcome.problems).toEqual([]);
    expect(Object.keys(outcome.captured).sort()).toEqual(["goalStatement", "successMeasure"]);
  });

  test("free text the person never said anything like is not stored", () => {
    const outcome = turn(GOAL, {}, { goalStatement: "Become the chief executive of a global bank" }, "I want my weekly team meeting to run calmly.");
    expect(outcome.captured).toEqual({});
    expect(outcome.problems.map((p) => [p.field, p.kind])).toEqual([
      ["goalStatement", "missing"],
      ["successMeasure", "missing"],
    ]);
  });

  test("without step text, grounding is not checked", () => {
    const outcome = applyExtraction({ framework: GROW, stepIndex: GOAL, previous: {}, extracted: { goalStatement: GOAL_TEXT }, latestMessage: "", today: TODAY });
    expect(outcome.captured).toEqual({ goalStatement: GOAL_TEXT });
  });

  test("fields outside the schema are dropped, whatever the model sends", () => {
    const outcome = turn(GOAL, {}, JSON.parse(`{"goalStatement": "${GOAL_TEXT}", "admin": true, "__proto__": {"x": 1}}`), GOAL_TEXT);
    expect(outcome.captured).not.toHaveProperty("admin");
    expect(Object.keys(outcome.captured)).toEqual(["goalStatement"]);
  });

  test("junk tool input changes nothing", () => {
    for (const junk of [null, undefined, "text", 42, [1, 2], { goalStatement: null }, { goalStatement: "" }]) {
      const outcome = turn(GOAL, { goalStatement: GOAL_TEXT }, junk, "whatever");
      expect(outcome.captured).toEqual({ goalStatement: GOAL_TEXT });
      expect(outcome.changed).toEqual([]);
    }
  });
});

describe("vague answers are problems, never values", () => {
  test.each([
    "Hmm, not sure really.",
    "I don't know yet, maybe later on",
    "idk, something I guess",
    "Maybe. Perhaps. Not really sure about it",
    "hmmm, kind of stuff",
  ])("%j for a goal statement", (said) => {
    const outcome = turn(GOAL, {}, { goalStatement: said }, said);
    expect(outcome.captured).toEqual({});
    expect(outcome.problems[0]).toMatchObject({ field: "goalStatement", kind: "vague" });
    expect(outcome.problems[0].message).toContain("too vague");
  });

  test("a short vague answer is vague, not a length error", () => {
    const outcome = turn(GOAL, {}, { goalStatement: "idk" }, "idk");
    expect(outcome.problems[0]).toMatchObject({ field: "goalStatement", kind: "vague" });
  });

  test("a vague answer never replaces a captured value, and is not nagged about", () => {
    const outcome = turn(GOAL, { goalStatement: GOAL_TEXT }, { goalStatement: "Hmm, not sure really." }, "Hmm, not sure really.");
    expect(outcome.captured.goalStatement).toBe(GOAL_TEXT);
    expect(outcome.problems.find((p) => p.field === "goalStatement")).toBeUndefined();
  });

  test("a statement needs three content words; a short free-text field needs one", () => {
    expect(isVague("Lead the team", 3)).toBe(true);
    expect(isVague("Lead the weekly team meeting", 3)).toBe(false);
    expect(isVague("my manager", 1)).toBe(false);
    expect(isVague("maybe my manager", 1)).toBe(true);
    expect(isVague("not sure", 1)).toBe(true);
    expect(contentWords("Hmm, not sure really.")).toEqual([]);
  });

  test("after one re-ask, a terse but unhedged answer is accepted; a hedged one still is not", () => {
    const asked = [{ field: "goalStatement", kind: "vague" as const, message: "too vague" }];
    const base = { framework: GROW, stepIndex: GOAL, previous: {}, today: TODAY, previousProblems: asked };
    const terse = applyExtraction({ ...base, extracted: { goalStatement: "Calmer meetings" }, latestMessage: "Calmer meetings" });
    expect(terse.captured.goalStatement).toBe("Calmer meetings");
    const hedged = applyExtraction({ ...base, extracted: { goalStatement: "Maybe calmer meetings" }, latestMessage: "Maybe calmer meetings" });
    expect(hedged.captured).toEqual({});
    expect(turn(GOAL, {}, { goalStatement: "Calmer meetings" }, "Calmer meetings").problems[0].kind).toBe("vague");
  });

    test("a short field (minLength under 10) takes a specific short answer", () => {
    const outcome = turn(WILL, {}, { supportNeeded: "my manager" }, "I need my manager to check in");
    expect(outcome.captured).toEqual({ supportNeeded: "my manager" });
  });
});

describe("captured data only improves", () => {
  test("a more specific answer to the same field replaces a vaguer one", () => {
    const before = { goalStatement: "Run better team meetings" };
    const outcome = turn(GOAL, before, { goalStatement: GOAL_TEXT }, GOAL_TEXT);
    expect(outcome.captured.goalStatement).toBe(GOAL_TEXT);
    expect(outcome.changed).toEqual(["goalStatement"]);
  });

  test("a less specific answer does not replace a more specific one", () => {
    const outcome = turn(GOAL, { goalStatement: GOAL_TEXT }, { goalStatement: "Better weekly team meetings" }, "Better weekly team meetings");
    expect(outcome.captured.goalStatement).toBe(GOAL_TEXT);
    expect(outcome.changed).toEqual([]);
  });

  test("a hedged answer does not replace a confident one, even if longer", () => {
    const hedged = "Maybe run a calm weekly team meeting where everyone knows their priority and owner";
    const outcome = turn(GOAL, { goalStatement: GOAL_TEXT }, { goalStatement: hedged }, hedged);
    expect(outcome.captured.goalStatement).toBe(GOAL_TEXT);
  });

  test("a number changes only on an explicit correction: 9 does not become 1", () => {
    const previous = { nextAction: "Book one-on-ones with all five engineers", actionDate: "2026-12-15", commitment: 9 };
    const drift = turn(WILL, previous, { commitment: 1 }, "One thing I worry about is time.");
    expect(drift.captured.commitment).toBe(9);
    const corrected = turn(WILL, previous, { commitment: 8 }, "Actually, make it 8.");
    expect(corrected.captured.commitment).toBe(8);
    expect(corrected.changed).toEqual(["commitment"]);
  });

  test("an answer that names the field replaces the earlier one", () => {
    const challenge = "I was just promoted to lead my former peers and I want to set clear expectations without losing their trust.";
    const said = "My goal is to run a weekly team meeting where everyone knows what is expected of them by March.";
    const outcome = turn(GOAL, { goalStatement: challenge }, { goalStatement: said }, said);
    expect(outcome.captured.goalStatement).toBe(said);
    const number = turn(WILL, { commitment: 6 }, { commitment: 9 }, "Thinking more, my commitment is 9 out of 10.");
    expect(number.captured.commitment).toBe(9);
    // Naming the field without the value is not enough for a number.
    expect(turn(WILL, { commitment: 6 }, { commitment: 1 }, "My commitment is strong").captured.commitment).toBe(6);
  });

  test.each(["actually, make it 8", "Sorry, I meant the 15th", "change it to Friday", "Scratch that: two options", "On second thought, no"])(
    "%j is a correction",
    (said) => expect(isCorrection(said)).toBe(true),
  );

  test.each(["My commitment is 9", "I actively listen", "It makes sense", "Sorry I'm late"])("%j is not a correction", (said) => {
    expect(isCorrection(said)).toBe(false);
  });

  test("a correction replaces text even when shorter", () => {
    const outcome = turn(GOAL, { goalStatement: GOAL_TEXT }, { goalStatement: "Delegate the weekly planning meeting" }, "Sorry, I meant: delegate the weekly planning meeting");
    expect(outcome.captured.goalStatement).toBe("Delegate the weekly planning meeting");
  });

  test("an invalid new value never replaces a valid one, and is reported only on a correction or with no value", () => {
    const kept = turn(WILL, { commitment: 8 }, { commitment: 99 }, "I'm very committed");
    expect(kept.captured.commitment).toBe(8);
    expect(kept.problems.find((p) => p.field === "commitment")).toBeUndefined();
    const corrected = turn(WILL, { commitment: 8 }, { commitment: 12 }, "Actually make it 12");
    expect(corrected.captured.commitment).toBe(8);
    expect(corrected.problems.find((p) => p.field === "commitment")).toMatchObject({ kind: "invalid", message: expect.stringMatching(/12/) });
    const fresh = turn(WILL, {}, { nextAction: "Book the one-on-ones today", actionDate: "next Tuesday", commitment: 12 }, "Book the one-on-ones today, by next Tuesday, 12 out of 10");
    expect(fresh.captured).toEqual({ nextAction: "Book the one-on-ones today" });
    expect(fresh.problems.map((p) => [p.field, p.kind])).toEqual([
      ["actionDate", "invalid"],
      ["commitment", "invalid"],
    ]);
  });

  test("an enum-free choice, a date and a boolean behave like numbers", () => {
    const previous = { actionDate: "2026-12-15" };
    expect(turn(WILL, previous, { actionDate: "2026-12-20" }, "Fine").captured.actionDate).toBe("2026-12-15");
    expect(turn(WILL, previous, { actionDate: "2026-12-20" }, "Actually the 20th").captured.actionDate).toBe("2026-12-20");
  });
});

describe("dates", () => {
  test("a past date for a forward-looking field is a problem, not a value", () => {
    const outcome = turn(WILL, {}, { actionDate: "2025-03-01" }, "By 1 March");
    expect(outcome.captured).not.toHaveProperty("actionDate");
    expect(outcome.problems.find((p) => p.field === "actionDate")).toMatchObject({ kind: "past_date", message: expect.stringContaining(TODAY) });
  });

  test("today and later are fine", () => {
    expect(turn(WILL, {}, { actionDate: TODAY }, "today").captured.actionDate).toBe(TODAY);
    expect(turn(GOAL, {}, { targetDate: "2027-03-31" }, "end of March").captured.targetDate).toBe("2027-03-31");
  });

  test("a past date never replaces a good one", () => {
    const outcome = turn(WILL, { actionDate: "2026-12-15" }, { actionDate: "2026-01-15" }, "Actually, the 15th");
    expect(outcome.captured.actionDate).toBe("2026-12-15");
    expect(outcome.problems.find((p) => p.field === "actionDate")?.kind).toBe("past_date");
  });

  test("every date field in the frameworks looks ahead; a field about the past would not", () => {
    const dateFields = getFramework("GROW").steps.flatMap((s) => Object.values(s.schema.properties)).filter((f) => f.type === "string" && f.format === "date");
    expect(dateFields.length).toBeGreaterThan(0);
    expect(dateFields.every(isForwardLooking)).toBe(true);
    expect(isForwardLooking({ type: "string", format: "date", description: "When the problem started" })).toBe(false);
    expect(isForwardLooking({ type: "string", description: "A deadline" })).toBe(false);
  });
});

describe("lists accumulate", () => {
  test("new items join old ones, deduplicated case-insensitively", () => {
    const first = turn(REALITY, {}, { obstacles: ["Old friendships", "Unclear ownership"] }, "Old friendships and unclear ownership");
    expect(first.captured.obstacles).toEqual(["Old friendships", "Unclear ownership"]);
    const second = turn(REALITY, first.captured, { obstacles: ["unclear ownership.", "My reluctance to have hard conversations"] }, "Also my reluctance to have hard conversations, and unclear ownership.");
    expect(second.captured.obstacles).toEqual(["Old friendships", "Unclear ownership", "My reluctance to have hard conversations"]);
    expect(second.changed).toEqual(["obstacles"]);
  });

  test("a repeat of known items changes nothing", () => {
    const previous = { options: ["Team charter workshop", "One-on-ones"] };
    const outcome = turn(OPTIONS, previous, { options: ["one-on-ones"] }, "One-on-ones");
    expect(outcome.captured.options).toEqual(previous.options);
    expect(outcome.changed).toEqual([]);
  });

  test("vague items are left out; only vague items are a problem", () => {
    const mixed = turn(OPTIONS, {}, { options: ["not sure", "Team charter workshop", "One-on-ones with each person"] }, "Not sure. A team charter workshop, or one-on-ones with each person");
    expect(mixed.captured.options).toEqual(["Team charter workshop", "One-on-ones with each person"]);
    const vague = turn(OPTIONS, {}, { options: ["idk", "maybe"] }, "idk, maybe");
    expect(vague.captured).toEqual({});
    expect(vague.problems[0]).toMatchObject({ field: "options", kind: "vague" });
  });

  test("a list stops at the schema's maxItems, keeping the earlier items", () => {
    const previous = { obstacles: ["aaa one", "bbb two", "ccc three", "ddd four", "eee five"] };
    const outcome = turn(REALITY, previous, { obstacles: ["fff six", "ggg seven"] }, "fff six and ggg seven");
    expect(outcome.captured.obstacles).toEqual([...previous.obstacles, "fff six"]);
  });
});

describe("stored problems", () => {
  test("sessions from before typed problems read as typed problems", () => {
    expect(readProblems([{ field: "a", problem: "not yet provided" }, { field: "b", problem: "b should be a number" }, { field: "c", kind: "vague", message: "m" }])).toEqual([
      { field: "a", kind: "missing", message: "not yet provided" },
      { field: "b", kind: "invalid", message: "b should be a number" },
      { field: "c", kind: "vague", message: "m" },
    ]);
    expect(readProblems(undefined)).toEqual([]);
  });
});
