import { useQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { sideBySide } from "./model";

function describeVariable(def: { type: string; required: boolean }): string {
  return `${def.type}${def.required ? ", required" : ""}`;
}

/** Two versions side by side: older on the left (removed lines red), newer on the right (added lines green). */
export function DiffView({ fromVersionId, toVersionId }: { fromVersionId: Id<"promptTemplateVersions">; toVersionId: Id<"promptTemplateVersions"> }) {
  const diff = useQuery(api.studio.templates.browse.diffVersions, { fromVersionId, toVersionId });
  if (diff === undefined) return <p className="muted">Comparing…</p>;
  const rows = sideBySide(diff.body);
  const same = diff.stats.linesAdded === 0 && diff.stats.linesRemoved === 0;
  return (
    <section className="diff" aria-labelledby="diff-title">
      <div className="section-head">
        <h3 id="diff-title">
          Version {diff.from.version} → version {diff.to.version}
        </h3>
        <span className="diff-stats">
          <span className="stat-added">+{diff.stats.linesAdded}</span> <span className="stat-removed">−{diff.stats.linesRemoved}</span>
          <span className="visually-hidden">
            {" "}
            ({diff.stats.linesAdded} lines added, {diff.stats.linesRemoved} removed)
          </span>
        </span>
      </div>
      {same ? <p className="hint">The bodies are identical.</p> : null}
      <div className="diff-scroll" role="region" aria-label="Body changes" tabIndex={0}>
        <table className="diff-table">
          <caption className="visually-hidden">
            Body of version {diff.from.version} (left) and version {diff.to.version} (right), line by line
          </caption>
          <colgroup>
            <col className="diff-num-col" />
            <col />
            <col className="diff-num-col" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" colSpan={2}>
                v{diff.from.version}
                {diff.from.note ? <span className="muted diff-note"> · {diff.from.note}</span> : null}
              </th>
              <th scope="col" colSpan={2}>
                v{diff.to.version}
                {diff.to.note ? <span className="muted diff-note"> · {diff.to.note}</span> : null}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td className={`diff-num ${row.left ? `diff-${row.left.kind}` : "diff-blank"}`}>{row.left?.number ?? ""}</td>
                <td className={`diff-code ${row.left ? `diff-${row.left.kind}` : "diff-blank"}`} data-side="left" data-kind={row.left?.kind ?? "blank"}>
                  {row.left?.kind === "removed" ? <span className="visually-hidden">Removed: </span> : null}
                  {row.left?.text ?? ""}
                </td>
                <td className={`diff-num ${row.right ? `diff-${row.right.kind}` : "diff-blank"}`}>{row.right?.number ?? ""}</td>
                <td className={`diff-code ${row.right ? `diff-${row.right.kind}` : "diff-blank"}`} data-side="right" data-kind={row.right?.kind ?? "blank"}>
                  {row.right?.kind === "added" ? <span className="visually-hidden">Added: </span> : null}
                  {row.right?.text ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="diff-meta">
        <div>
          <h4>Variables</h4>
          {diff.variables.length === 0 ? (
            <p className="hint">No changes.</p>
          ) : (
            <ul className="change-list" data-testid="variable-changes">
              {diff.variables.map((change) => (
                <li key={`${change.kind}-${change.name}`} className={`change-${change.kind}`}>
                  {change.kind === "added" ? (
                    <>
                      <span className="change-tag">Added</span> <code>{change.name}</code> ({describeVariable(change.after)})
                    </>
                  ) : change.kind === "removed" ? (
                    <>
                      <span className="change-tag">Removed</span> <code>{change.name}</code> ({describeVariable(change.before)})
                    </>
                  ) : (
                    <>
                      <span className="change-tag">Changed</span> <code>{change.name}</code>:{" "}
                      {change.fields.map((f, i) => (
                        <span key={f.field}>
                          {i > 0 ? "; " : ""}
                          {f.field} <del>{f.before}</del> → <ins>{f.after}</ins>
                        </span>
                      ))}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h4>Settings</h4>
          {diff.settings.length === 0 ? (
            <p className="hint">No changes.</p>
          ) : (
            <ul className="change-list">
              {diff.settings.map((s) => (
                <li key={s.field}>
                  <span className="change-tag">Changed</span> {s.field}: <del>{s.before}</del> → <ins>{s.after}</ins>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
