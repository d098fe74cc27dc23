import { usePaginatedQuery } from "convex/react";
import { useState, type FormEvent } from "react";
import { api } from "../../../convex/_generated/api";
import type { Doc } from "../../../convex/_generated/dataModel";
import { useAdminFilters, type LogLevelFilter } from "../../stores/adminFilters";
import type { CsvColumn } from "./csv";
import { ExportButton } from "./ExportButton";
import { formatTime } from "./format";

const PAGE_SIZE = 50;
const LEVELS: LogLevelFilter[] = ["", "debug", "info", "warn", "error"];
const KNOWN_AREAS = ["llm", "coaching", "users", "auth", "audit", "observability"];

type LogRow = Doc<"logs">;
const COLUMNS: CsvColumn<LogRow>[] = [
  { header: "time", value: (r) => new Date(r.at).toISOString() },
  { header: "level", value: (r) => r.level },
  { header: "area", value: (r) => r.area },
  { header: "event", value: (r) => r.event },
  { header: "traceId", value: (r) => r.traceId },
  { header: "userHash", value: (r) => r.userHash ?? "" },
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

  return (
    <section aria-labelledby="admin-logs-title">
      <div className="panel-head">
        <h2 id="admin-logs-title">Logs</h2>
        <ExportButton view="logs" columns={COLUMNS} rows={results} filters={{ level: logs.level, area: logs.area, traceId: logs.traceId }} />
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
      {status === "LoadingFirstPage" ? (
        <p className="muted">Loading logs…</p>
      ) : results.length === 0 ? (
        <p className="muted">No log entries match.</p>
      ) : (
        <div className="table-scroll">
          <table className="table logs-table">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Level</th>
                <th scope="col">Area</th>
                <th scope="col">Event and fields</th>
                <th scope="col">Trace</th>
              </tr>
            </thead>
            <tbody>
              {results.map((row) => (
                <tr key={row._id} className={`level-${row.level}`}>
                  <td className="nowrap">{formatTime(row.at)}</td>
                  <td>
                    <span className={`badge level-badge-${row.level}`}>{row.level}</span>
                  </td>
                  <td>{row.area}</td>
                  <td className="event-cell">
                    <strong>{row.event}</strong>
                    {row.userHash ? <span className="muted"> · {row.userHash}</span> : null}
                    <FieldsSummary fields={row.fields} />
                  </td>
                  <td className="trace-cell">
                    {row.traceId === "-" ? (
                      <span className="muted">—</span>
                    ) : (
                      <button type="button" className="link-button" onClick={() => followTrace(row.traceId)} title="Show this trace">
                        {row.traceId}
                      </button>
                    )}
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
