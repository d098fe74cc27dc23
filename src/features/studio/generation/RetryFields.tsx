import type { OnError, RetryConfig } from "../../../../convex/studio/generation/validators";

export const RETRY_BOUNDS = {
  maxAttempts: { min: 1, max: 10 },
  baseDelayS: { min: 1, max: 10 },
  maxDelayS: { min: 10, max: 300 },
} as const;

/** Out-of-range fields, worded; empty when the policy is fine. */
export function retryProblems(retry: RetryConfig): string[] {
  const problems: string[] = [];
  const check = (value: number, { min, max }: { min: number; max: number }, what: string) => {
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${what} must be a whole number from ${min} to ${max}.`);
  };
  check(retry.maxAttempts, RETRY_BOUNDS.maxAttempts, "Max attempts");
  check(retry.baseDelayMs / 1000, RETRY_BOUNDS.baseDelayS, "Base delay (s)");
  check(retry.maxDelayMs / 1000, RETRY_BOUNDS.maxDelayS, "Max delay (s)");
  if (problems.length === 0 && retry.maxDelayMs < retry.baseDelayMs) problems.push("The max delay can't be shorter than the base delay.");
  return problems;
}

/** The retry policy's fields: strategy, attempts, base and max delay (seconds), jitter. */
export function RetryFields({ idPrefix, retry, onChange }: { idPrefix: string; retry: RetryConfig; onChange: (next: RetryConfig) => void }) {
  const num = (raw: string) => (raw.trim() === "" ? NaN : Number(raw));
  return (
    <div className="retry-fields">
      <div>
        <label htmlFor={`${idPrefix}-strategy`}>Strategy</label>
        <select id={`${idPrefix}-strategy`} value={retry.strategy} onChange={(e) => onChange({ ...retry, strategy: e.target.value as RetryConfig["strategy"] })}>
          <option value="exponential">Exponential</option>
          <option value="linear">Linear</option>
          <option value="fixed">Fixed</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${idPrefix}-attempts`}>Max attempts</label>
        <input
          id={`${idPrefix}-attempts`}
          type="number"
          min={RETRY_BOUNDS.maxAttempts.min}
          max={RETRY_BOUNDS.maxAttempts.max}
          step={1}
          value={Number.isNaN(retry.maxAttempts) ? "" : retry.maxAttempts}
          onChange={(e) => onChange({ ...retry, maxAttempts: num(e.target.value) })}
        />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-base`}>Base delay (s)</label>
        <input
          id={`${idPrefix}-base`}
          type="number"
          min={RETRY_BOUNDS.baseDelayS.min}
          max={RETRY_BOUNDS.baseDelayS.max}
          step={1}
          value={Number.isNaN(retry.baseDelayMs) ? "" : retry.baseDelayMs / 1000}
          onChange={(e) => onChange({ ...retry, baseDelayMs: num(e.target.value) * 1000 })}
        />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-max`}>Max delay (s)</label>
        <input
          id={`${idPrefix}-max`}
          type="number"
          min={RETRY_BOUNDS.maxDelayS.min}
          max={RETRY_BOUNDS.maxDelayS.max}
          step={1}
          value={Number.isNaN(retry.maxDelayMs) ? "" : retry.maxDelayMs / 1000}
          onChange={(e) => onChange({ ...retry, maxDelayMs: num(e.target.value) * 1000 })}
        />
      </div>
      <div className="inline-check">
        <input id={`${idPrefix}-jitter`} type="checkbox" checked={retry.jitter} onChange={(e) => onChange({ ...retry, jitter: e.target.checked })} />
        <label htmlFor={`${idPrefix}-jitter`}>Jitter</label>
      </div>
    </div>
  );
}

/** "Continue or stop" for an item that fails for good; the batch form and Settings share it. */
export function OnErrorField({ idPrefix, value, onChange }: { idPrefix: string; value: OnError; onChange: (next: OnError) => void }) {
  return (
    <fieldset className="mode-field">
      <legend>When an item fails for good</legend>
      <div className="radio-row">
        <span className="inline-check">
          <input id={`${idPrefix}-continue`} type="radio" name={`${idPrefix}-onerror`} checked={value === "continue"} onChange={() => onChange("continue")} />
          <label htmlFor={`${idPrefix}-continue`}>Continue with the rest</label>
        </span>
        <span className="inline-check">
          <input id={`${idPrefix}-stop`} type="radio" name={`${idPrefix}-onerror`} checked={value === "stop"} onChange={() => onChange("stop")} />
          <label htmlFor={`${idPrefix}-stop`}>Stop the batch</label>
        </span>
      </div>
    </fieldset>
  );
}
