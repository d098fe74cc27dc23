import { useMutation, useQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Link } from "../../components/Link";
import { useCallState } from "../../hooks/useCallState";
import { formatWait } from "../../lib/errors";
import { useSkipTo } from "../../stores/skipTarget";
import { ChatLog } from "./ChatLog";
import { Composer } from "./Composer";
import { FieldsPanel } from "./FieldsPanel";
import { SessionSummary } from "./SessionSummary";
import { StepBar } from "./StepBar";

const ENDED_REASON: Partial<Record<string, string>> = {
  paused: "This session is paused. Resume it to continue.",
  abandoned: "This session has ended. Start a new one whenever you're ready.",
  error: "This session ran into a problem and can't take messages. Start a new one to keep going.",
  completed: "This session is complete.",
};

/**
 * A full-height chat: the header (title, actions, step bar) stays put, the
 * transcript scrolls, and the composer is pinned to the bottom. The
 * captured fields sit beside the chat on wide screens and fold away above
 * it on narrow ones.
 */
export function SessionPage({ sessionId }: { sessionId: Id<"coachingSessions"> }) {
  const session = useQuery(api.coaching.sessions.getSession, { sessionId });
  const messages = useQuery(api.coaching.sessions.listMessages, { sessionId });
  const queue = useQuery(api.llm.status.queueStatus, {});
  const pause = useCallState(useMutation(api.coaching.sessions.pauseSession));
  const resume = useCallState(useMutation(api.coaching.sessions.resumeSession));
  const abandon = useCallState(useMutation(api.coaching.sessions.abandonSession));
  const busy = pause.busy || resume.busy || abandon.busy;
  const actionError = pause.error ?? resume.error ?? abandon.error;
  const hasComposer = session !== undefined && messages !== undefined && !(session.status === "completed" && session.summary && session.actionPlan);
  useSkipTo(hasComposer ? { id: "composer", label: "Skip to the message box" } : null);

  if (session === undefined || messages === undefined) return <p className="muted">Loading session…</p>;
  const active = session.status === "active";
  const completed = session.status === "completed" && session.summary && session.actionPlan;
  return (
    <section className="session-page" aria-labelledby="session-title">
      <header className="session-header">
        <div className="session-title-row">
          <Link to="/" className="back-link">
            <span aria-hidden="true">← </span>
            <span className="back-label">All sessions</span>
          </Link>
          <div className="session-title">
            <h1 id="session-title">{session.framework.name}</h1>
            <p className="muted challenge-line" title={session.challenge}>
              {session.challenge}
            </p>
          </div>
          <div className="session-actions">
            <span className={`badge status-${session.status}`} data-testid="session-status">
              {session.status}
            </span>
            {active ? (
              <button type="button" disabled={busy} onClick={() => void pause.run({ sessionId })}>
                Pause
              </button>
            ) : null}
            {session.status === "paused" ? (
              <button type="button" disabled={busy} onClick={() => void resume.run({ sessionId })}>
                Resume
              </button>
            ) : null}
            {active || session.status === "paused" ? (
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => {
                  if (window.confirm("End this session? You won't be able to continue it.")) void abandon.run({ sessionId });
                }}
              >
                End
              </button>
            ) : null}
          </div>
        </div>
        <ErrorNotice error={actionError} />
        <StepBar steps={session.steps} />
        {session.replyInProgress && queue && queue.state === "throttled" ? (
          <p className="notice" role="status" data-testid="queue-notice">
            The coach is very busy right now; your reply is queued
            {queue.estimatedWaitMs > 0 ? ` (about ${formatWait(queue.estimatedWaitMs)})` : ""}.
          </p>
        ) : null}
      </header>
      <div className="session-body">
        <div className="conversation">
          <ChatLog messages={messages}>
            {completed ? (
              <SessionSummary summary={session.summary!} actionPlan={session.actionPlan!} frameworkName={session.framework.name} />
            ) : null}
          </ChatLog>
          {completed ? null : (
            <Composer sessionId={sessionId} replyInProgress={session.replyInProgress} disabledReason={active ? null : (ENDED_REASON[session.status] ?? null)} />
          )}
        </div>
        <FieldsPanel steps={session.steps} />
      </div>
    </section>
  );
}
