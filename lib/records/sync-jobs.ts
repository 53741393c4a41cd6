import "server-only";
import { z } from "zod";
import { registerJobHandler, registerSchedule } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { enqueueDuePolls, POLL_ALL_JOB, POLL_JOB, pollConnection, SYNC_RECORD_JOB, syncRecord } from "./sync";

// Job kinds of CRM sync: one changed record (from a webhook or any producer), the poll of one
// connection, and the schedule that polls every Salesforce connection.

const SyncRecordPayload = z.object({
  connectionId: z.string().uuid(),
  objectType: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  externalId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});
const PollPayload = z.object({ connectionId: z.string().uuid() });

registerJobHandler(SYNC_RECORD_JOB, (job) => syncRecord(SyncRecordPayload.parse(job.payload)), { payload: SyncRecordPayload });

// A failed poll (the CRM was down) is an outcome, not a retry: the next occurrence of the schedule
// polls again from the same cursor, so retries would only pile up behind it.
registerJobHandler(POLL_JOB, async (job) => {
  const { connectionId } = PollPayload.parse(job.payload);
  try {
    return await pollConnection(connectionId);
  } catch (err) {
    log.warn({ connectionId, error: (err as Error).name }, "crm poll failed");
    return { status: "failed" as const, error: (err as Error).message.slice(0, 200) };
  }
}, { payload: PollPayload });

registerJobHandler(POLL_ALL_JOB, () => enqueueDuePolls());
// Salesforce has no webhooks here, so its changes are polled, every minute (the job engine's
// schedules are to the minute); HubSpot's arrive as webhooks.
registerSchedule("crm-poll", "* * * * *", POLL_ALL_JOB);
