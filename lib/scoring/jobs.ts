import "server-only";
import { z } from "zod";
import { reportProgress } from "@/lib/jobs";
import { registerJobHandler, type RunningJob } from "@/lib/jobs/registry";
import { PermanentJobError } from "@/lib/jobs/worker";
import { FULL_RESCORE_JOB, REASON_TEXTS_JOB, TRAIN_JOB } from "./job-kinds";
import { rerenderReasonTexts } from "./reason-texts";
import { rescoreAll } from "./rescore";
import { trainModel } from "./training";

// Job kinds of the scoring engine: training a model, rescoring every open record, re-wording
// current reasons after a catalogue edit.

const ObjectType = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

const TrainPayload = z.object({
  objectType: ObjectType,
  trainedBy: z.string().min(1).max(200),
  promote: z.enum(["if_better", "never"]),
  seed: z.number().int().optional(),
});
const RescorePayload = z.object({ objectType: ObjectType, because: z.string().max(300).optional() });

function tenantOf(job: RunningJob): string {
  if (!job.tenantId) throw new PermanentJobError(`A ${job.kind} job needs a tenant`);
  return job.tenantId;
}

registerJobHandler(TRAIN_JOB, async (job) => {
  const result = await trainModel(tenantOf(job), TrainPayload.parse(job.payload));
  return JSON.parse(JSON.stringify(result));
}, { payload: TrainPayload });

registerJobHandler(FULL_RESCORE_JOB, async (job) => {
  const payload = RescorePayload.parse(job.payload);
  return rescoreAll(tenantOf(job), payload.objectType, {
    trigger: "full_run",
    because: payload.because ?? "full rescore",
    onProgress: (done, total) => reportProgress(job.id, done, total),
  });
}, { payload: RescorePayload });

registerJobHandler(REASON_TEXTS_JOB, (job) => rerenderReasonTexts(tenantOf(job)));
