-- AlterEnum (PostgreSQL 12+ adds several values in one transaction; none is used before commit)
ALTER TYPE "JobStatus" ADD VALUE 'RETRYING';
ALTER TYPE "JobStatus" ADD VALUE 'WAITING';

-- DropIndex
DROP INDEX "jobs_status_run_after_idx";

-- DropIndex
DROP INDEX "jobs_dedupe_key_status_idx";

-- AlterTable
ALTER TABLE "jobs" DROP COLUMN "locked_until",
ADD COLUMN     "parent_id" UUID,
ADD COLUMN     "worker_id" TEXT,
ALTER COLUMN "tenant_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "job_attempts" (
    "job_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "tenant_id" UUID,
    "worker_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "error" TEXT,

    CONSTRAINT "job_attempts_pkey" PRIMARY KEY ("job_id","attempt")
);

-- CreateIndex
CREATE INDEX "jobs_status_started_at_idx" ON "jobs"("status", "started_at");

-- CreateIndex
CREATE INDEX "jobs_parent_id_idx" ON "jobs"("parent_id");

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_attempts" ADD CONSTRAINT "job_attempts_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express these).
-- Jobs the previous in-process runner left waiting are not in the new engine's queue, so they would
-- never run and their dedupe keys would stay taken: they end here, saying why.
UPDATE "jobs" SET "status" = 'FAILED', "finished_at" = now(),
  "error" = 'The job engine changed before this job ran; enqueue it again.'
WHERE "status" IN ('PENDING', 'RUNNING');

-- One pending job per dedupe key: enqueueJob inserts with ON CONFLICT on this index, in the
-- caller's transaction, so two processes enqueueing the same key at once get one job.
CREATE UNIQUE INDEX "jobs_one_pending_per_dedupe_key" ON "jobs" ("dedupe_key") WHERE "status" = 'PENDING';
