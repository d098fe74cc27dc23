/**
 * Average quality per day, one line per template. Loaded lazily (React.lazy
 * in AnalyticsPage): recharts stays out of the Studio's first bundle.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { themeColour } from "../../../lib/theme";
import { legendText } from "../../../components/chartLegend";

export type QualitySeries = { name: string; points: { day: string; averageScore?: number }[] };

export default function QualityChart({ series }: { series: readonly QualitySeries[] }) {
  const colours = [themeColour("--chart-1", "#2f5d50"), themeColour("--chart-3", "#46669f"), themeColour("--chart-2", "#c77d2e")];
  const days = [...new Set(series.flatMap((s) => s.points.map((p) => p.day)))].sort();
  const data = days.map((day) => {
    const row: Record<string, string | number | null> = { day: day.slice(5) };
    series.forEach((s, i) => {
      row[`s${i}`] = s.points.find((p) => p.day === day)?.averageScore ?? null;
    });
    return row;
  });
  return (
    <ResponsiveContainer>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" fontSize={12} />
        <YAxis domain={[0, 10]} fontSize={12} />
        <Tooltip />
        <Legend formatter={legendText} />
        {series.map((s, i) => (
          <Line key={s.name} type="monotone" dataKey={`s${i}`} name={s.name} stroke={colours[i % colours.length]} strokeWidth={2} dot connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
