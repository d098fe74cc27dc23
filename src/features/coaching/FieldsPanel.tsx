import type { SessionView } from "./types";

function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(show).join("; ");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** What the coach has captured, step by step; missing required fields are marked. */
export function FieldsPanel({ steps }: { steps: SessionView["steps"] }) {
  return (
    <aside className="fields-panel card" aria-labelledby="fields-title">
      <h2 id="fields-title">Captured so far</h2>
      {steps
        .filter((step) => step.state !== "upcoming")
        .map((step) => (
          <section key={step.id} aria-label={step.name} data-testid={`fields-${step.id}`}>
            <h3>{step.name}</h3>
            <dl>
              {step.fields.map((field) => (
                <div key={field.name} className={field.value === undefined ? "field missing" : "field captured"}>
                  <dt title={field.description}>
                    {field.label}
                    {field.required ? <span className="muted"> *</span> : null}
                  </dt>
                  <dd>
                    {field.value !== undefined ? (
                      show(field.value)
                    ) : (
                      <span className="missing-mark">{field.required ? "Missing" : "—"}</span>
                    )}
                    {field.problem && field.problem !== "not yet provided" ? <span className="problem"> {field.problem}</span> : null}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
    </aside>
  );
}
