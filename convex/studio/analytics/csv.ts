/**
 * The Analytics table's CSV: pure, so the SPA can import it without server
 * code. Same quoting and formula guard as the data export.
 */
import { csvRow } from "../export/formats";
import type { Stats } from "./rollup";

export type AnalyticsCsvRow = { templateId: string; name: string; tier: string; archived: boolean; usage: number; stats: Stats };

export const ANALYTICS_CSV_COLUMNS = [
  "template_id",
  "name",
  "tier",
  "archived",
  "usage",
  "generations",
  "successes",
  "failures",
  "average_score",
  "min_score",
  "max_score",
  "approved",
  "rejected",
  "approval_rate",
  "average_duration_ms",
  "average_cost_micros",
  "total_cost_micros",
  "trend",
] as const;

/** One CSV record per row (same quoting and formula guard as the data export). */
export function analyticsCsvLines(rows: AnalyticsCsvRow[]): string[] {
  return [
    csvRow([...ANALYTICS_CSV_COLUMNS]),
    ...rows.map((row) =>
      csvRow([
        row.templateId,
        row.name,
        row.tier,
        String(row.archived),
        row.usage,
        row.stats.generations,
        row.stats.successes,
        row.stats.failures,
        row.stats.averageScore,
        row.stats.minScore,
        row.stats.maxScore,
        row.stats.approved,
        row.stats.rejected,
        row.stats.approvalRate,
        row.stats.averageDurationMs,
        row.stats.averageCostMicros,
        row.stats.totalCostMicros,
        row.stats.trend,
      ]),
    ),
  ];
}
