import { useMutation, useQuery } from "convex/react";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { parseTemplate, renderSegments, type VariableValue } from "../../../../convex/studio/templating";
import { Link } from "../../../components/Link";
import { PreviewPane } from "../PreviewPane";
import { StudioError, useStudioCall } from "../StudioError";
import { ItemStatusBadge } from "./BatchBadges";
import { formatMoney } from "./model";
import { Provenance } from "./Provenance";
import { useActiveGenerationTemplates } from "./templates";
import { Transcript } from "./Transcript";

const STATUS_TEXT = {
  queued: "Queued — waiting for Claude…",
  running: "Claude is writing…",
  retrying: "Retrying…",
  succeeded: "Done.",
  failed: "Failed.",
  cancelled: "Cancelled.",
} as const;

/** Studio → Generate: one conversation from a live template, watched turn by turn. */
export function GeneratePage() {
  const templates = useActiveGenerationTemplates();
  const [picked, setPicked] = useState<Id<"promptTemplates"> | null>(null);
  const templateId = picked ?? templates?.[0]?._id ?? null;
  const [run, setRun] = useState<{
    runId: Id<"generationItems">;
    templateName: string;
    version: number;
  } | null>(null);
  const templateName = templates?.find((t) => t._id === templateId)?.name ?? "Template";

  return (
    <section aria-labelledby="generate-title" className="generate-page">
      <div className="page-head">
        <div>
          <h1 id="generate-title">Generate</h1>
          <p className="muted page-sub">Fill a live template's variables, generate one conversation and watch Claude write it turn by turn.</p>
        </div>
      </div>
      {templates === undefined ? (
        <p className="muted">Loading templates…</p>
      ) : templates.length === 0 ? (
        <div className="card empty">
          <p>No generation template is live yet. Make a version live in Templates first.</p>
          <Link to="/studio">Go to templates</Link>
        </div>
      ) : (
        <div className="generate-layout">
          <div className="generate-form">
            {templateId ? (
              <TemplateForm
                templateId={templateId}
                onStarted={(runId, version) => setRun({ runId, templateName, version })}
                picker={
                  <>
                    <label htmlFor="gen-template">Template</label>
                    <select
                      id="gen-template"
                      value={templateId ?? ""}
                      onChange={(e) => {
                        setPicked(e.target.value as Id<"promptTemplates">);
                        setRun(null);
                      }}
                    >
                      {templates.map((t) => (
                        <option key={t._id} value={t._id}>
                          {t.name}
                          {t.activeVersion !== null ? ` (v${t.activeVersion})` : ""}
                        </option>
                      ))}
                    </select>
                  </>
                }
              />
            ) : null}
          </div>
          <div className="generate-output">
            {run ? <RunView key={run.runId} runId={run.runId} templateName={run.templateName} version={run.version} /> : <EmptyRun />}
          </div>
        </div>
      )}
    </section>
  );
}

function EmptyRun() {
  return (
    <div className="card run-card run-empty">
      <h2>Conversation</h2>
      <p className="muted">Generate to watch the conversation appear here, turn by turn.</p>
    </div>
  );
}

function TemplateForm({
  templateId,
  onStarted,
  picker,
}: {
  templateId: Id<"promptTemplates">;
  onStarted: (runId: Id<"generationItems">, version: number) => void;
  picker: ReactNode;
}) {
  const version = useQuery(api.studio.templates.browse.getActiveVersion, {
    templateId,
  });
  const parsed = useMemo(() => (version ? parseTemplate(version.body, version.variables) : null), [version]);
  const [values, setValues] = useState<Record<string, VariableValue | string>>({});
  const onValues = useCallback((next: Record<string, VariableValue | string>) => setValues(next), []);
  const start = useStudioCall(useMutation(api.studio.generation.single.startSingleGeneration));
  const renders = useMemo(() => (parsed?.template ? renderSegments(parsed.template, values).ok : false), [parsed, values]);

  const disabledReason = !version || !parsed ? "Loading the template…" : !renders ? "Fix the values the preview can't render with." : null;
  return (
    <>
      <div className="card generate-pick">
        {picker}
        <div className="row generate-actions">
          <button
            type="button"
            className="primary inline"
            disabled={start.busy || disabledReason !== null}
            aria-describedby={disabledReason ? "gen-disabled" : undefined}
            onClick={async () => {
              const result = await start.run({ templateId, values });
              if (result && version) onStarted(result.runId, version.version);
            }}
          >
            {start.busy ? "Starting…" : "Generate conversation"}
          </button>
          {version ? (
            <span className="muted small-text">
              Live version v{version.version} · <span className="mono">{version.model ?? "default generation model"}</span>
            </span>
          ) : null}
        </div>
        {disabledReason ? (
          <p id="gen-disabled" className="hint">
            {disabledReason}
          </p>
        ) : null}
        <StudioError error={start.error} />
      </div>
      {version === null ? <p className="notice">This template has no live version.</p> : null}
      {version && parsed ? <PreviewPane key={templateId} template={parsed.template} variables={version.variables} onValuesChange={onValues} /> : null}
    </>
  );
}

export function RunView({ runId, templateName, version }: { runId: Id<"generationItems">; templateName?: string; version?: number }) {
  const run = useQuery(api.studio.generation.single.getGenerationRun, {
    runId,
  });
  const conversation = useQuery(api.studio.generation.conversations.getConversation, run?.conversationId ? { conversationId: run.conversationId } : "skip");
  const card = useRef<HTMLDivElement>(null);
  // On a narrow screen the run starts below the form: bring it into view once.
  useEffect(() => {
    const box = card.current?.getBoundingClientRect();
    if (box && box.top > window.innerHeight) card.current?.scrollIntoView?.({ block: "start" });
  }, []);
  if (run === undefined) {
    return (
      <div className="card run-card" ref={card}>
        <p className="muted">Starting…</p>
      </div>
    );
  }
  const live = run.status === "queued" || run.status === "running" || run.status === "retrying";
  return (
    <div className="card run-card" ref={card}>
      <div className="section-head">
        <h2>{run.framework ? `Conversation · ${run.framework}` : "Conversation"}</h2>
        <ItemStatusBadge status={run.status} />
      </div>
      <p className="run-status muted" role="status">
        {STATUS_TEXT[run.status]}
        {run.attempts > 1 ? ` Attempt ${run.attempts} of ${run.maxAttempts}.` : ""}
        {run.turns.length > 0 ? ` ${run.turns.length} ${run.turns.length === 1 ? "turn" : "turns"}${live ? " so far" : ""}.` : ""}
      </p>
      {run.errorClass && run.status !== "succeeded" ? (
        <p className={run.status === "failed" ? "error-notice studio-error" : "notice"}>
          <span className="code-tag">{run.errorClass}</span> {run.errorMessage}
        </p>
      ) : null}
      {run.turns.length > 0 || run.writing ? (
        <Transcript turns={run.turns} writing={run.writing} live={live} label="Generated conversation" />
      ) : live ? (
        <p className="muted run-waiting">Waiting for the first turn…</p>
      ) : null}
      {run.conversationId ? (
        <div className="run-stored">
          {conversation ? (
            <Provenance conversation={conversation} templateName={templateName} version={version} />
          ) : (
            <p className="muted">Cost so far {formatMoney(run.costMicros)}</p>
          )}
          <Link to={`/studio/conversations/${run.conversationId}`} className="stored-link">
            Open the stored conversation →
          </Link>
        </div>
      ) : null}
    </div>
  );
}
