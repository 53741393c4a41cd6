"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/lib/operations/schema";
import { minuteLabel } from "./format";

// One connection's last hour, minute by minute: what went out and what failed, how much waited and
// for how long, and the circuit breaker. Each chart says in words what it shows (screen readers get
// the words; the drawing itself is hidden from them and takes no keyboard focus).

const BREAKER_LEVEL: Record<string, number> = { closed: 0, half_open: 1, open: 2 };
const BREAKER_TICKS = ["Closed", "Probing", "Open"];

function Chart({ title, summary, children }: { title: string; summary: string; children: React.ReactElement }) {
  return (
    <figure className="min-w-0">
      <figcaption className="text-sm font-medium text-slate-800">{title}</figcaption>
      <p className="sr-only">{summary}</p>
      <div className="mt-2 h-44" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

export function ConnectionCharts({ series }: { series: SeriesPoint[] }) {
  const data = series.map((p) => ({
    minute: minuteLabel(p.minute),
    delivered: p.delivered,
    failed: p.failed + p.dead,
    errorRate: p.errorRate === null ? null : Math.round(p.errorRate * 100),
    depth: p.depth,
    lag: p.lagSeconds,
    breaker: p.breaker === null ? null : BREAKER_LEVEL[p.breaker] ?? 0,
  }));
  const sum = (k: "delivered" | "failed") => data.reduce((n, d) => n + d[k], 0);
  const maxDepth = Math.max(0, ...data.map((d) => d.depth ?? 0));
  const opened = data.filter((d) => (d.breaker ?? 0) > 0).length;
  const axis = { tick: { fontSize: 11, fill: "#475569" }, stroke: "#94a3b8" };
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Chart title="Throughput and errors per minute" summary={`${sum("delivered")} writes delivered and ${sum("failed")} failed attempts in the last ${data.length} minutes.`}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="minute" {...axis} minTickGap={24} />
          <YAxis yAxisId="n" allowDecimals={false} {...axis} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} unit="%" {...axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area yAxisId="n" type="monotone" dataKey="delivered" name="Delivered" stroke="#047857" fill="#a7f3d0" isAnimationActive={false} />
          <Area yAxisId="n" type="monotone" dataKey="failed" name="Failed" stroke="#b91c1c" fill="#fecaca" isAnimationActive={false} />
          <Line yAxisId="pct" type="monotone" dataKey="errorRate" name="Error rate" stroke="#7c2d12" dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </Chart>
      <Chart title="Queue depth and lag" summary={`At most ${maxDepth} writes waited in any minute of the last ${data.length}.`}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="minute" {...axis} minTickGap={24} />
          <YAxis yAxisId="n" allowDecimals={false} {...axis} />
          <YAxis yAxisId="s" orientation="right" unit="s" {...axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area yAxisId="n" type="stepAfter" dataKey="depth" name="Waiting" stroke="#1d4ed8" fill="#bfdbfe" connectNulls isAnimationActive={false} />
          <Line yAxisId="s" type="monotone" dataKey="lag" name="Oldest waiting (s)" stroke="#6d28d9" dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </Chart>
      <Chart title="Circuit breaker" summary={opened === 0 ? "The breaker stayed closed." : `The breaker was open or probing in ${opened} of the last ${data.length} minutes.`}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="minute" {...axis} minTickGap={24} />
          <YAxis domain={[0, 2]} ticks={[0, 1, 2]} tickFormatter={(v: number) => BREAKER_TICKS[v] ?? ""} {...axis} width={64} />
          <Line type="stepAfter" dataKey="breaker" name="State" stroke="#b45309" dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </Chart>
    </div>
  );
}
