import { useQuery } from "convex/react";
import { useEffect, useRef } from "react";
import { api } from "../../../../convex/_generated/api";
import { useToasts } from "../../../components/Toasts";
import { formatDuration, rateStatus, type QueueStatusLike, type RateLevel } from "./model";
import { rateTransitionToast } from "./toasts";
import { useNow } from "./useNow";

/** The pill alone, for a given status: Healthy / Busy / Throttled – pausing… with a live countdown. */
export function RatePill({ status, now }: { status: QueueStatusLike; now: number }) {
  const view = rateStatus(status, now);
  return (
    <span className={`rate-pill rate-${view.level}`} data-level={view.level}>
      <span className="rate-dot" aria-hidden="true" />
      {view.label}
      {view.countdown ? <span className="rate-countdown"> · {view.countdown}</span> : null}
    </span>
  );
}

/** API rate status for generation: the pill, utilisation, queue size and estimated wait, live from the gateway. */
export function RateStatusPanel() {
  const status = useQuery(api.llm.status.queueStatus, { purpose: "generation" });
  const ticking = status?.pausedUntil !== undefined;
  const now = useNow(ticking);
  const toasts = useToasts();
  const previous = useRef<RateLevel | null>(null);
  const level = status ? rateStatus(status, now).level : null;

  useEffect(() => {
    if (level === null) return;
    const toast = rateTransitionToast(previous.current, level, Date.now());
    if (toast) toasts.push(toast);
    previous.current = level;
  }, [level, toasts]);

  return (
    <section className="rate-panel" aria-labelledby="rate-title">
      <h2 id="rate-title" className="rate-title">
        API rate status
      </h2>
      {status === undefined ? (
        <span className="muted">Checking…</span>
      ) : (
        <>
          <RatePill status={status} now={now} />
          <dl className="rate-figures">
            <div>
              <dt>Limit used</dt>
              <dd>{status.utilisationPct} %</dd>
            </div>
            <div>
              <dt>Queued</dt>
              <dd>{status.depth}</dd>
            </div>
            <div>
              <dt>Running</dt>
              <dd>{status.running}</dd>
            </div>
            <div>
              <dt>Est. wait</dt>
              <dd>{status.estimatedWaitMs > 0 ? formatDuration(status.estimatedWaitMs) : "none"}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
