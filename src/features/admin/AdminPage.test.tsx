import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
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
  useAdminFilters.setState({ logs: { level: "", area: "", traceId: "", live: true, pausedAt: null }, auditAction: "", usageDays: 30 });
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
    await waitFor(() => expect(paginated).toHaveBeenLastCalledWith("observability/logs:listLogs", { level: "error" }));
    fireEvent.change(screen.getByLabelText("Area"), { target: { value: " llm " } });
    fireEvent.click(screen.getByRole("button", { name: "Apply filters" }));
    await waitFor(() => expect(paginated).toHaveBeenLastCalledWith("observability/logs:listLogs", { level: "error", area: "llm" }));
    // A trace id in a row is a button that narrows the view to that trace.
    fireEvent.click(screen.getAllByRole("button", { name: "tr_abc" })[0]);
    await waitFor(() =>
      expect(paginated).toHaveBeenLastCalledWith("observability/logs:listLogs", { level: "error", area: "llm", traceId: "tr_abc" }),
    );
    expect((screen.getByLabelText("Trace id") as HTMLInputElement).value).toBe("tr_abc");
  });

  test("pausing the live tail pins the view to older entries", async () => {
    goTo("/admin/logs");
    render(<AdminPage myId={"me" as Id<"users">} />);
    fireEvent.click(screen.getByRole("button", { name: "Pause live tail" }));
    const resume = await screen.findByRole("button", { name: "Resume live tail" });
    expect(resume.getAttribute("aria-pressed")).toBe("false");
    await waitFor(() => expect((paginated.mock.lastCall?.[1] as { before?: number }).before).toEqual(expect.any(Number)));
  });

  test("exporting logs records the export, then downloads; a refusal is shown", async () => {
    goTo("/admin/logs");
    const { downloadText } = await import("../../lib/download");
    render(<AdminPage myId={"me" as Id<"users">} />);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(downloadText).toHaveBeenCalled());
    expect(mutations["observability/audit:recordExport"]).toHaveBeenCalledWith({ view: "logs", rows: 2 });
    expect(downloadText).toHaveBeenCalledWith(expect.stringMatching(/^framewise-logs-.*\.csv$/), expect.stringContaining("attempt_failed"), "text/csv");

    const { ConvexError } = await import("convex/values");
    mutations["observability/audit:recordExport"].mockRejectedValueOnce(new ConvexError({ code: "FORBIDDEN", message: "This area is for admins only." }));
    vi.mocked(downloadText).mockClear();
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    expect((await screen.findByRole("alert")).textContent).toBe("This area is for admins only.");
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
    expect(await screen.findByText("Tokens per day by model")).toBeTruthy();
    expect(await screen.findByRole("row", { name: /claude-sonnet-5-5 coaching 4 25.0 %/ })).toBeTruthy();
    expect(await screen.findByText("Reality:")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Range"), { target: { value: "7" } });
    // The re-render with the new range is not guaranteed to have happened when fireEvent returns.
    await waitFor(() => expect(queries).toHaveBeenCalledWith("observability/dashboard:sessionFunnel", { days: 7 }));
  });

  test("the audit log shows actors by email with the id on hover, and exports empty values as empty cells", async () => {
    const { downloadText } = await import("../../lib/download");
    vi.mocked(downloadText).mockClear();
    paginated.mockImplementation((name: string) => ({
      results:
        name === "observability/audit:listAudit"
          ? [
              { _id: "a1", _creationTime: 1, at: Date.UTC(2026, 10, 22, 10), action: "user.role_assigned", actorId: "u_42", actorEmail: "ops@example.com", targetTable: "users", targetId: "u_7", details: { role: "admin" } },
              { _id: "a2", _creationTime: 2, at: Date.UTC(2026, 10, 22, 9), action: "retention.deleted", details: {} },
            ]
          : [],
      status: "Exhausted",
      loadMore: vi.fn(),
    }));
    goTo("/admin/audit");
    render(<AdminPage myId={"me" as Id<"users">} />);
    const actor = await screen.findByText("ops@example.com");
    expect(actor.getAttribute("title")).toBe("u_42");
    expect(screen.getByText("system")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(downloadText).toHaveBeenCalled());
    const csv = vi.mocked(downloadText).mock.calls[0]?.[1] ?? "";
    expect(csv.split("\r\n")[0]).toBe("time,action,actorEmail,actorId,targetTable,targetId,details");
    expect(csv.split("\r\n")[2]).toBe("2026-11-22T09:00:00.000Z,retention.deleted,,,,,");
  });

  test("the users list is the default section", () => {
    goTo("/admin");
    render(<AdminPage myId={"me" as Id<"users">} />);
    expect(screen.getByRole("heading", { name: "Admin", level: 1 })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Users" })).toBeTruthy();
  });
});
