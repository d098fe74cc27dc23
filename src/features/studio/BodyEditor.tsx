import { useMemo, useRef } from "react";
import { placeholderSpans, type TemplateProblem } from "../../../convex/studio/templating";
import { highlightRuns } from "./model";

/** Where a problem sits, as people read it: "line 3, column 7: …". */
export function problemText(problem: TemplateProblem): string {
  return problem.line !== undefined ? `line ${problem.line}, column ${problem.column}: ${problem.message}` : problem.message;
}

/**
 * The template body: a plain textarea laid exactly over a <pre> that draws
 * the same text with placeholders coloured and errors underlined. Both share
 * one grid cell and the same font metrics, so the pre sets the height and
 * nothing needs scroll syncing. Everything is React text, never HTML.
 */
export function BodyEditor({
  id,
  value,
  onChange,
  errors,
  warnings = [],
  readOnly = false,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly TemplateProblem[];
  warnings?: readonly TemplateProblem[];
  readOnly?: boolean;
  describedBy?: string;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const runs = useMemo(() => highlightRuns(value, placeholderSpans(value), errors), [value, errors]);
  const problemsId = `${id}-problems`;
  const located = errors.filter((p) => p.kind !== "definition");

  function goTo(problem: TemplateProblem) {
    const el = area.current;
    if (!el || problem.start === undefined) return;
    el.focus();
    el.setSelectionRange(problem.start, Math.max(problem.start, problem.end ?? problem.start));
  }

  return (
    <div className="body-editor-wrap">
      <div className={located.length > 0 ? "body-editor has-errors" : "body-editor"}>
        <pre className="body-backdrop" aria-hidden="true" data-testid="body-backdrop">
          {runs.map((run) => {
            const classes = [run.kind ? `tok tok-${run.kind}` : "", run.error ? "tok-error" : ""].filter(Boolean).join(" ");
            return classes ? (
              <span key={run.start} className={classes} data-error={run.error ? run.error.message : undefined}>
                {run.text}
              </span>
            ) : (
              <span key={run.start}>{run.text}</span>
            );
          })}
          {/* A trailing newline in a textarea is a line the pre must show too. */}
          {"\n"}
        </pre>
        <textarea
          ref={area}
          id={id}
          className="body-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          readOnly={readOnly}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-invalid={located.length > 0}
          aria-describedby={[describedBy, problemsId].filter(Boolean).join(" ")}
        />
      </div>
      <div id={problemsId} className="body-problems" aria-live="polite">
        {located.length > 0 ? (
          <>
            <p className="body-problems-title">
              {located.length === 1 ? "1 problem in the template" : `${located.length} problems in the template`}
            </p>
            <ul className="problem-list" data-testid="body-errors">
              {located.map((problem, i) => (
                <li key={`${problem.start ?? "x"}-${i}`}>
                  {problem.start !== undefined ? (
                    <button type="button" className="link-button problem-link" onClick={() => goTo(problem)}>
                      {problemText(problem)}
                    </button>
                  ) : (
                    problemText(problem)
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="hint body-ok">
            <span aria-hidden="true">✓ </span>No syntax problems.
            {warnings.length > 0 ? ` ${warnings.map((w) => w.message).join("; ")}.` : ""}
          </p>
        )}
      </div>
    </div>
  );
}
