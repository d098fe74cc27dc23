import { describe, expect, test } from "vitest";
import { describeProblems, MAX_TURN_CHARS, MAX_TURNS, validateConversation } from "./conversation";

const turns = (n: number, start: "client" | "coach" = "client") =>
  Array.from({ length: n }, (_, i) => ({ role: (i % 2 === 0) === (start === "client") ? "client" : "coach", text: `turn ${i + 1}` }));

describe("validateConversation", () => {
  test("accepts 4 to 40 alternating turns, client first and coach last, and returns a clean copy", () => {
    for (const n of [4, 6, 12, MAX_TURNS]) {
      const check = validateConversation({ framework: " GROW ", turns: turns(n), extra: 1 });
      expect(check.ok, `${n} turns`).toBe(true);
      if (check.ok) {
        expect(check.conversation.framework).toBe("GROW");
        expect(check.conversation.turns).toHaveLength(n);
        expect(Object.keys(check.conversation)).toEqual(["framework", "turns"]);
      }
    }
  });

  test("trims turn text and drops extra keys on turns", () => {
    const check = validateConversation({ framework: "CLEAR", turns: turns(4).map((t) => ({ ...t, text: `  ${t.text}\n`, mood: "x" })) });
    expect(check.ok && check.conversation.turns[0]).toEqual({ role: "client", text: "turn 1" });
  });

  test.each([
    ["null", null, "not_object"],
    ["an array", [], "not_object"],
    ["a string", "hello", "not_object"],
    ["no framework", { turns: turns(4) }, "framework_missing"],
    ["a blank framework", { framework: "  ", turns: turns(4) }, "framework_missing"],
    ["a long framework", { framework: "x".repeat(81), turns: turns(4) }, "framework_too_long"],
    ["no turns", { framework: "GROW" }, "turns_missing"],
    ["turns not an array", { framework: "GROW", turns: "a" }, "turns_missing"],
    ["2 turns", { framework: "GROW", turns: turns(2) }, "too_few_turns"],
    ["3 turns", { framework: "GROW", turns: turns(3) }, "too_few_turns"],
    ["41 turns", { framework: "GROW", turns: turns(41) }, "too_many_turns"],
    ["coach first", { framework: "GROW", turns: turns(4, "coach") }, "client_not_first"],
    ["client last", { framework: "GROW", turns: turns(5) }, "coach_not_last"],
    ["a turn that is a string", { framework: "GROW", turns: ["a", ...turns(4).slice(1)] }, "bad_turn"],
    ["an unknown role", { framework: "GROW", turns: [{ role: "user", text: "a" }, ...turns(4).slice(1)] }, "bad_role"],
    ["an empty turn", { framework: "GROW", turns: [{ role: "client", text: "   " }, ...turns(4).slice(1)] }, "empty_turn"],
    ["a missing text", { framework: "GROW", turns: [{ role: "client" }, ...turns(4).slice(1)] }, "empty_turn"],
    ["a number as text", { framework: "GROW", turns: [{ role: "client", text: 5 }, ...turns(4).slice(1)] }, "empty_turn"],
    ["an overlong turn", { framework: "GROW", turns: [{ role: "client", text: "x".repeat(MAX_TURN_CHARS + 1) }, ...turns(4).slice(1)] }, "turn_too_long"],
  ])("refuses %s", (_label, input, kind) => {
    const check = validateConversation(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.map((p) => p.kind)).toContain(kind);
  });

  test("a turn of exactly the cap is fine", () => {
    const check = validateConversation({ framework: "GROW", turns: [{ role: "client", text: "x".repeat(MAX_TURN_CHARS) }, ...turns(4).slice(1)] });
    expect(check.ok).toBe(true);
  });

  test("two turns by the same speaker are refused, naming the turn", () => {
    const bad = turns(6);
    bad[3] = { role: "client", text: "again" };
    const check = validateConversation({ framework: "GROW", turns: bad });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems).toContainEqual({ kind: "not_alternating", turn: 3 });
  });

  test("problems are capped and described in one sentence", () => {
    const check = validateConversation({ framework: "", turns: Array.from({ length: 30 }, () => ({ role: "x", text: "" })) });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.length).toBeLessThanOrEqual(10);
    const text = describeProblems(check.problems);
    expect(text).toMatch(/^The conversation was not usable: no framework was named; turn 1 has no client\/coach role/);
  });
});
