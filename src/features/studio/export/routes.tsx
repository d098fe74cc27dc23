import type { ReactNode } from "react";
import { Link } from "../../../components/Link";
import { AnalyticsPage } from "../analytics/AnalyticsPage";
import { ExportPage } from "./ExportPage";

/** The page for /studio/export or /studio/analytics, or null when `path` is neither. */
export function exportAnalyticsPage(path: string, permissions: readonly string[]): ReactNode | null {
  const canGenerate = permissions.includes("studio.generate");
  if (path === "/studio/export") {
    if (!permissions.includes("studio.export")) {
      return (
        <div className="card empty">
          <p>Exporting needs the studio.export permission (admins and reviewers).</p>
          <Link to="/studio">Back to templates</Link>
        </div>
      );
    }
    return <ExportPage />;
  }
  if (path === "/studio/analytics") return <AnalyticsPage canGenerate={canGenerate} />;
  return null;
}
