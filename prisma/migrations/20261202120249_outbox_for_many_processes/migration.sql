-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'DISCARDED';

-- DropIndex
DROP INDEX "outbox_messages_status_next_attempt_at_idx";

-- DropIndex
DROP INDEX "outbox_messages_connection_id_record_external_id_idx";

-- AlterTable
ALTER TABLE "crm_connections" DROP COLUMN "rate_limit_state";

-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "claim_id" UUID,
ADD COLUMN     "discard_reason" TEXT,
ADD COLUMN     "last_error_code" TEXT,
ADD COLUMN     "seq" BIGINT;

-- Hand-written: rows already queued get their sequence numbers in the order they were made, so
-- the newest write per record stays the newest.
CREATE SEQUENCE "outbox_messages_seq_seq" OWNED BY "outbox_messages"."seq";
UPDATE "outbox_messages" m SET "seq" = o.n
FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS n FROM "outbox_messages") o
WHERE m."id" = o."id";
SELECT setval('"outbox_messages_seq_seq"', COALESCE((SELECT max("seq") FROM "outbox_messages"), 0) + 1, false);
ALTER TABLE "outbox_messages" ALTER COLUMN "seq" SET DEFAULT nextval('"outbox_messages_seq_seq"'), ALTER COLUMN "seq" SET NOT NULL;

-- CreateTable
CREATE TABLE "outbox_breakers" (
    "connection_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'closed',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "opened_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbox_breakers_pkey" PRIMARY KEY ("connection_id")
);

-- CreateTable
CREATE TABLE "outbox_metrics" (
    "connection_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "tenant_id" UUID NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "dead" INTEGER NOT NULL DEFAULT 0,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "throttled" INTEGER NOT NULL DEFAULT 0,
    "depth" INTEGER,
    "lag_seconds" INTEGER,
    "breaker" TEXT,

    CONSTRAINT "outbox_metrics_pkey" PRIMARY KEY ("connection_id","minute")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "outbox_metrics_tenant_id_minute_idx" ON "outbox_metrics"("tenant_id", "minute");

-- CreateIndex
CREATE INDEX "outbox_messages_connection_id_object_type_record_external_i_idx" ON "outbox_messages"("connection_id", "object_type", "record_external_id", "seq");

-- AddForeignKey
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "crm_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_breakers" ADD CONSTRAINT "outbox_breakers_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "crm_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_metrics" ADD CONSTRAINT "outbox_metrics_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "crm_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written partial indexes (Prisma cannot express them).
-- Claims scan only live rows, in sequence order.
CREATE INDEX "outbox_messages_live_idx" ON "outbox_messages" ("seq") WHERE "status" IN ('PENDING', 'IN_FLIGHT');
-- The operations page's dead letters, per connection.
CREATE INDEX "outbox_messages_dead_idx" ON "outbox_messages" ("connection_id", "seq") WHERE "status" = 'DEAD';
-- Retention purges settled rows by age (DONE and DISCARDED rows have a completion time, DEAD ones not).
CREATE INDEX "outbox_messages_settled_idx" ON "outbox_messages" ("completed_at") WHERE "completed_at" IS NOT NULL;
