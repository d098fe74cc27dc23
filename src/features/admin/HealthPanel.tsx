import { useAction, useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useEffect, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCallState } from "../../hooks/useCallState";
import type { CsvColumn } from "../../lib/csv";
import { ExportButton } from "./ExportButton";
import { formatAge, formatPct, formatTime } from "./format";

type Health = FunctionReturnType<typeof api.health.status>;
type Cron = Health["crons"][number] & { lastError: string | null };
type Readiness = FunctionReturnType<typeof api.observability.health.runReadinessCheck>;

/** Re-renders every `ms` so ages keep counting between server updates. */
function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

const COLUMNS: CsvColumn<Cron>[] = [
  { header: "job", value: (c) => c.name },
  { header: "schedule", value: (c) => c.schedule },
  { header: "lastSuccessAt", value: (c) => (c.lastSuccessAt ? new Date(c.lastSuccessAt).toISOString() : "") },
  { header: "maxAgeMinutes", value: (c) => Math.round(c.maxAgeMs / 60_000) },
  { header: "stale", value: (c) => c.stale },
  { header: "lastError", value: (c) => c.lastError ?? "" },
];

export function HealthPanel() {
  const health = useQuery(api.health.status);
  const details = useQuery(api.observability.health.cronDetails);
  const checkReadiness = useCallState(useAction(api.observability.health.runReadinessCheck));
  const refreshRollups = useCallState(useMutation(api.observability.rollups.refreshRollups));
  const now = useNow();
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const busy = checkReadiness.busy || refreshRollups.busy;

  async function onReadiness() {
    setNotice(null);
    refreshRollups.clear();
    const result = await checkReadiness.run();
    if (result) setReadiness(result);
  }

  async function onRefresh() {
    setNotice(null);
    checkReadiness.clear();
    const result = await refreshRollups.run();
    if (result !== undefined) setNotice("Roll-ups are running; the dashboard updates as they finish.");
  }

  if (health === undefined) return <p className="muted">Loading health…</p>;
  const errorsByName = new Map((details ?? []).map((d) => [d.name, d.lastError]));
  const crons: Cron[] = health.crons.map((c) => ({ ...c, lastError: errorsByName.get(c.name) ?? null }));

  return (
    <section aria-labelledby="admin-health-title">
      <div className="panel-head">
        <h2 id="admin-health-title">Health</h2>
        <span className="row">
          <button type="button" onClick={() => void onReadiness()} disabled={busy}>
            {checkReadiness.busy ? "Checking…" : "Check readiness"}
          </button>
          <button type="button" onClick={() => void onRefresh()} disabled={busy}>
            {refreshRollups.busy ? "Starting…" : "Refresh roll-ups now"}
          </button>
        </span>
      </div>
      <ErrorNotice error={checkReadiness.error ?? refreshRollups.error} />
      {notice ? <p className="notice">{notice}</p> : null}
      <div className={`card health-summary ${health.ok ? "health-ok" : "health-bad"}`} role="status">
        <strong>{health.ok ? "Healthy" : "Needs attention"}</strong>
        {health.problems.length > 0 ? (
          <ul>
            {health.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <dl className="stats">
        <div>
          <dt>LLM error rate, last 24 h</dt>
          <dd>
            {formatPct(health.errorRate24h)} <span className="muted">({health.failed24h} of {health.calls24h} calls)</span>
          </dd>
        </div>
        <div>
          <dt>Claude circuit breaker</dt>
          <dd>{health.gateway.breaker.replace("_", "-")}</dd>
        </div>
        <div>
          <dt>Queue</dt>
          <dd>
            {health.gateway.queued} waiting, {health.gateway.running} running
            {health.gateway.pausedUntil && health.gateway.pausedUntil > now ? ` · paused until ${formatTime(health.gateway.pausedUntil)} UTC` : ""}
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{health.version}</dd>
        </div>
      </dl>
      {readiness ? (
        <div className="card" aria-live="polite">
          <h3>Readiness: {readiness.ok ? "ready" : `not ready (${readiness.failing.join(", ")})`}</h3>
          <ul className="checks">
            {(Object.entries(readiness.checks) as [string, { ok: boolean; detail: string }][]).map(([name, check]) => (
              <li key={name}>
                <strong>{check.ok ? "✓" : "✗"} {name}</strong>: {check.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="panel-head">
        <h3>Scheduled jobs</h3>
        <ExportButton view="health" columns={COLUMNS} rows={crons} />
      </div>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Schedule</th>
              <th scope="col">Last success</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {crons.map((c) => (
              <tr key={c.name}>
                <td>
                  {c.label} <span className="muted">({c.name})</span>
                </td>
                <td>{c.schedule}</td>
                <td>{c.lastSuccessAt ? formatAge(now - c.lastSuccessAt) : "not yet"}</td>
                <td>
                  {c.stale || (c.lastSuccessAt !== null && now - c.lastSuccessAt > c.maxAgeMs) ? (
                    <span className="badge status-error">stale</span>
                  ) : (
                    <span className="badge status-active">fresh</span>
                  )}
                  {c.lastError ? <span className="error-text"> last run failed: {c.lastError}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
