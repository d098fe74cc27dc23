import type { AxisDraft } from "./model";
import { axisValues } from "./model";

/**
 * For each variable, the values the batch varies it over: a list (one per
 * line or comma-separated) for text and numbers, checkboxes for dropdown
 * options and booleans.
 */
export function MatrixEditor({ axes, onChange }: { axes: readonly AxisDraft[]; onChange: (next: AxisDraft[]) => void }) {
  const update = (index: number, next: AxisDraft) => onChange(axes.map((axis, i) => (i === index ? next : axis)));
  return (
    <div className="matrix-editor">
      {axes.map((axis, index) => {
        const count = axisValues(axis).length;
        const countText = `${count} ${count === 1 ? "value" : "values"}`;
        if (axis.kind === "choice") {
          return (
            <fieldset key={axis.variable} className="matrix-axis" data-variable={axis.variable}>
              <legend>
                <span className="mono">{axis.variable}</span> <span className="axis-count">{countText}</span>
              </legend>
              <div className="choice-list">
                {axis.options.map((option) => {
                  const id = `axis-${axis.variable}-${option}`.replace(/[^A-Za-z0-9_-]/g, "_");
                  const checked = axis.selected.includes(option);
                  return (
                    <span key={option} className="choice-chip">
                      <input
                        id={id}
                        type="checkbox"
                        checked={checked}
                        onChange={(e) =>
                          update(index, {
                            ...axis,
                            selected: e.target.checked ? [...axis.selected, option] : axis.selected.filter((o) => o !== option),
                          })
                        }
                      />
                      <label htmlFor={id}>{option}</label>
                    </span>
                  );
                })}
              </div>
            </fieldset>
          );
        }
        const id = `axis-${axis.variable}`;
        return (
          <div key={axis.variable} className="matrix-axis" data-variable={axis.variable}>
            <label htmlFor={id}>
              <span className="mono">{axis.variable}</span> <span className="axis-count">{countText}</span>
            </label>
            <textarea
              id={id}
              rows={Math.min(6, Math.max(2, axis.text.split("\n").length))}
              value={axis.text}
              aria-describedby={`${id}-hint`}
              onChange={(e) => update(index, { ...axis, text: e.target.value })}
            />
            <span id={`${id}-hint`} className="hint">
              {axis.numeric ? "Numbers, one" : "One"} per line or comma-separated. Leave empty to use the default.
            </span>
          </div>
        );
      })}
    </div>
  );
}
