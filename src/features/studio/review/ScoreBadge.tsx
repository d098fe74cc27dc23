import { BAND_LABEL, scoreBand } from "./model";

/** A 0–10 score with its band in words and colour (never colour alone), and where it sits against the threshold. */
export function ScoreBadge({ score, threshold, label = "Score" }: { score: number | undefined; threshold?: number; label?: string }) {
  if (score === undefined) return <span className="badge review-score review-score-none">{label}: not scored</span>;
  const band = scoreBand(score);
  const below = threshold !== undefined && score < threshold;
  return (
    <span className={`badge review-score review-score-${band}`} title={threshold !== undefined ? `Threshold ${threshold}` : undefined}>
      <span className="visually-hidden">{label} </span>
      {score.toFixed(1)} · {BAND_LABEL[band]}
      {below ? <span className="review-below"> · below {threshold}</span> : null}
    </span>
  );
}
