// Candor's chart colours, shared by every chart wrapper. Series colours are distinguishable for
// the common colour-vision deficiencies in this order and each reaches 3:1 against white; score
// bands keep the colours the panel uses (globals.css --color-band-*).
export const SERIES_COLORS = ["#2f5bd3", "#047857", "#b45309", "#7c3aed", "#0e7490", "#be185d"] as const;

export const BAND_COLORS: Record<string, string> = { A: "#047857", B: "#2f5bd3", C: "#b45309", D: "#6b7280" };

export const AXIS = { stroke: "#cbd5e1", tick: { fill: "#475569", fontSize: 12 } } as const;
export const GRID = "#e2e8f0";

export interface ChartSeries<K extends string = string> {
  key: K;
  label: string;
  color?: string;
}

export function seriesColor(series: ChartSeries, index: number): string {
  return series.color ?? SERIES_COLORS[index % SERIES_COLORS.length]!;
}

// How values read on axes and tooltips. A name rather than a function, so that server components
// can render the chart wrappers directly (props crossing to a client component must be data).
export type ChartUnit = "count" | "percent" | "score";

export function formatValue(value: number, unit: ChartUnit = "count"): string {
  switch (unit) {
    case "percent":
      return `${(value * 100).toLocaleString("en", { maximumFractionDigits: 1 })} %`;
    case "score":
      return value.toLocaleString("en", { maximumFractionDigits: 0 });
    case "count":
      return value.toLocaleString("en");
  }
}
