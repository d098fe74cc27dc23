import { useMutation, useQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Link } from "../../components/Link";
import { describeError, formatWait, type DisplayError } from "../../lib/errors";
import { ChatLog } from "./ChatLog";
import { Composer } from "./Composer";
import { FieldsPanel } from "./FieldsPanel";
import { SessionSummary } from "./SessionSummary";
import { StepBar } from "./StepBar";

export function SessionPage({ sessionId }: { sessionId: Id<"coachingSessions"> }) {
  const session = useQuery(api.coaching.sessions.getSession, { sessionId });
  const messages = useQuery(api.coaching.sessions.listMessages, { sessionId });
  const queue = useQuery(api.llm.status.queueStatus, {});
  const pause = useMutation(api.coaching.sessions.pauseSession);
  const resume = useMutation(api.coaching.sessions.resumeSession);
  const abandon = useMutation(api.coaching.sessions.abandonSession);
  const [error, setError] = useState<DisplayError | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }

  if (session === undefined || messages === undefined) return <p className="muted">Loading session…</p>;
  const active = session.status === "active";
  return (
    <section className="session-page" aria-labelledby="session-title">
      <header className="session-header">
        <div>
          <p className="muted">
            <Link to="/">← All sessions</Link>
          </p>
          <h1 id="session-title">{session.framework.name}</h1>
          <p className="muted">{session.challenge}</p>
        </div>
        <div className="row session-actions">
          <span className={`badge status-${session.status}`} data-testid="session-status">
            {session.status}
          </span>
          {active ? (
            <button type="button" disabled={busy} onClick={() => void run(() => pause({ sessionId }))}>
              Pause
            </button>
          ) : null}
          {session.status === "paused" ? (
            <button type="button" disabled={busy} onClick={() => void run(() => resume({ sessionId }))}>
              Resume
            </button>
          ) : null}
          {active || session.status === "paused" ? (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                if (window.confirm("End this session? You won't be able to continue it.")) void run(() => abandon({ sessionId }));
              }}
            >
              Abandon
            </button>
          ) : null}
        </div>
      </header>
      <ErrorNotice error={error} />
      {session.replyInProgress && queue && queue.state === "throttled" ? (
        <p className="notice" role="status" data-testid="queue-notice">
          The coach is very busy right now; your reply is queued
          {queue.estimatedWaitMs > 0 ? ` (about ${formatWait(queue.estimatedWaitMs)})` : ""}.
        </p>
      ) : null}
      <StepBar steps={session.steps} />
      <div className="session-body">
        <div className="conversation">
          <ChatLog messages={messages} />
          {session.status === "completed" && session.summary && session.actionPlan ? (
            <SessionSummary summary={session.summary} actionPlan={session.actionPlan} frameworkName={session.framework.name} />
          ) : (
            <Composer
              sessionId={sessionId}
              replyInProgress={session.replyInProgress}
              disabled={!active}
            />
          )}
          {session.status === "paused" ? <p className="notice">This session is paused. Resume it to continue.</p> : null}
          {session.status === "abandoned" ? <p className="notice">This session has ended. Start a new one whenever you're ready.</p> : null}
        </div>
        <FieldsPanel steps={session.steps} />
      </div>
    </section>
  );
}
