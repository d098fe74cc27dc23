import type { ReactNode } from "react";
import type { Id } from "../../../../convex/_generated/dataModel";
import { Link } from "../../../components/Link";
import { CalibrationPage } from "./CalibrationPage";
import { ReviewPage } from "./ReviewPage";

/** The page for a review route (/studio/review[/:id], /studio/calibration), or null when `path` is not one. */
export function reviewPage(path: string, canReview: boolean, canGenerate: boolean): ReactNode | null {
  const item = /^\/studio\/review(?:\/([^/]+))?$/.exec(path);
  const calibration = path === "/studio/calibration";
  if (!item && !calibration) return null;
  if (!canReview) {
    return (
      <div className="card empty">
        <p>Reviewing conversations needs the studio.review permission (admins and reviewers).</p>
        <Link to="/studio">Back to templates</Link>
      </div>
    );
  }
  if (calibration) return <CalibrationPage />;
  return <ReviewPage selectedId={(item![1] ?? null) as Id<"generatedConversations"> | null} canGenerate={canGenerate} />;
}
