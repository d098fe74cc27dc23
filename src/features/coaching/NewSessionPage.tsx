import { useMutation, useQuery } from "convex/react";
import { useId, useState, type FormEvent } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import type { FrameworkId } from "../../../convex/coaching/tables";
import { ErrorNotice } from "../../components/ErrorNotice";
import { describeError, type DisplayError } from "../../lib/errors";
import { navigate } from "../../lib/router";
import { useDrafts } from "../../stores/drafts";

const DRAFT_KEY = "new-session";

export function NewSessionPage() {
  const draft = useDrafts((s) => s.drafts[DRAFT_KEY] ?? "");
  const setDraft = useDrafts((s) => s.setDraft);
  const clearDraft = useDrafts((s) => s.clearDraft);
  const [recommendationId, setRecommendationId] = useState<Id<"frameworkRecommendations"> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const requestRecommendation = useMutation(api.coaching.recommendations.requestRecommendation);
  const startSession = useMutation(api.coaching.sessions.startSession);
  const frameworks = useQuery(api.coaching.catalog.listFrameworkCards);
  const recommendation = useQuery(
    api.coaching.recommendations.getRecommendation,
    recommendationId ? { recommendationId } : "skip",
  );
  const challengeId = useId();

  async function onRecommend(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setRecommendationId(await requestRecommendation({ challenge: draft }));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }

  async function onStart(frameworkId: FrameworkId) {
    setBusy(true);
    setError(null);
    try {
      const { sessionId } = await startSession({
        challenge: recommendation?.challenge ?? draft,
        frameworkId,
        recommendationId: recommendationId ?? undefined,
      });
      clearDraft(DRAFT_KEY);
      navigate(`/sessions/${sessionId}`);
    } catch (caught) {
      setError(describeError(caught));
      setBusy(false);
    }
  }

  const result = recommendation?.result;
  const nameOf = (id: FrameworkId) => frameworks?.find((f) => f.id === id)?.name ?? id;
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
        <button type="submit" className="primary" disabled={busy || draft.trim().length === 0}>
          {busy && !recommendationId ? "Thinking…" : "Recommend a framework"}
        </button>
      </form>
      <ErrorNotice error={error} />

      {recommendationId && recommendation?.status !== "ready" ? (
        <p className="muted" role="status">Finding the best framework for you…</p>
      ) : null}

      {result ? (
        <div className="card recommendation" aria-live="polite" data-testid="recommendation">
          <h2>
            Recommended: <span data-testid="recommended-framework">{nameOf(result.frameworkId)}</span>
          </h2>
          <p>{result.reason}</p>
          <p className="muted">Confidence {Math.round(result.confidence * 100)}%</p>
          {recommendation?.fallbackReason ? <p className="notice">{recommendation.fallbackReason}</p> : null}
          <button type="button" className="primary" disabled={busy} onClick={() => void onStart(result.frameworkId)}>
            Start with {nameOf(result.frameworkId)}
          </button>
          {result.alternatives.length > 0 ? (
            <p className="alternatives">
              Also worth considering:{" "}
              {result.alternatives.map((id) => (
                <button key={id} type="button" disabled={busy} onClick={() => void onStart(id)}>
                  {nameOf(id)}
                </button>
              ))}
            </p>
          ) : null}
        </div>
      ) : null}

      {frameworks ? (
        <details className="card" open={!result}>
          <summary>Or choose any framework yourself</summary>
          <ul className="framework-grid">
            {frameworks.map((f) => (
              <li key={f.id}>
                <h3>{f.name}</h3>
                <p>{f.description}</p>
                <p className="muted">
                  {f.steps.join(" → ")} · about {f.typicalDurationMinutes} min
                </p>
                <button type="button" disabled={busy || draft.trim().length === 0} onClick={() => void onStart(f.id)}>
                  Start with {f.name}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
