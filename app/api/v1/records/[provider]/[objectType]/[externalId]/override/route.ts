import { route } from "@/lib/api";
import { RecordRefSchema } from "@/lib/records/ref";
import { EndOverrideInput, endOverride, OverrideInput, setOverride } from "@/lib/scoring/overrides";

// A score set by hand on one record, with a reason and an expiry (roles with scores.override).
export const PUT = route({
  permission: "scores.override",
  params: RecordRefSchema,
  body: OverrideInput,
  audit: { action: "score.override.set", resourceType: "crm_record" },
  successStatus: 200,
  async handler({ tx, principal, params, body, audit }) {
    const result = await setOverride(tx, principal, params, body);
    Object.assign(audit, {
      resourceId: `${params.provider}/${params.objectType}/${params.externalId}`,
      details: { overrideId: result.override.id, value: body.value, replaced: result.replaced, expiresAt: body.expiresAt, reason: body.reason },
    });
    return { ...result.override, expiresAt: result.override.expiresAt.toISOString(), createdAt: result.override.createdAt.toISOString() };
  },
});

export const DELETE = route({
  permission: "scores.override",
  params: RecordRefSchema,
  body: EndOverrideInput,
  audit: { action: "score.override.end", resourceType: "crm_record" },
  successStatus: 200,
  async handler({ tx, principal, params, body, audit }) {
    const ended = await endOverride(tx, principal, params, body.reason);
    Object.assign(audit, { resourceId: `${params.provider}/${params.objectType}/${params.externalId}`, details: { overrideId: ended.id, reason: body.reason } });
    return ended;
  },
});
