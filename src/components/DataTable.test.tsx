import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, test, vi } from "vitest";
import { DataTable, type DataColumn } from "./DataTable";

vi.mock("../lib/download", () => ({ downloadText: vi.fn() }));

type Row = { id: string; name: string; n: number; note?: string };
const ROWS: Row[] = [
  { id: "a", name: "bravo", n: 2 },
  { id: "b", name: "alpha", n: 10, note: "x" },
  { id: "c", name: "charlie", n: 1 },
];
const COLUMNS: DataColumn<Row>[] = [
  { key: "name", header: "Name", cell: (r) => r.name, sortValue: (r) => r.name },
  { key: "n", header: "Count", cell: (r) => r.n, sortValue: (r) => r.n },
  { key: "note", header: "Note", cell: (r) => r.note ?? "—" },
];
const names = () => screen.getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell")[0].textContent);

afterEach(cleanup);

describe("DataTable", () => {
  test("a labelled table; sortable headers cycle ascending, descending, unsorted", async () => {
    render(<DataTable label="Things" columns={COLUMNS} rows={ROWS} rowKey={(r) => r.id} status="Exhausted" />);
    expect(screen.getByRole("table", { name: "Things" })).toBeTruthy();
    expect(names()).toEqual(["bravo", "alpha", "charlie"]);
    const count = screen.getByRole("button", { name: /Count/ });
    fireEvent.click(count);
    await waitFor(() => expect(names()).toEqual(["charlie", "bravo", "alpha"]));
    expect(screen.getByRole("columnheader", { name: /Count/ }).getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(count);
    await waitFor(() => expect(names()).toEqual(["alpha", "bravo", "charlie"]));
    fireEvent.click(count);
    await waitFor(() => expect(names()).toEqual(["bravo", "alpha", "charlie"]));
    // Columns without a sort key are plain headers.
    expect(screen.queryByRole("button", { name: "Note" })).toBeNull();
  });

  test("loading, empty and load-more states", async () => {
    const loadMore = vi.fn();
    const { rerender } = render(<DataTable label="T" columns={COLUMNS} rows={[]} rowKey={(r) => r.id} status="LoadingFirstPage" loadingText="Loading things…" />);
    expect(screen.getByText("Loading things…")).toBeTruthy();
    rerender(<DataTable label="T" columns={COLUMNS} rows={[]} rowKey={(r) => r.id} status="Exhausted" emptyText="No things." />);
    expect(screen.getByText("No things.")).toBeTruthy();
    rerender(<DataTable label="T" columns={COLUMNS} rows={ROWS} rowKey={(r) => r.id} status="CanLoadMore" loadMore={loadMore} pageSize={25} loadMoreLabel="More things" />);
    fireEvent.click(screen.getByRole("button", { name: "More things" }));
    await waitFor(() => expect(loadMore).toHaveBeenCalledWith(25));
  });

  test("exports the loaded rows as CSV after beforeDownload, with empty values as empty cells", async () => {
    const { downloadText } = await import("../lib/download");
    const before = vi.fn().mockResolvedValue(null);
    render(
      <DataTable
        label="T"
        columns={COLUMNS}
        rows={ROWS}
        rowKey={(r) => r.id}
        status="Exhausted"
        csv={{ name: "things", columns: [{ header: "name", value: (r) => r.name }, { header: "note", value: (r) => r.note }], beforeDownload: before }}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(downloadText).toHaveBeenCalled());
    expect(before).toHaveBeenCalledWith(3);
    expect(downloadText).toHaveBeenCalledWith(expect.stringMatching(/^framewise-things-.*\.csv$/), "name,note\r\nbravo,\r\nalpha,x\r\ncharlie,\r\n", "text/csv");
  });

  test("a refused export downloads nothing and says why beside the button", async () => {
    const { downloadText } = await import("../lib/download");
    vi.mocked(downloadText).mockClear();
    const before = vi.fn().mockRejectedValue(new ConvexError({ code: "FORBIDDEN", message: "This area is for admins only." }));
    render(<DataTable label="T" columns={COLUMNS} rows={ROWS} rowKey={(r) => r.id} status="Exhausted" csv={{ name: "things", columns: [], beforeDownload: before }} />);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("This area is for admins only."));
    expect(downloadText).not.toHaveBeenCalled();
  });
});
