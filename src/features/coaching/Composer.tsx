import type { OptimisticUpdate } from "convex/browser";
import { useMutation } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCallState } from "../../hooks/useCallState";
import { newIdempotencyKey } from "../../lib/ids";
import { useDrafts } from "../../stores/drafts";
import { timeZoneArg } from "./timeZone";

/** Shows the user's message at once; the server's copy replaces it when the mutation lands. */
const showSentMessage: OptimisticUpdate<FunctionArgs<typeof api.coaching.sessions.sendMessage>> = (store, args) => {
  const current = store.getQuery(api.coaching.sessions.listMessages, { sessionId: args.sessionId });
  if (current === undefined) return;
  store.setQuery(api.coaching.sessions.listMessages, { sessionId: args.sessionId }, [
    ...current,
    {
      _id: `optimistic-${args.idempotencyKey}` as Id<"coachingMessages">,
      role: "user",
      text: args.text.trim(),
      status: "done",
      stepIndex: current[current.length - 1]?.stepIndex ?? 0,
      createdAt: Date.now(),
      truncated: undefined,
      flaggedInjection: undefined,
      error: undefined,
      textComplete: undefined,
    },
  ]);
};

export function Composer({
  sessionId,
  replyInProgress,
  disabledReason,
}: {
  sessionId: Id<"coachingSessions">;
  replyInProgress: boolean;
  /** Why the session takes no messages (paused, ended); null when it does. */
  disabledReason: string | null;
}) {
  const draft = useDrafts((s) => s.drafts[sessionId] ?? "");
  const setDraft = useDrafts((s) => s.setDraft);
  const clearDraft = useDrafts((s) => s.clearDraft);
  const [notice, setNotice] = useState<string | null>(null);
  // Fixed, so the skip link can find the message box.
  const inputId = "composer";
  const hintId = useId();
  const stop = useCallState(useMutation(api.coaching.sessions.stopReply));
  const send = useCallState(useMutation(api.coaching.sessions.sendMessage).withOptimisticUpdate(showSentMessage));
  const disabled = disabledReason !== null;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || send.busy || replyInProgress || disabled) return;
    setNotice(null);
    stop.clear();
    // The key is made once per message, so a retry after a lost response is deduplicated.
    const idempotencyKey = newIdempotencyKey();
    clearDraft(sessionId);
    const result = await send.run({ sessionId, text, idempotencyKey, ...timeZoneArg() });
    if (result === undefined) setDraft(sessionId, text);
    else if (result.truncated) setNotice("Your message was longer than 5,000 characters, so it was shortened.");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  // The send button's state, said in words beside it (and to screen readers through aria-describedby).
  const hint = disabledReason
    ? disabledReason
    : replyInProgress
      ? "The coach is replying. You can send once it finishes, or stop the reply."
      : send.busy
        ? "Sending…"
        : draft.trim() === ""
          ? "Write an answer to send it."
          : "Enter sends · Shift+Enter for a new line";
  return (
    <form className="composer" onSubmit={submit} aria-label="Reply to the coach">
      <label htmlFor={inputId} className="visually-hidden">
        Your message
      </label>
      <div className="composer-row">
        <textarea
          id={inputId}
          rows={2}
          value={draft}
          disabled={disabled}
          aria-describedby={hintId}
          placeholder={disabled ? "This session isn't taking messages." : "Write your answer…"}
          onChange={(e) => setDraft(sessionId, e.target.value)}
          onKeyDown={onKeyDown}
        />
        {replyInProgress ? (
          <button type="button" disabled={stop.busy} onClick={() => void stop.run({ sessionId })}>
            Stop reply
          </button>
        ) : (
          <button
            type="submit"
            className="primary inline"
            aria-describedby={hintId}
            disabled={disabled || send.busy || draft.trim() === ""}
          >
            {send.busy ? "Sending…" : "Send"}
          </button>
        )}
      </div>
      <p id={hintId} className="hint composer-hint">
        {hint}
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorNotice error={send.error ?? stop.error} />
    </form>
  );
}
