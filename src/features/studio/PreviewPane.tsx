import { useEffect, useMemo, useState } from "react";
import {
  renderSegments,
  sampleValues,
  type ParsedTemplate,
  type TemplateProblem,
  type VariableDefinition,
  type VariableValue,
} from "../../../convex/studio/templating";

type Given = Record<string, string | boolean>;

/** What the preview renders with: sample values, overridden by whatever was typed in its form. */
export function previewValues(variables: readonly VariableDefinition[], overrides: Given): Record<string, VariableValue | string> {
  const samples = sampleValues(variables);
  const out: Record<string, VariableValue | string> = {};
  for (const def of variables) {
    if (!def.name) continue;
    if (Object.hasOwn(overrides, def.name)) out[def.name] = overrides[def.name];
    else if (Object.hasOwn(samples, def.name)) out[def.name] = samples[def.name];
  }
  return out;
}

/**
 * The live preview: a small form of sample values, one per variable, and
 * the body rendered with them. Each substituted value is a <mark> naming
 * its variable; values are text, so markup in a value shows as typed.
 */
export function PreviewPane({
  template,
  variables,
  blockedReason,
  onValuesChange,
}: {
  /** The parsed body, or null while it has errors. */
  template: ParsedTemplate | null;
  variables: readonly VariableDefinition[];
  blockedReason?: string;
  /** Told the values the preview renders with, whenever they change (Studio → Generate sends them). */
  onValuesChange?: (values: Record<string, VariableValue | string>) => void;
}) {
  const [overrides, setOverrides] = useState<Given>({});
  const named = useMemo(() => variables.filter((d) => d.name.length > 0), [variables]);
  const values = useMemo(() => previewValues(named, overrides), [named, overrides]);
  const result = useMemo(() => (template ? renderSegments(template, values) : null), [template, values]);
  useEffect(() => onValuesChange?.(values), [values, onValuesChange]);
  const problemsFor = (name: string): TemplateProblem[] => result?.errors.filter((p) => p.variable === name) ?? [];
  const set = (name: string, value: string | boolean) => setOverrides((current) => ({ ...current, [name]: value }));

  return (
    <section className="preview card" aria-labelledby="preview-title">
      <div className="section-head">
        <h2 id="preview-title">Live preview</h2>
        {Object.keys(overrides).length > 0 ? (
          <button type="button" className="small" onClick={() => setOverrides({})}>
            Reset sample values
          </button>
        ) : null}
      </div>
      {named.length > 0 ? (
        <fieldset className="sample-values">
          <legend>Sample values</legend>
          {named.map((def) => {
            const id = `preview-value-${def.name}`;
            const problems = problemsFor(def.name);
            const errorId = `${id}-error`;
            const raw = values[def.name];
            const common = {
              id,
              "aria-invalid": problems.length > 0,
              "aria-describedby": problems.length > 0 ? errorId : undefined,
            };
            return (
              <div key={def.name} className={def.type === "boolean" ? "sample-field sample-check" : "sample-field"}>
                {def.type === "boolean" ? (
                  <>
                    <input type="checkbox" {...common} checked={raw === true || raw === "true"} onChange={(e) => set(def.name, e.target.checked)} />
                    <label htmlFor={id}>{def.name}</label>
                  </>
                ) : (
                  <>
                    <label htmlFor={id}>
                      {def.name}
                      {def.required ? <span className="muted"> (required)</span> : null}
                    </label>
                    {def.type === "dropdown" ? (
                      <select {...common} value={typeof raw === "string" ? raw : ""} onChange={(e) => set(def.name, e.target.value)}>
                        <option value="">(no value)</option>
                        {def.options.map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        {...common}
                        type="text"
                        inputMode={def.type === "number" ? "decimal" : undefined}
                        value={raw === undefined ? "" : String(raw)}
                        onChange={(e) => set(def.name, e.target.value)}
                      />
                    )}
                  </>
                )}
                {problems.length > 0 ? (
                  <span id={errorId} className="field-error">
                    {problems.map((p) => p.message).join("; ")}
                  </span>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : (
        <p className="hint">Add variables to try the template with different values.</p>
      )}
      <h3 className="preview-output-title">Output</h3>
      {!template ? (
        <p className="notice preview-blocked">{blockedReason ?? "Fix the problems in the template to see the preview."}</p>
      ) : result && !result.ok ? (
        <div className="preview-blocked">
          <p className="notice">The preview can't render with these values:</p>
          <ul className="problem-list" data-testid="preview-problems">
            {result.errors.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : (
        <pre className="preview-output" data-testid="preview-output" tabIndex={0} aria-label="Rendered template">
          {result?.segments.map((segment, i) =>
            segment.fromVariable !== undefined ? (
              <mark
                key={i}
                className={segment.text === "" ? "var-value var-empty" : "var-value"}
                title={segment.text === "" ? `${segment.fromVariable} (no value)` : `Value of ${segment.fromVariable}`}
                data-variable={segment.fromVariable}
              >
                {segment.text}
              </mark>
            ) : (
              <span key={i}>{segment.text}</span>
            ),
          )}
        </pre>
      )}
    </section>
  );
}
