import "server-only";
import { scopeFilter, type Principal } from "@/lib/authz";
import type { db, Tx } from "@/lib/db";
import { SCORE_BANDS, type ScoreBand } from "@/lib/scoring/present";

export interface BandCount {
  band: ScoreBand;
  label: string;
  count: number;
}

// Open records by the band of their current published score, within what the caller may see
// (one GROUP BY in the database). Shadow scores are never shown, so they are never counted.
export async function openRecordsByBand(tx: Tx | typeof db, principal: Principal): Promise<BandCount[]> {
  const rows = await tx.score.groupBy({
    by: ["band"],
    where: { tenantId: principal.tenantId, isCurrent: true, shadow: false, record: { ...scopeFilter(principal, "scores.read"), closedAt: null } },
    _count: { _all: true },
  });
  const counts = new Map(rows.map((r) => [r.band, r._count._all]));
  return SCORE_BANDS.map((b) => ({ band: b.band, label: b.label, count: counts.get(b.band) ?? 0 }));
}
