import type { Id } from "../../../convex/_generated/dataModel";
import { Link } from "../../components/Link";
import { ToastProvider } from "../../components/Toasts";
import { usePath } from "../../lib/router";
import { generationPage, StudioTabs } from "./generation/routes";
import { exportAnalyticsPage } from "./export/routes";
import { ConversationsPage, FlaggedCount } from "./quality/ConversationsPage";
import { reviewPage } from "./review/routes";
import { TemplateEditor } from "./TemplateEditor";
import { TemplateList } from "./TemplateList";
import { TemplatePage } from "./TemplatePage";

/**
 * The Studio (loaded lazily from App.tsx). Routes:
 *   /studio                          the template list
 *   /studio/templates/new            a new template
 *   /studio/templates/:id            one template's editor
 *   /studio/templates/:id/history    its versions and diffs
 *   /studio/generate, /studio/batches[/new|/:id], /studio/conversations/:id,
 *   /studio/settings                 generation (generation/routes.tsx)
 *   /studio/conversations            the scored list, quality details in a dialog (quality/)
 *   /studio/review[/:id], /studio/calibration   review (review/routes.tsx)
 *   /studio/export, /studio/analytics           export/routes.tsx
 * Admins edit; reviewers see everything read-only; anyone else is told plainly.
 */
export default function StudioPage({ permissions }: { permissions: readonly string[] }) {
  const path = usePath().replace(/\/+$/, "") || "/studio";
  const canView = permissions.includes("studio.templates.view");
  const canEdit = permissions.includes("studio.templates.edit");
  const canGenerate = permissions.includes("studio.generate");
  const canReview = permissions.includes("studio.review");

  if (!canView) {
    return (
      <div className="studio">
        <div className="card empty no-access">
          <h1>Studio</h1>
          <p>You don't have access to the Studio.</p>
          <Link to="/">Back to home</Link>
        </div>
      </div>
    );
  }

  const generation = generationPage(path, canGenerate);
  const review = reviewPage(path, canReview, canGenerate);
  const insights = exportAnalyticsPage(path, permissions);
  let page;
  const match = /^\/studio\/templates\/([^/]+)(\/history)?$/.exec(path);
  if (path === "/studio/conversations") {
    page = canReview ? (
      <ConversationsPage />
    ) : (
      <div className="card empty">
        <p>Reviewing conversations needs the studio.review permission (admins and reviewers).</p>
        <Link to="/studio">Back to templates</Link>
      </div>
    );
  } else if (review) {
    page = review;
  } else if (insights) {
    page = insights;
  } else if (generation) {
    page = generation;
  } else if (path === "/studio/templates/new") {
    page = canEdit ? (
      <div className="template-page">
        <Link to="/studio" className="back-link">
          ← Templates
        </Link>
        <h1>New template</h1>
        <TemplateEditor template={null} latest={null} canEdit />
      </div>
    ) : (
      <div className="card empty">
        <p>Your role can view templates but not change them.</p>
        <Link to="/studio">Back to templates</Link>
      </div>
    );
  } else if (match) {
    page = <TemplatePage key={match[1]} templateId={match[1] as Id<"promptTemplates">} tab={match[2] ? "history" : "edit"} canEdit={canEdit} />;
  } else {
    page = <TemplateList canEdit={canEdit} />;
  }
  return (
    <ToastProvider>
      <div className="studio">
        {canGenerate || canReview ? <StudioTabs path={path} permissions={permissions} badges={canReview ? { "/studio/conversations": <FlaggedCount /> } : undefined} /> : null}
        {page}
      </div>
    </ToastProvider>
  );
}
