import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "../../../convex/_generated/api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { describeError, type DisplayError } from "../../lib/errors";
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
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);

  async function onExport() {
    setPending(true);
    setError(null);
    try {
      const cleanFilters = filters ? Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== "")) : undefined;
      await recordExport({ view, rows: rows.length, ...(cleanFilters && Object.keys(cleanFilters).length > 0 ? { filters: cleanFilters } : {}) });
      downloadCsv(csvFilename(view), columns, rows);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="export">
      <button type="button" onClick={() => void onExport()} disabled={pending || rows.length === 0}>
        {pending ? "Exporting…" : label}
      </button>
      <ErrorNotice error={error} />
    </span>
  );
}
