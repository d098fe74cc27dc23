import type { ReactNode } from "react";

/**
 * Recharts colours a legend's text with its series colour, and several of
 * the palette's series colours are made for lines, not text (the orange is
 * 3:1 on the page). The swatch keeps the colour; the words take the ink.
 */
export function legendText(value: ReactNode): ReactNode {
  return <span className="chart-legend-text">{value}</span>;
}
