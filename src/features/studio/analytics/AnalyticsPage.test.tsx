import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { AnalyticsPage } from "./AnalyticsPage";

vi.mock("../../../lib/download", () => ({ downloadText: vi.fn() }));

const stats = (averageScore: number, approved: number, trend: "improving" | "declining" | "stable") => ({
  generations: 10,
  successes: 9,
  failures: 1,
  successRate: 0.9,
  scored: 9,
  averageScore,
  minScore: averageScore - 1,
  maxScore: averageScore + 1,
  approved,
  rejected: 2,
  approvalRate: approved / (approved + 2),
  averageDurationMs: 2500,
  averageCostMicros: 12_000,
  totalCostMicros: 108_000,
  trend,
  trendDelta: trend === "improving" ? 0.8 : trend === "declining" ? -0.6 : 0.1,
});
const ROWS = [
  { templateId: "t1", name: "Alpha", tier: "template", archived: false, usage: 3, stats: stats(7.5, 6, "improving") },
  { templateId: "t2", name: "Bravo", tier: "scenario", archived: false, usage: 9, stats: stats(6.2, 2, "declining") },
  { templateId: "t3", name: "Charlie", tier: "edge_case", archived: false, usage: 1, stats: stats(8.1, 4, "stable") },
];
const COVERAGE = {
  frameworks: ["GROW"],
  personas: ["new manager", "engineer"],
  emotions: ["anxious"],
  cells: [{ framework: "GROW", persona: "new manager", emotion: "anxious", approved: 5 }],
  pairs: [{ framework: "GROW", persona: "new manager", approved: 5 }],
  total: 5,
  truncated: false,
};

const fill = vi.fn();
const queryArgs: Record<string, unknown[]> = {};
vi.mock("convex/react", () => ({
  usePaginatedQuery: () => ({ results: ROWS, status: "Exhausted", loadMore: () => undefined }),
  useAction: () => fill,
  useQuery: (ref: unknown, args: unknown) => {
    const name = getFunctionName(ref as never);
    (queryArgs[name] ??= []).push(args);
    if (args === "skip") return undefined;
    if (name.endsWith("topPerformers")) return [{ tier: "template", templates: [ROWS[0]] }, { tier: "scenario", templates: [] }, { tier: "edge_case", templates: [ROWS[2]] }];
    if (name.endsWith("compareTemplates")) return (args as { templateIds: string[] }).templateIds.map((id) => ({ template: ROWS.find((r) => r.templateId === id)!, series: [] }));
    if (name.endsWith("qualityTrend")) return [];
    if (name.endsWith("coverageMatrix")) return COVERAGE;
    if (name.endsWith("listTemplates")) return { page: [{ _id: "t1", name: "Alpha", activeVersion: 2, personas: [], emotions: [] }], isDone: true, continueCursor: "" };
    if (name.endsWith("getActiveVersion")) return { _id: "v2", version: 2 };
    return undefined;
  },
}));

afterEach(cleanup);
beforeEach(() => {
  vi.clearAllMocks();
  for (const key of Object.keys(queryArgs)) delete queryArgs[key];
});

const table = () => screen.getByRole("table", { name: "Template analytics" });
const names = () => within(table()).getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell")[1].textContent);

describe("AnalyticsPage", () => {
  test("the table shows every figure, trends as arrow and text, sorts by a column, and exports the rows as CSV", async () => {
    render(<AnalyticsPage canGenerate={false} />);
    const alpha = within(table()).getByRole("link", { name: "Alpha" }).closest("tr")!;
    expect(alpha.textContent).toContain("9 / 1");
    expect(alpha.textContent).toContain("7.5");
    expect(alpha.textContent).toContain("6.5–8.5");
    expect(alpha.textContent).toContain("75 %");
    expect(alpha.textContent).toContain("2.5 s");
    expect(alpha.textContent).toContain("$0.01 / $0.11");
    expect(alpha.textContent).toContain("↑ Improving (+0.80)");
    expect(names()).toEqual(["Alpha", "Bravo", "Charlie"]);
    fireEvent.click(within(table()).getByRole("button", { name: /Avg quality/ }));
    expect(names()).toEqual(["Bravo", "Alpha", "Charlie"]);
    fireEvent.click(within(table()).getByRole("button", { name: /Usage/ }));
    fireEvent.click(within(table()).getByRole("button", { name: /Usage/ }));
    expect(names()).toEqual(["Bravo", "Alpha", "Charlie"]);

    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    const { downloadText } = await import("../../../lib/download");
    const [filename, csv] = vi.mocked(downloadText).mock.calls[0];
    expect(filename).toMatch(/^framewise-template-analytics-.*\.csv$/);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^template_id,name,tier,/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^t1,Alpha,template,false,3,10,9,1,7.5,/);
  });

  test("top performers per tier, named plainly", () => {
    render(<AnalyticsPage canGenerate={false} />);
    const top = screen.getByRole("heading", { name: "Top performers per tier" }).closest("section")!;
    expect(within(top).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(["Templates", "Scenarios", "Edge cases"]);
    expect(within(top).getByRole("link", { name: "Charlie" })).toBeTruthy();
  });

  test("ticking 2 templates compares them side by side; a fourth can't be ticked past 3", () => {
    render(<AnalyticsPage canGenerate={false} />);
    expect(screen.queryByRole("table", { name: "Templates side by side" })).toBeNull();
    fireEvent.click(screen.getByRole("checkbox", { name: "Compare Alpha" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Compare Charlie" }));
    const compare = screen.getByRole("table", { name: "Templates side by side" });
    expect(within(compare).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Alpha", "Charlie"]);
    expect(within(compare).getByRole("rowheader", { name: "Average quality" }).closest("tr")!.textContent).toBe("Average quality7.58.1");
    expect(queryArgs["studio/analytics/analytics:compareTemplates"].at(-1)).toEqual({ templateIds: ["t1", "t3"], days: 30 });
    fireEvent.click(screen.getByRole("checkbox", { name: "Compare Bravo" }));
    expect((screen.getByRole("checkbox", { name: "Compare Bravo" }) as HTMLInputElement).checked).toBe(true);
  });

  test("reviewers see the heatmap but not the fill action; admins confirm the stated batches and items, then get links to the batches", async () => {
    const { unmount } = render(<AnalyticsPage canGenerate={false} />);
    expect(screen.getByRole("table", { name: /Approved conversations per persona and framework/ })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /fill the gaps/ })).toBeNull();
    unmount();

    fill.mockResolvedValue({ batchIds: ["b1"], thinCells: 1, scheduledCells: 1 });
    render(<AnalyticsPage canGenerate />);
    fireEvent.change(screen.getByLabelText("Its values (one per line)"), { target: { value: "a new role\nburnout" } });
    fireEvent.click(screen.getByRole("button", { name: "Generate to fill the gaps…" }));
    const dialog = screen.getByRole("dialog", { name: "Generate to fill the gaps?" });
    // Target 3: only "engineer" × GROW × anxious is thin → 1 batch of 1 persona × 2 topics.
    expect(within(dialog).getByTestId("gaps-count").textContent).toBe("This creates 1 batch with 2 items in total, for 1 of 1 thin cells (fewer than 3 approved).");
    fireEvent.click(within(dialog).getByRole("button", { name: "Create 1 batch" }));
    await waitFor(() => expect(screen.getByRole("link", { name: "Batch 1" }).getAttribute("href")).toBe("/studio/batches/b1"));
    expect(fill).toHaveBeenCalledWith({ versionId: "v2", target: 3, maxBatches: 10, otherAxes: [{ variable: "topic", values: ["a new role", "burnout"] }] });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
