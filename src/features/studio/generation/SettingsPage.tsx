import { useMutation, useQuery } from "convex/react";
import { useDeferredValue, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { OnError, RetryConfig } from "../../../../convex/studio/generation/validators";
import { formatDateTime } from "../format";
import { StudioError, useStudioCall } from "../StudioError";
import { formatDelay } from "./model";
import { OnErrorField, RetryFields, retryProblems } from "./RetryFields";

/** Studio → Settings → Retry configuration: the defaults new batches start from, and a simulator. */
export function SettingsPage() {
  const settings = useQuery(api.studio.generation.settings.getGenerationSettings, {});
  return (
    <section aria-labelledby="settings-title" className="gen-settings">
      <div className="page-head">
        <div>
          <h1 id="settings-title">Settings</h1>
          <p className="muted page-sub">Retry configuration for new batches. The gateway retries each request with this policy; rate-limit waits from Claude come on top.</p>
        </div>
      </div>
      {settings === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <SettingsForm saved={settings} />
      )}
    </section>
  );
}

function SettingsForm({ saved }: { saved: { retry: RetryConfig; onError: OnError; updatedAt?: number } }) {
  const [retry, setRetry] = useState<RetryConfig>(saved.retry);
  const [onError, setOnError] = useState<OnError>(saved.onError);
  const [justSaved, setJustSaved] = useState(false);
  const save = useStudioCall(useMutation(api.studio.generation.settings.saveGenerationSettings));
  const problems = retryProblems(retry);
  const dirty = JSON.stringify(retry) !== JSON.stringify(saved.retry) || onError !== saved.onError;

  return (
    <div className="settings-layout">
      <section className="card" aria-labelledby="retry-title">
        <h2 id="retry-title" className="card-title">
          Retry configuration
        </h2>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setJustSaved(false);
            const ok = await save.run({ retry, onError });
            if (ok !== undefined) setJustSaved(true);
          }}
        >
          <fieldset>
            <legend className="visually-hidden">Default retry policy</legend>
            <RetryFields
              idPrefix="settings-retry"
              retry={retry}
              onChange={(next) => {
                setRetry(next);
                setJustSaved(false);
              }}
            />
          </fieldset>
          <OnErrorField idPrefix="settings" value={onError} onChange={setOnError} />
          {problems.length > 0 ? (
            <ul className="problem-list field-error" id="settings-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <div className="row">
            <button type="submit" className="primary inline" disabled={save.busy || problems.length > 0 || !dirty}>
              {save.busy ? "Saving…" : "Save defaults"}
            </button>
            <span className="muted small-text" role="status">
              {justSaved ? "Saved." : saved.updatedAt ? `Last saved ${formatDateTime(saved.updatedAt)}` : "Built-in defaults (never saved)."}
            </span>
          </div>
          <StudioError error={save.error} />
        </form>
      </section>
      <Simulator retry={retry} valid={problems.length === 0} />
    </div>
  );
}

function Simulator({ retry, valid }: { retry: RetryConfig; valid: boolean }) {
  const [ratePct, setRatePct] = useState("50");
  const [seed, setSeed] = useState("1");
  const [items, setItems] = useState("5");
  const rate = Number(ratePct);
  const seedN = Number(seed);
  const itemsN = Number(items);
  const argsOk = valid && rate >= 0 && rate <= 100 && Number.isInteger(seedN) && Number.isInteger(itemsN) && itemsN >= 1 && itemsN <= 50;
  const args = useDeferredValue(argsOk ? { policy: retry, failureRate: rate / 100, items: itemsN, seed: seedN } : null);
  const result = useQuery(api.studio.generation.settings.simulateRetryPolicy, args ?? "skip");

  return (
    <section className="card" aria-labelledby="sim-title">
      <h2 id="sim-title" className="card-title">
        Test retry logic
      </h2>
      <p className="hint">Plays the policy above through the gateway's own retry code: each attempt fails with the chance you set.</p>
      <div className="options-grid">
        <div>
          <label htmlFor="sim-rate">Failure rate (%)</label>
          <input id="sim-rate" type="number" min={0} max={100} value={ratePct} onChange={(e) => setRatePct(e.target.value)} />
        </div>
        <div>
          <label htmlFor="sim-items">Items</label>
          <input id="sim-items" type="number" min={1} max={50} value={items} onChange={(e) => setItems(e.target.value)} />
        </div>
        <div>
          <label htmlFor="sim-seed">Seed</label>
          <input id="sim-seed" type="number" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </div>
      </div>
      {!argsOk ? (
        <p className="notice">Fix the policy and the simulation inputs to run it.</p>
      ) : result === undefined ? (
        <p className="muted">Simulating…</p>
      ) : (
        <>
          <p className="sim-summary" data-testid="sim-summary">
            {result.succeeded} succeeded, {result.failed} gave up · {result.totalAttempts} attempts · longest wait {formatDelay(result.worstWaitMs)}
          </p>
          <div className="table-scroll" role="region" aria-label="Simulated attempts per item" tabIndex={0}>
            <table className="table sim-table">
              <caption className="visually-hidden">Simulated attempts per item</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="num">
                    Total wait
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((item) => (
                  <tr key={item.item}>
                    <td>{item.item + 1}</td>
                    <td>
                      <ol className="sim-timeline" aria-label={`Item ${item.item + 1} attempts`}>
                        {item.attempts.map((a) => (
                          <li key={a.attempt} className={a.failed ? "sim-fail" : "sim-ok"}>
                            <span className="sim-attempt">
                              #{a.attempt} {a.failed ? "failed" : "ok"}
                            </span>
                            {a.failed ? <span className="sim-delay">{a.delayMs === null ? "gives up" : `wait ${formatDelay(a.delayMs)}`}</span> : null}
                          </li>
                        ))}
                      </ol>
                    </td>
                    <td>{item.succeeded ? <span className="badge item-badge item-succeeded">Succeeded</span> : <span className="badge item-badge item-failed">Gave up</span>}</td>
                    <td className="num">{formatDelay(item.totalWaitMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
