import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { CoverageHeatmap } from "./CoverageHeatmap";
import { buildHeatmap, gapPlan, type Coverage } from "./model";

afterEach(cleanup);

const COVERAGE: Coverage = {
  frameworks: ["CLEAR", "GROW"],
  personas: ["new manager", "senior engineer"],
  emotions: ["anxious", "calm"],
  cells: [
    { framework: "GROW", persona: "new manager", emotion: "anxious", approved: 4 },
    { framework: "GROW", persona: "new manager", emotion: "calm", approved: 2 },
    { framework: "CLEAR", persona: "senior engineer", emotion: "calm", approved: 1 },
  ],
  pairs: [
    { framework: "GROW", persona: "new manager", approved: 6 },
    { framework: "CLEAR", persona: "senior engineer", approved: 1 },
  ],
  total: 7,
  truncated: false,
};

function cellText(table: HTMLElement, persona: string, framework: string): string {
  const headers = within(table).getAllByRole("columnheader").map((th) => th.textContent);
  const row = within(table).getByRole("rowheader", { name: persona }).closest("tr")!;
  return row.querySelectorAll("td")[headers.indexOf(framework) - 1].textContent ?? "";
}

describe("CoverageHeatmap", () => {
  test("a real table: personas × frameworks, the count in every cell, thin cells marked in text", () => {
    const heatmap = buildHeatmap(COVERAGE, null, 3);
    render(<CoverageHeatmap heatmap={heatmap} target={3} caption="Coverage" />);
    const table = screen.getByRole("table", { name: "Coverage" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Persona", "CLEAR", "GROW"]);
    expect(cellText(table, "new manager", "GROW")).toBe("6");
    expect(cellText(table, "new manager", "CLEAR")).toBe("0thin");
    expect(cellText(table, "senior engineer", "CLEAR")).toBe("1thin");
    expect(cellText(table, "senior engineer", "GROW")).toBe("0thin");
    const thin = table.querySelectorAll("td[data-thin]");
    expect(thin).toHaveLength(3);
    for (const td of thin) expect(td.textContent).toContain("thin");
    expect(screen.getByText(/3 of 4 cells are thin/)).toBeTruthy();
    // Colour is a supplement: the fullest cell is the darkest level, an empty one level 0.
    expect(table.querySelector('td[data-count="6"]')!.className).toContain("heat-4");
    expect(table.querySelector('td[data-count="0"]')!.className).toContain("heat-0");
  });

  test("one emotion counts only its cells", () => {
    const heatmap = buildHeatmap(COVERAGE, "calm", 2);
    render(<CoverageHeatmap heatmap={heatmap} target={2} caption="Calm" />);
    const table = screen.getByRole("table", { name: "Calm" });
    expect(cellText(table, "new manager", "GROW")).toBe("2");
    expect(cellText(table, "senior engineer", "CLEAR")).toBe("1thin");
    expect(heatmap.thin).toBe(3);
  });

  test("nothing approved yet says so instead of an empty table", () => {
    render(<CoverageHeatmap heatmap={buildHeatmap({ ...COVERAGE, frameworks: [], personas: [], cells: [], pairs: [] }, null, 3)} target={3} caption="Empty" />);
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText(/No approved conversations yet/)).toBeTruthy();
  });

  test("the gap plan the confirmation states: batches per framework × emotion, items per thin persona, times other values", () => {
    const plan = gapPlan(COVERAGE, 3, 10, 2);
    // 2 frameworks × 2 personas × 2 emotions = 8 cells; only GROW/new manager/anxious (4) reaches 3.
    expect(plan.thinCells).toBe(7);
    expect(plan.batches).toBe(4);
    expect(plan.items).toBe(7 * 2);
    expect(gapPlan(COVERAGE, 3, 2, 0).batches).toBe(2);
  });
});
