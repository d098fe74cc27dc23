import type { OptimisticUpdate } from "convex/browser";
import { useMutation } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { ErrorNotice } from "../../components/ErrorNotice";
import { describeError, type DisplayError } from "../../lib/errors";
import { newIdempotencyKey } from "../../lib/ids";
import { useDrafts } from "../../stores/drafts";

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
    },
  ]);
};

export function Composer({
  sessionId,
  replyInProgress,
  disabled,
}: {
  sessionId: Id<"coachingSessions">;
  replyInProgress: boolean;
  disabled: boolean;
}) {
  const draft = useDrafts((s) => s.drafts[sessionId] ?? "");
  const setDraft = useDrafts((s) => s.setDraft);
  const clearDraft = useDrafts((s) => s.clearDraft);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const inputId = useId();
  const stop = useMutation(api.coaching.sessions.stopReply);
  const send = useMutation(api.coaching.sessions.sendMessage).withOptimisticUpdate(showSentMessage);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || sending || replyInProgress || disabled) return;
    setSending(true);
    setError(null);
    setNotice(null);
    // The key is made once per message, so a retry after a lost response is deduplicated.
    const idempotencyKey = newIdempotencyKey();
    clearDraft(sessionId);
    try {
      const result = await send({ sessionId, text, idempotencyKey });
      if (result.truncated) setNotice("Your message was longer than 5,000 characters, so it was shortened.");
    } catch (caught) {
      setDraft(sessionId, text);
      setError(describeError(caught));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Your message
      </label>
      <textarea
        id={inputId}
        rows={3}
        value={draft}
        disabled={disabled}
        placeholder={disabled ? "This session isn't taking messages." : "Write your answer… (Enter to send, Shift+Enter for a new line)"}
        onChange={(e) => setDraft(sessionId, e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        {replyInProgress ? (
          <button type="button" onClick={() => void stop({ sessionId })}>
            Stop reply
          </button>
        ) : null}
        <button type="submit" className="primary inline" disabled={disabled || sending || replyInProgress || draft.trim() === ""}>
          {sending ? "Sending…" : "Send"}
        </button>
      </div>
      {notice ? <p className="notice" role="status">{notice}</p> : null}
      <ErrorNotice error={error} />
    </form>
  );
}
