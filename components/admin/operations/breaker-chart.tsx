"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID } from "@/components/ui/chart-theme";

// The circuit breaker's state minute by minute, as a step line over three named levels (the kit's
// LineChart draws quantities; this one draws a state). For use inside ChartFrame, like the kit's.
export const BREAKER_LEVELS = ["Closed", "Probing", "Open"] as const;

export function BreakerChart({ data, color }: { data: Array<{ minute: string; level: number | null }>; color: string }) {
  return (
    <LineChart data={data} responsive style={{ width: "100%", height: "100%" }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey="minute" tickLine={false} axisLine={{ stroke: AXIS.stroke }} tick={AXIS.tick} minTickGap={16} />
      <YAxis tickLine={false} axisLine={false} tick={AXIS.tick} domain={[0, 2]} ticks={[0, 1, 2]} width={64}
        tickFormatter={(v: number) => BREAKER_LEVELS[v] ?? ""} />
      <Tooltip formatter={(v) => BREAKER_LEVELS[Number(v)] ?? ""} contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }} />
      <Line type="stepAfter" dataKey="level" name="State" stroke={color} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
    </LineChart>
  );
}
