-- Score overrides (added on main alongside this branch) get the tenant key every tenant-owned
-- table has (lib/data-guarantees.integration.test.ts) and a key to the score they replaced.

-- CreateIndex
CREATE INDEX "score_overrides_score_id_idx" ON "score_overrides"("score_id");

-- AddForeignKey
ALTER TABLE "score_overrides" ADD CONSTRAINT "score_overrides_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_overrides" ADD CONSTRAINT "score_overrides_score_id_fkey" FOREIGN KEY ("score_id") REFERENCES "scores"("id") ON DELETE SET NULL ON UPDATE CASCADE;
