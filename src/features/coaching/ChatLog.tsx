import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { SafeMarkdown } from "../../components/SafeMarkdown";
import type { MessageView } from "./types";

/** Within this many pixels of the end counts as "at the end". */
const AT_END_PX = 48;

function CoachText({ message, capturing }: { message: MessageView; capturing: boolean }) {
  if (message.status === "pending") {
    return (
      <span className="typing" role="status">
        <span aria-hidden="true">●●●</span>
        <span className="visually-hidden">The coach is thinking</span>
      </span>
    );
  }
  if (message.status === "failed") {
    return <span className="error-text">{message.error ?? "The coach couldn't reply. Please send your message again."}</span>;
  }
  return (
    <>
      {/* Model output goes through the sanitising renderer: raw HTML stays text. */}
      <SafeMarkdown text={message.text} headings="inline" className="message-text" />
      {capturing ? (
        <span className="capturing" data-testid="capturing">
          Capturing…
        </span>
      ) : null}
      {message.status === "stopped" ? <span className="muted"> (stopped)</span> : null}
    </>
  );
}

function Bubble({ message }: { message: MessageView }) {
  const isUser = message.role === "user";
  const streaming = !isUser && message.status === "streaming";
  // The backend marks the text complete when the model moves on to its tool
  // call (the captured fields): from then on "Capturing…" replaces the
  // blinking cursor (drawn by CSS after the last block), which shows only while words arrive.
  const capturing = streaming && message.textComplete === true;
  return (
    <div
      className={`bubble ${message.role}`}
      data-status={message.status}
      data-cursor={streaming && !capturing ? "on" : undefined}
      // Screen readers announce the reply once it settles, not every streamed batch.
      aria-busy={streaming || message.status === "pending" ? true : undefined}
      data-testid={`message-${message.role}`}
    >
      <span className="visually-hidden">{isUser ? "You said: " : "Coach: "}</span>
      {isUser ? <p className="message-text">{message.text}</p> : <CoachText message={message} capturing={capturing} />}
      {message.truncated ? <p className="bubble-note">Your message was shortened to 5,000 characters.</p> : null}
      {isUser && message.flaggedInjection ? (
        <p className="bubble-note" data-testid="flagged-notice">
          This looked like instructions to the coach, so it was treated as plain text.
        </p>
      ) : null}
    </div>
  );
}

/**
 * The transcript. It follows new text while the person is at the end, and
 * leaves them alone once they scroll up (offering a "Jump to latest"
 * button instead). It is the page's scrolling region, so it is focusable
 * and labelled for keyboard and screen-reader users.
 */
export function ChatLog({ messages, children }: { messages: MessageView[]; children?: ReactNode }) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [atEnd, setAtEnd] = useState(true);
  const last = messages[messages.length - 1];

  // Instant, not smooth: a smooth scroll's intermediate positions would read as "scrolled up".
  const toEnd = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    following.current = true;
    setAtEnd(true);
    el.scrollTop = el.scrollHeight;
    el.focus({ preventScroll: true });
  }, []);

  // A message the person just sent always brings them to the end.
  const lastId = last?._id;
  const lastIsMine = last?.role === "user";
  useLayoutEffect(() => {
    if (lastIsMine) following.current = true;
  }, [lastId, lastIsMine]);

  // New messages, growing text or a summary: stay at the end if following.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  });

  // The window or the panel beside it changed size (a phone turned, the fields panel folded): stay at the end.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_END_PX;
    following.current = end;
    setAtEnd(end);
  }

  return (
    <div className="transcript">
      <div
        ref={scroller}
        className="chat-log"
        role="log"
        aria-live="polite"
        aria-label="Conversation"
        tabIndex={0}
        onScroll={onScroll}
        data-testid="chat-log"
      >
        {messages.map((m) =>
          m.role === "system" ? (
            <p key={m._id} className="system-note">
              {m.text}
            </p>
          ) : (
            <Bubble key={m._id} message={m} />
          ),
        )}
        {children}
      </div>
      {!atEnd ? (
        <button type="button" className="jump-latest" onClick={toEnd}>
          <span aria-hidden="true">↓ </span>Jump to latest
        </button>
      ) : null}
    </div>
  );
}
