import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { FrameworkId } from "../../../../convex/coaching/tables";
import type { Id } from "../../../../convex/_generated/dataModel";
import { Link } from "../../../components/Link";
import { useCallState } from "../../../hooks/useCallState";
import { navigate } from "../../../lib/router";
import { ConfirmDialog } from "../ConfirmDialog";
import { StudioError } from "../StudioError";
import { useReviewUi } from "./filters";
import { checkReasonChoice, filterArgs, formatPercent, neighbour, REASON_LABELS, REJECT_REASONS, SHORTCUTS, type RejectReason } from "./model";
import { ReviewItem } from "./ReviewItem";
import { ScoreBadge } from "./ScoreBadge";
import { useShortcuts } from "./useShortcuts";
import { BatchSelect, FilterSelect } from "../FilterSelect";

const PAGE_SIZE = 30;
/** The coaching frameworks (convex/coaching/tables.ts), listed here so the SPA doesn't bundle table definitions. */
const FRAMEWORK_IDS: readonly FrameworkId[] = ["GROW", "CLEAR", "COMPASS", "POWER_INTEREST_GRID", "PSYCHOLOGICAL_SAFETY", "EXECUTIVE_PRESENCE"];

type QueueFilter = {
  batchId?: Id<"generationBatches">;
  templateId?: Id<"promptTemplates">;
  framework?: string;
  minScore?: number;
  maxScore?: number;
};

/**
 * /studio/review[/:id] — the queue on the left (filtered by batch, template,
 * framework and score range; look-first items on top), the open item on the
 * right. Single-key shortcuts drive it without a mouse; a legend shows them.
 */
export function ReviewPage({ selectedId, canGenerate }: { selectedId: Id<"generatedConversations"> | null; canGenerate: boolean }) {
  const { filter: draft, setFilter, resetFilter, legend, toggleLegend } = useReviewUi();
  const filter = filterArgs(draft) as QueueFilter;
  const queue = usePaginatedQuery(api.studio.review.queue.listReviewQueue, filter, { initialNumItems: PAGE_SIZE });
  const templates = useQuery(api.studio.templates.browse.listTemplates, { paginationOpts: { numItems: 100, cursor: null }, sort: "name", order: "asc" });
  // Someone else's lease marks a row; one's own doesn't.
  const me = useQuery(api.users.account.me);
  const [bulk, setBulk] = useState<"approved" | "rejected" | null>(null);
  const [jobId, setJobId] = useState<Id<"reviewBulkJobs"> | null>(null);

  const templateNames = useMemo(() => new Map((templates?.page ?? []).map((t) => [t._id as string, t.name])), [templates]);
  const ids = queue.results.map((row) => row._id as string);
  const lastIndex = useRef(0);
  const at = selectedId === null ? -1 : ids.indexOf(selectedId);
  useEffect(() => {
    if (at >= 0) lastIndex.current = at;
  }, [at]);

  // Frameworks on offer: the known ones plus any the queue shows (the model names the framework it followed).
  const frameworks = [...new Set([...FRAMEWORK_IDS, ...queue.results.map((r) => r.framework), ...(draft.framework ? [draft.framework] : [])])];

  function go(step: 1 | -1) {
    const next = neighbour(ids, selectedId, lastIndex.current, step);
    if (next !== null && next !== selectedId) navigate(`/studio/review/${next}`);
    else if (step === 1 && next === null && queue.status === "CanLoadMore") queue.loadMore(PAGE_SIZE);
  }
  // A page can come back short (the one ending the look-first bucket is), and
  // near the end of what is loaded j needs the next: fetch on until the list is full.
  const { status, loadMore } = queue;
  useEffect(() => {
    if (status !== "CanLoadMore") return;
    if (ids.length < PAGE_SIZE || (at >= 0 && at >= ids.length - 3)) loadMore(PAGE_SIZE);
  }, [at, ids.length, status, loadMore]);

  const dialogOpen = bulk !== null;
  useShortcuts({ next: () => go(1), previous: () => go(-1), legend: toggleLegend }, !dialogOpen);

  // Keep the open row in view as j/k move through a long list.
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-current="page"]')?.scrollIntoView?.({ block: "nearest" });
  }, [selectedId, ids.length]);

  const filtered = Object.keys(filter).length > 0;
  return (
    <section className={`review-page${selectedId ? " review-has-item" : ""}`} aria-labelledby="review-title">
      <div className="review-top">
        <div>
          <h1 id="review-title">Review</h1>
          <p className="muted page-sub">Needs-revision items and scorer/judge disagreements first, then the lowest scores. Opening an item reserves it for you for ten minutes.</p>
        </div>
        <div className="review-top-actions">
          <CalibrationChip />
          <button type="button" className="small" onClick={toggleLegend} aria-expanded={legend} aria-controls="review-legend">
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
      </div>

      {legend ? (
        <aside id="review-legend" className="review-legend" aria-label="Keyboard shortcuts">
          <ul>
            {SHORTCUTS.map((s) => (
              <li key={s.keys}>
                <kbd>{s.keys}</kbd> {s.label}
              </li>
            ))}
          </ul>
        </aside>
      ) : null}

      <form className="review-filters card" role="search" aria-label="Queue filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="rf-batch">Batch</label>
          <BatchSelect id="rf-batch" value={draft.batchId} onChange={(batchId) => setFilter({ batchId })} />
        </div>
        <div>
          <label htmlFor="rf-template">Template</label>
          <FilterSelect id="rf-template" value={draft.templateId} onChange={(templateId) => setFilter({ templateId })} allLabel="All templates" options={templates?.page ?? []} />
        </div>
        <div>
          <label htmlFor="rf-framework">Framework</label>
          <select id="rf-framework" value={draft.framework} onChange={(e) => setFilter({ framework: e.target.value })}>
            <option value="">All frameworks</option>
            {frameworks.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="review-range">
          <legend>Score</legend>
          <label htmlFor="rf-min" className="visually-hidden">
            Lowest score
          </label>
          <input id="rf-min" type="number" min={0} max={10} step={0.5} placeholder="0" value={draft.minScore} onChange={(e) => setFilter({ minScore: e.target.value })} />
          <span aria-hidden="true">–</span>
          <label htmlFor="rf-max" className="visually-hidden">
            Highest score
          </label>
          <input id="rf-max" type="number" min={0} max={10} step={0.5} placeholder="10" value={draft.maxScore} onChange={(e) => setFilter({ maxScore: e.target.value })} />
        </fieldset>
        <div className="review-filter-actions">
          <button type="button" className="small" onClick={resetFilter} disabled={!filtered}>
            Clear
          </button>
          <button type="button" className="small" onClick={() => setBulk("approved")} disabled={queue.results.length === 0}>
            Approve all…
          </button>
          <button type="button" className="small danger" onClick={() => setBulk("rejected")} disabled={queue.results.length === 0}>
            Reject all…
          </button>
        </div>
      </form>

      {jobId ? <BulkProgress jobId={jobId} onDismiss={() => setJobId(null)} /> : null}

      <div className="review-layout">
        <nav className="review-queue card" aria-label="Review queue">
          <h2 className="card-title">
            Queue{" "}
            <span className="muted review-count">
              {queue.status === "LoadingFirstPage" || queue.results.length === 0 ? "" : `${queue.results.length}${queue.status === "Exhausted" ? "" : "+"} pending`}
            </span>
          </h2>
          {queue.status === "LoadingFirstPage" ? (
            <p className="muted">Loading the queue…</p>
          ) : queue.results.length === 0 && queue.status === "Exhausted" ? (
            <p className="muted review-empty">{filtered ? "Nothing pending matches these filters." : "Nothing left to review."}</p>
          ) : (
            <ol ref={list} className="review-queue-list">
              {queue.results.map((row) => (
                <li key={row._id}>
                  <Link to={`/studio/review/${row._id}`} current={row._id === selectedId} className={`review-row${row.reviewRank === 0 ? " review-row-first" : ""}`}>
                    <span className="review-row-top">
                      <ScoreBadge score={row.score} threshold={row.threshold} />
                      <span className="review-row-framework">{row.framework}</span>
                      {row.reviewRank === 0 ? <span className="badge review-look">Look first</span> : null}
                      {row.duplicateOf ? <span className="badge review-dup">Duplicate</span> : null}
                      {row.leasedBy && row.leasedBy !== me?._id ? <span className="badge review-held">In review</span> : null}
                    </span>
                    <span className="review-row-template">
                      {templateNames.get(row.templateId) ?? "Template"} · {row.turnCount} turns
                    </span>
                    <span className="review-row-preview">{row.preview}</span>
                  </Link>
                </li>
              ))}
            </ol>
          )}
          {queue.status === "CanLoadMore" || queue.status === "LoadingMore" ? (
            <button type="button" className="small review-more-button" disabled={queue.status === "LoadingMore"} onClick={() => queue.loadMore(PAGE_SIZE)}>
              {queue.status === "LoadingMore" ? "Loading…" : "Load more"}
            </button>
          ) : null}
        </nav>
        <div className="review-pane">
          {selectedId ? (
            <>
              <Link to="/studio/review" className="back-link review-back">
                ← Queue
              </Link>
              <ReviewItem key={selectedId} conversationId={selectedId} shortcuts={!dialogOpen} canGenerate={canGenerate} />
            </>
          ) : (
            <div className="card review-placeholder">
              <h2 className="card-title">Pick a conversation</h2>
              <p className="muted">
                Choose one from the queue, or press <kbd>j</kbd> to open the first.
              </p>
            </div>
          )}
        </div>
      </div>

      {bulk ? <BulkDialog verdict={bulk} filter={filter} onClose={() => setBulk(null)} onStarted={(id) => (setBulk(null), setJobId(id))} /> : null}
    </section>
  );
}

/** Agreement so far against the target, live, linking to the full Calibration page. */
function CalibrationChip() {
  const calibration = useQuery(api.studio.review.calibration.getCalibration, {});
  const met = calibration?.overall.meetsTarget;
  return (
    <Link to="/studio/calibration" className="review-calibration-link">
      {calibration === undefined || met === null || met === undefined ? (
        "Calibration →"
      ) : (
        <>
          Scorer agreement {formatPercent(calibration.overall.agreement)} <span className={`badge ${met ? "calibration-badge-met" : "calibration-badge-missed"}`}>{met ? "✓ target met" : `✗ below ${Math.round(calibration.target * 100)} %`}</span> →
        </>
      )}
    </Link>
  );
}

/** Confirms a bulk verdict over the current filter, stating the count the server will act on. */
function BulkDialog({ verdict, filter, onClose, onStarted }: { verdict: "approved" | "rejected"; filter: QueueFilter; onClose: () => void; onStarted: (jobId: Id<"reviewBulkJobs">) => void }) {
  const preview = useQuery(api.studio.review.bulk.previewBulk, { filter });
  const start = useCallState(useMutation(api.studio.review.bulk.bulkVerdict));
  const [reason, setReason] = useState<RejectReason | "">("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const approving = verdict === "approved";
  const count = preview?.count;

  async function confirm() {
    if (preview === undefined) return;
    if (preview.overCap) return setProblem(`More than ${preview.cap} conversations match; narrow the filter first.`);
    if (preview.count === 0) return setProblem("Nothing pending matches the filter.");
    let extra = {};
    if (!approving) {
      const checked = checkReasonChoice(reason === "" ? null : reason, note);
      if (!checked.ok) return setProblem(checked.problem.message);
      extra = checked.args;
    }
    setProblem(null);
    const job = await start.run({ filter, verdict, expectedCount: preview.count, ...extra });
    if (job) onStarted(job.jobId);
  }

  const noun = (n: number) => `${n} conversation${n === 1 ? "" : "s"}`;
  return (
    <ConfirmDialog
      title={approving ? "Approve everything in view?" : "Reject everything in view?"}
      confirmLabel={count === undefined ? "Counting…" : `${approving ? "Approve" : "Reject"} ${noun(count)}`}
      danger={!approving}
      busy={start.busy || count === undefined}
      error={start.error}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <p data-testid="bulk-count">
        {preview === undefined
          ? "Counting what the filter matches…"
          : preview.overCap
            ? `More than ${preview.cap} pending conversations match. Narrow the filter to at most ${preview.cap}.`
            : `This ${approving ? "approves" : "rejects"} ${noun(preview.count)} pending in the queue with the current filters, including any not loaded in the list yet. Items another reviewer has open are skipped.`}
      </p>
      {!approving ? (
        <>
          <label htmlFor="bulk-reason">Reason</label>
          <select id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value as RejectReason | "")}>
            <option value="">Choose a reason</option>
            {REJECT_REASONS.map((r) => (
              <option key={r} value={r}>
                {REASON_LABELS[r].label}
              </option>
            ))}
          </select>
          <label htmlFor="bulk-note">Note {reason === "other" ? "(required)" : "(optional)"}</label>
          <textarea id="bulk-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </>
      ) : null}
      {problem ? (
        <p className="error-notice studio-error" role="alert">
          {problem}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}

/** A running (or finished) bulk verdict, live. */
function BulkProgress({ jobId, onDismiss }: { jobId: Id<"reviewBulkJobs">; onDismiss: () => void }) {
  const job = useQuery(api.studio.review.bulk.getBulkJob, { jobId });
  if (job === undefined) return null;
  const settled = job.applied + job.skipped;
  const percent = job.total === 0 ? 100 : Math.round((settled / job.total) * 100);
  return (
    <div className="card review-bulk" role="status" data-testid="bulk-progress">
      <div className="review-bulk-line">
        <strong>{job.done ? "Bulk review finished" : "Applying the bulk review…"}</strong>
        <span>
          {job.applied} of {job.total} applied{job.skipped ? ` · ${job.skipped} skipped (reviewed or held by someone else)` : ""}
        </span>
        {job.done ? (
          <button type="button" className="small" onClick={onDismiss}>
            Dismiss
          </button>
        ) : null}
      </div>
      <progress max={100} value={percent} aria-label="Bulk review progress">
        {percent} %
      </progress>
      <StudioError error={null} />
    </div>
  );
}
