import { useMutation, usePaginatedQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";
import type { Doc } from "../../../convex/_generated/dataModel";
import { DataTable, type DataColumn } from "../../components/DataTable";
import type { CsvColumn } from "../../lib/csv";
import { useAdminFilters } from "../../stores/adminFilters";
import { Actor } from "./Actor";
import { formatTime } from "./format";

const PAGE_SIZE = 50;
const ACTIONS = [
  "user.role_assigned",
  "user.role_changed",
  "coaching.injection_flagged",
  "retention.deleted",
  "admin.export",
  "auth.sign_in_rate_limited",
];

type AuditRow = Doc<"auditLogs"> & { actorEmail?: string | null };

const CSV_COLUMNS: CsvColumn<AuditRow>[] = [
  { header: "time", value: (r) => new Date(r.at).toISOString() },
  { header: "action", value: (r) => r.action },
  { header: "actorEmail", value: (r) => r.actorEmail },
  { header: "actorId", value: (r) => r.actorId },
  { header: "targetTable", value: (r) => r.targetTable },
  { header: "targetId", value: (r) => r.targetId },
  { header: "details", value: (r) => r.details },
];

/** `key=value` pairs, one per line, instead of one long JSON string. */
function Details({ details }: { details: unknown }) {
  if (typeof details !== "object" || details === null) return <code className="fields">{JSON.stringify(details)}</code>;
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="details-list">
      {entries.map(([key, value]) => (
        <li key={key}>
          <code className="fields">
            {key}={typeof value === "string" ? value : JSON.stringify(value)}
          </code>
        </li>
      ))}
    </ul>
  );
}

const COLUMNS: DataColumn<AuditRow>[] = [
  { key: "at", header: "Time (UTC)", cell: (r) => formatTime(r.at), sortValue: (r) => r.at, className: "nowrap" },
  { key: "action", header: "Action", cell: (r) => r.action, sortValue: (r) => r.action },
  { key: "actor", header: "Actor", cell: (r) => <Actor email={r.actorEmail} id={r.actorId} />, sortValue: (r) => r.actorEmail ?? r.actorId ?? "", className: "actor-cell" },
  // The table names the kind of record; its id is on hover (and in the CSV).
  { key: "target", header: "Target", cell: (r) => (r.targetTable ? <span title={r.targetId ?? undefined}>{r.targetTable}</span> : "—") },
  { key: "details", header: "Details", cell: (r) => <Details details={r.details} />, className: "details-cell" },
];

export function AuditPanel() {
  const { auditAction, setAuditAction } = useAdminFilters();
  const recordExport = useMutation(api.observability.audit.recordExport);
  const { results, status, loadMore } = usePaginatedQuery(
    api.observability.audit.listAudit,
    auditAction ? { action: auditAction } : {},
    { initialNumItems: PAGE_SIZE },
  );
  return (
    <section aria-labelledby="admin-audit-title">
      <div className="panel-head">
        <h2 id="admin-audit-title">Audit log</h2>
      </div>
      <div className="filters">
        <div>
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" value={auditAction} onChange={(e) => setAuditAction(e.target.value)}>
            <option value="">All actions</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
      </div>
      <DataTable
        label="Audit log entries, newest first"
        columns={COLUMNS}
        rows={results as AuditRow[]}
        rowKey={(r) => r._id}
        status={status}
        loadMore={loadMore}
        pageSize={PAGE_SIZE}
        loadingText="Loading the audit log…"
        emptyText="No audit entries match."
        loadMoreLabel="Load older entries"
        csv={{
          name: "audit",
          columns: CSV_COLUMNS,
          beforeDownload: (rows) => recordExport({ view: "audit", rows, ...(auditAction ? { filters: { action: auditAction } } : {}) }),
        }}
      />
    </section>
  );
}
