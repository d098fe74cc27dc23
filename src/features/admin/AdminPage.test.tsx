import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { getFunctionName } from "convex/server";
import { AdminPage } from "./AdminPage";
import type { Id } from "../../../convex/_generated/dataModel";
import { useAdminFilters } from "../../stores/adminFilters";

// Convex hooks are replaced by fakes keyed by function name.
const paginated = vi.fn();
const queries = vi.fn();
const mutations: Record<string, ReturnType<typeof vi.fn>> = {};
vi.mock("convex/react", () => ({
  usePaginatedQuery: (ref: unknown, args: unknown) => paginated(getFunctionName(ref as never), args),
  useQuery: (ref: unknown, args: unknown) => queries(getFunctionName(ref as never), args),
  useMutation: (ref: unknown) => (mutations[getFunctionName(ref as never)] ??= vi.fn().mockResolvedValue(null)),
  useAction: (ref: unknown) => (mutations[getFunctionName(ref as never)] ??= vi.fn().mockResolvedValue(null)),
}));
vi.mock("../../lib/download", () => ({ downloadText: vi.fn() }));

const LOG_ROWS = [
  { _id: "l1", _creationTime: 1, level: "error", area: "llm", event: "attempt_failed", traceId: "tr_abc", fields: { errorClass: "timeout" }, at: Date.UTC(2026, 10, 22, 10) },
  { _id: "l2", _creationTime: 2, level: "info", area: "coaching", event: "session_started", traceId: "tr_abc", userHash: "u_1234", fields: {}, at: Date.UTC(2026, 10, 22, 9) },
];

function goTo(path: string) {
  window.history.pushState(null, "", path);
}

beforeEach(() => {
  paginated.mockImplementation((name: string) => ({
    results: name === "observability/logs:listLogs" ? LOG_ROWS : [],
    status: "Exhausted",
    loadMore: vi.fn(),
  }));
  queries.mockReturnValue(undefined);
  useAdminFilters.setState({ logs: { level: "", area: "", traceId: "", live: true, pausedAt: null }, auditAction: "" });
});
afterEach(() => {
  cleanup();
  for (const key of Object.keys(mutations)) delete mutations[key];
});

describe("the admin area", () => {
  test("has labelled sub-navigation; the current section is marked", () => {
    goTo("/admin/logs");
    render(<AdminPage myId={"me" as Id<"users">} />);
    const nav = screen.getByRole("navigation", { name: "Admin sections" });
    expect(within(nav).getAllByRole("link").map((a) => a.textContent)).toEqual(["Users", "Usage & cost", "Logs", "Audit log", "Health"]);
    expect(within(nav).getByRole("link", { name: "Logs" }).getAttribute("aria-current")).toBe("page");
    expect(screen.getByRole("heading", { name: "Logs" })).toBeTruthy();
  });

  test("the logs view filters by level, area and trace through labelled inputs", async () => {
    goTo("/admin/logs");
    render(<AdminPage myId={"me" as Id<"users">} />);
    expect(screen.getAllByRole("row")).toHaveLength(3);
    fireEvent.change(screen.getByLabelText("Level"), { target: { value: "error" } });
    expect(paginated).toHaveBeenLastCalledWith("observability/logs:listLogs", { level: "error" });
    fireEvent.change(screen.getByLabelText("Area"), { target: { value: " llm " } });
    fireEvent.click(screen.getByRole("button", { name: "Apply filters" }));
    expect(paginated).toHaveBeenLastCalledWith("observability/logs:listLogs", { level: "error", area: "llm" });
    // A trace id in a row is a button that narrows the view to that trace.
    fireEvent.click(screen.getAllByRole("button", { name: "tr_abc" })[0]);
    expect(paginated).toHaveBeenLastCalledWith("observability/logs:listLogs", { level: "error", area: "llm", traceId: "tr_abc" });
    expect((screen.getByLabelText("Trace id") as HTMLInputElement).value).toBe("tr_abc");
  });

  test("pausing the live tail pins the view to older entries", () => {
    goTo("/admin/logs");
    render(<AdminPage myId={"me" as Id<"users">} />);
    fireEvent.click(screen.getByRole("button", { name: "Pause live tail" }));
    const args = paginated.mock.lastCall?.[1] as { before?: number };
    expect(args.before).toEqual(expect.any(Number));
    expect(screen.getByRole("button", { name: "Resume live tail" }).getAttribute("aria-pressed")).toBe("false");
  });

  test("exporting logs records the export, then downloads; a refusal is shown", async () => {
    goTo("/admin/logs");
    const { downloadText } = await import("../../lib/download");
    render(<AdminPage myId={"me" as Id<"users">} />);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export CSV" })));
    expect(mutations["observability/audit:recordExport"]).toHaveBeenCalledWith({ view: "logs", rows: 2 });
    expect(downloadText).toHaveBeenCalledWith(expect.stringMatching(/^framewise-logs-.*\.csv$/), expect.stringContaining("attempt_failed"), "text/csv");

    const { ConvexError } = await import("convex/values");
    mutations["observability/audit:recordExport"].mockRejectedValueOnce(new ConvexError({ code: "FORBIDDEN", message: "This area is for admins only." }));
    vi.mocked(downloadText).mockClear();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Export CSV" })));
    expect(screen.getByRole("alert").textContent).toBe("This area is for admins only.");
    expect(downloadText).not.toHaveBeenCalled();
  });

  test("the usage section lazy-loads its charts and shows roll-up numbers and the funnel", async () => {
    const day = (d: string, calls: number) => ({ day: d, calls, failed: 1, errorRate: 1 / calls, inputTokens: 100, outputTokens: 50, costMicros: 2_500_000, p50Ms: 800, p95Ms: 2000 });
    queries.mockImplementation((name: string) => {
      if (name === "observability/dashboard:usage") {
        return {
          from: "2026-11-21",
          to: "2026-11-22",
          truncated: false,
          rows: [{ ...day("2026-11-22", 4), model: "claude-sonnet-5-5", purpose: "coaching" }],
          byKey: [{ ...day("", 4), model: "claude-sonnet-5-5", purpose: "coaching" }],
          days: [day("2026-11-21", 0), day("2026-11-22", 4)],
          totals: day("", 4),
        };
      }
      if (name === "observability/dashboard:sessionFunnel") {
        return {
          from: "2026-11-21",
          to: "2026-11-22",
          frameworks: [
            { frameworkId: "GROW", name: "GROW", started: 5, completed: 2, abandoned: 2, completionRate: 0.5, steps: [{ index: 0, name: "Goal", dropped: 1 }, { index: 1, name: "Reality", dropped: 1 }] },
          ],
        };
      }
      return undefined;
    });
    goTo("/admin/usage");
    render(<AdminPage myId={"me" as Id<"users">} />);
    expect(await screen.findByRole("heading", { name: "Usage and cost" }, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText("Tokens per day by model")).toBeTruthy();
    expect(screen.getByRole("row", { name: /claude-sonnet-5-5 coaching 4 25.0 %/ })).toBeTruthy();
    expect(screen.getByText("Reality:")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Range"), { target: { value: "7" } });
    expect(queries).toHaveBeenLastCalledWith("observability/dashboard:sessionFunnel", { days: 7 });
  });

  test("the users list is the default section", () => {
    goTo("/admin");
    render(<AdminPage myId={"me" as Id<"users">} />);
    expect(screen.getByRole("heading", { name: "Admin", level: 1 })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Users" })).toBeTruthy();
  });
});
