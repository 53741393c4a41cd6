"use client";

import { Bar, CartesianGrid, Cell, BarChart as RBarChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, formatValue, GRID, seriesColor, type ChartSeries, type ChartUnit } from "./chart-theme";

// Recharts bar chart in Candor's style, for use inside ChartFrame (which supplies the title, the
// states and the text alternative). Client component: Recharts measures and draws in the browser.
// Props are plain data, so a server component can render it. `barColors` gives each bar (row) its
// own colour, e.g. by score band, instead of one colour per series.
export function BarChart<T extends Record<string, unknown>>({ data, x, series, stacked = false, unit = "count", barColors }: {
  data: T[];
  x: keyof T & string;
  series: ChartSeries<keyof T & string>[];
  stacked?: boolean;
  unit?: ChartUnit;
  barColors?: readonly string[];
}) {
  const format = (v: number) => formatValue(v, unit);
  return (
    <RBarChart data={data as Array<Record<string, unknown>>} responsive style={{ width: "100%", height: "100%" }} margin={{ top: 4, right: 4, bottom: 0, left: -12 }} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey={x as string} tickLine={false} axisLine={{ stroke: AXIS.stroke }} tick={AXIS.tick} />
      <YAxis tickLine={false} axisLine={false} tick={AXIS.tick} tickFormatter={(v: number) => format(v)} allowDecimals={unit !== "count"} />
      <Tooltip cursor={{ fill: "#f1f5f9" }} formatter={(v) => format(Number(v))} contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }} />
      {series.map((s, i) => (
        <Bar key={s.key} dataKey={s.key as string} name={s.label} fill={seriesColor(s, i)} stackId={stacked ? "stack" : undefined} radius={stacked ? 0 : [4, 4, 0, 0]} maxBarSize={48}>
          {barColors ? data.map((_, j) => <Cell key={j} fill={barColors[j % barColors.length]} />) : null}
        </Bar>
      ))}
    </RBarChart>
  );
}
