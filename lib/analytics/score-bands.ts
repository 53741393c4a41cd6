import "server-only";
import { recordWhere, type Principal } from "@/lib/authz";
import type { db, Tx } from "@/lib/db";
import type { CrmProvider } from "@/lib/generated/prisma/enums";
import { SCORE_BANDS, type ScoreBand } from "@/lib/scoring/present";

export interface BandCount {
  band: ScoreBand;
  label: string;
  count: number;
}

// Open records by the band of their current published score, within the caller's dashboard scope
// (one GROUP BY in the database), optionally of one CRM. Shadow scores are never shown, so they
// are never counted.
export async function openRecordsByBand(tx: Tx | typeof db, principal: Principal, filter: { provider?: CrmProvider | null } = {}): Promise<BandCount[]> {
  const record = { AND: [recordWhere(principal, "dashboards.view"), { closedAt: null }, filter.provider ? { provider: filter.provider } : {}] };
  const rows = await tx.score.groupBy({
    by: ["band"],
    where: { tenantId: principal.tenantId, isCurrent: true, shadow: false, record },
    _count: { _all: true },
  });
  const counts = new Map(rows.map((r) => [r.band, r._count._all]));
  return SCORE_BANDS.map((b) => ({ band: b.band, label: b.label, count: counts.get(b.band) ?? 0 }));
}
