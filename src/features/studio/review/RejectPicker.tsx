import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { DisplayError } from "../../../lib/errors";
import { StudioError } from "../StudioError";
import { checkReasonChoice, REASON_LABELS, REJECT_REASONS, type ReasonProblem, type RejectReason } from "./model";

/**
 * The reasons for a rejection as a radio group, with a note (required for
 * "other"). Focus lands on the first reason; arrow keys choose, Tab reaches
 * the note and the Reject button, Esc (handled by the page) cancels.
 */
export function RejectPicker({
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  busy: boolean;
  error: DisplayError | null;
  onSubmit: (args: { reason: RejectReason; note?: string }) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState<RejectReason | null>(null);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<ReasonProblem | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => {
    first.current?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkReasonChoice(reason, note);
    if (!checked.ok) {
      setProblem(checked.problem);
      if (checked.problem.field === "note") noteRef.current?.focus();
      else first.current?.focus();
      return;
    }
    setProblem(null);
    onSubmit(checked.args);
  }

  const noteRequired = reason === "other";
  return (
    <form className="reject-picker card" onSubmit={submit} aria-label="Reject this conversation" noValidate>
      <fieldset aria-describedby={problem?.field === "reason" ? `${id}-problem` : undefined}>
        <legend>Why reject it?</legend>
        <div className="reason-grid">
          {REJECT_REASONS.map((r, i) => (
            <label key={r} className={`reason-option${reason === r ? " reason-chosen" : ""}`}>
              <input
                ref={i === 0 ? first : undefined}
                type="radio"
                name={`${id}-reason`}
                value={r}
                checked={reason === r}
                onChange={() => {
                  setReason(r);
                  setProblem(null);
                }}
              />
              <span>
                <span className="reason-label">{REASON_LABELS[r].label}</span>
                <span className="reason-hint">{REASON_LABELS[r].hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label htmlFor={`${id}-note`} className="reject-note-label">
        Note {noteRequired ? <span className="required">(required for “Other”)</span> : <span className="muted">(optional)</span>}
      </label>
      <textarea
        id={`${id}-note`}
        ref={noteRef}
        rows={2}
        value={note}
        onChange={(e) => {
          setNote(e.target.value);
          setProblem(null);
        }}
        aria-required={noteRequired}
        aria-invalid={problem?.field === "note" || undefined}
        aria-describedby={problem?.field === "note" ? `${id}-problem` : undefined}
      />
      {problem ? (
        <p className="error-notice studio-error" role="alert" id={`${id}-problem`}>
          {problem.message}
        </p>
      ) : null}
      <StudioError error={error} />
      <div className="review-actions">
        <button type="submit" className="danger-solid" disabled={busy}>
          {busy ? "Rejecting…" : "Reject"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
