import { useId } from "react";
import type { Heatmap } from "./model";

/**
 * Coverage as a real table: personas in rows, frameworks in columns, the
 * approved count written in every cell. Shading is a supplement (darker =
 * more); a thin cell (below the target) also says "thin" in text and gets a
 * dashed outline, so nothing depends on colour alone.
 */
export function CoverageHeatmap({ heatmap, target, caption }: { heatmap: Heatmap; target: number; caption: string }) {
  const legendId = useId();
  if (heatmap.rows.length === 0 || heatmap.frameworks.length === 0) {
    return <p className="muted">No approved conversations yet: coverage fills in as reviewers approve.</p>;
  }
  return (
    <>
      <div className="table-scroll heatmap-scroll" role="region" aria-label={caption} tabIndex={0}>
        <table className="heatmap-table" aria-describedby={legendId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Persona</th>
              {heatmap.frameworks.map((framework) => (
                <th key={framework} scope="col">
                  {framework}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heatmap.rows.map((row) => (
              <tr key={row.persona}>
                <th scope="row">{row.persona}</th>
                {row.cells.map((cell) => (
                  <td key={cell.framework} className={`heat heat-${cell.level}${cell.thin ? " heat-thin" : ""}`} data-testid="heat-cell" data-count={cell.count} data-thin={cell.thin || undefined}>
                    <span className="heat-count">{cell.count}</span>
                    {cell.thin ? <span className="heat-thin-tag">thin</span> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted heatmap-legend" id={legendId}>
        Each cell counts approved conversations. Darker cells have more; cells marked “thin” (dashed outline) have fewer than {target}. {heatmap.thin} of {heatmap.cellsTotal} cells are thin.
      </p>
    </>
  );
}
