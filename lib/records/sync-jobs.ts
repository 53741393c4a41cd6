import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { registerJobHandler } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { enqueuePoll, POLL_INTERVAL_MS, POLL_JOB, pollConnection, SYNC_RECORD_JOB, syncRecord } from "./sync";

// Job kinds of CRM sync: one changed record (from a webhook or any producer), and the poll loop.

const SyncRecordPayload = z.object({
  connectionId: z.string().uuid(),
  objectType: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  externalId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

registerJobHandler(SYNC_RECORD_JOB, async (job) => {
  const payload = SyncRecordPayload.parse(job.payload);
  return syncRecord(payload);
});

// The loop re-enqueues itself whatever happened: one failed poll (the CRM was down) must not end
// polling; the next attempt is one interval later and reads from the same cursor.
registerJobHandler(POLL_JOB, async (job) => {
  const { connectionId } = z.object({ connectionId: z.string().uuid() }).parse(job.payload);
  try {
    return await pollConnection(connectionId);
  } catch (err) {
    log.warn({ connectionId, error: (err as Error).name }, "crm poll failed");
    return { status: "failed" as const, error: (err as Error).message.slice(0, 200) };
  } finally {
    const stillThere = await db.crmConnection.count({ where: { id: connectionId } });
    if (stillThere > 0) await enqueuePoll(db, job.tenantId, connectionId, POLL_INTERVAL_MS);
  }
});
