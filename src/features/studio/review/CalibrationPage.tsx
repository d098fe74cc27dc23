import { usePaginatedQuery, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { lazy, Suspense, useId, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { Link } from "../../../components/Link";
import { formatDateTime } from "../format";
import { formatPercent, REASON_LABELS } from "./model";
import { FilterSelect } from "../FilterSelect";

// recharts is heavy: the trend loads only when someone opens Calibration.
const TrendChart = lazy(() => import("./TrendChart"));

type Calibration = FunctionReturnType<typeof api.studio.review.calibration.getCalibration>;
type Confusion = Calibration["overall"]["score"];

/**
 * /studio/calibration — how often the automatic verdicts agree with
 * reviewers, against the 85 % target: overall and per template, the 2×2
 * matrices, a daily trend, and the disagreements to look at again. Every
 * figure is a subscription, so it moves as reviewers work.
 */
export function CalibrationPage() {
  const [templateId, setTemplateId] = useState<Id<"promptTemplates"> | "">("");
  const calibration = useQuery(api.studio.review.calibration.getCalibration, templateId ? { templateId } : {});
  const templates = useQuery(api.studio.templates.browse.listTemplates, { paginationOpts: { numItems: 100, cursor: null }, sort: "name", order: "asc" });

  return (
    <section className="calibration-page" aria-labelledby="calibration-title">
      <div className="review-top">
        <div>
          <h1 id="calibration-title">Calibration</h1>
          <p className="muted page-sub">Does the automatic verdict (score ≥ the template's threshold keeps) match what reviewers decide? Keep is the positive class.</p>
        </div>
        <div className="review-top-actions">
          <Link to="/studio/review">← Review queue</Link>
          <div>
            <label htmlFor="cal-template">Template</label>
            <FilterSelect
              id="cal-template"
              value={templateId}
              onChange={(id) => setTemplateId(id as Id<"promptTemplates"> | "")}
              allLabel="All templates"
              options={templates?.page ?? []}
            />
          </div>
        </div>
      </div>
      {calibration === undefined ? (
        <p className="muted">Loading calibration…</p>
      ) : (
        <>
          <Overview calibration={calibration} />
          <Trend calibration={calibration} />
          {templateId === "" ? <TemplateTable calibration={calibration} onPick={setTemplateId} /> : null}
        </>
      )}
      <Disagreements templateId={templateId === "" ? undefined : templateId} />
    </section>
  );
}

function Overview({ calibration }: { calibration: Calibration }) {
  const { overall, target } = calibration;
  const met = overall.meetsTarget;
  return (
    <div className="calibration-overview">
      <section className={`card calibration-headline calibration-${met === null ? "none" : met ? "met" : "missed"}`} aria-labelledby="cal-agreement-title">
        <h2 id="cal-agreement-title" className="card-title">
          Scorer agreement
        </h2>
        <p className="calibration-figure" data-testid="calibration-agreement">
          {formatPercent(overall.agreement)}
        </p>
        <p className="calibration-target">
          {met === null ? (
            <span className="badge">No verdicts yet</span>
          ) : met ? (
            <span className="badge calibration-badge-met">✓ Meets the {Math.round(target * 100)} % target</span>
          ) : (
            <span className="badge calibration-badge-missed">✗ Below the {Math.round(target * 100)} % target</span>
          )}
        </p>
        <p className="muted" data-testid="calibration-reviewed">
          {overall.reviewed} reviewed · judge agreement {formatPercent(overall.judgeAgreement)}
        </p>
      </section>
      <Matrix title="Scorer vs reviewer" who="Scorer" m={overall.score} />
      <Matrix title="Judge vs reviewer" who="Judge" m={overall.judge} />
    </div>
  );
}

/** A 2×2 confusion matrix; the agreeing cells (both keep, both drop) are shaded as agreement. */
function Matrix({ title, who, m }: { title: string; who: string; m: Confusion }) {
  const id = useId();
  return (
    <section className="card calibration-matrix" aria-labelledby={id}>
      <h2 id={id} className="card-title">
        {title}
      </h2>
      <table className="matrix-table">
        <caption className="visually-hidden">
          {title}: rows are the {who.toLowerCase()}'s verdict, columns the reviewer's
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Reviewer keeps</th>
            <th scope="col">Reviewer drops</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{who} keeps</th>
            <td className="cell-agree">
              {m.tp} <span className="cell-tag">TP</span>
            </td>
            <td className="cell-disagree">
              {m.fp} <span className="cell-tag">FP</span>
            </td>
          </tr>
          <tr>
            <th scope="row">{who} drops</th>
            <td className="cell-disagree">
              {m.fn} <span className="cell-tag">FN</span>
            </td>
            <td className="cell-agree">
              {m.tn} <span className="cell-tag">TN</span>
            </td>
          </tr>
        </tbody>
      </table>
      {m.tp + m.fp + m.fn + m.tn === 0 ? <p className="muted matrix-empty">{who === "Judge" ? "The judge hasn't rated any reviewed conversation yet." : "Nothing reviewed yet."}</p> : null}
    </section>
  );
}

function Trend({ calibration }: { calibration: Calibration }) {
  const points = calibration.trend;
  const summary =
    points.length === 0
      ? "No verdicts in the last 30 days."
      : points.map((p) => `${new Date(p.day).toISOString().slice(0, 10)}: scorer ${formatPercent(p.agreement)}, judge ${formatPercent(p.judgeAgreement)} over ${p.reviewed}`).join("; ");
  return (
    <figure className="card chart calibration-trend">
      <figcaption>Agreement per day (last 30 days, UTC)</figcaption>
      {points.length === 0 ? (
        <p className="muted">No verdicts in the last 30 days yet.</p>
      ) : (
        <div role="img" aria-label={`Agreement per day. ${summary}`} style={{ width: "100%", height: 220 }}>
          <Suspense fallback={<p className="muted">Loading the chart…</p>}>
            <TrendChart points={points} target={calibration.target} />
          </Suspense>
        </div>
      )}
    </figure>
  );
}

function TemplateTable({ calibration, onPick }: { calibration: Calibration; onPick: (id: Id<"promptTemplates">) => void }) {
  if (calibration.templates.length === 0) return null;
  return (
    <section className="card" aria-labelledby="cal-templates-title">
      <h2 id="cal-templates-title" className="card-title">
        Per template
      </h2>
      <div className="table-scroll">
        <table className="table calibration-templates">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col" className="num">
                Reviewed
              </th>
              <th scope="col" className="num">
                Scorer
              </th>
              <th scope="col" className="num">
                Judge
              </th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {calibration.templates.map((t) => (
              <tr key={t.templateId}>
                <td>
                  <button type="button" className="link-button" onClick={() => onPick(t.templateId)}>
                    {t.name ?? "Template"}
                  </button>
                </td>
                <td className="num">{t.reviewed}</td>
                <td className="num">{formatPercent(t.agreement)}</td>
                <td className="num">{formatPercent(t.judgeAgreement)}</td>
                <td>{t.meetsTarget === null ? "—" : t.meetsTarget ? <span className="badge calibration-badge-met">✓ Met</span> : <span className="badge calibration-badge-missed">✗ Not met</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Disagreements({ templateId }: { templateId?: Id<"promptTemplates"> }) {
  const list = usePaginatedQuery(api.studio.review.calibration.listDisagreements, templateId ? { templateId } : {}, { initialNumItems: 20 });
  return (
    <section className="card calibration-disagreements" aria-labelledby="cal-dis-title">
      <h2 id="cal-dis-title" className="card-title">
        Disagreements — a second look
      </h2>
      {list.status === "LoadingFirstPage" ? (
        <p className="muted">Loading…</p>
      ) : list.results.length === 0 ? (
        <p className="muted">None yet: the scorer and reviewers agree on everything reviewed so far.</p>
      ) : (
        <ul className="disagreement-list">
          {list.results.map((row) => {
            const scorerKeeps = row.scorerScore !== undefined && row.threshold !== undefined ? row.scorerScore >= row.threshold : undefined;
            return (
              <li key={row._id}>
                <Link to={`/studio/review/${row._id}`} className="disagreement-row">
                  <span className="disagreement-what">
                    <strong>{row.framework}</strong> — scorer {row.scorerScore?.toFixed(1) ?? "—"} ({scorerKeeps === undefined ? "unscored" : scorerKeeps ? "keep" : "drop"}), reviewer{" "}
                    {row.verdict === "rejected" ? `rejected${row.rejectReason ? ` (${REASON_LABELS[row.rejectReason].label.toLowerCase()})` : ""}` : row.verdict === "revised" ? "revised and kept" : "approved"}
                  </span>
                  <span className="muted">{row.reviewedAt ? formatDateTime(row.reviewedAt) : ""} · Look again →</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {list.status === "CanLoadMore" ? (
        <button type="button" className="small" onClick={() => list.loadMore(20)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
