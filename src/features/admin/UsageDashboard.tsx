/**
 * Usage, cost, errors, latency and the coaching funnel, from roll-ups only.
 * Loaded lazily (React.lazy in AdminPage): recharts stays out of the first
 * screen's bundle. Every chart has a table with the same numbers next to it,
 * for keyboard and screen-reader users and for CSV export.
 */
import { usePaginatedQuery, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { api } from "../../../convex/_generated/api";
import { useAdminFilters } from "../../stores/adminFilters";
import type { CsvColumn } from "../../lib/csv";
import { ExportButton } from "./ExportButton";
import { themeColour } from "../../lib/theme";
import { formatCost, formatMs, formatNumber, formatPct } from "./format";
import { legendText } from "../../components/chartLegend";

type Usage = FunctionReturnType<typeof api.observability.dashboard.usage>;
type Funnel = FunctionReturnType<typeof api.observability.dashboard.sessionFunnel>;
type UsageRow = Usage["rows"][number];
type DayRow = Usage["days"][number];
type KeyRow = Usage["byKey"][number];
type FrameworkRow = Funnel["frameworks"][number];

/** Series colours from the theme (--chart-1 … --chart-7); this module is lazy-loaded, after the stylesheet. */
const PALETTE = ["#2f5d50", "#c77d2e", "#46669f", "#a4262c", "#7a5ea8", "#3c8d93", "#8a8a3a"].map((fallback, i) =>
  themeColour(`--chart-${i + 1}`, fallback),
);
const RANGES = [7, 30, 90];

/** Pivots rows into one object per day with one numeric field per series, for stacked bars. */
export function pivot(days: string[], rows: UsageRow[], series: (row: UsageRow) => string, value: (row: UsageRow) => number) {
  const names = [...new Set(rows.map(series))].sort();
  const byDay = new Map(days.map((day) => [day, Object.fromEntries(names.map((n) => [n, 0])) as Record<string, number>]));
  for (const row of rows) {
    const slot = byDay.get(row.day);
    if (slot) slot[series(row)] += value(row);
  }
  return { names, data: days.map((day) => ({ day: day.slice(5), ...byDay.get(day) })) };
}

const DAY_COLUMNS: CsvColumn<DayRow>[] = [
  { header: "day", value: (r) => r.day },
  { header: "calls", value: (r) => r.calls },
  { header: "failed", value: (r) => r.failed },
  { header: "errorRate", value: (r) => r.errorRate ?? "" },
  { header: "inputTokens", value: (r) => r.inputTokens },
  { header: "outputTokens", value: (r) => r.outputTokens },
  { header: "costUsd", value: (r) => r.costMicros / 1e6 },
  { header: "p50Ms", value: (r) => r.p50Ms ?? "" },
  { header: "p95Ms", value: (r) => r.p95Ms ?? "" },
];
const ROW_COLUMNS: CsvColumn<UsageRow>[] = [
  { header: "day", value: (r) => r.day },
  { header: "model", value: (r) => r.model },
  { header: "purpose", value: (r) => r.purpose },
  ...DAY_COLUMNS.slice(1).map((c) => c as unknown as CsvColumn<UsageRow>),
];
const FUNNEL_COLUMNS: CsvColumn<FrameworkRow>[] = [
  { header: "framework", value: (r) => r.name },
  { header: "started", value: (r) => r.started },
  { header: "completed", value: (r) => r.completed },
  { header: "abandoned", value: (r) => r.abandoned },
  { header: "completionRate", value: (r) => r.completionRate ?? "" },
  { header: "droppedPerStep", value: (r) => r.steps.map((s) => `${s.name}: ${s.dropped}`).join("; ") },
];

function Chart({ title, summary, children }: { title: string; summary: string; children: React.ReactElement }) {
  return (
    <figure className="chart card">
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={`${title}. ${summary}`} style={{ width: "100%", height: 240 }}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

export default function UsageDashboard() {
  const { usageDays, setUsageDays } = useAdminFilters();
  const usage = useQuery(api.observability.dashboard.usage, { days: usageDays });
  const funnel = useQuery(api.observability.dashboard.sessionFunnel, { days: usageDays });

  return (
    <section aria-labelledby="admin-usage-title" className="usage">
      <div className="panel-head">
        <h2 id="admin-usage-title">Usage and cost</h2>
        <div>
          <label htmlFor="usage-range">Range</label>
          <select id="usage-range" value={usageDays} onChange={(e) => setUsageDays(Number(e.target.value))}>
            {RANGES.map((days) => (
              <option key={days} value={days}>
                Last {days} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">From hourly roll-ups (UTC days); use Health → “Refresh roll-ups now” for the latest numbers.</p>
      {usage === undefined ? <p className="muted">Loading usage…</p> : <UsageCharts usage={usage} />}
      {funnel === undefined ? <p className="muted">Loading the session funnel…</p> : <FunnelSection funnel={funnel} />}
      {usage === undefined ? null : <UserUsage defaultDay={usage.to} />}
    </section>
  );
}

function UsageCharts({ usage }: { usage: Usage }) {
  const dayList = usage.days.map((d) => d.day);
  const tokens = pivot(dayList, usage.rows, (r) => r.model, (r) => r.inputTokens + r.outputTokens);
  const cost = pivot(dayList, usage.rows, (r) => r.purpose, (r) => r.costMicros / 1e6);
  const daily = usage.days.map((d) => ({
    day: d.day.slice(5),
    errorRatePct: d.errorRate === null ? null : Math.round(d.errorRate * 1000) / 10,
    p50: d.p50Ms,
    p95: d.p95Ms,
  }));
  const t = usage.totals;
  return (
    <>
      <dl className="stats">
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(t.costMicros)}</dd>
        </div>
        <div>
          <dt>Calls</dt>
          <dd>{formatNumber(t.calls)}</dd>
        </div>
        <div>
          <dt>Tokens in / out</dt>
          <dd>
            {formatNumber(t.inputTokens)} / {formatNumber(t.outputTokens)}
          </dd>
        </div>
        <div>
          <dt>Error rate</dt>
          <dd>{formatPct(t.errorRate)}</dd>
        </div>
        <div>
          <dt>Latency p50 / p95</dt>
          <dd>
            {formatMs(t.p50Ms)} / {formatMs(t.p95Ms)}
          </dd>
        </div>
      </dl>
      {usage.truncated ? <p className="notice">Too many roll-up rows for this range; showing the first part. Choose a shorter range.</p> : null}
      <div className="chart-grid">
        <Chart title="Tokens per day by model" summary={`${formatNumber(t.inputTokens + t.outputTokens)} tokens in total`}>
          <BarChart data={tokens.data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis />
            <Tooltip />
            <Legend formatter={legendText} />
            {tokens.names.map((name, i) => (
              <Bar key={name} dataKey={name} stackId="tokens" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </Chart>
        <Chart title="Cost per day by purpose (USD)" summary={`${formatCost(t.costMicros)} in total`}>
          <BarChart data={cost.data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis />
            <Tooltip />
            <Legend formatter={legendText} />
            {cost.names.map((name, i) => (
              <Bar key={name} dataKey={name} stackId="cost" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </Chart>
        <Chart title="Error rate per day (%)" summary={`${formatPct(t.errorRate)} over the range`}>
          <LineChart data={daily}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis />
            <Tooltip />
            <Line type="monotone" dataKey="errorRatePct" name="error rate %" stroke={PALETTE[3]} connectNulls isAnimationActive={false} />
          </LineChart>
        </Chart>
        <Chart title="Latency per day (ms)" summary={`p50 ${formatMs(t.p50Ms)}, p95 ${formatMs(t.p95Ms)} over the range`}>
          <LineChart data={daily}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis />
            <Tooltip />
            <Legend formatter={legendText} />
            <Line type="monotone" dataKey="p50" name="p50" stroke={PALETTE[0]} connectNulls isAnimationActive={false} />
            <Line type="monotone" dataKey="p95" name="p95" stroke={PALETTE[1]} connectNulls isAnimationActive={false} />
          </LineChart>
        </Chart>
      </div>

      <div className="panel-head">
        <h3>By model and purpose</h3>
        <ExportButton view="usage" columns={ROW_COLUMNS} rows={usage.rows} label="Export daily rows (CSV)" />
      </div>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Purpose</th>
              <th scope="col">Calls</th>
              <th scope="col">Error rate</th>
              <th scope="col">Tokens in / out</th>
              <th scope="col">Cost</th>
              <th scope="col">p50 / p95</th>
            </tr>
          </thead>
          <tbody>
            {usage.byKey.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  No LLM calls in this range yet.
                </td>
              </tr>
            ) : (
              usage.byKey.map((r: KeyRow) => (
                <tr key={`${r.model}|${r.purpose}`}>
                  <td>{r.model}</td>
                  <td>{r.purpose}</td>
                  <td>{formatNumber(r.calls)}</td>
                  <td>{formatPct(r.errorRate)}</td>
                  <td>
                    {formatNumber(r.inputTokens)} / {formatNumber(r.outputTokens)}
                  </td>
                  <td>{formatCost(r.costMicros)}</td>
                  <td>
                    {formatMs(r.p50Ms)} / {formatMs(r.p95Ms)}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="panel-head">
        <h3>Per day</h3>
        <ExportButton view="usage" columns={DAY_COLUMNS} rows={usage.days} label="Export days (CSV)" />
      </div>
      <details>
        <summary>Show the daily totals table</summary>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Calls</th>
                <th scope="col">Error rate</th>
                <th scope="col">Tokens</th>
                <th scope="col">Cost</th>
                <th scope="col">p50 / p95</th>
              </tr>
            </thead>
            <tbody>
              {usage.days.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>{formatNumber(d.calls)}</td>
                  <td>{formatPct(d.errorRate)}</td>
                  <td>{formatNumber(d.inputTokens + d.outputTokens)}</td>
                  <td>{formatCost(d.costMicros)}</td>
                  <td>
                    {formatMs(d.p50Ms)} / {formatMs(d.p95Ms)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function FunnelSection({ funnel }: { funnel: Funnel }) {
  const data = funnel.frameworks.map((f) => ({ name: f.name, started: f.started, completed: f.completed, abandoned: f.abandoned }));
  return (
    <>
      <div className="panel-head">
        <h3>Coaching sessions by framework</h3>
        <ExportButton view="sessions" columns={FUNNEL_COLUMNS} rows={funnel.frameworks} />
      </div>
      <Chart title="Sessions started, completed and abandoned" summary={`${funnel.frameworks.reduce((s, f) => s + f.started, 0)} sessions started`}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend formatter={legendText} />
          <Bar dataKey="started" fill={PALETTE[2]} isAnimationActive={false} />
          <Bar dataKey="completed" fill={PALETTE[0]} isAnimationActive={false} />
          <Bar dataKey="abandoned" fill={PALETTE[3]} isAnimationActive={false} />
        </BarChart>
      </Chart>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Framework</th>
              <th scope="col">Started</th>
              <th scope="col">Completed</th>
              <th scope="col">Abandoned</th>
              <th scope="col">Completion</th>
              <th scope="col">Where abandoned sessions stopped</th>
            </tr>
          </thead>
          <tbody>
            {funnel.frameworks.map((f) => (
              <tr key={f.frameworkId}>
                <td>{f.name}</td>
                <td>{f.started}</td>
                <td>{f.completed}</td>
                <td>{f.abandoned}</td>
                <td>{formatPct(f.completionRate)}</td>
                <td>
                  {f.abandoned === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ol className="dropoff">
                      {f.steps.map((s) => (
                        <li key={s.index}>
                          {s.name}: <strong>{s.dropped}</strong>
                        </li>
                      ))}
                    </ol>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

type UserRow = FunctionReturnType<typeof api.observability.dashboard.userUsage>["page"][number];
const USER_COLUMNS: CsvColumn<UserRow>[] = [
  { header: "userId", value: (r) => r.userId ?? "" },
  { header: "email", value: (r) => r.email ?? "" },
  { header: "calls", value: (r) => r.calls },
  { header: "failed", value: (r) => r.failed },
  { header: "inputTokens", value: (r) => r.inputTokens },
  { header: "outputTokens", value: (r) => r.outputTokens },
  { header: "costUsd", value: (r) => r.costMicros / 1e6 },
];

function UserUsage({ defaultDay }: { defaultDay: string }) {
  const [day, setDay] = useState(defaultDay);
  const { results, status, loadMore } = usePaginatedQuery(api.observability.dashboard.userUsage, { day }, { initialNumItems: 50 });
  return (
    <>
      <div className="panel-head">
        <h3>Usage per user</h3>
        <ExportButton view="user_usage" columns={USER_COLUMNS} rows={results} filters={{ day }} />
      </div>
      <div className="filters">
        <div>
          <label htmlFor="usage-day">Day (UTC)</label>
          <input id="usage-day" type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
        </div>
      </div>
      {status === "LoadingFirstPage" ? (
        <p className="muted">Loading…</p>
      ) : results.length === 0 ? (
        <p className="muted">No usage on {day}.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Calls</th>
                <th scope="col">Errors</th>
                <th scope="col">Tokens in / out</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.userId ?? "none"}>
                  <td>{r.email ?? (r.userId ? r.userId : <span className="muted">no user (system)</span>)}</td>
                  <td>{formatNumber(r.calls)}</td>
                  <td>{r.failed}</td>
                  <td>
                    {formatNumber(r.inputTokens)} / {formatNumber(r.outputTokens)}
                  </td>
                  <td>{formatCost(r.costMicros)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {status === "CanLoadMore" ? (
        <button type="button" onClick={() => loadMore(50)}>
          Load more users
        </button>
      ) : null}
    </>
  );
}
