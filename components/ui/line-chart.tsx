"use client";

import { CartesianGrid, Line, LineChart as RLineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, formatValue, GRID, seriesColor, type ChartSeries, type ChartUnit } from "./chart-theme";

// Recharts line chart in Candor's style (trends over time: adoption per week, calibration, drift),
// for use inside ChartFrame. Client component: Recharts measures and draws in the browser; props
// are plain data, so a server component can render it.
export function LineChart<T extends Record<string, unknown>>({ data, x, series, unit = "count", domain }: {
  data: T[];
  x: keyof T & string;
  series: ChartSeries<keyof T & string>[];
  unit?: ChartUnit;
  domain?: [number, number];
}) {
  const format = (v: number) => formatValue(v, unit);
  return (
    <RLineChart data={data as Array<Record<string, unknown>>} responsive style={{ width: "100%", height: "100%" }} margin={{ top: 4, right: 8, bottom: 0, left: -12 }} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey={x as string} tickLine={false} axisLine={{ stroke: AXIS.stroke }} tick={AXIS.tick} minTickGap={16} />
      <YAxis tickLine={false} axisLine={false} tick={AXIS.tick} tickFormatter={(v: number) => format(v)} domain={domain ?? ["auto", "auto"]} />
      <Tooltip formatter={(v) => format(Number(v))} contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }} />
      {series.map((s, i) => (
        <Line key={s.key} type="monotone" dataKey={s.key as string} name={s.label} stroke={seriesColor(s, i)} strokeWidth={2} dot={false} activeDot={{ r: 4 }} />
      ))}
    </RLineChart>
  );
}
