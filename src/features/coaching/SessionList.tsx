import { useQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";
import { Link } from "../../components/Link";
import { relativeTime } from "../../lib/time";

const STATUS_LABEL: Record<string, string> = {
  active: "Active",
  paused: "Paused",
  completed: "Completed",
  abandoned: "Ended",
  error: "Needs attention",
};

export function SessionList() {
  const sessions = useQuery(api.coaching.sessions.listMySessions);
  if (sessions === undefined) return <p className="muted">Loading your sessions…</p>;
  if (sessions.length === 0) {
    return (
      <div className="card empty">
        <p>No sessions yet. Describe a challenge and Framewise will pick a framework and coach you through it.</p>
        <Link to="/new">Start your first session</Link>
      </div>
    );
  }
  return (
    <ul className="session-list" aria-label="Your sessions">
      {sessions.map((s) => {
        const step = s.status === "completed" ? s.stepCount : s.currentStepIndex + 1;
        return (
          <li key={s._id} className="card session-card">
            <div className="session-card-head">
              <Link to={`/sessions/${s._id}`}>{s.frameworkName}</Link>
              <span className={`badge status-${s.status}`}>{STATUS_LABEL[s.status]}</span>
            </div>
            <p className="challenge">{s.challenge}</p>
            <div className="session-meta">
              <span>
                Step {step} of {s.stepCount}
                {s.status === "completed" ? "" : ` · ${s.currentStepName}`}
              </span>
              <progress max={s.stepCount} value={s.status === "completed" ? s.stepCount : s.currentStepIndex} aria-label="Step progress" />
              <span className="muted">Last activity {relativeTime(s.lastActivityAt)}</span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
