import { useMutation } from "convex/react";
import { useCallback, useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Doc, Id } from "../../../convex/_generated/dataModel";
import { formatDateTime } from "./format";
import { ConfirmDialog } from "./ConfirmDialog";
import { DiffView } from "./DiffView";
import { describeError, type DisplayError } from "../../lib/errors";
import { ActivationRefusal, OverrideActivationDialog } from "./quality/ActivationGate";
import { testBadge } from "./quality/model";
import { TemplateTestDialog } from "./quality/TemplateTestDialog";
import { TestBadge } from "./quality/TestBadge";
import { StudioError, useStudioCall } from "./StudioError";

type Version = Doc<"promptTemplateVersions"> & { createdByEmail: string | null };
type VersionId = Id<"promptTemplateVersions">;

/**
 * Every version, newest first: who saved it and when, its note and usage,
 * which one is live; pick two to compare side by side; make one live (a
 * rollback when it is older than the live one).
 */
export function HistoryPanel({
  template,
  versions,
  historyTruncated,
  canEdit,
}: {
  template: Doc<"promptTemplates">;
  versions: Version[];
  historyTruncated: boolean;
  canEdit: boolean;
}) {
  const [selected, setSelected] = useState<VersionId[]>(() => versions.slice(0, 2).map((v) => v._id));
  const [confirm, setConfirm] = useState<Version | null>(null);
  const activateVersion = useMutation(api.studio.templates.manage.activateVersion);
  // Activation is gated on a passing test: a refusal (CONFLICT) closes the confirmation and shows beside the version's button, with a test and an override offered.
  const [refused, setRefused] = useState<{ versionId: VersionId; error: DisplayError } | null>(null);
  const [overriding, setOverriding] = useState<{ version: Version; refusal: string } | null>(null);
  const [testing, setTesting] = useState<Version | null>(null);
  const activate = useStudioCall(
    useCallback(
      async (args: { versionId: VersionId }) => {
        try {
          return await activateVersion(args);
        } catch (caught) {
          const error = describeError(caught);
          if (error.code === "CONFLICT") {
            setRefused({ versionId: args.versionId, error });
            setConfirm(null);
          }
          throw caught;
        }
      },
      [activateVersion],
    ),
  );
  const live = versions.find((v) => v._id === template.activeVersionId) ?? null;

  // Older on the left, whatever order they were picked in.
  const picked = versions.filter((v) => selected.includes(v._id)).sort((a, b) => a.version - b.version);

  function toggle(id: VersionId, on: boolean) {
    setSelected((current) => {
      if (!on) return current.filter((x) => x !== id);
      // A third pick replaces the earliest of the two.
      return [...current.filter((x) => x !== id), id].slice(-2);
    });
  }

  const isRollback = (v: Version) => live !== null && v.version < live.version;

  return (
    <section aria-labelledby="history-title" className="history">
      <div className="section-head">
        <h2 id="history-title">History</h2>
        <span className="hint">Pick two versions to compare. Saving never changes what is live; making a version live is audited.</span>
      </div>
      {!canEdit ? <p className="notice read-only-notice">Your role can view templates but not change them.</p> : null}
      <div className="table-scroll" role="region" aria-label="Versions" tabIndex={0}>
        <table className="table versions-table">
          <caption className="visually-hidden">Versions of {template.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col" className="compare-col">
                Compare
              </th>
              <th scope="col">Version</th>
              <th scope="col">Note</th>
              <th scope="col">Saved by</th>
              <th scope="col">Saved</th>
              <th scope="col" className="num">
                Uses
              </th>
              <th scope="col">Test</th>
              {canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const isLive = v._id === template.activeVersionId;
              return (
                <tr key={v._id} className={isLive ? "version-live" : undefined} data-version={v.version}>
                  <td className="compare-col">
                    <input
                      type="checkbox"
                      id={`compare-${v._id}`}
                      checked={selected.includes(v._id)}
                      onChange={(e) => toggle(v._id, e.target.checked)}
                      aria-label={`Compare version ${v.version}`}
                    />
                  </td>
                  <td className="nowrap">
                    <strong>v{v.version}</strong> {isLive ? <span className="badge badge-live">Live</span> : null}
                  </td>
                  <td className="note-cell">{v.note || <span className="muted">—</span>}</td>
                  <td className="actor">{v.createdByEmail ?? <span className="muted">deleted user</span>}</td>
                  <td className="nowrap">{formatDateTime(v.createdAt)}</td>
                  <td className="num">{v.usageCount.toLocaleString("en-US")}</td>
                  <td className="nowrap">
                    <div className="test-cell">
                      <TestBadge badge={testBadge(v.testResults)} />
                      {canEdit && !template.archived ? (
                        <button type="button" className="small link-button" onClick={() => setTesting(v)}>
                          {v.testResults ? "Results" : "Test"}
                          <span className="visually-hidden"> of version {v.version}</span>
                        </button>
                      ) : null}
                    </div>
                  </td>
                  {canEdit ? (
                    <td className="nowrap">
                      {isLive ? (
                        <span className="muted">Live now</span>
                      ) : template.archived ? (
                        <span className="muted">Archived</span>
                      ) : (
                        <>
                          <button type="button" className="small" onClick={() => (activate.clear(), setRefused(null), setConfirm(v))}>
                            {isRollback(v) ? `Roll back to v${v.version}` : `Activate v${v.version}`}
                          </button>
                          {refused?.versionId === v._id ? (
                            <ActivationRefusal
                              error={refused.error}
                              version={v.version}
                              onTest={() => setTesting(v)}
                              onOverride={() => setOverriding({ version: v, refusal: refused.error.message })}
                            />
                          ) : null}
                        </>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {historyTruncated ? <p className="hint">Only the newest {versions.length} versions are listed.</p> : null}
      {picked.length === 2 ? (
        <DiffView fromVersionId={picked[0]._id} toVersionId={picked[1]._id} />
      ) : (
        <p className="hint diff-hint">{versions.length < 2 ? "Save another version to compare changes." : "Pick two versions to see what changed between them."}</p>
      )}
      {confirm ? (
        <ConfirmDialog
          title={isRollback(confirm) ? `Roll back to version ${confirm.version}?` : `Make version ${confirm.version} live?`}
          confirmLabel={isRollback(confirm) ? `Roll back to v${confirm.version}` : `Activate v${confirm.version}`}
          busy={activate.busy}
          error={activate.error}
          onClose={() => setConfirm(null)}
          onConfirm={() =>
            void activate.run({ versionId: confirm._id }).then((r) => {
              if (r !== undefined) setConfirm(null);
            })
          }
        >
          <p>
            Version {confirm.version}
            {confirm.note ? ` (“${confirm.note}”)` : ""} becomes the live version of <strong>{template.name}</strong>
            {live ? `, replacing version ${live.version}` : ""}. New generation runs use it from now on; the change is recorded in the audit log.
          </p>
        </ConfirmDialog>
      ) : null}
      {!confirm && !refused ? <StudioError error={activate.error} /> : null}
      {overriding ? (
        <OverrideActivationDialog
          versionId={overriding.version._id}
          version={overriding.version.version}
          templateName={template.name}
          refusal={overriding.refusal}
          onClose={() => setOverriding(null)}
          onDone={() => {
            setOverriding(null);
            setRefused(null);
            activate.clear();
          }}
        />
      ) : null}
      {testing ? <TemplateTestDialog template={template} version={testing} canRun={canEdit} onClose={() => setTesting(null)} /> : null}
    </section>
  );
}
