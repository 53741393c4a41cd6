-- AlterTable (hand-edited: existing rows take their tenant from the row they belong to)
ALTER TABLE "reasons" ADD COLUMN     "tenant_id" UUID;
UPDATE "reasons" r SET "tenant_id" = s."tenant_id" FROM "scores" s WHERE s."id" = r."score_id";
ALTER TABLE "reasons" ALTER COLUMN "tenant_id" SET NOT NULL;

-- AlterTable
ALTER TABLE "group_members" ADD COLUMN     "tenant_id" UUID;
UPDATE "group_members" m SET "tenant_id" = g."tenant_id" FROM "groups" g WHERE g."id" = m."group_id";
ALTER TABLE "group_members" ALTER COLUMN "tenant_id" SET NOT NULL;

-- Hand-written: rows whose tenant or record no longer exists were unreachable already (nothing
-- joined them to a tenant anyone can see); the new foreign keys would refuse them.
DELETE FROM "crm_identities" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "sessions" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "activities" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "summaries" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "flags" t WHERE NOT EXISTS (SELECT 1 FROM "crm_records" x WHERE x."id" = t."record_id" AND x."tenant_id" = t."tenant_id");
DELETE FROM "scores" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "model_versions" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "groups" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "group_role_mappings" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "scim_tokens" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "tenant_settings" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "idempotency_records" t WHERE NOT EXISTS (SELECT 1 FROM "tenants" x WHERE x."id" = t."tenant_id");
DELETE FROM "training_labels" t WHERE NOT EXISTS (SELECT 1 FROM "crm_records" x WHERE x."id" = t."record_id" AND x."tenant_id" = t."tenant_id");
UPDATE "training_labels" t SET "flag_id" = NULL WHERE "flag_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "flags" x WHERE x."id" = t."flag_id");
UPDATE "flags" t SET "resolved_by_id" = NULL WHERE "resolved_by_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" x WHERE x."id" = t."resolved_by_id");

-- AddForeignKey
ALTER TABLE "crm_identities" ADD CONSTRAINT "crm_identities_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scores" ADD CONSTRAINT "scores_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reasons" ADD CONSTRAINT "reasons_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "summaries" ADD CONSTRAINT "summaries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flags" ADD CONSTRAINT "flags_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flags" ADD CONSTRAINT "flags_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "crm_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flags" ADD CONSTRAINT "flags_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_breakers" ADD CONSTRAINT "outbox_breakers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_metrics" ADD CONSTRAINT "outbox_metrics_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_role_mappings" ADD CONSTRAINT "group_role_mappings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scim_tokens" ADD CONSTRAINT "scim_tokens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_attempts" ADD CONSTRAINT "job_attempts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_labels" ADD CONSTRAINT "training_labels_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_labels" ADD CONSTRAINT "training_labels_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "crm_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_labels" ADD CONSTRAINT "training_labels_flag_id_fkey" FOREIGN KEY ("flag_id") REFERENCES "flags"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written partial unique indexes (Prisma cannot express them); lib/data-guarantees.integration.test.ts
-- proves each one holds.
-- One current score per record (and per shadow model): two rescorings of one record at once used
-- to leave two. Earlier duplicates keep the newest as current.
UPDATE "scores" s SET "is_current" = false
WHERE s."is_current" AND EXISTS (
  SELECT 1 FROM "scores" n WHERE n."record_id" = s."record_id" AND n."is_current" AND n."shadow" = s."shadow"
    AND (NOT s."shadow" OR n."model_version_id" = s."model_version_id")
    AND (n."computed_at", n."id") > (s."computed_at", s."id"));
CREATE UNIQUE INDEX "scores_one_current_per_record" ON "scores" ("record_id") WHERE "is_current" AND NOT "shadow";
CREATE UNIQUE INDEX "scores_one_current_per_record_shadow_model" ON "scores" ("record_id", "model_version_id") WHERE "is_current" AND "shadow";

-- One open flag per person per score: a second click while the first request is in flight used to
-- make two. Earlier duplicates are closed, saying why.
UPDATE "flags" f SET "status" = 'REJECTED', "resolved_at" = now(),
  "resolution" = 'Closed as a duplicate: one open flag per person and score.'
WHERE f."status" = 'OPEN' AND EXISTS (
  SELECT 1 FROM "flags" o WHERE o."score_id" = f."score_id" AND o."user_id" = f."user_id" AND o."status" = 'OPEN'
    AND (o."created_at", o."id") < (f."created_at", f."id"));
CREATE UNIQUE INDEX "flags_one_open_per_user_and_score" ON "flags" ("score_id", "user_id") WHERE "status" = 'OPEN';
