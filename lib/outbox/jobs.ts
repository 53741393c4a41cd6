import "server-only";
import { registerJobHandler, registerSchedule } from "@/lib/jobs/registry";
import { sampleGauges } from "./metrics";
import { purgeSettled } from "./retention";

// The outbox's scheduled jobs: the operations page's per-minute gauges, and retention.
export const OUTBOX_GAUGES_JOB = "outbox_gauges";
export const OUTBOX_RETENTION_JOB = "outbox_retention";

registerJobHandler(OUTBOX_GAUGES_JOB, () => sampleGauges());
registerJobHandler(OUTBOX_RETENTION_JOB, () => purgeSettled());
registerSchedule("outbox-gauges", "* * * * *", OUTBOX_GAUGES_JOB);
registerSchedule("outbox-retention", "17 * * * *", OUTBOX_RETENTION_JOB);
