import { usePaginatedQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";
import type { Doc } from "../../../convex/_generated/dataModel";
import { useAdminFilters } from "../../stores/adminFilters";
import type { CsvColumn } from "./csv";
import { ExportButton } from "./ExportButton";
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

type AuditRow = Doc<"auditLogs">;
const COLUMNS: CsvColumn<AuditRow>[] = [
  { header: "time", value: (r) => new Date(r.at).toISOString() },
  { header: "action", value: (r) => r.action },
  { header: "actorId", value: (r) => r.actorId ?? "" },
  { header: "targetTable", value: (r) => r.targetTable ?? "" },
  { header: "targetId", value: (r) => r.targetId ?? "" },
  { header: "details", value: (r) => r.details },
];

export function AuditPanel() {
  const { auditAction, setAuditAction } = useAdminFilters();
  const { results, status, loadMore } = usePaginatedQuery(
    api.observability.audit.listAudit,
    auditAction ? { action: auditAction } : {},
    { initialNumItems: PAGE_SIZE },
  );
  return (
    <section aria-labelledby="admin-audit-title">
      <div className="panel-head">
        <h2 id="admin-audit-title">Audit log</h2>
        <ExportButton view="audit" columns={COLUMNS} rows={results} filters={{ action: auditAction }} />
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
      {status === "LoadingFirstPage" ? (
        <p className="muted">Loading the audit log…</p>
      ) : results.length === 0 ? (
        <p className="muted">No audit entries match.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {results.map((row) => (
                <tr key={row._id}>
                  <td className="nowrap">{formatTime(row.at)}</td>
                  <td>{row.action}</td>
                  <td>{row.actorId ?? <span className="muted">system</span>}</td>
                  <td>{row.targetTable ? `${row.targetTable}${row.targetId ? ` ${row.targetId}` : ""}` : "—"}</td>
                  <td>
                    <code className="fields">{JSON.stringify(row.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {status === "CanLoadMore" ? (
        <button type="button" onClick={() => loadMore(PAGE_SIZE)}>
          Load older entries
        </button>
      ) : null}
    </section>
  );
}
