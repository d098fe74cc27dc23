/**
 * Who did something, as a person reads it: their email, with the stored id
 * (or the log's user hash) on hover; "system" when no one acted.
 */
export function Actor({ email, id, empty = "system" }: { email?: string | null; id?: string | null; empty?: string }) {
  if (!id && !email) return <span className="muted">{empty}</span>;
  return (
    <span className="actor" title={id ?? undefined}>
      {email ?? id}
    </span>
  );
}
