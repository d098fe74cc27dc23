import { useAction, usePaginatedQuery, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { lazy, Suspense, useId, useMemo, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { analyticsCsvLines } from "../../../../convex/studio/analytics/csv";
import { DataTable, type DataColumn } from "../../../components/DataTable";
import { Link } from "../../../components/Link";
import { useCallState } from "../../../hooks/useCallState";
import { csvFilename } from "../../../lib/csv";
import { downloadText } from "../../../lib/download";
import { ConfirmDialog } from "../ConfirmDialog";
import { useActiveGenerationTemplates } from "../generation/templates";
import { StudioError } from "../StudioError";
import { CoverageHeatmap } from "./CoverageHeatmap";
import { buildHeatmap, fmtCost, fmtMs, fmtPct, fmtScore, gapPlan, TREND_TEXT, type Coverage } from "./model";

// recharts is heavy: the chart loads only when someone opens Analytics.
const QualityChart = lazy(() => import("./QualityChart"));

type Row = FunctionReturnType<typeof api.studio.analytics.analytics.listTemplateAnalytics>["page"][number];
type Stats = Row["stats"];

function TrendCell({ stats }: { stats: Stats }) {
  const t = TREND_TEXT[stats.trend];
  return (
    <span className={`trend trend-${stats.trend}`}>
      <span aria-hidden="true">{t.arrow} </span>
      {t.label}
      {stats.trendDelta !== undefined && stats.trend !== "insufficient_data" ? ` (${stats.trendDelta > 0 ? "+" : ""}${stats.trendDelta.toFixed(2)})` : ""}
    </span>
  );
}

/**
 * /studio/analytics — how each template performs (roll-ups kept as items
 * finish and reviewers decide), the best per tier, 2–3 templates side by
 * side, the quality trend, and which persona × framework cells still lack
 * approved conversations (with "Generate to fill the gaps" for admins).
 */
export function AnalyticsPage({ canGenerate }: { canGenerate: boolean }) {
  const list = usePaginatedQuery(api.studio.analytics.analytics.listTemplateAnalytics, {}, { initialNumItems: 50 });
  const [picked, setPicked] = useState<Id<"promptTemplates">[]>([]);
  const rows = list.results;

  const toggle = (id: Id<"promptTemplates">) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : p.length >= 3 ? p : [...p, id]));

  const columns: DataColumn<Row>[] = [
    {
      key: "pick",
      header: "Compare",
      cell: (r) => (
        <input type="checkbox" aria-label={`Compare ${r.name}`} checked={picked.includes(r.templateId)} disabled={!picked.includes(r.templateId) && picked.length >= 3} onChange={() => toggle(r.templateId)} />
      ),
    },
    { key: "name", header: "Template", sortValue: (r) => r.name, cell: (r) => <Link to={`/studio/templates/${r.templateId}`}>{r.name}</Link> },
    { key: "tier", header: "Tier", sortValue: (r) => r.tier, cell: (r) => r.tier },
    { key: "usage", header: "Usage", sortValue: (r) => r.usage, cell: (r) => r.usage, className: "num" },
    { key: "gen", header: "Generations", sortValue: (r) => r.stats.generations, cell: (r) => r.stats.generations, className: "num" },
    { key: "ok", header: "Success / failure", sortValue: (r) => r.stats.successRate, cell: (r) => `${r.stats.successes} / ${r.stats.failures}`, className: "num" },
    { key: "avg", header: "Avg quality", sortValue: (r) => r.stats.averageScore, cell: (r) => fmtScore(r.stats.averageScore), className: "num" },
    { key: "minmax", header: "Min–max", sortValue: (r) => r.stats.minScore, cell: (r) => (r.stats.minScore === undefined ? "—" : `${fmtScore(r.stats.minScore)}–${fmtScore(r.stats.maxScore)}`), className: "num" },
    { key: "approval", header: "Approval", sortValue: (r) => r.stats.approvalRate, cell: (r) => fmtPct(r.stats.approvalRate), className: "num" },
    { key: "dur", header: "Avg duration", sortValue: (r) => r.stats.averageDurationMs, cell: (r) => fmtMs(r.stats.averageDurationMs), className: "num" },
    { key: "cost", header: "Avg / total cost", sortValue: (r) => r.stats.totalCostMicros, cell: (r) => `${fmtCost(r.stats.averageCostMicros)} / ${fmtCost(r.stats.totalCostMicros)}`, className: "num" },
    { key: "trend", header: "Trend", sortValue: (r) => r.stats.trendDelta, cell: (r) => <TrendCell stats={r.stats} /> },
  ];

  function exportCsv() {
    const lines = analyticsCsvLines(rows.map((r) => ({ templateId: r.templateId, name: r.name, tier: r.tier, archived: r.archived, usage: r.usage, stats: r.stats })));
    downloadText(csvFilename("template-analytics"), `${lines.join("\r\n")}\r\n`, "text/csv");
  }

  return (
    <section className="analytics-page" aria-labelledby="analytics-title">
      <h1 id="analytics-title">Analytics</h1>
      <p className="muted page-sub">Counted as items finish and reviewers decide. Trend compares the last 10 scores with the 10 before.</p>

      <section className="card analytics-section" aria-labelledby="an-templates">
        <div className="analytics-head">
          <h2 id="an-templates" className="card-title">
            Templates
          </h2>
          <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
            Export CSV
          </button>
        </div>
        <DataTable
          label="Template analytics"
          className="analytics-table"
          columns={columns}
          rows={rows}
          rowKey={(r) => r.templateId}
          status={list.status}
          loadMore={list.loadMore}
          pageSize={50}
          emptyText="No template has run yet. Generate a batch and its figures appear here."
        />
        {rows.length >= 2 ? <p className="muted field-hint">Tick 2 or 3 templates to compare them side by side ({picked.length} ticked).</p> : null}
      </section>

      <TopPerformers />
      {picked.length >= 2 ? <Compare templateIds={picked} /> : null}
      <Trend rows={rows} />
      <Coverage canGenerate={canGenerate} />
    </section>
  );
}

const TIER_LABELS: Record<string, string> = { template: "Templates", scenario: "Scenarios", edge_case: "Edge cases" };

function TopPerformers() {
  const top = useQuery(api.studio.analytics.analytics.topPerformers, { perTier: 3 });
  return (
    <section className="card analytics-section" aria-labelledby="an-top">
      <h2 id="an-top" className="card-title">
        Top performers per tier
      </h2>
      {top === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="top-tiers">
          {top.map((tier) => (
            <div key={tier.tier} className="top-tier">
              <h3>{TIER_LABELS[tier.tier] ?? tier.tier}</h3>
              {tier.templates.length === 0 ? (
                <p className="muted">No scored template yet.</p>
              ) : (
                <ol>
                  {tier.templates.map((t) => (
                    <li key={t.templateId}>
                      <Link to={`/studio/templates/${t.templateId}`}>{t.name}</Link> <span className="muted">avg {fmtScore(t.stats.averageScore)} · {t.stats.scored} scored · approval {fmtPct(t.stats.approvalRate)}</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

const COMPARE_ROWS: { label: string; value: (s: Stats, usage: number) => string }[] = [
  { label: "Usage", value: (_s, usage) => String(usage) },
  { label: "Generations", value: (s) => String(s.generations) },
  { label: "Successes / failures", value: (s) => `${s.successes} / ${s.failures}` },
  { label: "Success rate", value: (s) => fmtPct(s.successRate) },
  { label: "Average quality", value: (s) => fmtScore(s.averageScore) },
  { label: "Min – max quality", value: (s) => (s.minScore === undefined ? "—" : `${fmtScore(s.minScore)} – ${fmtScore(s.maxScore)}`) },
  { label: "Approval rate", value: (s) => fmtPct(s.approvalRate) },
  { label: "Average duration", value: (s) => fmtMs(s.averageDurationMs) },
  { label: "Average cost", value: (s) => fmtCost(s.averageCostMicros) },
  { label: "Total cost", value: (s) => fmtCost(s.totalCostMicros) },
  { label: "Trend", value: (s) => `${TREND_TEXT[s.trend].arrow} ${TREND_TEXT[s.trend].label}` },
];

function Compare({ templateIds }: { templateIds: Id<"promptTemplates">[] }) {
  const compared = useQuery(api.studio.analytics.analytics.compareTemplates, { templateIds, days: 30 });
  return (
    <section className="card analytics-section" aria-labelledby="an-compare">
      <h2 id="an-compare" className="card-title">
        Side by side
      </h2>
      {compared === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <div className="table-scroll" role="region" aria-labelledby="an-compare" tabIndex={0}>
            <table className="table compare-table">
              <caption className="visually-hidden">Templates side by side</caption>
              <thead>
                <tr>
                  <td />
                  {compared.map((c) => (
                    <th key={c.template.templateId} scope="col">
                      {c.template.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {COMPARE_ROWS.map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    {compared.map((c) => (
                      <td key={c.template.templateId} className="num">
                        {row.value(c.template.stats, c.template.usage)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ChartBox title="Average quality per day, last 30 days" series={compared.map((c) => ({ name: c.template.name, points: c.series }))} />
        </>
      )}
    </section>
  );
}

function ChartBox({ title, series }: { title: string; series: { name: string; points: { day: string; averageScore?: number }[] }[] }) {
  const scored = series.some((s) => s.points.some((p) => p.averageScore !== undefined));
  return (
    <figure className="analytics-chart">
      <figcaption className="muted">{title}</figcaption>
      {scored ? (
        <div className="analytics-chart-box">
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <QualityChart series={series} />
          </Suspense>
        </div>
      ) : (
        <p className="muted">No scored conversations in this period.</p>
      )}
    </figure>
  );
}

function Trend({ rows }: { rows: Row[] }) {
  const [chosen, setChosen] = useState<Id<"promptTemplates"> | "">("");
  const templateId = chosen || rows[0]?.templateId || "";
  const days = 30;
  const trend = useQuery(api.studio.analytics.analytics.qualityTrend, templateId ? { templateId, days } : "skip");
  const name = rows.find((r) => r.templateId === templateId)?.name ?? "";
  return (
    <section className="card analytics-section" aria-labelledby="an-trend">
      <div className="analytics-head">
        <h2 id="an-trend" className="card-title">
          Quality trend
        </h2>
        {rows.length > 0 ? (
          <div>
            <label htmlFor="an-trend-template">Template</label>
            <select id="an-trend-template" value={templateId} onChange={(e) => setChosen(e.target.value as Id<"promptTemplates">)}>
              {rows.map((r) => (
                <option key={r.templateId} value={r.templateId}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {!templateId ? (
        <p className="muted">No template has run yet.</p>
      ) : trend === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <ChartBox title={`${name}: average quality per day (UTC), last ${days} days`} series={[{ name, points: trend }]} />
      )}
    </section>
  );
}

function Coverage({ canGenerate }: { canGenerate: boolean }) {
  const coverage = useQuery(api.studio.analytics.analytics.coverageMatrix, {});
  const [emotion, setEmotion] = useState<string>("");
  const [targetText, setTargetText] = useState("3");
  const target = Math.max(1, Math.min(10_000, Math.floor(Number(targetText)) || 1));
  const heatmap = useMemo(() => (coverage ? buildHeatmap(coverage, emotion || null, target) : null), [coverage, emotion, target]);
  const ids = { emotion: useId(), target: useId() };
  return (
    <section className="card analytics-section" aria-labelledby="an-coverage">
      <div className="analytics-head">
        <h2 id="an-coverage" className="card-title">
          Coverage: persona × framework
        </h2>
        <div className="coverage-controls">
          <div>
            <label htmlFor={ids.emotion}>Emotion</label>
            <select id={ids.emotion} value={emotion} onChange={(e) => setEmotion(e.target.value)}>
              <option value="">All emotions</option>
              {(coverage?.emotions ?? []).map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={ids.target}>Target per cell</label>
            <input id={ids.target} inputMode="numeric" value={targetText} onChange={(e) => setTargetText(e.target.value)} className="coverage-target" />
          </div>
        </div>
      </div>
      {coverage === undefined || heatmap === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <p className="muted">
            {coverage.total} approved conversations{emotion ? `; showing emotion “${emotion}”` : " across all emotions"}.{coverage.truncated ? " Only the first 5,000 cells are shown." : ""}
          </p>
          <CoverageHeatmap heatmap={heatmap} target={target} caption={`Approved conversations per persona and framework${emotion ? `, emotion ${emotion}` : ""}`} />
          {canGenerate ? <FillGaps coverage={coverage} target={target} /> : null}
        </>
      )}
    </section>
  );
}

function FillGaps({ coverage, target }: { coverage: Coverage; target: number }) {
  const templates = useActiveGenerationTemplates();
  const [templateId, setTemplateId] = useState<Id<"promptTemplates"> | "">("");
  const chosen = templateId || templates?.[0]?._id || "";
  const version = useQuery(api.studio.templates.browse.getActiveVersion, chosen ? { templateId: chosen } : "skip");
  const [otherName, setOtherName] = useState("topic");
  const [otherValues, setOtherValues] = useState("");
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ batchIds: Id<"generationBatches">[]; thinCells: number; scheduledCells: number } | null>(null);
  const fill = useCallState(useAction(api.studio.analytics.analytics.fillCoverageGaps));
  const values = otherValues
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
  const MAX_BATCHES = 10;
  const plan = gapPlan(coverage, target, MAX_BATCHES, values.length);
  const ids = { template: useId(), name: useId(), values: useId() };

  async function confirm() {
    if (!version) return;
    const result = await fill.run({
      versionId: version._id,
      target,
      maxBatches: MAX_BATCHES,
      ...(values.length > 0 && otherName.trim() ? { otherAxes: [{ variable: otherName.trim(), values }] } : {}),
    });
    if (result) {
      setCreated(result);
      setOpen(false);
    }
  }

  return (
    <div className="fill-gaps">
      <h3>Generate to fill the gaps</h3>
      {coverage.frameworks.length === 0 ? (
        <p className="muted">The axes come from approved conversations: once some are approved, thin cells can be filled from here.</p>
      ) : plan.thinCells === 0 ? (
        <p className="muted">No thin cells at a target of {target}.</p>
      ) : (
        <>
          <div className="fill-gaps-grid">
            <div>
              <label htmlFor={ids.template}>Template</label>
              <select id={ids.template} value={chosen} onChange={(e) => setTemplateId(e.target.value as Id<"promptTemplates">)}>
                {(templates ?? []).map((t) => (
                  <option key={t._id} value={t._id}>
                    {t.name} (v{t.activeVersion})
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={ids.name}>Other variable</label>
              <input id={ids.name} value={otherName} onChange={(e) => setOtherName(e.target.value)} />
            </div>
            <div>
              <label htmlFor={ids.values}>Its values (one per line)</label>
              <textarea id={ids.values} rows={2} value={otherValues} onChange={(e) => setOtherValues(e.target.value)} />
            </div>
          </div>
          <p className="muted field-hint">The template must declare persona, framework and emotion; give values for its other required variables.</p>
          <button type="button" className="primary inline" disabled={!version || fill.busy} onClick={() => setOpen(true)}>
            Generate to fill the gaps…
          </button>
        </>
      )}
      <StudioError error={open ? null : fill.error} />
      {created ? (
        <div className="fill-gaps-created" role="status">
          <p>
            Created {created.batchIds.length} {created.batchIds.length === 1 ? "batch" : "batches"} for {created.scheduledCells} of {created.thinCells} thin cells.
          </p>
          <ul>
            {created.batchIds.map((id, i) => (
              <li key={id}>
                <Link to={`/studio/batches/${id}`}>Batch {i + 1}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {open ? (
        <ConfirmDialog title="Generate to fill the gaps?" confirmLabel={`Create ${plan.batches} ${plan.batches === 1 ? "batch" : "batches"}`} busy={fill.busy} error={fill.error} onConfirm={() => void confirm()} onClose={() => setOpen(false)}>
          <p data-testid="gaps-count">
            This creates {plan.batches} {plan.batches === 1 ? "batch" : "batches"} with {plan.items} {plan.items === 1 ? "item" : "items"} in total, for {plan.plan.reduce((n, g) => n + g.personas.length, 0)} of {plan.thinCells} thin cells (fewer than {target} approved).
          </p>
          <p className="muted">Each batch is one framework and emotion with its thin personas. Generation costs money; the batch's own spend estimate and caps apply.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
