/**
 * The agreement trend as a line chart. Loaded lazily (React.lazy in
 * CalibrationPage): recharts stays out of the Studio's first bundle.
 */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { themeColour } from "../../../lib/theme";
import { legendText } from "../../../components/chartLegend";

export type TrendPoint = { day: number; agreement: number | null; judgeAgreement: number | null; reviewed: number };

export default function TrendChart({ points, target }: { points: readonly TrendPoint[]; target: number }) {
  const scorer = themeColour("--chart-1", "#2f5d50");
  const judge = themeColour("--chart-3", "#46669f");
  const goal = themeColour("--chart-2", "#c77d2e");
  const data = points.map((p) => ({
    day: new Date(p.day).toISOString().slice(5, 10),
    scorer: p.agreement === null ? null : Math.round(p.agreement * 1000) / 10,
    judge: p.judgeAgreement === null ? null : Math.round(p.judgeAgreement * 1000) / 10,
  }));
  return (
    <ResponsiveContainer>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" fontSize={12} />
        <YAxis domain={[0, 100]} unit=" %" fontSize={12} />
        <Tooltip formatter={(value) => `${String(value)} %`} />
        <Legend formatter={legendText} />
        <ReferenceLine y={target * 100} stroke={goal} strokeDasharray="6 4" label={{ value: `target ${Math.round(target * 100)} %`, position: "insideBottomRight", fontSize: 11 }} />
        <Line type="monotone" dataKey="scorer" name="Scorer agreement" stroke={scorer} strokeWidth={2} dot connectNulls isAnimationActive={false} />
        <Line type="monotone" dataKey="judge" name="Judge agreement" stroke={judge} strokeWidth={2} dot connectNulls isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
