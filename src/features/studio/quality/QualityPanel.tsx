import { useQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { formatScore, STATUS_LABEL } from "./model";
import { QualityDialog } from "./QualityDialog";
import { ScoreBadge } from "./ScoreBadge";

/** A stored conversation's quality at a glance (score, status, first recommendations), with the full details one button away. */
export function QualityPanel({ conversationId }: { conversationId: Id<"generatedConversations"> }) {
  const details = useQuery(api.studio.quality.conversations.getQualityDetails, { conversationId });
  const [open, setOpen] = useState<Id<"generatedConversations"> | null>(null);
  if (details === undefined) return <p className="muted">Loading the quality report…</p>;
  const { conversation: c, quality, judge } = details;
  return (
    <div className="quality-panel">
      <p className="quality-summary">
        <ScoreBadge score={c.score} />
        <span className={`badge status-badge status-${c.status}`}>{STATUS_LABEL[c.status]}</span>
        {judge?.overall !== undefined ? <span className="muted">judge {formatScore(judge.overall)} / 10</span> : null}
      </p>
      {quality?.override ? (
        <p className="small-text">
          Overridden by {details.overriddenBy ?? "a former reviewer"} (the scorer gave {formatScore(quality.overall)}): “{quality.override.reason}”
        </p>
      ) : null}
      {quality && quality.recommendations.length > 0 ? (
        <ul className="recommendations">
          {quality.recommendations.slice(0, 3).map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      ) : quality ? (
        <p className="muted">The scorer's checks all passed.</p>
      ) : null}
      <button type="button" className="small" aria-haspopup="dialog" data-score-button={conversationId} onClick={() => setOpen(conversationId)}>
        Quality details
      </button>
      {open ? (
        <QualityDialog
          conversationId={open}
          serverNeighbours
          canOverride
          onNavigate={setOpen}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}
