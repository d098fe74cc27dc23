/**
 * Studio → Analytics, free of React: how figures read, the coverage heatmap's
 * grid (counts, intensity, thin marks) and the gap plan the confirm dialog
 * states. The plan uses the server's own pure planner, so the dialog's
 * numbers are the ones fillCoverageGaps will act on.
 */
import { planGapBatches, thinCells, type Trend } from "../../../../convex/studio/analytics/rollup";

export const TREND_TEXT: Record<Trend, { arrow: string; label: string }> = {
  improving: { arrow: "↑", label: "Improving" },
  stable: { arrow: "→", label: "Stable" },
  declining: { arrow: "↓", label: "Declining" },
  insufficient_data: { arrow: "·", label: "Too few scores" },
};

export const fmtScore = (n: number | undefined) => (n === undefined ? "—" : n.toFixed(1));
export const fmtPct = (ratio: number | undefined) => (ratio === undefined ? "—" : `${Math.round(ratio * 1000) / 10} %`);
export const fmtMs = (ms: number | undefined) => (ms === undefined ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
export function fmtCost(micros: number | undefined): string {
  if (micros === undefined) return "—";
  const usd = micros / 1e6;
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export type Coverage = {
  frameworks: string[];
  personas: string[];
  emotions: string[];
  cells: { framework: string; persona: string; emotion: string; approved: number }[];
  pairs: { framework: string; persona: string; approved: number }[];
  total: number;
  truncated: boolean;
};

export type HeatCell = { framework: string; persona: string; count: number; thin: boolean; /** 0–1 of the grid's largest count. */ intensity: number; level: 0 | 1 | 2 | 3 | 4 };
export type Heatmap = { frameworks: string[]; rows: { persona: string; cells: HeatCell[] }[]; max: number; thin: number; cellsTotal: number };

/**
 * Persona rows × framework columns. `emotion` null counts every emotion
 * (the pairs); an emotion counts only its cells. A cell under `target` is thin.
 */
export function buildHeatmap(coverage: Coverage, emotion: string | null, target: number): Heatmap {
  const counts = new Map<string, number>();
  const key = (framework: string, persona: string) => JSON.stringify([framework, persona]);
  if (emotion === null) for (const p of coverage.pairs) counts.set(key(p.framework, p.persona), p.approved);
  else for (const c of coverage.cells) if (c.emotion === emotion) counts.set(key(c.framework, c.persona), (counts.get(key(c.framework, c.persona)) ?? 0) + c.approved);
  const max = Math.max(0, ...counts.values());
  let thin = 0;
  const rows = coverage.personas.map((persona) => ({
    persona,
    cells: coverage.frameworks.map((framework): HeatCell => {
      const count = counts.get(key(framework, persona)) ?? 0;
      const isThin = count < target;
      if (isThin) thin++;
      const intensity = max === 0 ? 0 : count / max;
      const level = (count === 0 ? 0 : Math.min(4, Math.max(1, Math.ceil(intensity * 4)))) as HeatCell["level"];
      return { framework, persona, count, thin: isThin, intensity, level };
    }),
  }));
  return { frameworks: coverage.frameworks, rows, max, thin, cellsTotal: coverage.frameworks.length * coverage.personas.length };
}

/** What "Generate to fill the gaps" will create: batches and items (one item per thin persona per batch, times other axes). */
export function gapPlan(coverage: Coverage, target: number, maxBatches: number, otherValues: number) {
  const thin = thinCells(coverage.cells, { frameworks: coverage.frameworks, personas: coverage.personas, emotions: coverage.emotions }, target);
  const plan = planGapBatches(thin, maxBatches);
  const items = plan.reduce((sum, group) => sum + group.personas.length, 0) * Math.max(1, otherValues);
  return { thinCells: thin.length, batches: plan.length, items, plan };
}
