import { useMutation, useQuery } from "convex/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { JUDGE_CRITERIA, type StoredQuality } from "../../../../convex/studio/quality/validators";
import { Link } from "../../../components/Link";
import { formatDateTime } from "../format";
import { Transcript } from "../generation/Transcript";
import { StudioError, useStudioCall } from "../StudioError";
import { CRITERION_LABEL, formatScore, JUDGE_LABEL, scoreBand, scoreText, STATUS_LABEL } from "./model";
import { ScoreBadge } from "./ScoreBadge";
import { isTyping, useModal } from "./useModal";

type ConversationId = Id<"generatedConversations">;

const CRITERIA = ["turnCount", "length", "structure", "confidence"] as const;

/**
 * One conversation's quality in a modal: a bar per criterion with what was
 * measured against the target, the judge's scores and rationales (or its
 * failure with the raw answer), the recommendations and the transcript.
 * ←/→ (or k/j) step through the list it was opened from; Esc closes.
 * Reviewers and admins may override the score with a reason.
 */
export function QualityDialog({
  conversationId,
  previousId: listPrevious,
  nextId: listNext,
  position,
  serverNeighbours = false,
  canOverride,
  onNavigate,
  onClose,
}: {
  conversationId: ConversationId;
  previousId?: ConversationId;
  nextId?: ConversationId;
  /** "3 of 25", when the conversation is in the list it was opened from. */
  position?: string;
  /** Opened outside a list: previous/next follow the whole list's score order, as the server reports it. */
  serverNeighbours?: boolean;
  canOverride: boolean;
  onNavigate: (id: ConversationId) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  // Closing returns focus to the score of the conversation shown last, so the place in the list is kept.
  const returnFocus = useRef<(() => HTMLElement | null) | null>(null);
  useEffect(() => {
    returnFocus.current = () => document.querySelector<HTMLElement>(`[data-score-button="${conversationId}"]`);
  }, [conversationId]);
  const onTrapKeys = useModal(box, onClose, { returnFocus });
  const details = useQuery(api.studio.quality.conversations.getQualityDetails, { conversationId });
  const previousId = serverNeighbours ? details?.neighbours.previousId : listPrevious;
  const nextId = serverNeighbours ? details?.neighbours.nextId : listNext;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    onTrapKeys(event);
    if (event.defaultPrevented || event.key === "Escape" || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    const previous = event.key === "ArrowLeft" || event.key === "k";
    const next = event.key === "ArrowRight" || event.key === "j";
    const target = previous ? previousId : next ? nextId : undefined;
    if (!target) return;
    event.preventDefault();
    onNavigate(target);
    box.current?.focus();
  }

  const c = details?.conversation;
  const quality = details?.quality ?? null;
  const judge = details?.judge ?? null;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className="dialog card quality-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-conversation={conversationId}
      >
        <div className="quality-head">
          <div>
            <h2 id={titleId}>Quality details{c ? ` · ${c.framework}` : ""}</h2>
            <p className="muted quality-sub">
              {position ? `${position} · ` : ""}
              <span aria-hidden="true">←/→ or k/j: previous/next · Esc: close</span>
            </p>
          </div>
          <div className="quality-nav" role="group" aria-label="Conversations">
            <button type="button" className="small" disabled={!previousId} onClick={() => previousId && onNavigate(previousId)} aria-keyshortcuts="ArrowLeft">
              ← Previous
            </button>
            <button type="button" className="small" disabled={!nextId} onClick={() => nextId && onNavigate(nextId)} aria-keyshortcuts="ArrowRight">
              Next →
            </button>
            <button type="button" className="small" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
        {details === undefined || !c ? (
          <p className="muted" role="status">
            Loading the quality report…
          </p>
        ) : (
          <div className="quality-body">
            <p className="visually-hidden" role="status">
              {position ? `Conversation ${position}. ` : ""}
              {c.score !== undefined ? `Score ${scoreText(c.score)}.` : "Not scored."} {STATUS_LABEL[c.status]}.
            </p>
            <div className="quality-summary">
              <ScoreBadge score={c.score} />
              <span className={`badge status-badge status-${c.status}`}>{STATUS_LABEL[c.status]}</span>
              {quality ? <span className="muted">Threshold {formatScore(quality.threshold)} · confidence {quality.confidence}</span> : null}
              <span className="muted">
                {details.provenance.templateName ?? "Template"}
                {details.provenance.version !== undefined ? ` v${details.provenance.version}` : ""}
                {details.provenance.batchName ? ` · batch ${details.provenance.batchName}` : ""} · {formatDateTime(c.createdAt)}
              </span>
            </div>
            {quality?.override ? (
              <p className="notice override-note" data-testid="override-note">
                Score overridden to <strong>{formatScore(quality.override.score)}</strong> (the scorer gave {formatScore(quality.overall)}) by{" "}
                <OverrideBy userId={quality.override.by} email={details.overriddenBy} /> on {formatDateTime(quality.override.at)}: “{quality.override.reason}”
              </p>
            ) : null}

            <section aria-labelledby={`${titleId}-criteria`}>
              <h3 id={`${titleId}-criteria`}>Criteria</h3>
              {quality ? (
                <CriteriaBars criteria={quality.criteria} />
              ) : (
                <p className="muted">This conversation has not been scored.</p>
              )}
            </section>

            <section aria-labelledby={`${titleId}-judge`}>
              <h3 id={`${titleId}-judge`}>
                Model judge{judge?.overall !== undefined ? <span className="muted"> · overall {formatScore(judge.overall)} / 10</span> : null}
              </h3>
              {judge === null ? (
                <p className="muted">Not judged: only tests and sampled conversations go to the judge.</p>
              ) : judge.status === "pending" ? (
                <p className="muted">The judge is still reading this conversation…</p>
              ) : judge.status === "failed" ? (
                <div className="judge-failed" data-testid="judge-failed">
                  <p className="error-notice">The judge failed{judge.error ? `: ${judge.error}` : "."}</p>
                  {judge.raw ? (
                    <>
                      <p className="muted small-text">What it answered:</p>
                      <pre className="judge-raw" tabIndex={0} aria-label="The judge's raw answer">
                        {judge.raw}
                      </pre>
                    </>
                  ) : null}
                </div>
              ) : (
                <table className="table judge-table">
                  <caption className="visually-hidden">The judge's scores (1–5) and rationales</caption>
                  <thead>
                    <tr>
                      <th scope="col">Criterion</th>
                      <th scope="col" className="num">
                        Score
                      </th>
                      <th scope="col">Rationale</th>
                    </tr>
                  </thead>
                  <tbody>
                    {JUDGE_CRITERIA.map((key) => (
                      <tr key={key}>
                        <th scope="row">{JUDGE_LABEL[key]}</th>
                        <td className="num nowrap">{judge.scores ? `${judge.scores[key]} / 5` : "—"}</td>
                        <td>{judge.rationales?.[key] ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby={`${titleId}-recs`}>
              <h3 id={`${titleId}-recs`}>Recommendations</h3>
              {quality && quality.recommendations.length > 0 ? (
                <ul className="recommendations">
                  {quality.recommendations.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              ) : (
                <p className="muted">None: the scorer's checks all passed.</p>
              )}
              {quality && quality.flags.length > 0 ? (
                <p className="flag-list">
                  {quality.flags.map((f) => (
                    <span key={f} className="badge flag-badge">
                      {f.replace(/_/g, " ")}
                    </span>
                  ))}
                </p>
              ) : null}
            </section>

            {canOverride && quality && c.pool !== "test" ? <OverrideForm key={conversationId} conversationId={conversationId} current={c.score} /> : null}

            <section aria-labelledby={`${titleId}-transcript`}>
              <h3 id={`${titleId}-transcript`}>Transcript · {c.turns.length} turns</h3>
              <Transcript turns={c.turns} label="Transcript" />
              <Link to={`/studio/conversations/${conversationId}`} className="small-text">
                Open the conversation page →
              </Link>
            </section>
          </div>
        )}
      </div>
    </div>
  );
}

function OverrideBy({ userId, email }: { userId: Id<"users">; email: string | null }) {
  const me = useQuery(api.users.account.me);
  return <strong>{me && me._id === userId ? "you" : (email ?? "a former reviewer")}</strong>;
}

function OverrideForm({ conversationId, current }: { conversationId: ConversationId; current: number | undefined }) {
  const id = useId();
  const [score, setScore] = useState(current === undefined ? "" : formatScore(current));
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const override = useStudioCall(useMutation(api.studio.quality.conversations.overrideScore));
  const tooShort = reason.trim().length < 10;
  return (
    <section aria-labelledby={`${id}-title`} className="override-form">
      <h3 id={`${id}-title`}>Override the score</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          void override.run({ conversationId, score: Number(score.replace(",", ".")), reason }).then((r) => {
            if (r) {
              setDone(`Saved: ${formatScore(r.score)}, ${STATUS_LABEL[r.status].toLowerCase()}.`);
            }
          });
        }}
      >
        <div className="override-fields">
          <div>
            <label htmlFor={`${id}-score`}>New score (0–10)</label>
            <input id={`${id}-score`} type="number" min={0} max={10} step={0.1} value={score} onChange={(e) => setScore(e.target.value)} />
          </div>
          <div className="override-reason">
            <label htmlFor={`${id}-reason`}>Reason (at least 10 characters)</label>
            <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${id}-hint`} />
          </div>
        </div>
        <p id={`${id}-hint`} className="hint">
          The override replaces the score in lists, status and the template's average; the scorer's own stays on the report. It is audited.
        </p>
        <button type="submit" className="primary inline" disabled={override.busy || tooShort || score.trim() === ""}>
          {override.busy ? "Saving…" : "Save override"}
        </button>
        {done ? (
          <span role="status" className="muted override-done">
            {" "}
            {done}
          </span>
        ) : null}
        <StudioError error={override.error} />
      </form>
    </section>
  );
}

type Criteria = StoredQuality["criteria"];

/** A bar per criterion: its score in its band's colour, what was measured and the target. */
export function CriteriaBars({ criteria }: { criteria: Criteria }) {
  return (
    <ul className="criteria-bars">
      {CRITERIA.map((key) => {
        const criterion = criteria[key];
        return (
          <li key={key} className="criterion" data-criterion={key}>
            <div className="criterion-head">
              <span className="criterion-name">{CRITERION_LABEL[key]}</span>
              <span className="muted small-text">weight {Math.round(criterion.weight * 100)} %</span>
              <ScoreBadge score={criterion.score} />
            </div>
            <div className="criterion-bar" aria-hidden="true">
              <span className={`criterion-fill score-fill-${scoreBand(criterion.score)}`} style={{ width: `${criterion.score * 10}%` }} />
            </div>
            <p className="criterion-measure">
              Measured <strong>{criterion.measured}</strong> · target {criterion.target}
            </p>
            {criterion.details.length > 0 ? (
              <ul className="criterion-details">
                {criterion.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
