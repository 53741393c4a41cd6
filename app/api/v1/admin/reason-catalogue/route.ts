import { route } from "@/lib/api";
import { enqueueJob } from "@/lib/jobs";
import { REASON_TEXTS_JOB } from "@/lib/scoring/job-kinds";
import { DEFAULT_REASON_CATALOGUE, ReasonCatalogueSchema } from "@/lib/scoring/reason-catalogue";
import { reasonCatalogueOverrides, saveReasonCatalogue } from "@/lib/scoring/settings";

// The words behind each reason. PUT replaces the tenant's overrides (features left out use the
// default wording); current scores are re-worded in the background, their points unchanged.
export const GET = route({
  permission: "models.manage",
  handler: async ({ principal }) => {
    const overrides = await reasonCatalogueOverrides(principal.tenantId);
    return { overrides, defaults: DEFAULT_REASON_CATALOGUE, effective: { ...DEFAULT_REASON_CATALOGUE, ...overrides } };
  },
});

export const PUT = route({
  permission: "models.manage",
  body: ReasonCatalogueSchema,
  successStatus: 200,
  audit: { action: "reason_catalogue.update", resourceType: "tenant_setting" },
  async handler({ tx, principal, body, audit }) {
    await saveReasonCatalogue(tx, principal.tenantId, body, principal.userId);
    const job = await enqueueJob(tx, {
      tenantId: principal.tenantId, kind: REASON_TEXTS_JOB, createdBy: principal.userId,
      dedupeKey: `${REASON_TEXTS_JOB}:${principal.tenantId}`,
    });
    audit.resourceId = "reason_catalogue";
    audit.details = { features: Object.keys(body) };
    return { overrides: body, effective: { ...DEFAULT_REASON_CATALOGUE, ...body }, rewordJobId: job.id };
  },
});
