import "server-only";
import { sqlQuery } from "@/lib/db";
import type { RecordRef } from "./ref";

// The panel's hot read as one prepared statement (lib/db.ts sqlQuery): the record, its current
// shown score with the stored panel view and its model's status, the latest summary's header, and
// the caller's latest two flags already as JSON text. Everything the answer for a scored record
// needs, in one round trip and without Prisma's per-query compilation.

export interface InsightRow {
  id: string;
  tenant_id: string;
  name: string;
  provider: string;
  object_type: string;
  external_id: string;
  owner_user_id: string | null;
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
  flags: string;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const INSIGHT_SQL = `
SELECT r.id, r.tenant_id, r.name, r.provider, r.object_type, r.external_id, r.owner_user_id, r.region, r.last_synced_at,
       r.outcome, r.closed_at,
       s.id AS score_id, s.value AS score_value, s.computed_at, s.panel, s.panel_version,
       mv.version AS model_version, mv.status AS model_status,
       sm.id AS summary_id, sm.generated_at AS summary_generated_at, sm.stale AS summary_stale, sm.provider AS summary_provider,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', f.id, 'scoreId', f.score_id, 'kind', f.kind, 'comment', f.comment, 'status', f.status,
                 'syncStatus', f.sync_status, 'revision', f.revision,
                 'createdAt', to_char(f.created_at AT TIME ZONE 'UTC', ${ISO}),
                 'updatedAt', to_char(f.updated_at AT TIME ZONE 'UTC', ${ISO})) ORDER BY f.created_at DESC), '[]')::text
          FROM (SELECT * FROM flags WHERE record_id = r.id AND user_id = $5 AND tenant_id = $1 ORDER BY created_at DESC LIMIT 2) f) AS flags
  FROM crm_records r
  LEFT JOIN LATERAL (
    SELECT id, value, computed_at, panel, panel_version, model_version_id FROM scores
     WHERE record_id = r.id AND is_current AND NOT shadow ORDER BY computed_at DESC LIMIT 1
  ) s ON true
  LEFT JOIN model_versions mv ON mv.id = s.model_version_id
  LEFT JOIN LATERAL (
    SELECT id, generated_at, stale, provider FROM summaries WHERE record_id = r.id ORDER BY generated_at DESC LIMIT 1
  ) sm ON true
 WHERE r.tenant_id = $1 AND r.provider = $2 AND r.object_type = $3 AND r.external_id = $4`;

export async function readInsightRow(tenantId: string, userId: string, ref: RecordRef): Promise<InsightRow | null> {
  const rows = await sqlQuery<InsightRow>("candor_insight_v1", INSIGHT_SQL, [tenantId, ref.provider, ref.objectType, ref.externalId, userId]);
  return rows[0] ?? null;
}
