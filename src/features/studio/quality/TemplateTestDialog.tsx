import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useId, useMemo, useRef, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Doc, Id } from "../../../../convex/_generated/dataModel";
import { parseTemplate, renderSegments, sampleValues, type VariableValue } from "../../../../convex/studio/templating";
import { StudioError, useStudioCall } from "../StudioError";
import { formatDeviation, formatScore, testBadge } from "./model";
import { CriteriaBars } from "./QualityDialog";
import { ScoreBadge } from "./ScoreBadge";
import { TestBadge } from "./TestBadge";
import { useModal } from "./useModal";

type Version = Pick<Doc<"promptTemplateVersions">, "_id" | "version" | "body" | "variables">;
type Values = Record<string, VariableValue | string>;

/** Sample values per variable type (sampleValues), as the form shows them: strings for text fields. */
export function initialTestValues(variables: Version["variables"]): Values {
  const samples = sampleValues(variables);
  const out: Values = {};
  for (const def of variables) {
    if (Object.hasOwn(samples, def.name)) out[def.name] = def.type === "boolean" ? samples[def.name] : String(samples[def.name]);
  }
  return out;
}

/**
 * "Test this version": values filled with realistic samples (editable), the
 * rendered prompt, then 1–5 conversations generated, scored and judged in
 * the test pool. Results arrive live: each run's score and the judge's,
 * the mean against the template's threshold and the live version's baseline.
 */
export function TemplateTestDialog({ template, version, canRun, onClose }: { template: Doc<"promptTemplates">; version: Version; canRun: boolean; onClose: () => void }) {
  const titleId = useId();
  const ids = useId();
  const box = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const onKeyDown = useModal(box, onClose, { initial: first });
  const test = useQuery(api.studio.quality.testing.getTemplateTest, { versionId: version._id });
  const run = useStudioCall(useMutation(api.studio.quality.testing.runTemplateTest));
  const [values, setValues] = useState<Values>(() => initialTestValues(version.variables));
  const [count, setCount] = useState(3);
  const parsed = useMemo(() => parseTemplate(version.body, version.variables), [version.body, version.variables]);
  const rendered = useMemo(() => (parsed.template ? renderSegments(parsed.template, values) : null), [parsed, values]);
  const results = test?.testResults ?? null;
  const running = results?.status === "running";
  const badge = testBadge(results);
  const blocked = !rendered?.ok;

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={box} className="dialog card test-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} onKeyDown={onKeyDown}>
        <div className="quality-head">
          <h2 id={titleId}>
            Test version {version.version} of {template.name}
          </h2>
          <button ref={first} type="button" className="small" onClick={onClose}>
            Close
          </button>
        </div>
        <p className="muted small-text">
          Generates conversations with these values in a test pool (they never count as production data), scores and judges each, and compares the mean with
          the template's threshold and the live version.
        </p>
        <div className="test-layout">
          <fieldset className="test-values" disabled={!canRun || running}>
            <legend>Test values</legend>
            {version.variables.length === 0 ? <p className="hint">This version has no variables.</p> : null}
            {version.variables.map((def) => {
              const id = `${ids}-${def.name}`;
              const raw = values[def.name];
              const problems = rendered && !rendered.ok ? rendered.errors.filter((p) => p.variable === def.name) : [];
              const set = (value: VariableValue | string) => setValues((current) => ({ ...current, [def.name]: value }));
              return (
                <div key={def.name} className={def.type === "boolean" ? "sample-field sample-check" : "sample-field"}>
                  {def.type === "boolean" ? (
                    <>
                      <input id={id} type="checkbox" checked={raw === true} onChange={(e) => set(e.target.checked)} />
                      <label htmlFor={id}>{def.name}</label>
                    </>
                  ) : (
                    <>
                      <label htmlFor={id}>
                        {def.name} <span className="muted">({def.type})</span>
                      </label>
                      {def.type === "dropdown" ? (
                        <select id={id} value={typeof raw === "string" ? raw : ""} onChange={(e) => set(e.target.value)} aria-invalid={problems.length > 0}>
                          <option value="">(no value)</option>
                          {def.options.map((o) => (
                            <option key={o} value={o}>
                              {o}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          id={id}
                          type="text"
                          inputMode={def.type === "number" ? "decimal" : undefined}
                          value={raw === undefined ? "" : String(raw)}
                          onChange={(e) => set(e.target.value)}
                          aria-invalid={problems.length > 0}
                          aria-describedby={problems.length > 0 ? `${id}-error` : undefined}
                        />
                      )}
                    </>
                  )}
                  {problems.length > 0 ? (
                    <span id={`${id}-error`} className="field-error">
                      {problems.map((p) => p.message).join("; ")}
                    </span>
                  ) : null}
                </div>
              );
            })}
            <button type="button" className="small" onClick={() => setValues(initialTestValues(version.variables))}>
              Reset to sample values
            </button>
          </fieldset>
          <div className="test-preview">
            <h3>Prompt preview</h3>
            {rendered?.ok ? (
              <pre className="preview-output" tabIndex={0} aria-label="Rendered prompt" data-testid="test-preview">
                {rendered.segments.map((segment, i) =>
                  segment.fromVariable !== undefined ? (
                    <mark key={i} className="var-value" data-variable={segment.fromVariable}>
                      {segment.text}
                    </mark>
                  ) : (
                    <span key={i}>{segment.text}</span>
                  ),
                )}
              </pre>
            ) : (
              <p className="notice">The prompt can't render with these values. Fix the fields marked beside them.</p>
            )}
          </div>
        </div>
        {canRun ? (
          <div className="test-run row">
            <label htmlFor={`${ids}-count`}>Conversations</label>
            <select id={`${ids}-count`} value={count} onChange={(e) => setCount(Number(e.target.value))} disabled={running}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="primary inline"
              disabled={run.busy || running || blocked}
              onClick={() => {
                const sent: Record<string, VariableValue> = {};
                for (const [k, v] of Object.entries(values)) if (v !== "") sent[k] = v as VariableValue;
                void run.run({ versionId: version._id, values: sent, count });
              }}
            >
              {run.busy ? "Starting…" : running ? "Test running…" : results ? "Run the test again" : "Run test"}
            </button>
          </div>
        ) : null}
        <StudioError error={run.error} />

        <section className="test-results" aria-labelledby={`${ids}-results`}>
          <div className="section-head">
            <h3 id={`${ids}-results`}>Results</h3>
            <span role="status">
              <TestBadge badge={badge} />
            </span>
          </div>
          {test === undefined ? (
            <p className="muted">Loading…</p>
          ) : results === null ? (
            <p className="muted">Not tested yet. Threshold {formatScore(test.threshold)}.</p>
          ) : (
            <>
              <dl className="test-summary" data-testid="test-summary">
                <div>
                  <dt>Mean score</dt>
                  <dd>{results.meanScore !== undefined ? <ScoreBadge score={results.meanScore} /> : <span className="muted">—</span>}</dd>
                </div>
                <div>
                  <dt>Judge mean</dt>
                  <dd>{results.judgeMean !== undefined ? `${formatScore(results.judgeMean)} / 10` : <span className="muted">—</span>}</dd>
                </div>
                <div>
                  <dt>Threshold</dt>
                  <dd>{formatScore(results.threshold)}</dd>
                </div>
                <div>
                  <dt>Baseline</dt>
                  <dd>
                    {results.baseline !== undefined ? (
                      <>
                        {formatScore(results.baseline)}{" "}
                        <span className="muted small-text">({results.baselineSource === "test" ? "live version's last test" : "live version's conversations"})</span>
                      </>
                    ) : (
                      <>
                        none <span className="muted small-text">(nothing scored to compare with)</span>
                      </>
                    )}
                  </dd>
                </div>
                <div>
                  <dt>Deviation</dt>
                  <dd>
                    {results.deviation !== undefined ? formatDeviation(results.deviation) : <span className="muted">—</span>}{" "}
                    <span className="muted small-text">(allowed down to −{formatScore(results.margin)})</span>
                  </dd>
                </div>
              </dl>
              {results.verdict ? <p className={results.passed ? "notice" : "error-notice studio-error"}>{results.verdict}</p> : null}
              {results.status === "complete" && results.passed ? <p className="notice ok-notice">Passed: this version may be activated.</p> : null}
              <table className="table test-runs">
                <caption className="visually-hidden">Test runs</caption>
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Score</th>
                    <th scope="col">Judge</th>
                    <th scope="col">Status</th>
                    <th scope="col">Breakdown</th>
                  </tr>
                </thead>
                <tbody>
                  {results.runs.map((r, i) => (
                    <RunRow key={r.itemId} run={r} index={i + 1} />
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

type Run = NonNullable<FunctionReturnType<typeof api.studio.quality.testing.getTemplateTest>["testResults"]>["runs"][number];

/** One run: its score, the judge's, its state; its breakdown by criterion opens in a full-width row below. */
function RunRow({ run: r, index }: { run: Run; index: number }) {
  const [open, setOpen] = useState(false);
  const breakdownId = useId();
  return (
    <>
      <tr data-run-status={r.status}>
        <th scope="row">#{index}</th>
        <td>{r.score !== undefined ? <ScoreBadge score={r.score} /> : <span className="muted">{r.status === "running" ? "writing…" : "—"}</span>}</td>
        <td className="nowrap">
          {r.judgeOverall !== undefined ? (
            `${formatScore(r.judgeOverall)} / 10`
          ) : r.judgeStatus === "failed" ? (
            <span className="muted">judge failed</span>
          ) : r.status === "scored" ? (
            <span className="muted">judging…</span>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>
          {r.status === "failed" ? <span className="field-error">{r.error ?? "Failed"}</span> : r.status === "running" ? "Running" : r.flagged ? "Below threshold" : "Scored"}
        </td>
        <td>
          {r.conversationId ? (
            <button type="button" className="small" aria-expanded={open} aria-controls={breakdownId} onClick={() => setOpen((o) => !o)}>
              {open ? "Hide" : "Breakdown"}
              <span className="visually-hidden"> of run {index}</span>
            </button>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
      </tr>
      {open && r.conversationId ? (
        <tr id={breakdownId} className="run-breakdown-row">
          <td colSpan={5}>
            <RunBreakdown conversationId={r.conversationId} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** One run's criteria and recommendations. */
function RunBreakdown({ conversationId }: { conversationId: Id<"generatedConversations"> }) {
  const details = useQuery(api.studio.quality.conversations.getQualityDetails, { conversationId });
  return (
    <div className="run-breakdown">
      {details === undefined ? (
        <p className="muted">Loading…</p>
      ) : details.quality ? (
        <>
          <CriteriaBars criteria={details.quality.criteria} />
          {details.quality.recommendations.length > 0 ? (
            <ul className="recommendations">
              {details.quality.recommendations.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="muted">Not scored.</p>
      )}
    </div>
  );
}
