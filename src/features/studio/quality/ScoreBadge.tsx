import { BAND_LABEL, formatScore, scoreBand } from "./model";

/** A score in its band's colour, with the band in words too (colour is never the only signal). */
export function ScoreBadge({ score, suffix }: { score: number | undefined; suffix?: string }) {
  if (score === undefined) return <span className="score-badge score-none">Not scored</span>;
  const band = scoreBand(score);
  return (
    <span className={`score-badge score-${band}`} data-band={band}>
      <strong>{formatScore(score)}</strong> <span className="score-label">{BAND_LABEL[band]}</span>
      {suffix ? <span className="score-suffix"> {suffix}</span> : null}
    </span>
  );
}
