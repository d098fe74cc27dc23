import { useEffect, useRef } from "react";
import type { MessageView } from "./types";

function CoachText({ message }: { message: MessageView }) {
  if (message.status === "pending") return <span className="typing" aria-label="The coach is thinking">…</span>;
  if (message.status === "failed") {
    return <span className="error-text">{message.error ?? "The coach couldn't reply. Please send your message again."}</span>;
  }
  return (
    <>
      {/* Model output is shown as text, never as HTML. */}
      <span className="message-text">{message.text}</span>
      {message.status === "streaming" ? <span className="cursor" aria-hidden="true" /> : null}
      {message.status === "stopped" ? <span className="muted"> (stopped)</span> : null}
    </>
  );
}

export function ChatLog({ messages }: { messages: MessageView[] }) {
  const end = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1];
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [messages.length, last?.text.length]);

  return (
    <div className="chat-log" role="log" aria-live="polite" aria-label="Conversation">
      {messages.map((m) =>
        m.role === "system" ? (
          <p key={m._id} className="system-note" role="note">
            {m.text}
          </p>
        ) : (
          <div key={m._id} className={`bubble ${m.role}`} data-status={m.status} data-testid={`message-${m.role}`}>
            <span className="visually-hidden">{m.role === "user" ? "You said: " : "Coach: "}</span>
            {m.role === "assistant" ? <CoachText message={m} /> : <span className="message-text">{m.text}</span>}
            {m.truncated ? <span className="notice"> Your message was shortened to 5,000 characters.</span> : null}
          </div>
        ),
      )}
      <div ref={end} />
    </div>
  );
}
