import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { useEffect, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { ITEM_STATUSES, type ItemStatus } from "../../../../convex/studio/generation/validators";
import { DataTable, type DataColumn } from "../../../components/DataTable";
import { Link } from "../../../components/Link";
import { useToasts } from "../../../components/Toasts";
import { navigate } from "../../../lib/router";
import { ConfirmDialog } from "../ConfirmDialog";
import { formatDateTime } from "../format";
import { StudioError, useStudioCall } from "../StudioError";
import { BatchStatusBadge, ItemStatusBadge, ProgressBar } from "./BatchBadges";
import { countdownText, formatDuration, formatMoney, summariseValues, variedVariables } from "./model";
import { RateStatusPanel } from "./RateStatusPill";
import { useTemplateNames } from "./templates";
import { batchEventToasts } from "./toasts";
import { useNow } from "./useNow";

const ITEMS_PAGE = 25;
/** Events this recent when the page opens still raise their toast. */
const TOAST_GRACE_MS = 10_000;

type Progress = NonNullable<ReturnType<typeof useBatch>>;
function useBatch(batchId: Id<"generationBatches">) {
  return useQuery(api.studio.generation.batches.getBatch, { batchId });
}

export function etaText(eta: Progress["eta"]): string {
  switch (eta.kind) {
    case "done":
      return "Finished";
    case "paused":
      return "Paused — no ETA";
    case "unknown":
      return "Estimating…";
    case "estimate":
      return `about ${formatDuration(eta.remainingMs)}${eta.basis === "ceiling" ? " (at the rate limit)" : ""}`;
  }
}

/** One batch, live: controls, figures, API rate status, and its items. */
export function BatchDetailPage({ batchId }: { batchId: Id<"generationBatches"> }) {
  const progress = useBatch(batchId);
  const names = useTemplateNames();
  const toasts = useToasts();
  const [openedAt] = useState(() => Date.now() - TOAST_GRACE_MS);

  useEffect(() => {
    if (progress) toasts.push(batchEventToasts(batchId, progress.batch.events, openedAt));
  }, [progress, batchId, toasts, openedAt]);

  if (progress === undefined) return <p className="muted">Loading the batch…</p>;
  const { batch } = progress;
  return (
    <section aria-labelledby="batch-title" className="batch-detail">
      <Link to="/studio/batches" className="back-link">
        ← Batches
      </Link>
      <div className="page-head">
        <div>
          <h1 id="batch-title">
            {batch.name} <BatchStatusBadge status={batch.status} />
          </h1>
          <p className="muted page-sub">
            {names.get(batch.templateId) ?? "Template"} · started {formatDateTime(batch.createdAt)} · <span className="mono">{batch.model}</span> · concurrency {batch.options.concurrency} · {batch.options.priority}{" "}
            priority · {batch.options.retry.maxAttempts} attempts ({batch.options.retry.strategy})
          </p>
        </div>
        <Controls progress={progress} />
      </div>
      {batch.pausedReason ? (
        <p className={batch.pausedReason.kind === "user" ? "notice" : "error-notice"} role="status">
          {batch.pausedReason.message}
        </p>
      ) : null}
      <div className="batch-top">
        <Figures progress={progress} />
        <div className="card">
          <RateStatusPanel />
        </div>
      </div>
      <ItemsTable batchId={batchId} shown={variedVariables(batch.matrix)} />
    </section>
  );
}

function Controls({ progress }: { progress: Progress }) {
  const { batch } = progress;
  const pause = useStudioCall(useMutation(api.studio.generation.batches.pauseBatch));
  const resume = useStudioCall(useMutation(api.studio.generation.batches.resumeBatch));
  const cancel = useStudioCall(useMutation(api.studio.generation.batches.cancelBatch));
  const retry = useStudioCall(useMutation(api.studio.generation.batches.retryFailedItems));
  const duplicate = useStudioCall(useMutation(api.studio.generation.batches.duplicateBatch));
  const [confirming, setConfirming] = useState(false);
  const [newCap, setNewCap] = useState("");
  const capPaused = batch.status === "paused" && batch.pausedReason?.kind === "spend_cap";
  const error = pause.error ?? resume.error ?? cancel.error ?? retry.error ?? duplicate.error;
  const capMicros = newCap.trim() === "" ? undefined : Math.round(Number(newCap) * 1_000_000);

  return (
    <div className="batch-controls">
      <div className="row">
        {batch.status === "running" ? (
          <button type="button" disabled={pause.busy} onClick={() => void pause.run({ batchId: batch._id })}>
            Pause
          </button>
        ) : null}
        {batch.status === "paused" ? (
          <>
            {capPaused ? (
              <span className="cap-raise">
                <label htmlFor="raise-cap">New cap ($)</label>
                <input id="raise-cap" className="short-input" type="number" min={0} step="0.01" value={newCap} onChange={(e) => setNewCap(e.target.value)} />
              </span>
            ) : null}
            <button
              type="button"
              className="primary inline"
              disabled={resume.busy || (capPaused && capMicros === undefined)}
              onClick={() => void resume.run({ batchId: batch._id, spendCapMicros: capMicros })}
            >
              Resume
            </button>
          </>
        ) : null}
        {batch.counts.failed > 0 && batch.status !== "cancelled" ? (
          <button type="button" disabled={retry.busy} onClick={() => void retry.run({ batchId: batch._id })}>
            Retry failed only ({batch.counts.failed})
          </button>
        ) : null}
        <button
          type="button"
          disabled={duplicate.busy}
          onClick={async () => {
            const result = await duplicate.run({ batchId: batch._id });
            if (result) navigate(`/studio/batches/${result.batchId}`);
          }}
        >
          Duplicate
        </button>
        {batch.status === "running" || batch.status === "paused" ? (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Cancel batch
          </button>
        ) : null}
      </div>
      <StudioError error={confirming ? null : error} />
      {confirming ? (
        <ConfirmDialog
          title="Cancel this batch?"
          confirmLabel="Cancel batch"
          danger
          busy={cancel.busy}
          error={cancel.error}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const done = await cancel.run({ batchId: batch._id });
            if (done !== undefined) setConfirming(false);
          }}
        >
          <p>
            Running requests are stopped and the {progress.remaining} items not finished are cancelled. The {batch.counts.succeeded} conversations already generated are kept.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function Figures({ progress }: { progress: Progress }) {
  const { batch } = progress;
  const c = batch.counts;
  const failedPercent = batch.total === 0 ? 0 : Math.floor((c.failed / batch.total) * 100);
  const cap = progress.spendCapMicros;
  return (
    <div className="card batch-figures" aria-labelledby="figures-title">
      <h2 id="figures-title" className="visually-hidden">
        Progress
      </h2>
      <div className="progress-head">
        <span className="big-percent" data-testid="batch-percent">
          {progress.percent} %
        </span>
        <span className="muted">
          {progress.done} of {batch.total} settled
        </span>
      </div>
      <ProgressBar percent={progress.percent} failedPercent={failedPercent} label={`${progress.percent} % of items settled`} />
      <dl className="figure-grid">
        <div>
          <dt>Succeeded</dt>
          <dd data-testid="count-succeeded">{c.succeeded}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd data-testid="count-failed" className={c.failed > 0 ? "failed-count" : undefined}>
            {c.failed}
          </dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>
            {progress.remaining}
            {c.running + c.retrying > 0 ? (
              <span className="muted small-text">
                {" "}
                ({c.running} running{c.retrying > 0 ? `, ${c.retrying} retrying` : ""})
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Throughput</dt>
          <dd>{progress.throughputPerMin === null ? "—" : `${progress.throughputPerMin} / min`}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd data-testid="batch-eta">{batch.status === "cancelled" ? "Cancelled — no ETA" : etaText(progress.eta)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            {formatMoney(batch.costMicros)}
            <span className="muted small-text">
              {" "}
              of est. {formatMoney(batch.estimate.lowMicros)}–{formatMoney(batch.estimate.highMicros)}
              {cap !== undefined ? ` · cap ${formatMoney(cap)}` : ""}
            </span>
          </dd>
        </div>
      </dl>
    </div>
  );
}

type Item = NonNullable<ReturnType<typeof useItems>["results"][number]>;
function useItems(batchId: Id<"generationBatches">, status: ItemStatus | "") {
  return usePaginatedQuery(
    api.studio.generation.batches.listBatchItems,
    status === "" ? { batchId } : { batchId, status },
    { initialNumItems: ITEMS_PAGE },
  );
}

function ItemsTable({ batchId, shown }: { batchId: Id<"generationBatches">; shown: string[] }) {
  const [status, setStatus] = useState<ItemStatus | "">("");
  const { results, status: pageStatus, loadMore } = useItems(batchId, status);
  const waiting = results.some((item) => item.nextAttemptAt !== undefined && (item.status === "retrying" || item.status === "queued"));
  const now = useNow(waiting);
  const columns: DataColumn<Item>[] = [
    { key: "index", header: "#", className: "num", sortValue: (i) => i.index, cell: (i) => i.index + 1 },
    { key: "values", header: "Variables", className: "values-col", cell: (i) => (
        <span className="values-summary" title={summariseValues(i.values, 50)}>
          {summariseValues(i.values, 4, shown)}
        </span>
      ),
    },
    { key: "status", header: "Status", className: "nowrap", sortValue: (i) => i.status, cell: (i) => <ItemStatusBadge status={i.status} /> },
    { key: "attempt", header: "Attempt", className: "num", sortValue: (i) => i.attempts, cell: (i) => `${i.attempts} / ${i.maxAttempts}` },
    {
      key: "next",
      header: "Next retry",
      className: "nowrap",
      cell: (i) => (i.nextAttemptAt !== undefined && (i.status === "retrying" || i.status === "queued") ? <span className="countdown">{countdownText(i.nextAttemptAt, now)}</span> : "—"),
    },
    {
      key: "error",
      header: "Error",
      className: "error-col",
      cell: (i) =>
        i.errorClass && i.errorClass !== "cancelled" ? (
          <span className="item-error">
            <span className="code-tag">{i.errorClass}</span> {i.errorMessage}
          </span>
        ) : (
          ""
        ),
    },
    {
      key: "conversation",
      header: "Conversation",
      cell: (i) => (i.conversationId ? <Link to={`/studio/conversations/${i.conversationId}`}>Open #{i.index + 1}</Link> : ""),
    },
  ];
  return (
    <section className="card items-card" aria-labelledby="items-title">
      <div className="section-head">
        <h2 id="items-title">Items</h2>
        <span>
          <label htmlFor="item-filter" className="inline-label">
            Status
          </label>{" "}
          <select id="item-filter" value={status} onChange={(e) => setStatus(e.target.value as ItemStatus | "")}>
            <option value="">All</option>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0).toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </span>
      </div>
      <DataTable
        label="Batch items"
        className="items-table"
        columns={columns}
        rows={results}
        rowKey={(i) => i._id}
        rowClassName={(i) => `item-row-${i.status}`}
        status={pageStatus}
        loadMore={loadMore}
        pageSize={ITEMS_PAGE}
        loadingText="Loading items…"
        emptyText={status === "" ? "No items yet." : `No ${status} items.`}
        loadMoreLabel="Load more items"
      />
    </section>
  );
}
