-- CreateIndex
CREATE INDEX "flags_score_id_idx" ON "flags"("score_id");

-- CreateIndex
CREATE INDEX "outbox_messages_connection_id_record_external_id_idx" ON "outbox_messages"("connection_id", "record_external_id");
