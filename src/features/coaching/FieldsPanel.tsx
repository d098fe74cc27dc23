import { useEffect, useId, useState } from "react";
import { normaliseProblem, problemLabel } from "./fieldProblems";
import type { SessionView } from "./types";

type Step = SessionView["steps"][number];
type Field = Step["fields"][number];

/** Values longer than this are clamped to a few lines with "Show more". */
const CLAMP_CHARS = 140;

function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(show).join("; ");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-12-04" as "4 December 2026", read as a calendar date (no time zone shift). */
function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function Value({ value }: { value: unknown }) {
  if (typeof value === "string" && ISO_DATE.test(value)) {
    return (
      <div className="field-value">
        <time dateTime={value}>{formatDate(value)}</time>
      </div>
    );
  }
  return <TextValue value={value} />;
}

function TextValue({ value }: { value: unknown }) {
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const items = Array.isArray(value) ? value.map(show) : null;
  const text = items ? items.join("; ") : show(value);
  const long = text.length > CLAMP_CHARS || (items?.length ?? 0) > 3;
  const body = items ? (
    <ul className="field-list">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  ) : (
    <span>{text}</span>
  );
  if (!long) return <div className="field-value">{body}</div>;
  return (
    <>
      <div id={id} className={expanded ? "field-value" : "field-value clamped"}>
        {body}
      </div>
      <button type="button" className="link-button show-more" aria-expanded={expanded} aria-controls={id} onClick={() => setExpanded(!expanded)}>
        {expanded ? "Show less" : "Show more"}
      </button>
    </>
  );
}

function FieldRow({ field }: { field: Field }) {
  const captured = field.value !== undefined;
  const problem = normaliseProblem(field.problem);
  // "missing" is already said by the empty value, and is stale once a value exists.
  const shown = problem && problem.kind !== "missing" ? problem : null;
  return (
    <div className={`field ${captured ? "captured" : "missing"}${shown ? ` problem-${shown.kind}` : ""}`} data-field={field.name}>
      <dt title={field.description}>
        {field.label}
        {field.required ? <span className="muted"> *</span> : null}
      </dt>
      <dd>
        {captured ? <Value value={field.value} /> : null}
        {shown ? (
          <span className="problem" data-kind={shown.kind}>
            {problemLabel(shown)}
          </span>
        ) : !captured ? (
          field.required ? (
            <span className="missing-mark">Missing</span>
          ) : (
            <span className="muted">
              <span aria-hidden="true">—</span>
              <span className="visually-hidden">Not given (optional)</span>
            </span>
          )
        ) : null}
      </dd>
    </div>
  );
}

function StepFields({ step }: { step: Step }) {
  const captured = step.fields.filter((f) => f.value !== undefined).length;
  return (
    <details className={`step-fields step-fields-${step.state}`} open={step.state === "current"} data-testid={`fields-${step.id}`}>
      <summary>
        <span className="step-fields-name">{step.name}</span>
        <span className="muted">
          {" "}
          {captured}/{step.fields.length}
          {step.state === "done" ? " · done" : step.state === "current" ? " · now" : ""}
        </span>
      </summary>
      <dl>
        {step.fields.map((field) => (
          <FieldRow key={field.name} field={field} />
        ))}
      </dl>
    </details>
  );
}

const NARROW = "(max-width: 760px)";

/** On a phone the panel starts folded, so the conversation keeps the screen. */
function wideScreen(): boolean {
  return typeof window === "undefined" || typeof window.matchMedia !== "function" || !window.matchMedia(NARROW).matches;
}

/** Folds the panel when the window becomes narrow (a phone turned upright), opens it when wide. */
function useFoldOnNarrow(setOpen: (open: boolean) => void) {
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia(NARROW);
    const onChange = () => setOpen(!query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, [setOpen]);
}

/** What the coach has captured, grouped by step; the current step is open. */
export function FieldsPanel({ steps }: { steps: SessionView["steps"] }) {
  const [open, setOpen] = useState(wideScreen);
  useFoldOnNarrow(setOpen);
  const reached = steps.filter((step) => step.state !== "upcoming");
  const captured = reached.reduce((n, step) => n + step.fields.filter((f) => f.value !== undefined).length, 0);
  return (
    <details className="fields-panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="fields-panel">
      <summary>
        <h2 id="fields-title">Captured so far</h2> <span className="muted">({captured})</span>
      </summary>
      {reached.length === 0 ? <p className="muted">Nothing yet.</p> : reached.map((step) => <StepFields key={step.id} step={step} />)}
    </details>
  );
}
