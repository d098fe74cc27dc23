import type { DisplayError } from "../lib/errors";

export function ErrorNotice({ error }: { error: DisplayError | null }) {
  if (!error) return null;
  return (
    <p className="error-notice" role="alert">
      {error.message}
      {error.requestId ? <span className="muted"> (reference {error.requestId})</span> : null}
    </p>
  );
}
