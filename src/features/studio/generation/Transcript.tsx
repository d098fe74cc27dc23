import type { Turn } from "../../../../convex/studio/generation/validators";

const ROLE_LABEL = { client: "Client", coach: "Coach" } as const;

/**
 * A generated conversation as a chat transcript: client on the left, coach on
 * the right. While Claude writes, `writing` is the turn in progress, shown
 * with a subtle cursor. Model output is rendered as text, never as markup.
 */
export function Transcript({
  turns,
  writing,
  live = false,
  label = "Conversation",
}: {
  turns: readonly Turn[];
  writing?: { role?: Turn["role"]; text: string };
  live?: boolean;
  label?: string;
}) {
  // The role of a turn in progress is known once its key has streamed; before
  // that, turns alternate from the client.
  const writingRole = writing?.role ?? (turns.length % 2 === 0 ? "client" : "coach");
  return (
    <ol className="gen-transcript" aria-label={label} aria-busy={live || undefined} data-turns={turns.length}>
      {turns.map((turn, i) => (
        <li key={i} className={`gen-turn gen-turn-${turn.role}`} data-testid="gen-turn">
          <span className="gen-turn-role">{ROLE_LABEL[turn.role]}</span>
          <p className="gen-turn-text">{turn.text}</p>
        </li>
      ))}
      {writing ? (
        <li className={`gen-turn gen-turn-${writingRole} gen-turn-writing`} data-testid="gen-turn-writing">
          <span className="gen-turn-role">{ROLE_LABEL[writingRole]}</span>
          <p className="gen-turn-text">
            {writing.text}
            <span className="gen-cursor" aria-hidden="true" />
            <span className="visually-hidden">(writing…)</span>
          </p>
        </li>
      ) : null}
    </ol>
  );
}
