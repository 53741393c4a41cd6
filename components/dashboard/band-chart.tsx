import { BarChart } from "@/components/ui/bar-chart";
import { ChartFrame, ChartLegend } from "@/components/ui/chart-frame";
import { BAND_COLORS } from "@/components/ui/chart-theme";
import { EmptyState } from "@/components/ui/empty-state";
import type { BandCount } from "@/lib/analytics/score-bands";

// Open pipeline by score band: the pattern for a dashboard chart (server component → ChartFrame
// with its text alternative → a kit chart wrapper with plain-data props).
export function BandChart({ bands, scopeWords }: { bands: BandCount[]; scopeWords: string }) {
  const data = bands.map((b) => ({ band: `${b.band} · ${b.label}`, records: b.count }));
  const total = bands.reduce((n, b) => n + b.count, 0);
  return (
    <ChartFrame
      title="Open records by score band"
      description={`Where the open pipeline ${scopeWords} stands today, by the band of each record's current score.`}
      legend={<ChartLegend items={bands.map((b) => ({ label: `${b.band} · ${b.label}`, color: BAND_COLORS[b.band]! }))} />}
      table={{ columns: ["Band", "Open records"], rows: data.map((d) => [d.band, d.records]) }}
      empty={
        total === 0 ? (
          <EmptyState compact title="No scored open records yet">
            Candor scores records as they sync from your CRM. Open a record in Salesforce or HubSpot, or ask your admin to check the CRM connection.
          </EmptyState>
        ) : undefined
      }
    >
      <BarChart data={data} x="band" series={[{ key: "records", label: "Open records" }]} barColors={bands.map((b) => BAND_COLORS[b.band]!)} />
    </ChartFrame>
  );
}
