import type { BatchStatus, ItemStatus } from "../../../../convex/studio/generation/validators";

const BATCH_LABEL: Record<BatchStatus, string> = { running: "Running", paused: "Paused", completed: "Completed", cancelled: "Cancelled" };
const ITEM_LABEL: Record<ItemStatus, string> = {
  queued: "Queued",
  running: "Running",
  retrying: "Retrying",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function BatchStatusBadge({ status }: { status: BatchStatus }) {
  return <span className={`badge batch-badge batch-${status}`}>{BATCH_LABEL[status]}</span>;
}

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  return <span className={`badge item-badge item-${status}`}>{ITEM_LABEL[status]}</span>;
}

/** A themed progress bar with its figure; the bar is a <progress>-like meter for assistive tech. */
export function ProgressBar({ percent, label, failedPercent = 0 }: { percent: number; label: string; failedPercent?: number }) {
  const ok = Math.max(0, Math.min(100, percent - failedPercent));
  const bad = Math.max(0, Math.min(100 - ok, failedPercent));
  return (
    <div className="gen-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <span className="gen-progress-ok" style={{ width: `${ok}%` }} />
      <span className="gen-progress-bad" style={{ width: `${bad}%` }} />
    </div>
  );
}
