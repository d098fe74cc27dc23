import { useMutation } from "convex/react";
import { api } from "../../../convex/_generated/api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCallState } from "../../hooks/useCallState";
import { csvFilename, downloadCsv, type CsvColumn } from "../../lib/csv";

export type ExportView = "users" | "logs" | "audit" | "usage" | "sessions" | "user_usage" | "health";

/**
 * Downloads the rows a view shows as CSV. The export is recorded in the
 * audit log first; if that fails, nothing is downloaded.
 */
export function ExportButton<Row>({
  view,
  columns,
  rows,
  filters,
  label = "Export CSV",
}: {
  view: ExportView;
  columns: CsvColumn<Row>[];
  rows: Row[];
  filters?: Record<string, string>;
  label?: string;
}) {
  const recordExport = useMutation(api.observability.audit.recordExport);
  const exporter = useCallState(async () => {
    const cleanFilters = filters ? Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== "")) : undefined;
    await recordExport({ view, rows: rows.length, ...(cleanFilters && Object.keys(cleanFilters).length > 0 ? { filters: cleanFilters } : {}) });
    downloadCsv(csvFilename(view), columns, rows);
  });

  return (
    <span className="export">
      <button type="button" onClick={() => void exporter.run()} disabled={exporter.busy || rows.length === 0}>
        {exporter.busy ? "Exporting…" : label}
      </button>
      <ErrorNotice error={exporter.error} />
    </span>
  );
}
