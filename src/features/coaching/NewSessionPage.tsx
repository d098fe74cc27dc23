import { useMutation, useQuery } from "convex/react";
import { useId, useState, type FormEvent } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import type { FrameworkId } from "../../../convex/coaching/tables";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCallState } from "../../hooks/useCallState";
import { navigate } from "../../lib/router";
import { useDrafts } from "../../stores/drafts";
import { timeZoneArg } from "./timeZone";

const DRAFT_KEY = "new-session";

/** One "Start with …" button; a failure to start is shown right under the button that was pressed. */
function StartButton({
  frameworkId,
  name,
  className,
  start,
  disabledReasonId,
}: {
  frameworkId: FrameworkId;
  name: string;
  className?: string;
  start: ReturnType<typeof useStart>;
  disabledReasonId: string | null;
}) {
  const mine = start.target === frameworkId;
  return (
    <span className="start-control">
      <button
        type="button"
        className={className}
        disabled={start.busy || disabledReasonId !== null}
        aria-describedby={disabledReasonId ?? undefined}
        onClick={() => void start.start(frameworkId)}
      >
        {mine && start.busy ? "Starting…" : `Start with ${name}`}
      </button>
      {mine ? <ErrorNotice error={start.error} /> : null}
    </span>
  );
}

function useStart(challenge: string, recommendationId: Id<"frameworkRecommendations"> | null, onStarted: () => void) {
  const call = useCallState(useMutation(api.coaching.sessions.startSession));
  const [target, setTarget] = useState<FrameworkId | null>(null);
  async function start(frameworkId: FrameworkId) {
    setTarget(frameworkId);
    const result = await call.run({ challenge, frameworkId, recommendationId: recommendationId ?? undefined, ...timeZoneArg() });
    if (result) {
      onStarted();
      navigate(`/sessions/${result.sessionId}`);
    }
  }
  return { start, target, busy: call.busy, error: call.error };
}

export function NewSessionPage() {
  const draft = useDrafts((s) => s.drafts[DRAFT_KEY] ?? "");
  const setDraft = useDrafts((s) => s.setDraft);
  const clearDraft = useDrafts((s) => s.clearDraft);
  const [recommendationId, setRecommendationId] = useState<Id<"frameworkRecommendations"> | null>(null);
  const recommend = useCallState(useMutation(api.coaching.recommendations.requestRecommendation));
  const frameworks = useQuery(api.coaching.catalog.listFrameworkCards);
  const recommendation = useQuery(
    api.coaching.recommendations.getRecommendation,
    recommendationId ? { recommendationId } : "skip",
  );
  const challengeId = useId();
  const needChallengeId = useId();
  const start = useStart(recommendation?.challenge ?? draft, recommendationId, () => clearDraft(DRAFT_KEY));
  const empty = draft.trim().length === 0;

  async function onRecommend(event: FormEvent) {
    event.preventDefault();
    const id = await recommend.run({ challenge: draft });
    if (id) setRecommendationId(id);
  }

  const result = recommendation?.result;
  const nameOf = (id: FrameworkId) => frameworks?.find((f) => f.id === id)?.name ?? id;
  // Starting from the full list needs a challenge; from a recommendation, the recommendation carries it.
  const listReason = empty ? needChallengeId : null;
  return (
    <section aria-labelledby="new-title" className="new-session">
      <h1 id="new-title">New coaching session</h1>
      <form onSubmit={onRecommend} className="card">
        <label htmlFor={challengeId}>What challenge would you like to work on?</label>
        <textarea
          id={challengeId}
          rows={5}
          maxLength={5000}
          value={draft}
          placeholder="For example: I've just been promoted to lead my former peers and I'm not sure how to set expectations."
          onChange={(e) => setDraft(DRAFT_KEY, e.target.value)}
        />
        <button type="submit" className="primary" disabled={recommend.busy || empty} aria-describedby={empty ? needChallengeId : undefined}>
          {recommend.busy ? "Thinking…" : "Recommend a framework"}
        </button>
        {empty ? (
          <p id={needChallengeId} className="hint">
            Describe your challenge first: the recommendation and the session start from it.
          </p>
        ) : null}
        <ErrorNotice error={recommend.error} />
      </form>

      {recommendationId && recommendation?.status !== "ready" ? (
        <p className="muted" role="status">
          Finding the best framework for you…
        </p>
      ) : null}

      {result ? (
        <div className="card recommendation" aria-live="polite" data-testid="recommendation">
          <h2>
            Recommended: <span data-testid="recommended-framework">{nameOf(result.frameworkId)}</span>
          </h2>
          <p>{result.reason}</p>
          <p className="muted">Confidence {Math.round(result.confidence * 100)}%</p>
          {recommendation?.fallbackReason ? <p className="notice">{recommendation.fallbackReason}</p> : null}
          <StartButton frameworkId={result.frameworkId} name={nameOf(result.frameworkId)} className="primary" start={start} disabledReasonId={null} />
          {result.alternatives.length > 0 ? (
            <div className="alternatives">
              <p>Also worth considering:</p>
              {result.alternatives.map((id) => (
                <StartButton key={id} frameworkId={id} name={nameOf(id)} start={start} disabledReasonId={null} />
              ))}
            </div>
          ) : null}
        </div>
      ) : null}

      {frameworks ? (
        <details className="card" open={!result}>
          <summary>
            <h2 className="summary-heading">Or choose any framework yourself</h2>
          </summary>
          {empty ? <p className="hint">Describe your challenge above to start a session.</p> : null}
          <ul className="framework-grid">
            {frameworks.map((f) => (
              <li key={f.id}>
                <h3>{f.name}</h3>
                <p>{f.description}</p>
                <p className="muted">
                  {f.steps.join(" → ")} · about {f.typicalDurationMinutes} min
                </p>
                <StartButton frameworkId={f.id} name={f.name} start={start} disabledReasonId={listReason} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
