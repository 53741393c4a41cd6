import "server-only";
import { z } from "zod";
import { reportProgress } from "@/lib/jobs";
import { registerJobHandler } from "@/lib/jobs/registry";
import { db } from "@/lib/db";
import { FULL_RESCORE_JOB, OVERRIDE_EXPIRY_JOB, REASON_TEXTS_JOB, TRAIN_JOB } from "./job-kinds";
import { expireOverride } from "./overrides";
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

registerJobHandler(TRAIN_JOB, async (job) => {
  const payload = TrainPayload.parse(job.payload);
  const result = await trainModel(job.tenantId, payload);
  return JSON.parse(JSON.stringify(result));
});

registerJobHandler(FULL_RESCORE_JOB, async (job) => {
  const payload = z.object({ objectType: ObjectType, because: z.string().max(300).optional() }).parse(job.payload);
  return rescoreAll(job.tenantId, payload.objectType, {
    trigger: "full_run",
    because: payload.because ?? "full rescore",
    onProgress: (done, total) => reportProgress(job.id, done, total),
  });
});

registerJobHandler(REASON_TEXTS_JOB, async (job) => {
  return rerenderReasonTexts(job.tenantId);
});

registerJobHandler(OVERRIDE_EXPIRY_JOB, async (job) => {
  const { overrideId } = z.object({ overrideId: z.uuid() }).parse(job.payload);
  return db.$transaction((tx) => expireOverride(tx, job.tenantId, overrideId));
});
