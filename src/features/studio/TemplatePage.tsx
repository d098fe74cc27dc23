import { useMutation, useQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { Link } from "../../components/Link";
import { navigate } from "../../lib/router";
import { PurposeBadge, StatusBadge, TierBadge } from "./Badges";
import { ConfirmDialog } from "./ConfirmDialog";
import { formatDateTime } from "./format";
import { HistoryPanel } from "./HistoryPanel";
import { StudioError, useStudioCall } from "./StudioError";
import { TemplateEditor } from "./TemplateEditor";
import { TemplateTestDialog } from "./quality/TemplateTestDialog";

type Dialog = "delete" | "deactivate" | "archive" | "test" | null;

/** One template: its header and lifecycle actions, then the editor or the history. */
export function TemplatePage({ templateId, tab, canEdit }: { templateId: Id<"promptTemplates">; tab: "edit" | "history"; canEdit: boolean }) {
  const data = useQuery(api.studio.templates.browse.getTemplate, { templateId });
  const [dialog, setDialog] = useState<Dialog>(null);
  const deactivate = useStudioCall(useMutation(api.studio.templates.manage.deactivateTemplate));
  const setArchived = useStudioCall(useMutation(api.studio.templates.manage.setTemplateArchived));
  const remove = useStudioCall(useMutation(api.studio.templates.manage.deleteTemplate));

  if (data === undefined) return <p className="muted">Loading the template…</p>;
  if (data === null) {
    return (
      <div className="card empty">
        <p>This template doesn't exist. It may have been deleted.</p>
        <Link to="/studio">Back to templates</Link>
      </div>
    );
  }
  const { template, versions, historyTruncated } = data;
  const base = `/studio/templates/${template._id}`;
  const close = () => setDialog(null);
  const open = (which: Dialog) => {
    deactivate.clear();
    setArchived.clear();
    remove.clear();
    setDialog(which);
  };

  return (
    <div className="template-page">
      <Link to="/studio" className="back-link">
        ← Templates
      </Link>
      <div className="template-head">
        <div className="template-title">
          <h1>{template.name}</h1>
          <div className="badge-row">
            <StatusBadge archived={template.archived} activeVersion={template.activeVersion} />
            <TierBadge tier={template.tier} />
            <PurposeBadge purpose={template.purpose} />
            <span className="muted meta">
              {template.latestVersion} version{template.latestVersion === 1 ? "" : "s"} · updated {formatDateTime(template.updatedAt)}
              {template.updatedByEmail ? ` by ${template.updatedByEmail}` : ""}
            </span>
          </div>
        </div>
        {canEdit ? (
          <div className="template-actions" role="group" aria-label="Template actions">
            {!template.archived && versions[0] && versions[0]._id !== template.activeVersionId ? (
              <button type="button" onClick={() => open("test")}>
                Test v{versions[0].version}
              </button>
            ) : null}
            {template.active ? (
              <button type="button" onClick={() => open("deactivate")}>
                Deactivate
              </button>
            ) : null}
            {template.archived ? (
              <button type="button" disabled={setArchived.busy} onClick={() => void setArchived.run({ templateId, archived: false })}>
                Restore
              </button>
            ) : (
              <button type="button" onClick={() => open("archive")}>
                Archive
              </button>
            )}
            <button type="button" className="danger" onClick={() => open("delete")}>
              Delete
            </button>
          </div>
        ) : null}
      </div>
      {dialog === null ? (
        <>
          <StudioError error={deactivate.error} />
          <StudioError error={setArchived.error} />
        </>
      ) : null}
      {template.archived ? <p className="notice">This template is archived: it can't generate, and it can't get new versions until it is restored.</p> : null}
      <nav className="subnav" aria-label="Template sections">
        <Link to={base} current={tab === "edit"}>
          {canEdit ? "Editor" : "Template"}
        </Link>
        <Link to={`${base}/history`} current={tab === "history"}>
          History ({versions.length})
        </Link>
      </nav>
      {/* The editor stays mounted (hidden) on the History tab, so a draft survives a look at the diffs. */}
      <div hidden={tab !== "edit"}>
        <TemplateEditor key={template._id} template={template} latest={versions[0] ?? null} canEdit={canEdit} liveVersion={template.activeVersion} />
      </div>
      {tab === "history" ? <HistoryPanel template={template} versions={versions} historyTruncated={historyTruncated} canEdit={canEdit} /> : null}

      {dialog === "test" && versions[0] ? <TemplateTestDialog template={template} version={versions[0]} canRun={canEdit} onClose={close} /> : null}
      {dialog === "delete" ? (
        <ConfirmDialog
          title={`Delete “${template.name}”?`}
          confirmLabel="Delete template"
          danger
          busy={remove.busy}
          error={remove.error}
          onClose={close}
          onConfirm={() =>
            void remove.run({ templateId }).then((r) => {
              if (r !== undefined) navigate("/studio");
            })
          }
        >
          <p>
            This removes the template and all {versions.length} of its versions for good. Templates that generated conversations can't be deleted; archive them
            instead.
          </p>
        </ConfirmDialog>
      ) : null}
      {dialog === "deactivate" ? (
        <ConfirmDialog
          title="Deactivate this template?"
          confirmLabel="Deactivate"
          busy={deactivate.busy}
          error={deactivate.error}
          onClose={close}
          onConfirm={() =>
            void deactivate.run({ templateId }).then((r) => {
              if (r !== undefined) close();
            })
          }
        >
          <p>No version stays live, so new generation runs can't use it until you activate a version again. Its history is kept.</p>
        </ConfirmDialog>
      ) : null}
      {dialog === "archive" ? (
        <ConfirmDialog
          title="Archive this template?"
          confirmLabel="Archive"
          busy={setArchived.busy}
          error={setArchived.error}
          onClose={close}
          onConfirm={() =>
            void setArchived.run({ templateId, archived: true }).then((r) => {
              if (r !== undefined) close();
            })
          }
        >
          <p>It leaves the list (find it with “Show archived”), stops being live, and keeps its history. You can restore it at any time.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
