import { ChartFrame, ChartLegend } from "@/components/ui/chart-frame";
import { SERIES_COLORS } from "@/components/ui/chart-theme";
import { EmptyState } from "@/components/ui/empty-state";
import { LineChart } from "@/components/ui/line-chart";
import { Stat, StatGrid } from "@/components/ui/stat";
import type { ConnectionOps } from "@/lib/operations/schema";
import { BREAKER_LEVELS, BreakerChart } from "./breaker-chart";
import { BREAKER_LABELS, duration, minuteLabel, when } from "./format";

// One CRM connection's write-back: where it stands now, then its last hour minute by minute
// (throughput, error rate, CRM calls, queue depth, lag, circuit breaker), from the metrics the workers record.
// Each chart carries its numbers as a visually hidden table (ChartFrame), its text alternative.

const FAILED = "#b91c1c";
const BREAKER_LEVEL: Record<string, number> = { closed: 0, half_open: 1, open: 2 };
const dash = (v: number | null, f: (n: number) => string = String) => (v === null ? "—" : f(v));
const pct = (v: number) => `${Math.round(v * 100)} %`;

export function ConnectionSection({ connection: c, label }: { connection: ConnectionOps; label: string }) {
  const headingId = `connection-${c.id}`;
  const rows = c.series.map((p) => ({
    minute: minuteLabel(p.minute),
    delivered: p.delivered,
    failed: p.failed + p.dead,
    calls: p.calls,
    throttled: p.throttled,
    errorRate: p.errorRate,
    depth: p.depth,
    lag: p.lagSeconds,
    level: p.breaker === null ? null : (BREAKER_LEVEL[p.breaker] ?? 0),
  }));
  const sampled = rows.some((r) => r.depth !== null);
  const notSampled = <EmptyState compact title="No samples yet">A worker records the queue every minute; the chart fills in once one runs.</EmptyState>;
  const height = 180;

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">{label}: write-back</h2>
      <StatGrid label={`${label} now`}>
        <Stat label="Waiting" value={c.depth.toLocaleString("en")}
          help={c.depth > 0 ? `The oldest has waited ${duration(c.lagSeconds)}.` : "Nothing queued for this CRM."} />
        <Stat label="Dead letters" value={c.dead.toLocaleString("en")} help={c.dead > 0 ? "Refused for good: see below." : "Nothing refused for good."} />
        <Stat label="Circuit breaker" value={BREAKER_LABELS[c.breaker.state] ?? c.breaker.state}
          help={c.breaker.state === "closed" ? "Writes flow." : `Writes wait${c.breaker.openedUntil ? ` until ${when(c.breaker.openedUntil)}` : ""}: ${c.breaker.lastError ?? "the CRM kept failing"}.`} />
        <Stat label="Paused by the CRM" value={c.pausedUntil ? "Paused" : "No"} help={c.pausedUntil ? `Its rate limit answered; writes resume at ${when(c.pausedUntil)}.` : "Within the CRM's rate limit."} />
      </StatGrid>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <ChartFrame
          title={`${label}: throughput`}
          description="Writes delivered and failed attempts, per minute (UTC)."
          legend={<ChartLegend items={[{ label: "Delivered", color: SERIES_COLORS[1] }, { label: "Failed", color: FAILED }]} />}
          table={{ columns: ["Minute (UTC)", "Delivered", "Failed"], rows: rows.map((r) => [r.minute, r.delivered, r.failed]) }}
          height={height}
        >
          <LineChart data={rows} x="minute" series={[{ key: "delivered", label: "Delivered", color: SERIES_COLORS[1] }, { key: "failed", label: "Failed", color: FAILED }]} />
        </ChartFrame>
        <ChartFrame
          title={`${label}: error rate`}
          description="Failed attempts over all outcomes of the minute; a gap is a minute without writes."
          table={{ columns: ["Minute (UTC)", "Error rate"], rows: rows.map((r) => [r.minute, dash(r.errorRate, pct)]) }}
          empty={rows.some((r) => r.errorRate !== null) ? undefined : <EmptyState compact title="No writes in the last hour">The rate appears once writes go out.</EmptyState>}
          height={height}
        >
          <LineChart data={rows} x="minute" unit="percent" domain={[0, 1]} series={[{ key: "errorRate", label: "Error rate", color: FAILED }]} />
        </ChartFrame>
        <ChartFrame
          title={`${label}: CRM calls`}
          description="API calls made per minute, and those the CRM refused for its rate limit (429)."
          legend={<ChartLegend items={[{ label: "Calls", color: SERIES_COLORS[4] }, { label: "Rate-limited", color: SERIES_COLORS[2] }]} />}
          table={{ columns: ["Minute (UTC)", "Calls", "Rate-limited"], rows: rows.map((r) => [r.minute, r.calls, r.throttled]) }}
          height={height}
        >
          <LineChart data={rows} x="minute" series={[{ key: "calls", label: "Calls", color: SERIES_COLORS[4] }, { key: "throttled", label: "Rate-limited", color: SERIES_COLORS[2] }]} />
        </ChartFrame>
        <ChartFrame
          title={`${label}: queue depth`}
          description="Writes waiting at each minute's sample."
          table={{ columns: ["Minute (UTC)", "Waiting"], rows: rows.map((r) => [r.minute, dash(r.depth)]) }}
          empty={sampled ? undefined : notSampled}
          height={height}
        >
          <LineChart data={rows} x="minute" series={[{ key: "depth", label: "Waiting", color: SERIES_COLORS[0] }]} />
        </ChartFrame>
        <ChartFrame
          title={`${label}: lag`}
          description="Seconds the oldest waiting write had waited, at each minute's sample."
          table={{ columns: ["Minute (UTC)", "Oldest waiting (s)"], rows: rows.map((r) => [r.minute, dash(r.lag)]) }}
          empty={sampled ? undefined : notSampled}
          height={height}
        >
          <LineChart data={rows} x="minute" series={[{ key: "lag", label: "Oldest waiting (s)", color: SERIES_COLORS[3] }]} />
        </ChartFrame>
        <ChartFrame
          title={`${label}: circuit breaker`}
          description="Closed lets writes through; open holds them after repeated failures; probing tries one."
          table={{ columns: ["Minute (UTC)", "State"], rows: rows.map((r) => [r.minute, r.level === null ? "—" : BREAKER_LEVELS[r.level]!]) }}
          empty={rows.some((r) => r.level !== null) ? undefined : notSampled}
          height={height}
        >
          <BreakerChart data={rows.map((r) => ({ minute: r.minute, level: r.level }))} color={SERIES_COLORS[2]} />
        </ChartFrame>
      </div>
    </section>
  );
}
