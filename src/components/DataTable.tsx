import { useId, useMemo, useState, type ReactNode } from "react";
import { useCallState } from "../hooks/useCallState";
import { csvFilename, downloadCsv, type CsvColumn } from "../lib/csv";
import { ErrorNotice } from "./ErrorNotice";

export type DataColumn<Row> = {
  /** Stable key, unique within the table. */
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** When given, the header sorts the loaded rows by this value. */
  sortValue?: (row: Row) => string | number | null | undefined;
  className?: string;
};

/** The shape `usePaginatedQuery` reports. */
export type PageStatus = "LoadingFirstPage" | "CanLoadMore" | "LoadingMore" | "Exhausted";

export type CsvExport<Row> = {
  /** The file is named framewise-<name>-<timestamp>.csv. */
  name: string;
  columns: CsvColumn<Row>[];
  /** Runs first (e.g. recording the export in the audit log); if it throws, nothing is downloaded. */
  beforeDownload?: (rowCount: number) => Promise<unknown>;
  label?: string;
};

type Sort = { key: string; dir: "asc" | "desc" } | null;

function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

/**
 * A paginated table: a labelled <table> of the rows loaded so far, a "load
 * more" button while the query has more, loading and empty states, optional
 * client-side sorting of the loaded rows by column, and an optional CSV
 * export of exactly those rows. Generic over the row type, so admin logs,
 * the audit log and the Studio's lists share it.
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  status,
  loadMore,
  pageSize,
  csv,
  className,
  rowClassName,
  loadingText = "Loading…",
  emptyText = "Nothing to show.",
  loadMoreLabel = "Load more",
}: {
  /** Names the table for assistive technology (aria-label). */
  label: string;
  columns: DataColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  status: PageStatus;
  loadMore?: (numItems: number) => void;
  pageSize?: number;
  csv?: CsvExport<Row>;
  className?: string;
  rowClassName?: (row: Row) => string | undefined;
  loadingText?: string;
  emptyText?: string;
  loadMoreLabel?: string;
}) {
  const [sort, setSort] = useState<Sort>(null);
  const captionId = useId();
  const exporter = useCallState(async () => {
    if (!csv) return;
    await csv.beforeDownload?.(rows.length);
    downloadCsv(csvFilename(csv.name), csv.columns, rows);
  });

  const sorted = useMemo(() => {
    const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
    if (!sort || !column?.sortValue) return rows;
    const value = column.sortValue;
    const out = [...rows].sort((a, b) => compare(value(a), value(b)));
    return sort.dir === "desc" ? out.reverse() : out;
  }, [rows, columns, sort]);

  function toggle(key: string) {
    setSort((current) => (current?.key !== key ? { key, dir: "asc" } : current.dir === "asc" ? { key, dir: "desc" } : null));
  }

  return (
    <div className="data-table">
      {csv ? (
        <div className="data-table-tools">
          <span className="export">
            <button type="button" onClick={() => void exporter.run()} disabled={exporter.busy || rows.length === 0}>
              {exporter.busy ? "Exporting…" : (csv.label ?? "Export CSV")}
            </button>
            <ErrorNotice error={exporter.error} />
          </span>
        </div>
      ) : null}
      {status === "LoadingFirstPage" ? (
        <p className="muted">{loadingText}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className={className ? `table ${className}` : "table"}>
            <caption id={captionId} className="visually-hidden">
              {label}
            </caption>
            <thead>
              <tr>
                {columns.map((column) => {
                  const dir = sort?.key === column.key ? sort.dir : null;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      className={column.className}
                      aria-sort={column.sortValue ? (dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none") : undefined}
                    >
                      {column.sortValue ? (
                        <button type="button" className="sort-button" onClick={() => toggle(column.key)}>
                          {column.header}
                          <span aria-hidden="true">{dir === "asc" ? " ▲" : dir === "desc" ? " ▼" : " ↕"}</span>
                        </button>
                      ) : (
                        column.header
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {sorted.map((row) => (
                <tr key={rowKey(row)} className={rowClassName?.(row)}>
                  {columns.map((column) => (
                    <td key={column.key} className={column.className}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {status === "CanLoadMore" || status === "LoadingMore" ? (
        <button type="button" className="load-more" disabled={status === "LoadingMore" || !loadMore} onClick={() => loadMore?.(pageSize ?? 50)}>
          {status === "LoadingMore" ? "Loading…" : loadMoreLabel}
        </button>
      ) : null}
    </div>
  );
}
