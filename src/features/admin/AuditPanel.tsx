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

const COLUMNS: DataColumn<AuditRow>[] = [
  { key: "at", header: "Time (UTC)", cell: (r) => formatTime(r.at), sortValue: (r) => r.at, className: "nowrap" },
  { key: "action", header: "Action", cell: (r) => r.action, sortValue: (r) => r.action },
  { key: "actor", header: "Actor", cell: (r) => <Actor email={r.actorEmail} id={r.actorId} />, sortValue: (r) => r.actorEmail ?? r.actorId ?? "" },
  { key: "target", header: "Target", cell: (r) => (r.targetTable ? `${r.targetTable}${r.targetId ? ` ${r.targetId}` : ""}` : "—") },
  { key: "details", header: "Details", cell: (r) => <code className="fields">{JSON.stringify(r.details)}</code> },
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
