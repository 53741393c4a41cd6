import "server-only";
import { db, sqlQuery, type Tx } from "@/lib/db";
import type { RecordRef } from "./ref";

// The panel's hot read as one statement: the record with what a scope check needs (its owner's
// team too), its current shown score with the stored panel view and its model's status, the latest
// summary's header, a live score override with who set it, and the caller's latest two flags as
// JSON text. Outside a transaction it is a prepared statement (lib/db.ts sqlQuery), so a scored
// record's request runs no Prisma query at all.

export interface InsightRow {
  id: string;
  tenant_id: string;
  name: string;
  provider: string;
  object_type: string;
  external_id: string;
  owner_user_id: string | null;
  owner_team_id: string | null;
  region: string | null;
  last_synced_at: Date;
  outcome: "OPEN" | "WON" | "LOST";
  closed_at: Date | null;
  score_id: string | null;
  score_value: number | null;
  computed_at: Date | null;
  panel: string | null;
  panel_version: number | null;
  model_version: string | null;
  model_status: string | null;
  summary_id: string | null;
  summary_generated_at: Date | null;
  summary_stale: boolean | null;
  summary_provider: string | null;
  override_value: number | null;
  override_band: string | null;
  override_reason: string | null;
  override_set_at: Date | null;
  override_expires_at: Date | null;
  override_set_by: string | null;
  flags: string;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const INSIGHT_SQL = `
SELECT r.id, r.tenant_id, r.name, r.provider, r.object_type, r.external_id, r.owner_user_id, ou.team_id AS owner_team_id, r.region,
       r.last_synced_at, r.outcome, r.closed_at,
       s.id AS score_id, s.value AS score_value, s.computed_at, s.panel, s.panel_version,
       mv.version AS model_version, mv.status AS model_status,
       sm.id AS summary_id, sm.generated_at AS summary_generated_at, sm.stale AS summary_stale, sm.provider AS summary_provider,
       o.value AS override_value, o.band AS override_band, o.reason AS override_reason, o.created_at AS override_set_at,
       o.expires_at AS override_expires_at, ob.name AS override_set_by,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', f.id, 'scoreId', f.score_id, 'kind', f.kind, 'comment', f.comment, 'status', f.status,
                 'syncStatus', f.sync_status, 'revision', f.revision,
                 'createdAt', to_char(f.created_at AT TIME ZONE 'UTC', ${ISO}),
                 'updatedAt', to_char(f.updated_at AT TIME ZONE 'UTC', ${ISO})) ORDER BY f.created_at DESC), '[]')::text
          FROM (SELECT * FROM flags WHERE record_id = r.id AND user_id = $5::uuid AND tenant_id = $1::uuid ORDER BY created_at DESC LIMIT 2) f) AS flags
  FROM crm_records r
  LEFT JOIN users ou ON ou.id = r.owner_user_id
  LEFT JOIN LATERAL (
    SELECT id, value, computed_at, panel, panel_version, model_version_id FROM scores
     WHERE record_id = r.id AND is_current AND NOT shadow ORDER BY computed_at DESC LIMIT 1
  ) s ON true
  LEFT JOIN model_versions mv ON mv.id = s.model_version_id
  LEFT JOIN LATERAL (
    SELECT id, generated_at, stale, provider FROM summaries WHERE record_id = r.id ORDER BY generated_at DESC LIMIT 1
  ) sm ON true
  LEFT JOIN LATERAL (
    SELECT value, band, reason, created_at, expires_at, created_by_id FROM score_overrides
     WHERE record_id = r.id AND ended_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 1
  ) o ON true
  LEFT JOIN users ob ON ob.id = o.created_by_id
 WHERE r.tenant_id = $1::uuid AND r.provider = $2::"CrmProvider" AND r.object_type = $3 AND r.external_id = $4`;

export async function readInsightRow(tenantId: string, userId: string, ref: RecordRef, tx: Tx | typeof db = db): Promise<InsightRow | null> {
  const values = [tenantId, ref.provider, ref.objectType, ref.externalId, userId];
  // Inside a transaction the statement goes through it: the embedded database's one connection is held there.
  const rows =
    tx === db
      ? await sqlQuery<InsightRow>("candor_insight_v2", INSIGHT_SQL, values)
      : await tx.$queryRawUnsafe<InsightRow[]>(INSIGHT_SQL, ...values);
  return rows[0] ?? null;
}
