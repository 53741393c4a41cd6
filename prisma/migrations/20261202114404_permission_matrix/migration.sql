-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "matrix_version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "users" DROP COLUMN "team",
ADD COLUMN     "team_id" UUID,
ALTER COLUMN "role" TYPE TEXT USING "role"::text;

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "record_ref" TEXT;

-- AlterTable
ALTER TABLE "crm_records" DROP COLUMN "team";

-- AlterTable
ALTER TABLE "group_role_mappings" ALTER COLUMN "role" TYPE TEXT USING "role"::text;

-- DropEnum
DROP TYPE "Role";

-- CreateTable
CREATE TABLE "roles" (
    "tenant_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("tenant_id","key")
);

-- CreateTable
CREATE TABLE "regions" (
    "tenant_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "regions_pkey" PRIMARY KEY ("tenant_id","code")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "region_code" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "external_ref" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "permission_matrix_versions" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "grants" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by_id" UUID,
    "revert_of" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "permission_matrix_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score_overrides" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "record_id" UUID NOT NULL,
    "score_id" UUID,
    "value" INTEGER NOT NULL,
    "band" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by_id" UUID,
    "end_reason" TEXT,

    CONSTRAINT "score_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "roles_tenant_id_name_key" ON "roles"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "regions_tenant_id_name_key" ON "regions"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "teams_tenant_id_source_external_ref_idx" ON "teams"("tenant_id", "source", "external_ref");

-- CreateIndex
CREATE UNIQUE INDEX "teams_tenant_id_name_key" ON "teams"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "teams_tenant_id_id_key" ON "teams"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "permission_matrix_versions_tenant_id_version_key" ON "permission_matrix_versions"("tenant_id", "version");

-- CreateIndex
CREATE INDEX "score_overrides_tenant_id_record_id_created_at_idx" ON "score_overrides"("tenant_id", "record_id", "created_at");

-- CreateIndex
CREATE INDEX "users_tenant_id_team_id_idx" ON "users"("tenant_id", "team_id");

-- Data: every existing tenant gets the built-in roles, matrix version 1 (the default matrix) and
-- the regions its users, mappings and records already name, so the foreign keys below hold.
-- A tenant created later gets the same from the trigger at the end of this file.
CREATE FUNCTION candor_default_grants() RETURNS jsonb LANGUAGE sql IMMUTABLE AS $grants$
SELECT $json${"roles":{"SALES_REP":{"pii":"masked","scopes":{"records.read":"region","records.write":"own","scores.view":"own","reasons.view":"own","summary.view":"own","flags.create":"own","flags.review":"none","scores.override":"none","dashboards.view":"own","data.export":"none","models.manage":"none","matrix.manage":"none","connections.manage":"none","identity.manage":"none","audit.view":"none","operations.manage":"none","governance.manage":"none","alerts.manage":"none"}},"SALES_MANAGER":{"pii":"masked","scopes":{"records.read":"region","records.write":"region","scores.view":"region","reasons.view":"region","summary.view":"region","flags.create":"region","flags.review":"region","scores.override":"none","dashboards.view":"region","data.export":"region","models.manage":"none","matrix.manage":"none","connections.manage":"none","identity.manage":"none","audit.view":"none","operations.manage":"none","governance.manage":"none","alerts.manage":"none"}},"DATA_SCIENTIST":{"pii":"hidden","scopes":{"records.read":"all","records.write":"none","scores.view":"all","reasons.view":"all","summary.view":"all","flags.create":"none","flags.review":"all","scores.override":"all","dashboards.view":"all","data.export":"all","models.manage":"all","matrix.manage":"none","connections.manage":"none","identity.manage":"none","audit.view":"none","operations.manage":"none","governance.manage":"none","alerts.manage":"none"}},"ADMIN":{"pii":"full","scopes":{"records.read":"all","records.write":"all","scores.view":"all","reasons.view":"all","summary.view":"all","flags.create":"all","flags.review":"all","scores.override":"all","dashboards.view":"all","data.export":"all","models.manage":"all","matrix.manage":"all","connections.manage":"all","identity.manage":"all","audit.view":"all","operations.manage":"all","governance.manage":"all","alerts.manage":"all"}},"COMPLIANCE_OFFICER":{"pii":"full","scopes":{"records.read":"all","records.write":"none","scores.view":"all","reasons.view":"all","summary.view":"all","flags.create":"none","flags.review":"none","scores.override":"none","dashboards.view":"none","data.export":"all","models.manage":"none","matrix.manage":"none","connections.manage":"none","identity.manage":"none","audit.view":"all","operations.manage":"none","governance.manage":"all","alerts.manage":"none"}}}}$json$::jsonb
$grants$;

CREATE FUNCTION candor_seed_tenant(t uuid) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO roles (tenant_id, key, name, description, built_in) VALUES
    (t, 'SALES_REP', 'Sales rep', 'Works their own accounts inside the CRM.', true),
    (t, 'SALES_MANAGER', 'Sales manager', 'Leads a region: its pipeline, flags and team.', true),
    (t, 'DATA_SCIENTIST', 'Data scientist', 'Owns the models; sees all records without personal data.', true),
    (t, 'ADMIN', 'Admin', 'Configures Candor for the company.', true),
    (t, 'COMPLIANCE_OFFICER', 'Compliance officer', 'Audits access, lineage, consent and retention.', true)
  ON CONFLICT DO NOTHING;
  INSERT INTO permission_matrix_versions (id, tenant_id, version, grants, reason)
  VALUES (gen_random_uuid(), t, 1, candor_default_grants(), 'Candor''s default matrix')
  ON CONFLICT DO NOTHING;
END
$fn$;

SELECT candor_seed_tenant(id) FROM tenants;

INSERT INTO regions (tenant_id, code, name)
SELECT DISTINCT tenant_id, region, region FROM (
  SELECT tenant_id, region FROM users WHERE region IS NOT NULL
  UNION SELECT tenant_id, region FROM group_role_mappings WHERE region IS NOT NULL
  UNION SELECT tenant_id, region FROM crm_records WHERE region IS NOT NULL
) named
ON CONFLICT DO NOTHING;

CREATE FUNCTION candor_tenant_created() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM candor_seed_tenant(NEW.id);
  RETURN NEW;
END
$fn$;

CREATE TRIGGER tenants_seed_defaults AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION candor_tenant_created();

-- One live override per record.
CREATE UNIQUE INDEX "score_overrides_one_live_per_record" ON "score_overrides"("record_id") WHERE "ended_at" IS NULL;

-- AddForeignKey
ALTER TABLE "roles" ADD CONSTRAINT "roles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "regions" ADD CONSTRAINT "regions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_region_fkey" FOREIGN KEY ("tenant_id", "region_code") REFERENCES "regions"("tenant_id", "code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permission_matrix_versions" ADD CONSTRAINT "permission_matrix_versions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_role_fkey" FOREIGN KEY ("tenant_id", "role") REFERENCES "roles"("tenant_id", "key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_region_fkey" FOREIGN KEY ("tenant_id", "region") REFERENCES "regions"("tenant_id", "code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_team_fkey" FOREIGN KEY ("tenant_id", "team_id") REFERENCES "teams"("tenant_id", "id") ON DELETE SET NULL ("team_id") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_records" ADD CONSTRAINT "crm_records_owner_user_id_fkey" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_role_mappings" ADD CONSTRAINT "group_role_mappings_role_fkey" FOREIGN KEY ("tenant_id", "role") REFERENCES "roles"("tenant_id", "key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_role_mappings" ADD CONSTRAINT "group_role_mappings_region_fkey" FOREIGN KEY ("tenant_id", "region") REFERENCES "regions"("tenant_id", "code") ON DELETE RESTRICT ON UPDATE CASCADE;


-- AddForeignKey
ALTER TABLE "score_overrides" ADD CONSTRAINT "score_overrides_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "crm_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;
