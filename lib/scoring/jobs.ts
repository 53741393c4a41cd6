import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { enqueueJob, reportProgress } from "@/lib/jobs";
import { registerJobHandler, type RunningJob } from "@/lib/jobs/registry";
import { PermanentJobError } from "@/lib/jobs/worker";
import { FULL_RESCORE_JOB, OVERRIDE_EXPIRY_JOB, REASON_TEXTS_JOB, RESCORE_PAGE_JOB, TRAIN_JOB } from "./job-kinds";
import { expireOverride } from "./overrides";
import { rerenderReasonTexts } from "./reason-texts";
import { planPages, rescorePage } from "./rescore";
import { trainModel } from "./training";

// Job kinds of the scoring engine: training a model, rescoring every open record (in pages),
// re-wording current reasons after a catalogue edit.

const ObjectType = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

const TrainPayload = z.object({
  objectType: ObjectType,
  trainedBy: z.string().min(1).max(200),
  promote: z.enum(["if_better", "never"]),
  seed: z.number().int().optional(),
});
const RescorePayload = z.object({ objectType: ObjectType, because: z.string().max(300).optional() });
const PagePayload = z.object({ objectType: ObjectType, from: z.string().uuid(), to: z.string().uuid().nullable(), because: z.string().max(300) });

function tenantOf(job: RunningJob): string {
  if (!job.tenantId) throw new PermanentJobError(`A ${job.kind} job needs a tenant`);
  return job.tenantId;
}

// Progress is the closed history read so far, against all of it.
registerJobHandler(TRAIN_JOB, async (job) => {
  const tenantId = tenantOf(job);
  const payload = TrainPayload.parse(job.payload);
  const total = await db.crmRecord.count({ where: { tenantId, objectType: payload.objectType, outcome: { not: "OPEN" }, closedAt: { not: null } } });
  await reportProgress(job.id, 0, total);
  const result = await trainModel(tenantId, { ...payload, onRowsRead: (read) => reportProgress(job.id, read) });
  return JSON.parse(JSON.stringify(result));
}, { payload: TrainPayload });

// A full rescore plans its pages and hands them out as parts: any worker takes any page, the
// parent's progress counts finished pages, and it ends with the last of them (lib/jobs/parts.ts).
registerJobHandler(FULL_RESCORE_JOB, async (job) => {
  const tenantId = tenantOf(job);
  const payload = RescorePayload.parse(job.payload);
  const { total, pages } = await planPages(tenantId, payload.objectType);
  await db.$transaction(async (tx) => {
    await tx.job.update({ where: { id: job.id }, data: { total } });
    for (const page of pages) {
      await enqueueJob(tx, {
        tenantId, kind: RESCORE_PAGE_JOB, parentId: job.id, total: page.count, priority: -1,
        payload: { objectType: payload.objectType, from: page.from, to: page.to, because: payload.because ?? "full rescore" },
      });
    }
  });
  return { total, pages: pages.length };
}, { payload: RescorePayload });

registerJobHandler(RESCORE_PAGE_JOB, async (job) => {
  const { objectType, from, to, because } = PagePayload.parse(job.payload);
  return rescorePage(tenantOf(job), objectType, { from, to }, { trigger: "full_run", because });
}, { payload: PagePayload });

registerJobHandler(REASON_TEXTS_JOB, (job) => rerenderReasonTexts(tenantOf(job)));

const OverridePayload = z.object({ overrideId: z.uuid() });
registerJobHandler(OVERRIDE_EXPIRY_JOB, async (job) => {
  const { overrideId } = OverridePayload.parse(job.payload);
  return db.$transaction((tx) => expireOverride(tx, tenantOf(job), overrideId));
}, { payload: OverridePayload });
