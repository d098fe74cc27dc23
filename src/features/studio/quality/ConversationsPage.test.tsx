import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ConversationsPage } from "./ConversationsPage";

// Convex hooks are replaced by fakes keyed by function name.
const paginated = vi.fn();
const queries = vi.fn();
vi.mock("convex/react", () => ({
  usePaginatedQuery: (ref: unknown, args: unknown) => paginated(getFunctionName(ref as never), args),
  useQuery: (ref: unknown, args: unknown) => queries(getFunctionName(ref as never), args),
  useMutation: () => vi.fn(),
}));

afterEach(() => {
  cleanup();
  paginated.mockReset();
  queries.mockReset();
});

const row = (id: string, score: number) => ({
  _id: id,
  templateId: "t1",
  templateVersionId: "v1",
  framework: "GROW",
  status: score < 6 ? "needs_revision" : "generated",
  score,
  overridden: false,
  flags: [],
  turnCount: 12,
  preview: "I keep putting it off.",
  reviewStatus: "pending",
  model: "m",
  createdAt: 0,
});

function setup() {
  paginated.mockReturnValue({ results: [row("c1", 4.2), row("c2", 7), row("c3", 9.1)], status: "Exhausted", loadMore: vi.fn() });
  queries.mockImplementation((name: string) => (name.endsWith("flaggedCount") ? 1 : name.endsWith("listTemplates") ? { page: [{ _id: "t1", name: "Coaching" }] } : undefined));
  render(<ConversationsPage />);
}

const lastListArgs = () => paginated.mock.calls.filter(([name]) => name.endsWith("listConversations")).at(-1)?.[1];

describe("ConversationsPage", () => {
  test("each score shows its band's colour class and its words, as a button for the dialog", () => {
    setup();
    const buttons = screen.getAllByRole("button", { name: /^Quality details:/ });
    expect(buttons.map((b) => b.getAttribute("aria-label"))).toEqual([
      "Quality details: 4.2 Needs work, GROW",
      "Quality details: 7.0 Fair, GROW",
      "Quality details: 9.1 Good, GROW",
    ]);
    expect(buttons.map((b) => b.querySelector(".score-badge")?.className)).toEqual(["score-badge score-low", "score-badge score-mid", "score-badge score-high"]);
  });

  test("the batch filter lists batches by name (reviewers too), and picking one filters the list", () => {
    paginated.mockReturnValue({ results: [row("c1", 4.2)], status: "Exhausted", loadMore: vi.fn() });
    queries.mockImplementation((name: string) =>
      name.endsWith("listBatchNames") ? { page: [{ _id: "b2", name: "Faulty dozen", createdAt: 2 }, { _id: "b1", name: "Pilot", createdAt: 1 }] } : undefined,
    );
    render(<ConversationsPage />);
    const select = screen.getByLabelText("Batch") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["All batches", "Faulty dozen", "Pilot"]);
    fireEvent.change(select, { target: { value: "b1" } });
    expect(lastListArgs()).toEqual({ batchId: "b1", sort: "score_asc" });
  });

  test("the quality range becomes the list query's minScore and maxScore", () => {
    setup();
    expect(lastListArgs()).toEqual({ sort: "score_asc" });
    fireEvent.change(screen.getByLabelText("Lowest score"), { target: { value: "6" } });
    fireEvent.change(screen.getByLabelText("Highest score"), { target: { value: "7.9" } });
    expect(lastListArgs()).toEqual({ minScore: 6, maxScore: 7.9, sort: "score_asc" });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "needs_revision" } });
    fireEvent.change(screen.getByLabelText("Sort"), { target: { value: "score_desc" } });
    expect(lastListArgs()).toEqual({ minScore: 6, maxScore: 7.9, status: "needs_revision", sort: "score_desc" });
  });

  test("an upside-down range is explained and the list keeps the last range that made sense", () => {
    setup();
    fireEvent.change(screen.getByLabelText("Lowest score"), { target: { value: "5" } });
    fireEvent.change(screen.getByLabelText("Highest score"), { target: { value: "3" } });
    expect(screen.getByRole("alert").textContent).toBe("The lowest score can't be above the highest.");
    expect(screen.getByLabelText("Lowest score").getAttribute("aria-invalid")).toBe("true");
    expect(lastListArgs()).toEqual({ minScore: 5, sort: "score_asc" });
  });

  test("a score opens the quality dialog, and Esc brings focus back to it", () => {
    setup();
    const button = screen.getByRole("button", { name: /^Quality details: 7\.0/ });
    button.focus();
    fireEvent.click(button);
    const dialog = screen.getByRole("dialog");
    expect(dialog.textContent).toContain("2 of 3");
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
