import { useConvex, useMutation, useQuery } from "convex/react";
import { useEffect, useId, useRef, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { ExportOptions } from "../../../../convex/studio/export/options";
import { FRAMEWORK_IDS } from "../../../../convex/coaching/tables";
import { describeError, type DisplayError } from "../../../lib/errors";
import { StudioError } from "../StudioError";
import { ExportCancelled, runExport, type ExportFile, type ExportProgress } from "./assembler";
import { defaultForm, EXPORT_FORMATS, exampleFor, FORMAT_INFO, formatBytes, formProblems, optionsFromForm, type ExportForm } from "./model";
import { BatchSelect, FilterSelect } from "../FilterSelect";

type Done = { files: (ExportFile & { url: string })[]; exported: number; progress: ExportProgress; format: string };
type State = { kind: "idle" } | { kind: "running"; progress: ExportProgress | null } | { kind: "done"; result: Done } | { kind: "cancelled"; progress: ExportProgress | null };

const PAGE = { numItems: 100, cursor: null };

/**
 * /studio/export — approved conversations as a fine-tuning dataset. The
 * browser pulls the export page by page (≤ 200 conversations each), writes
 * each page straight into Blob parts, and offers one download per file plus
 * the dataset card. Admins and reviewers (studio.export).
 */
export function ExportPage() {
  const convex = useConvex();
  const start = useMutation(api.studio.export.exports.startExport);
  const finish = useMutation(api.studio.export.exports.finishExport);
  const [form, setForm] = useState<ExportForm>(defaultForm);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [error, setError] = useState<DisplayError | null>(null);
  const [field, setField] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const urls = useRef<string[]>([]);
  const formId = useId();

  const templates = useQuery(api.studio.templates.browse.listTemplates, { paginationOpts: PAGE, sort: "name" });

  // Object URLs live until the next export or leaving the page.
  const releaseUrls = () => {
    for (const url of urls.current) URL.revokeObjectURL(url);
    urls.current = [];
  };
  useEffect(() => () => {
    abort.current?.abort();
    releaseUrls();
  }, []);

  const set = <K extends keyof ExportForm>(key: K, value: ExportForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const problems = formProblems(form);
  const problemFor = (name: string) => problems.find((p) => p.field === name)?.message ?? (field === name ? error?.message : undefined);
  const running = state.kind === "running";

  async function onExport() {
    setError(null);
    setField(null);
    if (problems.length > 0) {
      setError({ code: "INVALID_INPUT", message: problems[0].message });
      setField(problems[0].field);
      return;
    }
    releaseUrls();
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", progress: null });
    const options: ExportOptions = optionsFromForm(form);
    try {
      const result = await runExport(
        form.format,
        options,
        {
          start: (args) => start(args),
          page: (args) => convex.query(api.studio.export.exports.exportPage, args),
          finish: (args) => finish({ exportId: args.exportId as Id<"exportRuns">, counts: args.counts }),
        },
        { signal: controller.signal, onProgress: (progress) => setState({ kind: "running", progress }) },
      );
      const files = result.files.map((file) => {
        const url = URL.createObjectURL(file.blob);
        urls.current.push(url);
        return { ...file, url };
      });
      setState({ kind: "done", result: { files, exported: result.exported, progress: result.progress, format: form.format } });
    } catch (caught) {
      if (caught instanceof ExportCancelled) {
        setState((s) => ({ kind: "cancelled", progress: s.kind === "running" ? s.progress : null }));
        return;
      }
      const described = describeError(caught);
      const data = (caught as { data?: { field?: string } }).data;
      setField(typeof data?.field === "string" ? data.field.replace(/^options\.(filters\.)?/, "") : null);
      setError(described);
      setState({ kind: "idle" });
    } finally {
      abort.current = null;
    }
  }

  const progress = state.kind === "running" || state.kind === "cancelled" ? state.progress : state.kind === "done" ? state.result.progress : null;

  return (
    <section className="export-page" aria-labelledby="export-title">
      <h1 id="export-title">Export</h1>
      <p className="muted page-sub">Approved conversations as a fine-tuning dataset. Test-pool conversations are never exported; near-duplicates stay out unless you ask for them.</p>

      <form
        id={formId}
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void onExport();
        }}
      >
        <fieldset className="card export-formats" disabled={running}>
          <legend>Format</legend>
          {EXPORT_FORMATS.map((format) => (
            <label key={format} className={`export-format${form.format === format ? " selected" : ""}`}>
              <input type="radio" name="export-format" value={format} checked={form.format === format} onChange={() => set("format", format)} />
              <span className="export-format-text">
                <strong>{FORMAT_INFO[format].label}</strong>
                <span className="muted">{FORMAT_INFO[format].summary}</span>
                <span className="muted export-format-files">Files: {FORMAT_INFO[format].files}</span>
              </span>
            </label>
          ))}
          <div className="export-example">
            <p className="export-example-title" id={`${formId}-example`}>
              Example line ({FORMAT_INFO[form.format].label})
            </p>
            <pre className="export-example-line" aria-labelledby={`${formId}-example`} tabIndex={0} data-testid="export-example">
              {exampleFor(form.format)}
            </pre>
          </div>
        </fieldset>

        <fieldset className="card export-options" disabled={running}>
          <legend>Options</legend>
          <div className="export-grid">
            <div className="export-check">
              <input id="exp-system" type="checkbox" checked={form.includeSystemPrompt} onChange={(e) => set("includeSystemPrompt", e.target.checked)} />
              <label htmlFor="exp-system">Include the coach's system prompt</label>
            </div>
            <div className="export-check">
              <input id="exp-custom" type="checkbox" checked={form.customPrompt} disabled={!form.includeSystemPrompt} onChange={(e) => set("customPrompt", e.target.checked)} />
              <label htmlFor="exp-custom">Use my own system prompt (instead of the per-framework default)</label>
            </div>
            {form.includeSystemPrompt && form.customPrompt ? (
              <div className="export-wide">
                <label htmlFor="exp-prompt">System prompt</label>
                <textarea id="exp-prompt" rows={3} value={form.systemPrompt} onChange={(e) => set("systemPrompt", e.target.value)} aria-invalid={problemFor("systemPrompt") ? true : undefined} aria-describedby={problemFor("systemPrompt") ? "exp-prompt-problem" : undefined} />
                <FieldProblem id="exp-prompt-problem" text={problemFor("systemPrompt")} />
              </div>
            ) : null}
            <div>
              <label htmlFor="exp-template">Template</label>
              <FilterSelect
                id="exp-template"
                value={form.templateId}
                onChange={(templateId) => setForm((f) => ({ ...f, templateId, batchId: templateId ? "" : f.batchId }))}
                allLabel="All templates"
                options={templates?.page ?? []}
              />
            </div>
            <div>
              <label htmlFor="exp-batch">Batch</label>
              <BatchSelect
                id="exp-batch"
                value={form.batchId}
                onChange={(batchId) => setForm((f) => ({ ...f, batchId, templateId: batchId ? "" : f.templateId }))}
                describedBy="exp-batch-hint"
              />
              <p className="field-hint muted" id="exp-batch-hint">
                A template or a batch, not both.
              </p>
              <FieldProblem text={problemFor("batchId") ?? problemFor("templateId")} />
            </div>
            <div>
              <label htmlFor="exp-framework">Framework</label>
              <input id="exp-framework" list="exp-frameworks" value={form.framework} placeholder="Any" onChange={(e) => set("framework", e.target.value)} />
              <datalist id="exp-frameworks">
                {FRAMEWORK_IDS.map((id) => (
                  <option key={id} value={id} />
                ))}
              </datalist>
              <FieldProblem text={problemFor("framework")} />
            </div>
            <div>
              <label htmlFor="exp-min">Minimum score (0–10)</label>
              <input id="exp-min" inputMode="decimal" value={form.minScore} placeholder="None" onChange={(e) => set("minScore", e.target.value)} aria-invalid={problemFor("minScore") ? true : undefined} />
              <FieldProblem text={problemFor("minScore")} />
            </div>
            <div>
              <label htmlFor="exp-from">Created from (UTC)</label>
              <input id="exp-from" type="date" value={form.from} onChange={(e) => set("from", e.target.value)} aria-invalid={problemFor("from") ? true : undefined} />
              <FieldProblem text={problemFor("from")} />
            </div>
            <div>
              <label htmlFor="exp-to">Created to (UTC, inclusive)</label>
              <input id="exp-to" type="date" value={form.to} onChange={(e) => set("to", e.target.value)} aria-invalid={problemFor("to") ? true : undefined} />
              <FieldProblem text={problemFor("to")} />
            </div>
            <div>
              <label htmlFor="exp-tokens">Token cap per record</label>
              <input id="exp-tokens" inputMode="numeric" value={form.maxTokens} placeholder="No cap" onChange={(e) => set("maxTokens", e.target.value)} aria-invalid={problemFor("maxTokens") ? true : undefined} aria-describedby="exp-tokens-hint" />
              <p className="field-hint muted" id="exp-tokens-hint">
                Estimated as characters ÷ 4, system prompt included.
              </p>
              <FieldProblem text={problemFor("maxTokens")} />
            </div>
            <div>
              <label htmlFor="exp-validation">Validation share (%)</label>
              <input id="exp-validation" inputMode="numeric" value={form.validationPercent} onChange={(e) => set("validationPercent", e.target.value)} aria-invalid={problemFor("validationPercent") ? true : undefined} aria-describedby="exp-validation-hint" />
              <p className="field-hint muted" id="exp-validation-hint">
                0–50. Split by seed, so variants never straddle train and validation.
              </p>
              <FieldProblem text={problemFor("validationPercent")} />
            </div>
            <div className="export-check export-wide">
              <input id="exp-dupes" type="checkbox" checked={form.includeDuplicates} onChange={(e) => set("includeDuplicates", e.target.checked)} />
              <label htmlFor="exp-dupes">Include near-duplicates (marked in review)</label>
            </div>
          </div>
        </fieldset>
      </form>

      <div className="export-actions">
        <button type="submit" form={formId} className="primary inline" disabled={running}>
          {running ? "Exporting…" : "Export"}
        </button>
        {running ? (
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        ) : null}
        <StudioError error={error} />
      </div>

      {state.kind !== "idle" ? (
        <section className="card export-progress" aria-labelledby="export-progress-title">
          <h2 id="export-progress-title" className="card-title">
            {state.kind === "running" ? "Exporting…" : state.kind === "cancelled" ? "Export cancelled" : "Export ready"}
          </h2>
          <p role="status" data-testid="export-progress">
            {progress === null
              ? "Starting…"
              : `${progress.pages} ${progress.pages === 1 ? "page" : "pages"} · ${progress.scanned} conversations read · ${progress.exported} exported (${progress.train} train, ${progress.validation} validation) · ${progress.invalidLines} invalid lines`}
          </p>
          {state.kind === "running" ? <progress aria-label="Export in progress" /> : null}
          {progress !== null && progress.invalidLines > 0 ? (
            <p className="studio-error error-notice" role="alert">
              {progress.invalidLines} lines failed their format's check and were left out. Please report this.
            </p>
          ) : null}
          {state.kind === "done" ? (
            <>
              {state.result.exported === 0 ? <p className="muted">Nothing matched: no approved conversations pass these options. The files below are empty; the dataset card says what was skipped.</p> : null}
              <ul className="export-files" aria-label="Downloads">
                {state.result.files.map((file) => (
                  <li key={file.name}>
                    <a href={file.url} download={file.name} data-testid={`download-${file.name}`}>
                      Download {file.name}
                    </a>
                    <span className="muted">
                      {" "}
                      {file.name === "README.md" ? "dataset card" : file.name.endsWith(".csv") ? `${file.lines} ${file.lines === 1 ? "row" : "rows"} + header` : `${file.lines} ${file.lines === 1 ? "line" : "lines"}`} · {formatBytes(file.blob.size)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

function FieldProblem({ text, id }: { text?: string; id?: string }) {
  if (!text) return null;
  return (
    <p className="field-problem" id={id}>
      {text}
    </p>
  );
}
