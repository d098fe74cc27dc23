import { useCallback, useState } from "react";
import { appErrorData } from "../../../convex/lib/errors";
import { useCallState } from "../../hooks/useCallState";
import type { DisplayError } from "../../lib/errors";

/** A refusal shown beside the control that caused it, with its code visible (e.g. INVALID_INPUT). */
export function StudioError({ error, id }: { error: DisplayError | null; id?: string }) {
  if (!error) return null;
  return (
    <p className="error-notice studio-error" role="alert" id={id}>
      <span className="code-tag">{error.code}</span> {error.message}
      {error.requestId ? <span className="muted"> (reference {error.requestId})</span> : null}
    </p>
  );
}

/**
 * useCallState plus the `field` a coded INVALID_INPUT/CONFLICT names, so the
 * editor can also point at the input the server refused.
 */
export function useStudioCall<Args extends unknown[], Result>(call: (...args: Args) => Promise<Result>) {
  const [field, setField] = useState<string | null>(null);
  const wrapped = useCallback(
    async (...args: Args) => {
      setField(null);
      try {
        return await call(...args);
      } catch (caught) {
        setField(appErrorData(caught)?.field ?? null);
        throw caught;
      }
    },
    [call],
  );
  const state = useCallState(wrapped);
  return { ...state, field: state.error ? field : null };
}
