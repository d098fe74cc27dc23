import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useEffect, useRef, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { Link } from "../../../components/Link";
import { useCallState } from "../../../hooks/useCallState";
import { describeError, type DisplayError } from "../../../lib/errors";
import { StudioError } from "../StudioError";
import { formatDateTime } from "../format";
import { summariseValues } from "../generation/model";
import { editsFromDrafts, formatClock, REASON_LABELS } from "./model";
import { RejectPicker } from "./RejectPicker";
import { ScoreBadge } from "./ScoreBadge";
import { useShortcuts } from "./useShortcuts";

type Item = FunctionReturnType<typeof api.studio.review.queue.getReviewItem>;

/** Leases run ten minutes; renewing at five keeps one alive with room for a slow network. */
export const RENEW_MS = 5 * 60_000;

const ROLE_LABEL = { client: "Client", coach: "Coach" } as const;
const JUDGE_LABELS: Record<string, string> = {
  frameworkFidelity: "Framework fidelity",
  asksRatherThanTells: "Asks rather than tells",
  empathy: "Empathy",
  clientRealism: "Client realism",
  safety: "Safety",
};

/**
 * Holds the caller's lease on a pending conversation while it is open:
 * claimed on open, renewed every RENEW_MS, released on leaving. Someone
 * else's lease comes back as the server's CONFLICT, naming them and the time.
 */
function useLease(conversationId: Id<"generatedConversations">, pending: boolean) {
  const claim = useMutation(api.studio.review.queue.claimForReview);
  const release = useMutation(api.studio.review.queue.releaseClaim);
  const [until, setUntil] = useState<number | null>(null);
  const [conflict, setConflict] = useState<DisplayError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!pending) return;
    let active = true;
    let held = false;
    const take = async () => {
      try {
        const result = await claim({ conversationId });
        held = true;
        if (active) {
          setUntil(result.leaseUntil);
          setConflict(null);
        }
      } catch (caught) {
        if (active) {
          setUntil(null);
          setConflict(describeError(caught));
        }
      }
    };
    void take();
    const timer = setInterval(() => void take(), RENEW_MS);
    // Closing the tab gives the item back too (best effort: the lease also ends by time alone).
    const onPageHide = () => {
      if (held) void release({ conversationId }).catch(() => undefined);
    };
    window.addEventListener("pagehide", onPageHide);
    return () => {
      active = false;
      clearInterval(timer);
      window.removeEventListener("pagehide", onPageHide);
      setUntil(null);
      setConflict(null);
      // A verdict has already released it; releasing what one doesn't hold changes nothing.
      if (held) void release({ conversationId }).catch(() => undefined);
    };
  }, [conversationId, pending, attempt, claim, release]);

  return { until, conflict, retry: () => setAttempt((n) => n + 1) };
}

/** The open item: transcript, scores, judge, duplicate notice, provenance, and the verdicts. */
export function ReviewItem({
  conversationId,
  shortcuts,
  canGenerate,
}: {
  conversationId: Id<"generatedConversations">;
  shortcuts: boolean;
  canGenerate: boolean;
}) {
  const item = useQuery(api.studio.review.queue.getReviewItem, { conversationId });
  const pending = item?.reviewStatus === "pending";
  const lease = useLease(conversationId, pending);
  const approve = useCallState(useMutation(api.studio.review.verdicts.approve));
  const reject = useCallState(useMutation(api.studio.review.verdicts.reject));
  const revise = useCallState(useMutation(api.studio.review.verdicts.revise));
  const [mode, setMode] = useState<"view" | "reject" | "edit">("view");
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const [editProblem, setEditProblem] = useState<{ message: string; turnIndex?: number } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstEditor = useRef<HTMLTextAreaElement>(null);

  const blocked = lease.conflict !== null;
  const canAct = pending && !blocked;
  const busy = approve.busy || reject.busy || revise.busy;

  useEffect(() => {
    if (mode === "edit") firstEditor.current?.focus();
  }, [mode]);

  function backToView() {
    setMode("view");
    setDrafts({});
    setEditProblem(null);
    reject.clear();
    revise.clear();
    heading.current?.focus();
  }

  async function doApprove() {
    if (!canAct || busy) return;
    if (await approve.run({ conversationId })) heading.current?.focus();
  }

  function startEdit() {
    if (!canAct || item === undefined) return;
    setDrafts(Object.fromEntries(item.turns.map((t, i) => [i, t.text])));
    setEditProblem(null);
    setMode("edit");
  }

  async function saveEdits() {
    if (item === undefined) return;
    const built = editsFromDrafts(item.turns, drafts);
    if (!built.ok) {
      setEditProblem(built);
      return;
    }
    setEditProblem(null);
    if (await revise.run({ conversationId, edits: built.edits })) backToView();
  }

  useShortcuts(
    {
      approve: () => void doApprove(),
      reject: () => canAct && setMode("reject"),
      edit: startEdit,
      cancel: () => mode !== "view" && backToView(),
    },
    shortcuts,
  );

  if (item === undefined) return <div className="card review-item" aria-busy="true"><p className="muted">Loading the conversation…</p></div>;

  const judge = item.judge;
  const threshold = item.quality?.threshold;
  const judgeKeeps = judge?.status === "done" && judge.overall !== undefined && threshold !== undefined ? judge.overall >= threshold : undefined;
  const scorerKeeps = item.quality && threshold !== undefined ? item.quality.overall >= threshold : undefined;
  const disagree = judgeKeeps !== undefined && scorerKeeps !== undefined && judgeKeeps !== scorerKeeps;
  const editedTurns = new Set((item.revisions ?? []).flatMap((r) => r.edits.map((e) => e.turnIndex)));

  return (
    <article className="review-item" aria-labelledby="review-item-title">
      <div className="card review-item-head">
        <div className="review-item-title-row">
          <h2 id="review-item-title" ref={heading} tabIndex={-1}>
            {item.framework} · {item.templateName ?? "Template"}
          </h2>
          <ScoreBadge score={item.score} threshold={threshold} />
        </div>
        <LeaseLine pending={pending} until={lease.until} conflict={lease.conflict} onRetry={lease.retry} />
        {item.duplicateOf ? (
          <p className="notice review-duplicate" role="note">
            Near-duplicate of{" "}
            <Link to={`/studio/review/${item.duplicateOf}`}>an earlier conversation</Link>
            {item.duplicateSimilarity !== undefined ? ` (${Math.round(item.duplicateSimilarity * 100)} % similar)` : ""}. Exports leave it out unless asked.
          </p>
        ) : null}
        {item.status === "needs_revision" ? (
          <p className="notice review-needs">
            Needs revision{item.quality?.reasons.length ? `: ${item.quality.reasons.join(" ")}` : "."}
          </p>
        ) : null}
        {pending ? (
          <VerdictBar mode={mode} canAct={canAct} busy={busy} onApprove={() => void doApprove()} onReject={() => setMode("reject")} onEdit={startEdit} />
        ) : (
          <VerdictSummary item={item} />
        )}
        <StudioError error={approve.error} />
      </div>

      {mode === "reject" && canAct ? (
        <RejectPicker
          busy={reject.busy}
          error={reject.error}
          onCancel={backToView}
          onSubmit={(args) =>
            void reject.run({ conversationId, ...args }).then((done) => {
              if (done) backToView();
            })
          }
        />
      ) : null}

      <div className="review-item-body">
        <section className="card review-transcript" aria-labelledby="review-transcript-title">
          <div className="review-transcript-head">
            <h3 id="review-transcript-title" className="card-title">
              Transcript · {item.turns.length} turns
            </h3>
            {mode === "edit" ? <span className="badge review-editing">Editing</span> : null}
          </div>
          {mode === "edit" ? (
            <form
              className="review-edit"
              onSubmit={(e) => {
                e.preventDefault();
                void saveEdits();
              }}
            >
              <ol className="gen-transcript review-turns">
                {item.turns.map((turn, i) => (
                  <li key={i} className={`gen-turn gen-turn-${turn.role} review-turn-editing${(drafts[i] ?? turn.text).trim() !== turn.text ? " review-turn-changed" : ""}`}>
                    <label htmlFor={`turn-edit-${i}`} className="gen-turn-role">
                      Turn {i + 1} · {ROLE_LABEL[turn.role]}
                    </label>
                    <textarea
                      id={`turn-edit-${i}`}
                      ref={i === 0 ? firstEditor : undefined}
                      rows={Math.min(10, Math.max(2, Math.ceil(turn.text.length / 55)))}
                      value={drafts[i] ?? turn.text}
                      onChange={(e) => setDrafts((d) => ({ ...d, [i]: e.target.value }))}
                      onKeyDown={(e) => {
                        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                          e.preventDefault();
                          void saveEdits();
                        }
                      }}
                      aria-invalid={editProblem?.turnIndex === i || undefined}
                    />
                  </li>
                ))}
              </ol>
              {editProblem ? (
                <p className="error-notice studio-error" role="alert">
                  {editProblem.message}
                </p>
              ) : null}
              <StudioError error={revise.error} />
              <div className="review-actions review-edit-actions">
                <button type="submit" className="primary inline" disabled={revise.busy}>
                  {revise.busy ? "Saving…" : "Save edits and approve"}
                </button>
                <button type="button" onClick={backToView}>
                  Cancel <kbd>Esc</kbd>
                </button>
                <span className="hint">
                  <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves
                </span>
              </div>
            </form>
          ) : (
            <ol className="gen-transcript review-turns" aria-label="Conversation">
              {item.turns.map((turn, i) => (
                <TurnView key={i} index={i} role={turn.role} text={turn.text} original={editedTurns.has(i) ? item.originalTurns?.[i]?.text : undefined} />
              ))}
            </ol>
          )}
        </section>

        <aside className="review-side" aria-label="Scores and provenance">
          <section className="card" aria-labelledby="review-quality-title">
            <h3 id="review-quality-title" className="card-title">
              Quality
            </h3>
            <dl className="review-figures">
              <div>
                <dt>Scorer</dt>
                <dd>
                  <ScoreBadge score={item.quality?.overall} threshold={threshold} label="Scorer" /> {scorerKeeps === undefined ? null : <span className="muted">{scorerKeeps ? "keep" : "drop"}</span>}
                </dd>
              </div>
              {item.quality?.override ? (
                <div>
                  <dt>Override</dt>
                  <dd>
                    {item.quality.override.score.toFixed(1)} — {item.quality.override.reason}
                  </dd>
                </div>
              ) : null}
              <div>
                <dt>Judge</dt>
                <dd>
                  {judge === null ? (
                    <span className="muted">Not judged</span>
                  ) : judge.status === "pending" ? (
                    <span className="muted">Judging…</span>
                  ) : judge.status === "failed" ? (
                    <span className="error-text">Failed{judge.error ? `: ${judge.error}` : ""}</span>
                  ) : (
                    <>
                      <ScoreBadge score={judge.overall} threshold={threshold} label="Judge" /> {judgeKeeps === undefined ? null : <span className="muted">{judgeKeeps ? "keep" : "drop"}</span>}
                    </>
                  )}
                </dd>
              </div>
              <div>
                <dt>Threshold</dt>
                <dd>{threshold ?? "—"}</dd>
              </div>
            </dl>
            {disagree ? <p className="notice review-disagree">Scorer and judge disagree: a second pair of eyes matters here.</p> : null}
            {judge?.status === "done" && judge.scores ? (
              <details className="review-judge">
                <summary>Judge's rubric</summary>
                <dl>
                  {Object.entries(judge.scores).map(([key, value]) => (
                    <div key={key}>
                      <dt>
                        {JUDGE_LABELS[key] ?? key}: {value}/5
                      </dt>
                      <dd>{judge.rationales?.[key as keyof typeof judge.rationales] ?? ""}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : null}
            {item.quality && item.quality.flags.length > 0 ? (
              <ul className="review-flags" aria-label="Scorer flags">
                {item.quality.flags.map((flag) => (
                  <li key={flag} className="badge">
                    {flag.replace(/_/g, " ")}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
          <section className="card" aria-labelledby="review-provenance-title">
            <h3 id="review-provenance-title" className="card-title">
              Provenance
            </h3>
            <dl className="provenance review-provenance">
              <div>
                <dt>Template</dt>
                <dd>{item.templateName ?? "—"}</dd>
              </div>
              <div>
                <dt>Model</dt>
                <dd className="mono">{item.model}</dd>
              </div>
              <div>
                <dt>Batch</dt>
                <dd>{item.batchId ? canGenerate ? <Link to={`/studio/batches/${item.batchId}`}>Open batch</Link> : "Part of a batch" : "Single run"}</dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>{formatDateTime(item.createdAt)}</dd>
              </div>
              <div className="review-values">
                <dt>Values</dt>
                <dd>{summariseValues(item.values, 6) || "—"}</dd>
              </div>
            </dl>
            <p className="review-more">
              <Link to={`/studio/conversations/${item._id}`}>Tokens, cost and attempts →</Link>
            </p>
          </section>
        </aside>
      </div>
    </article>
  );
}

function LeaseLine({ pending, until, conflict, onRetry }: { pending: boolean; until: number | null; conflict: DisplayError | null; onRetry: () => void }) {
  if (!pending) return null;
  if (conflict) {
    return (
      <div className="review-lease review-lease-conflict" role="alert">
        <span>
          <span className="code-tag">{conflict.code}</span> {conflict.message}
        </span>
        <button type="button" className="small" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <p className="review-lease" role="status">
      {until === null ? "Claiming…" : <>Reviewing — lease until {formatClock(until)} <span className="muted">(renewed while open)</span></>}
    </p>
  );
}

function VerdictBar({ mode, canAct, busy, onApprove, onReject, onEdit }: { mode: string; canAct: boolean; busy: boolean; onApprove: () => void; onReject: () => void; onEdit: () => void }) {
  return (
    <div className="review-actions verdict-bar" role="group" aria-label="Verdict">
      <button type="button" className="primary inline" disabled={!canAct || busy || mode !== "view"} onClick={onApprove} aria-keyshortcuts="a">
        Approve <kbd>a</kbd>
      </button>
      <button type="button" className="danger" disabled={!canAct || busy || mode !== "view"} onClick={onReject} aria-keyshortcuts="r">
        Reject… <kbd>r</kbd>
      </button>
      <button type="button" disabled={!canAct || busy || mode !== "view"} onClick={onEdit} aria-keyshortcuts="e">
        Edit turns <kbd>e</kbd>
      </button>
    </div>
  );
}

function VerdictSummary({ item }: { item: Item }) {
  const who = item.reviewedByName ?? "a reviewer";
  const when = item.reviewedAt ? formatDateTime(item.reviewedAt) : "";
  const edits = item.revisions?.reduce((n, r) => n + r.edits.length, 0) ?? 0;
  const verdict = item.verdict ?? (item.reviewStatus === "rejected" ? "rejected" : "approved");
  return (
    <div className={`review-verdict review-verdict-${verdict}`} role="status" data-testid="review-verdict">
      <strong>
        {verdict === "approved" ? "Approved" : verdict === "revised" ? `Revised (${edits} ${edits === 1 ? "turn" : "turns"} edited) and approved` : "Rejected"}
      </strong>{" "}
      by {who}
      {when ? ` · ${when}` : ""}
      {verdict === "rejected" && item.rejectReason ? (
        <p className="review-verdict-reason">
          Reason: {REASON_LABELS[item.rejectReason].label}
          {item.reviewNote ? ` — “${item.reviewNote}”` : ""}
        </p>
      ) : null}
    </div>
  );
}

function TurnView({ index, role, text, original }: { index: number; role: "client" | "coach"; text: string; original?: string }) {
  const [showOriginal, setShowOriginal] = useState(false);
  return (
    <li className={`gen-turn gen-turn-${role}${original !== undefined ? " review-turn-edited" : ""}`} data-testid="review-turn">
      <span className="gen-turn-role">
        {ROLE_LABEL[role]}
        {original !== undefined ? <span className="badge review-edited-badge">{showOriginal ? "original" : "edited"}</span> : null}
      </span>
      <p className="gen-turn-text">{showOriginal && original !== undefined ? original : text}</p>
      {original !== undefined ? (
        <button type="button" className="link-button review-original-toggle" aria-pressed={showOriginal} onClick={() => setShowOriginal((s) => !s)}>
          Show original (turn {index + 1})
        </button>
      ) : null}
    </li>
  );
}
