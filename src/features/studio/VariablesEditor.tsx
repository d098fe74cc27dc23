import { VARIABLE_TYPES, type TemplateProblem, type VariableType } from "../../../convex/studio/templating";
import { emptyVariable, optionList, toDefinition, type VariableDraft } from "./model";

const TYPE_LABELS: Record<VariableType, string> = { text: "Text", number: "Number", dropdown: "Dropdown", boolean: "Yes / no" };

/**
 * The typed variables of a version: one card each, with the fields its type
 * takes. Problems from the template language's definition check appear on
 * the card they belong to.
 */
export function VariablesEditor({
  drafts,
  onChange,
  problems,
  readOnly,
}: {
  drafts: VariableDraft[];
  onChange: (drafts: VariableDraft[]) => void;
  /** Definition problems (kind "definition"), matched to cards by index. */
  problems: readonly TemplateProblem[];
  readOnly: boolean;
}) {
  const update = (index: number, patch: Partial<VariableDraft>) => onChange(drafts.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...drafts];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    onChange(next);
  };

  return (
    <fieldset className="variables" disabled={readOnly}>
      <legend>Variables</legend>
      {drafts.length === 0 ? <p className="hint">No variables yet. Add one, then use it in the body as {"{{name}}"}.</p> : null}
      <ol className="variable-list">
        {drafts.map((draft, index) => {
          const p = `var-${draft.key}`;
          const local = toDefinition(draft).problems;
          const server = problems.filter((x) => x.index === index);
          const fieldProblem = (field: string) =>
            [...local.filter((x) => x.field === field).map((x) => x.message), ...server.filter((x) => x.field === field || (field === "defaultValue" && x.field === "default")).map((x) => x.message)].join("; ");
          const general = server.filter((x) => !["default", "min", "max", "minLength", "maxLength"].includes(x.field ?? "")).map((x) => x.message);
          const title = draft.name.trim() || `Variable ${index + 1}`;
          // Every card has the same visible labels; the hidden suffix tells them apart for screen readers.
          const of = <span className="visually-hidden"> of variable {index + 1}</span>;
          const input = (field: "min" | "max" | "minLength" | "maxLength" | "defaultValue", label: string, type: "text" = "text") => {
            const problem = fieldProblem(field);
            return (
              <div className="var-field var-field-small">
                <label htmlFor={`${p}-${field}`}>
                  {label}
                  {of}
                </label>
                <input
                  id={`${p}-${field}`}
                  type={type}
                  inputMode="decimal"
                  value={draft[field]}
                  onChange={(e) => update(index, { [field]: e.target.value })}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${p}-${field}-error` : undefined}
                />
                {problem ? (
                  <span className="field-error" id={`${p}-${field}-error`}>
                    {problem}
                  </span>
                ) : null}
              </div>
            );
          };
          return (
            <li key={draft.key} className={general.length > 0 ? "variable-card has-problem" : "variable-card"} aria-label={`Variable ${index + 1}: ${title}`}>
              <div className="variable-head">
                <span className="variable-index" aria-hidden="true">
                  {index + 1}
                </span>
                <div className="var-field var-name">
                  <label htmlFor={`${p}-name`}>Name{of}</label>
                  <input
                    id={`${p}-name`}
                    value={draft.name}
                    spellCheck={false}
                    autoCapitalize="off"
                    placeholder="e.g. persona"
                    onChange={(e) => update(index, { name: e.target.value })}
                    aria-invalid={general.length > 0 ? true : undefined}
                    aria-describedby={general.length > 0 ? `${p}-problems` : undefined}
                  />
                </div>
                <div className="var-field">
                  <label htmlFor={`${p}-type`}>Type{of}</label>
                  <select id={`${p}-type`} value={draft.type} onChange={(e) => update(index, { type: e.target.value as VariableType, defaultValue: "" })}>
                    {VARIABLE_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {TYPE_LABELS[t]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="var-check">
                  <input id={`${p}-required`} type="checkbox" checked={draft.required} onChange={(e) => update(index, { required: e.target.checked })} />
                  <label htmlFor={`${p}-required`}>Required{of}</label>
                </div>
                {readOnly ? null : (
                  <div className="variable-tools">
                    <button type="button" className="icon-button" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move ${title} up`}>
                      ↑
                    </button>
                    <button type="button" className="icon-button" onClick={() => move(index, 1)} disabled={index === drafts.length - 1} aria-label={`Move ${title} down`}>
                      ↓
                    </button>
                    <button type="button" className="icon-button danger" onClick={() => onChange(drafts.filter((_, i) => i !== index))} aria-label={`Remove ${title}`}>
                      ✕
                    </button>
                  </div>
                )}
              </div>
              <div className="variable-body">
                {draft.type === "number" ? (
                  <>
                    {input("min", "Minimum")}
                    {input("max", "Maximum")}
                    <div className="var-check">
                      <input id={`${p}-integer`} type="checkbox" checked={draft.integer} onChange={(e) => update(index, { integer: e.target.checked })} />
                      <label htmlFor={`${p}-integer`}>Whole numbers only{of}</label>
                    </div>
                    {input("defaultValue", "Default")}
                  </>
                ) : null}
                {draft.type === "text" ? (
                  <>
                    {input("minLength", "Min length")}
                    {input("maxLength", "Max length")}
                    <div className="var-field var-field-grow">
                      <label htmlFor={`${p}-defaultValue`}>Default{of}</label>
                      <input id={`${p}-defaultValue`} value={draft.defaultValue} onChange={(e) => update(index, { defaultValue: e.target.value })} />
                    </div>
                  </>
                ) : null}
                {draft.type === "dropdown" ? (
                  <>
                    <div className="var-field var-field-grow">
                      <label htmlFor={`${p}-options`}>Options (one per line){of}</label>
                      <textarea id={`${p}-options`} rows={3} value={draft.options} onChange={(e) => update(index, { options: e.target.value })} />
                    </div>
                    <div className="var-field">
                      <label htmlFor={`${p}-defaultValue`}>Default{of}</label>
                      <select id={`${p}-defaultValue`} value={draft.defaultValue} onChange={(e) => update(index, { defaultValue: e.target.value })}>
                        <option value="">(none)</option>
                        {optionList(draft.options).map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                    </div>
                  </>
                ) : null}
                {draft.type === "boolean" ? (
                  <div className="var-field">
                    <label htmlFor={`${p}-defaultValue`}>Default{of}</label>
                    <select id={`${p}-defaultValue`} value={draft.defaultValue} onChange={(e) => update(index, { defaultValue: e.target.value })}>
                      <option value="">(none)</option>
                      <option value="true">Yes</option>
                      <option value="false">No</option>
                    </select>
                  </div>
                ) : null}
                <div className="var-field var-field-grow var-help">
                  <label htmlFor={`${p}-help`}>Help text{of}</label>
                  <input id={`${p}-help`} value={draft.helpText} onChange={(e) => update(index, { helpText: e.target.value })} />
                </div>
              </div>
              {general.length > 0 ? (
                <ul className="problem-list var-problems" id={`${p}-problems`}>
                  {general.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <button type="button" onClick={() => onChange([...drafts, emptyVariable()])}>
          + Add variable
        </button>
      )}
    </fieldset>
  );
}
