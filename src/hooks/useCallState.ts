import { useCallback, useRef, useState } from "react";
import { describeError, type DisplayError } from "../lib/errors";

export type CallState<Args extends unknown[], Result> = {
  /** True while a call started here is in flight. */
  busy: boolean;
  /** The last call's failure, worded for people (src/lib/errors.ts); null after a success or `clear()`. */
  error: DisplayError | null;
  /**
   * Runs the call: sets `busy`, clears the previous error, and on failure
   * records the described error and resolves to `undefined` instead of
   * throwing. A call made while another is in flight is ignored.
   */
  run: (...args: Args) => Promise<Result | undefined>;
  clear: () => void;
};

/**
 * Busy flag and coded error for one mutation or action (or any async call),
 * so components stop repeating try/catch/finally with two useStates.
 *
 *   const start = useCallState(useMutation(api.coaching.sessions.startSession));
 *   <button disabled={start.busy} onClick={() => void start.run(args)} />
 *   <ErrorNotice error={start.error} />
 */
export function useCallState<Args extends unknown[], Result>(call: (...args: Args) => Promise<Result>): CallState<Args, Result> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  // A ref, not the state, guards re-entry: two clicks in one frame both see busy === false.
  const inFlight = useRef(false);

  const run = useCallback(
    async (...args: Args): Promise<Result | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      return await call(...args);
    } catch (caught) {
      setError(describeError(caught));
      return undefined;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
    },
    [call],
  );
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
