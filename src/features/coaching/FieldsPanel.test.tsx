import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { FieldsPanel } from "./FieldsPanel";
import type { SessionView } from "./types";

type Step = SessionView["steps"][number];
const f = (name: string, extra: Partial<Step["fields"][number]> = {}): Step["fields"][number] => ({ name, label: name, description: `${name} description`, required: true, value: undefined, problem: undefined, ...extra });

const LONG = "I want my team of five to run our weekly planning meeting without me, with a rotating facilitator, a shared agenda and a plan they publish on their own every single sprint.";
const STEPS: Step[] = [
  {
    id: "goal",
    name: "Goal",
    objective: "",
    state: "done",
    fields: [f("goalStatement", { value: LONG }), f("targetDate", { value: "2026-12-04", required: false })],
  },
  {
    id: "will",
    name: "Will",
    objective: "",
    state: "current",
    fields: [
      f("nextAction", { problem: { kind: "vague", message: "too vague" } }),
      f("actionDate", { problem: { kind: "past_date", message: "2020-01-01 is in the past" } }),
      f("commitment", { problem: { kind: "missing", message: "not yet provided" } }),
      f("supportNeeded", { required: false }),
    ],
  },
  { id: "later", name: "Later", objective: "", state: "upcoming", fields: [f("x")] },
];

afterEach(cleanup);

describe("FieldsPanel", () => {
  test("groups fields by reached step, with the current step open", () => {
    render(<FieldsPanel steps={STEPS} />);
    expect(screen.getByTestId("fields-goal").hasAttribute("open")).toBe(false);
    expect(screen.getByTestId("fields-will").hasAttribute("open")).toBe(true);
    expect(screen.queryByTestId("fields-later")).toBeNull();
  });

  test("words typed problems for people", () => {
    render(<FieldsPanel steps={STEPS} />);
    const will = within(screen.getByTestId("fields-will"));
    expect(will.getByText("Needs a clearer answer")).toBeTruthy();
    expect(will.getByText("Date is in the past")).toBeTruthy();
    // "missing" is said by the value itself, not as a problem sentence.
    expect(will.getAllByText("Missing")).toHaveLength(1);
    expect(screen.queryByText("not yet provided")).toBeNull();
  });

  test("long values are clamped with Show more; dates read as dates", () => {
    render(<FieldsPanel steps={STEPS} />);
    const goal = within(screen.getByTestId("fields-goal"));
    const toggle = goal.getByRole("button", { name: "Show more" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.getElementById(toggle.getAttribute("aria-controls")!)?.className).toContain("clamped");
    fireEvent.click(toggle);
    expect(goal.getByRole("button", { name: "Show less" }).getAttribute("aria-expanded")).toBe("true");
    const time = screen.getByTestId("fields-goal").querySelector("time");
    expect(time?.getAttribute("datetime")).toBe("2026-12-04");
    expect(time?.textContent).toMatch(/2026/);
  });
});
