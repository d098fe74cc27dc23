import { useMutation, usePaginatedQuery } from "convex/react";
import { useState, type FormEvent } from "react";
import { api } from "../../../convex/_generated/api";
import type { Doc } from "../../../convex/_generated/dataModel";
import { useAdminFilters, type LogLevelFilter } from "../../stores/adminFilters";
import type { CsvColumn } from "../../lib/csv";
import { DataTable, type DataColumn } from "../../components/DataTable";
import { Actor } from "./Actor";
import { formatTime } from "./format";

const PAGE_SIZE = 50;
const LEVELS: LogLevelFilter[] = ["", "debug", "info", "warn", "error"];
const KNOWN_AREAS = ["llm", "coaching", "users", "auth", "audit", "observability"];

type LogRow = Doc<"logs"> & { actorEmail?: string | null };
const CSV_COLUMNS: CsvColumn<LogRow>[] = [
  { header: "time", value: (r) => new Date(r.at).toISOString() },
  { header: "level", value: (r) => r.level },
  { header: "area", value: (r) => r.area },
  { header: "event", value: (r) => r.event },
  { header: "traceId", value: (r) => (r.traceId === "-" ? "" : r.traceId) },
  { header: "actorEmail", value: (r) => r.actorEmail },
  { header: "userHash", value: (r) => r.userHash },
  { header: "fields", value: (r) => r.fields },
];

/**
 * Logs, newest first. The first page is a live subscription, so new entries
 * appear at the top as they are written (the live tail); pausing pins the
 * view to entries older than the moment of pausing.
 */
export function LogsPanel() {
  const { logs, setLogs } = useAdminFilters();
  const [area, setArea] = useState(logs.area);
  const [traceId, setTraceId] = useState(logs.traceId);
  const args = {
    ...(logs.level ? { level: logs.level } : {}),
    ...(logs.area ? { area: logs.area } : {}),
    ...(logs.traceId ? { traceId: logs.traceId } : {}),
    ...(!logs.live && logs.pausedAt !== null ? { before: logs.pausedAt } : {}),
  };
  const { results, status, loadMore } = usePaginatedQuery(api.observability.logs.listLogs, args, { initialNumItems: PAGE_SIZE });
  const recordExport = useMutation(api.observability.audit.recordExport);

  function apply(event: FormEvent) {
    event.preventDefault();
    setLogs({ area: area.trim(), traceId: traceId.trim() });
  }

  function followTrace(id: string) {
    setTraceId(id);
    setLogs({ traceId: id });
  }

  function clear() {
    setArea("");
    setTraceId("");
    setLogs({ level: "", area: "", traceId: "" });
  }

  const columns: DataColumn<LogRow>[] = [
    { key: "at", header: "Time (UTC)", cell: (r) => formatTime(r.at), sortValue: (r) => r.at, className: "nowrap" },
    { key: "level", header: "Level", cell: (r) => <span className={`badge level-badge-${r.level}`}>{r.level}</span>, sortValue: (r) => LEVELS.indexOf(r.level) },
    { key: "area", header: "Area", cell: (r) => r.area, sortValue: (r) => r.area },
    {
      key: "event",
      header: "Event and fields",
      className: "event-cell",
      cell: (r) => (
        <>
          <strong>{r.event}</strong>
          {r.actorEmail || r.userHash ? (
            <span className="muted">
              {" "}
              · <Actor email={r.actorEmail} id={r.userHash} />
            </span>
          ) : null}
          <FieldsSummary fields={r.fields} />
        </>
      ),
    },
    {
      key: "trace",
      header: "Trace",
      className: "trace-cell",
      cell: (r) =>
        r.traceId === "-" ? (
          <span className="muted">—</span>
        ) : (
          <button type="button" className="link-button" onClick={() => followTrace(r.traceId)} title="Show this trace">
            {r.traceId}
          </button>
        ),
    },
  ];

  return (
    <section aria-labelledby="admin-logs-title">
      <div className="panel-head">
        <h2 id="admin-logs-title">Logs</h2>
      </div>
      <form className="filters" onSubmit={apply} aria-label="Log filters">
        <div>
          <label htmlFor="log-level">Level</label>
          <select id="log-level" value={logs.level} onChange={(e) => setLogs({ level: e.target.value as LogLevelFilter })}>
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {level === "" ? "All levels" : level}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="log-area">Area</label>
          <input id="log-area" list="log-areas" value={area} onChange={(e) => setArea(e.target.value)} placeholder="any" />
          <datalist id="log-areas">
            {KNOWN_AREAS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="log-trace">Trace id</label>
          <input id="log-trace" value={traceId} onChange={(e) => setTraceId(e.target.value)} placeholder="tr_…" />
        </div>
        <div className="filter-actions">
          <button type="submit">Apply filters</button>
          <button type="button" onClick={clear}>
            Clear
          </button>
          <button
            type="button"
            aria-pressed={logs.live}
            onClick={() => setLogs(logs.live ? { live: false, pausedAt: Date.now() } : { live: true, pausedAt: null })}
          >
            {logs.live ? "Pause live tail" : "Resume live tail"}
          </button>
        </div>
      </form>
      <p className="muted" aria-live="polite">
        {logs.live ? "Live: new entries appear at the top." : `Paused at ${logs.pausedAt !== null ? formatTime(logs.pausedAt) : "—"} UTC; newer entries are hidden.`}
      </p>
      <DataTable
        label="Log entries, newest first"
        className="logs-table"
        columns={columns}
        rows={results as LogRow[]}
        rowKey={(r) => r._id}
        rowClassName={(r) => `level-${r.level}`}
        status={status}
        loadMore={loadMore}
        pageSize={PAGE_SIZE}
        loadingText="Loading logs…"
        emptyText="No log entries match."
        loadMoreLabel="Load older entries"
        csv={{
          name: "logs",
          columns: CSV_COLUMNS,
          beforeDownload: (rows) => {
            const filters = Object.fromEntries(Object.entries({ level: logs.level, area: logs.area, traceId: logs.traceId }).filter(([, v]) => v !== ""));
            return recordExport({ view: "logs", rows, ...(Object.keys(filters).length > 0 ? { filters } : {}) });
          },
        }}
      />
    </section>
  );
}

/** One line of `key=value` pairs; the whole JSON is a click away. */
function FieldsSummary({ fields }: { fields: Record<string, unknown> }) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  const line = entries.map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`).join("  ");
  if (line.length <= 140) return <code className="fields">{line}</code>;
  return (
    <details className="fields-details">
      <summary>
        <code className="fields">{line.slice(0, 140)}…</code>
      </summary>
      <pre className="fields">{JSON.stringify(fields, null, 2)}</pre>
    </details>
  );
}
