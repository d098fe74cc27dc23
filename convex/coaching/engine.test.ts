import { describe, expect, test } from "vitest";
import { decideTransition, fieldLabel, recapText, stepProgress, summarize } from "./engine";
import { getFramework } from "./frameworks";

const GROW = getFramework("GROW");

describe("decideTransition", () => {
  const base = { framework: GROW, stepIndex: 0, complete: true, userTurnsInStep: 2, flagged: false };
  test("advances when the step is complete and has had its turns", () => {
    expect(decideTransition(base)).toEqual({ kind: "advance", to: 1 });
  });
  test("stays while fields are missing", () => {
    expect(decideTransition({ ...base, complete: false })).toEqual({ kind: "stay" });
  });
  test("never rushes a step: too few user turns stay", () => {
    expect(decideTransition({ ...base, userTurnsInStep: GROW.steps[0].transition.minUserTurns - 1 })).toEqual({ kind: "stay" });
  });
  test("a flagged turn never moves the session", () => {
    expect(decideTransition({ ...base, flagged: true })).toEqual({ kind: "stay" });
  });
  test("completing the last step completes the session", () => {
    expect(decideTransition({ ...base, stepIndex: GROW.steps.length - 1 })).toEqual({ kind: "complete" });
  });
});

describe("summary, recap and progress", () => {
  const collected = {
    goal: { goalStatement: "Lead my former peers", successMeasure: "Roadmap ships on time" },
    will: { nextAction: "Book one-on-ones", actionDate: "2026-12-15", commitment: 9 },
  };

  test("the summary lists every step and the plan lists the actions", () => {
    const { summary, actionPlan } = summarize(GROW, "Leading former peers", collected);
    expect(summary).toContain("## GROW session summary");
    expect(summary).toContain("**Challenge:** Leading former peers");
    expect(summary).toContain("- **Goal statement:** Lead my former peers");
    expect(summary).toContain("### Reality\n- (nothing captured)");
    expect(actionPlan).toContain("- [ ] **Next action:** Book one-on-ones");
    expect(actionPlan).toContain("- [ ] **Action date:** 2026-12-15");
  });

  test("the recap says where the user left off", () => {
    const text = recapText(GROW, 1, collected);
    expect(text).toContain("step 2 of 4: Reality");
    expect(text).toContain("Goal (Lead my former peers)");
    expect(text).toContain(GROW.steps[1].questions[0]);
  });

  test("progress marks steps done, current and upcoming", () => {
    expect(stepProgress(GROW, 1, "active").map((s) => s.state)).toEqual(["done", "current", "upcoming", "upcoming"]);
    expect(stepProgress(GROW, 3, "completed").every((s) => s.state === "done")).toBe(true);
  });

  test("field labels read naturally", () => {
    expect(fieldLabel("nextAction")).toBe("Next action");
    expect(fieldLabel("goal_statement")).toBe("Goal statement");
  });
});
