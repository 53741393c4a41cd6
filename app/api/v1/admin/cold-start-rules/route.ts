import { route } from "@/lib/api";
import { enqueueJob } from "@/lib/jobs";
import { TRAIN_JOB } from "@/lib/scoring/job-kinds";
import { ColdStartRulesSchema, DEFAULT_PRIOR_BASE_RATE } from "@/lib/scoring/prior";
import { coldStartRulesFor, saveColdStartRules } from "@/lib/scoring/settings";

// Rules on top of the cold-start prior (lib/scoring/prior.ts). Saving them queues a training run:
// it records the prior with the new rules as a new model version and, while the tenant is still in
// cold start, makes it the active one (or keeps the trained model that beats it).
export const GET = route({
  permission: "models.manage",
  handler: async ({ principal }) => ({ ...(await coldStartRulesFor(principal.tenantId)), defaultBaseRate: DEFAULT_PRIOR_BASE_RATE }),
});

export const PUT = route({
  permission: "models.manage",
  body: ColdStartRulesSchema,
  successStatus: 200,
  audit: { action: "cold_start_rules.update", resourceType: "tenant_setting" },
  async handler({ tx, principal, body, audit }) {
    await saveColdStartRules(tx, principal.tenantId, body, principal.userId);
    const scored = await tx.modelVersion.findMany({
      where: { tenantId: principal.tenantId }, distinct: ["objectType"], select: { objectType: true },
    });
    const objectTypes = scored.length > 0 ? scored.map((v) => v.objectType) : ["Lead"];
    const jobs = [];
    for (const objectType of objectTypes) {
      const job = await enqueueJob(tx, {
        tenantId: principal.tenantId, kind: TRAIN_JOB, createdBy: principal.userId,
        payload: { objectType, promote: "if_better", trainedBy: principal.userId },
        dedupeKey: `${TRAIN_JOB}:${principal.tenantId}:${objectType}`,
      });
      jobs.push(job.id);
    }
    audit.resourceId = "cold_start_rules";
    audit.details = { rules: body.rules.length, baseRate: body.baseRate ?? null };
    return { ...body, trainJobIds: jobs };
  },
});
