import { useMutation, useQuery } from "convex/react";
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { checkMatrix, describeMatrixProblem } from "../../../../convex/studio/generation/matrix";
import type { OnError, RetryConfig } from "../../../../convex/studio/generation/validators";
import { Link } from "../../../components/Link";
import { navigate } from "../../../lib/router";
import { StudioError, useStudioCall } from "../StudioError";
import { MatrixEditor } from "./MatrixEditor";
import { formatMoney, initialAxes, summariseValues, toPreviewArgs, type AxisDraft } from "./model";
import { OnErrorField, RetryFields, retryProblems } from "./RetryFields";
import { useActiveGenerationTemplates, type TemplateOption } from "./templates";

export const CONCURRENCY = { min: 1, max: 20, default: 3 };
export const TIMEOUT_S = { min: 5, max: 600, default: 60 };

/** Studio → Batches → New batch. */
export function NewBatchPage() {
  const templates = useActiveGenerationTemplates();
  const [picked, setPicked] = useState<Id<"promptTemplates"> | null>(null);
  const template = templates?.find((t) => t._id === picked) ?? templates?.[0] ?? null;
  // Until it is typed, the name follows the template.
  const [name, setName] = useState<string | null>(null);
  const batchName = name ?? (template ? `${template.name} batch` : "");
  return (
    <section aria-labelledby="new-batch-title" className="new-batch">
      <Link to="/studio/batches" className="back-link">
        ← Batches
      </Link>
      <h1 id="new-batch-title">New batch</h1>
      {templates === undefined ? (
        <p className="muted">Loading templates…</p>
      ) : template === null ? (
        <div className="card empty">
          <p>No generation template is live yet.</p>
          <Link to="/studio">Go to templates</Link>
        </div>
      ) : (
        <>
          <div className="card batch-head-fields">
            <div>
              <label htmlFor="batch-template">Template</label>
              <select id="batch-template" value={template._id} onChange={(e) => setPicked(e.target.value as Id<"promptTemplates">)}>
                {templates.map((t) => (
                  <option key={t._id} value={t._id}>
                    {t.name}
                    {t.activeVersion !== null ? ` (v${t.activeVersion})` : ""}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="batch-name">Name</label>
              <input id="batch-name" type="text" maxLength={120} value={batchName} onChange={(e) => setName(e.target.value)} />
            </div>
          </div>
          {/* Keyed by template: the matrix starts afresh; the picker above keeps focus. */}
          <BatchForm key={template._id} template={template} name={batchName} />
        </>
      )}
    </section>
  );
}

function BatchForm({ template, name }: { template: TemplateOption; name: string }) {
  const version = useQuery(api.studio.templates.browse.getActiveVersion, { templateId: template._id });
  const settings = useQuery(api.studio.generation.settings.getGenerationSettings, {});
  if (version === undefined || settings === undefined) return <p className="muted">Loading…</p>;
  if (version === null) return <p className="notice">This template has no live version.</p>;
  return <BatchFormLoaded template={template} name={name} versionId={version._id} variables={version.variables} defaults={settings} />;
}

type Loaded = {
  template: TemplateOption;
  name: string;
  versionId: Id<"promptTemplateVersions">;
  variables: Parameters<typeof initialAxes>[0];
  defaults: { retry: RetryConfig; onError: OnError };
};

function BatchFormLoaded({ template, name, versionId, variables, defaults }: Loaded) {
  const [axes, setAxes] = useState<AxisDraft[]>(() => initialAxes(variables, template));
  const [mode, setMode] = useState<"all" | "sample">("all");
  const [sampleSize, setSampleSize] = useState("12");
  const [capDollars, setCapDollars] = useState("");
  const [priority, setPriority] = useState<"low" | "normal" | "high">("normal");
  const [concurrency, setConcurrency] = useState(String(CONCURRENCY.default));
  const [retry, setRetry] = useState<RetryConfig>(defaults.retry);
  const [onError, setOnError] = useState<OnError>(defaults.onError);
  const [timeoutS, setTimeoutS] = useState(String(TIMEOUT_S.default));
  const create = useStudioCall(useMutation(api.studio.generation.batches.createBatch));

  const sample = /^\d+$/.test(sampleSize.trim()) ? Number(sampleSize) : null;
  const args = useMemo(() => toPreviewArgs(versionId, axes, mode, sample), [versionId, axes, mode, sample]);
  const matrixProblems = useMemo(() => checkMatrix(args.matrix, args.mode, args.sampleSize).map(describeMatrixProblem), [args]);
  const deferred = useDeferredValue(args);
  const deferredOk = checkMatrix(deferred.matrix, deferred.mode, deferred.sampleSize).length === 0;
  const preview = useQuery(api.studio.generation.batches.previewBatch, deferredOk ? deferred : "skip");
  const stale = deferred !== args || (preview === undefined && deferredOk);

  const capMicros = capDollars.trim() === "" ? undefined : Math.round(Number(capDollars) * 1_000_000);
  const conc = Number(concurrency);
  const timeout = Number(timeoutS);
  const problems: string[] = [...matrixProblems];
  if (name.trim() === "") problems.push("Give the batch a name.");
  if (preview && !stale && preview.failureCount > 0) problems.push(`${preview.failureCount} of ${preview.count} items don't render; fix the values below.`);
  if (capMicros !== undefined && (!Number.isFinite(capMicros) || capMicros < 1)) problems.push("The spend cap must be a positive amount.");
  if (!Number.isInteger(conc) || conc < CONCURRENCY.min || conc > CONCURRENCY.max) problems.push(`Concurrency must be a whole number from ${CONCURRENCY.min} to ${CONCURRENCY.max}.`);
  if (!Number.isInteger(timeout) || timeout < TIMEOUT_S.min || timeout > TIMEOUT_S.max) problems.push(`The item timeout must be from ${TIMEOUT_S.min} to ${TIMEOUT_S.max} seconds.`);
  problems.push(...retryProblems(retry));
  const blocked = problems.length > 0 || stale;

  const clearCreate = create.clear;
  useEffect(() => clearCreate(), [args, clearCreate]);

  async function start() {
    const result = await create.run({
      name: name.trim(),
      ...args,
      options: { priority, concurrency: conc, retry, onError, itemTimeoutMs: timeout * 1000, spendCapMicros: capMicros },
    });
    if (result) navigate(`/studio/batches/${result.batchId}`);
  }

  return (
    <div className="new-batch-layout">
      <div className="new-batch-main">
        <section className="card" aria-labelledby="matrix-title">
          <div className="section-head">
            <h2 id="matrix-title">Matrix</h2>
            <span className="muted small-text">Each item is one combination of these values.</span>
          </div>
          <MatrixEditor axes={axes} onChange={setAxes} />
          <fieldset className="mode-field">
            <legend>Items</legend>
            <div className="radio-row">
              <span className="inline-check">
                <input id="mode-all" type="radio" name="mode" checked={mode === "all"} onChange={() => setMode("all")} />
                <label htmlFor="mode-all">Every combination</label>
              </span>
              <span className="inline-check">
                <input id="mode-sample" type="radio" name="mode" checked={mode === "sample"} onChange={() => setMode("sample")} />
                <label htmlFor="mode-sample">Balanced sample of</label>
              </span>
              <input
                id="sample-size"
                className="short-input"
                type="number"
                min={1}
                max={5000}
                aria-label="Sample size"
                value={sampleSize}
                disabled={mode !== "sample"}
                onChange={(e) => setSampleSize(e.target.value)}
              />
            </div>
          </fieldset>
        </section>
        <section className="card" aria-labelledby="options-title">
          <h2 id="options-title" className="card-title">
            Options
          </h2>
          <div className="options-grid">
            <div>
              <label htmlFor="batch-priority">Priority</label>
              <select id="batch-priority" value={priority} onChange={(e) => setPriority(e.target.value as typeof priority)}>
                <option value="low">Low</option>
                <option value="normal">Normal</option>
                <option value="high">High</option>
              </select>
            </div>
            <div>
              <label htmlFor="batch-concurrency">Concurrency</label>
              <input id="batch-concurrency" type="number" min={CONCURRENCY.min} max={CONCURRENCY.max} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
            </div>
            <div>
              <label htmlFor="batch-timeout">Per-item timeout (s)</label>
              <input id="batch-timeout" type="number" min={TIMEOUT_S.min} max={TIMEOUT_S.max} value={timeoutS} onChange={(e) => setTimeoutS(e.target.value)} />
            </div>
            <div>
              <label htmlFor="batch-cap">Spend cap ($, optional)</label>
              <input id="batch-cap" type="number" min={0} step="0.01" inputMode="decimal" placeholder="No cap" value={capDollars} onChange={(e) => setCapDollars(e.target.value)} />
            </div>
          </div>
          <fieldset className="retry-fieldset">
            <legend>Retry policy</legend>
            <p className="hint">From Settings; changes here apply to this batch only.</p>
            <RetryFields idPrefix="batch-retry" retry={retry} onChange={setRetry} />
          </fieldset>
          <OnErrorField idPrefix="onerror" value={onError} onChange={setOnError} />
        </section>
      </div>
      <aside className="new-batch-side" aria-labelledby="batch-preview-title">
        <div className="card batch-preview" aria-busy={stale || undefined}>
          <h2 id="batch-preview-title" className="card-title">
            Preview
          </h2>
          {matrixProblems.length > 0 ? (
            <ul className="problem-list">
              {matrixProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : preview === undefined ? (
            <p className="muted">Counting items…</p>
          ) : (
            <>
              <dl className="preview-figures">
                <div>
                  <dt>Items</dt>
                  <dd data-testid="preview-count">{preview.count}</dd>
                </div>
                <div>
                  <dt>Estimated cost</dt>
                  <dd>
                    {formatMoney(preview.estimate.lowMicros)} – {formatMoney(preview.estimate.highMicros)}
                  </dd>
                </div>
                <div>
                  <dt>Model</dt>
                  <dd className="mono">{preview.model}</dd>
                </div>
              </dl>
              {mode === "sample" ? <p className="hint">Drawn from {preview.productSize.toLocaleString("en-US")} combinations, every value as evenly as possible.</p> : null}
              {preview.failureCount > 0 ? (
                <div className="render-failures">
                  <p className="error-notice">
                    <span className="code-tag">INVALID_INPUT</span> {preview.failureCount} {preview.failureCount === 1 ? "item doesn't" : "items don't"} render:
                  </p>
                  <ul className="problem-list" data-testid="render-failures">
                    {preview.failures.map((f) => (
                      <li key={f.index}>
                        <strong>Item {f.index + 1}</strong> <span className="muted">({summariseValues(f.values)})</span>: {f.message}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : (
                <details className="first-rows">
                  <summary>First items</summary>
                  <ol>
                    {preview.firstRows.map((row, i) => (
                      <li key={i}>{summariseValues(row, 6)}</li>
                    ))}
                  </ol>
                </details>
              )}
            </>
          )}
          <button type="button" className="primary" disabled={blocked || create.busy} aria-describedby={blocked ? "start-blocked" : undefined} onClick={() => void start()}>
            {create.busy ? "Starting…" : preview && !stale ? `Start ${preview.count} ${preview.count === 1 ? "item" : "items"}` : "Start batch"}
          </button>
          {blocked ? (
            <p id="start-blocked" className="hint">
              {problems[0] ?? "Updating the preview…"}
            </p>
          ) : null}
          <StudioError error={create.error} />
        </div>
      </aside>
    </div>
  );
}
