import { createHmac } from "node:crypto";
import { z } from "zod";
import { constantTimeEqual } from "@/lib/crypto";
import { toStorable } from "@/lib/storable";

// Salesforce Canvas signed_request: "<base64 HMAC-SHA256(consumer secret, base64 payload)>.<base64 JSON>".
// Split on the first "." only; verify before trusting any field; there is no expiry or nonce in
// the envelope, so trust is bound to the configured org and instance host instead.

export type CanvasFailure =
  | "missing"
  | "malformed"
  | "bad_signature"
  | "wrong_algorithm"
  | "unknown_org"
  | "instance_mismatch";

export class CanvasError extends Error {
  constructor(readonly reason: CanvasFailure) {
    super(reason);
    this.name = "CanvasError";
  }
}

const CanvasEnvelope = z.object({
  algorithm: z.string(),
  issuedAt: z.number().nullable().optional(),
  userId: z.string(),
  client: z.object({
    oauthToken: z.string().nullable().optional(),
    instanceUrl: z.string().url(),
    targetOrigin: z.string().optional(),
    instanceId: z.string().nullable().optional(),
    clientId: z.string().nullable().optional(),
  }),
  context: z.object({
    user: z.object({
      userId: z.string().min(15).max(18),
      userName: z.string(),
      email: z.string(),
      fullName: z.string().optional(),
      firstName: z.string().nullable().optional(),
      lastName: z.string().nullable().optional(),
      // The user's place in the org's role hierarchy (UserRole id); null for users without one.
      roleId: z.string().max(18).nullable().optional(),
    }),
    organization: z.object({ organizationId: z.string().min(15).max(18), name: z.string().optional() }),
    environment: z
      .object({
        parameters: z.record(z.string(), z.unknown()).nullable().optional(),
        record: z
          .object({ attributes: z.object({ type: z.string() }).optional(), Id: z.string().optional() })
          .passthrough()
          .nullable()
          .optional(),
      })
      .passthrough(),
  }).passthrough(),
});
export type CanvasEnvelope = z.infer<typeof CanvasEnvelope>;

export interface CanvasTrust {
  secret: string;
  instanceUrl: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

// `trustFor` answers the configured secret and instance for an org id, or null when unknown.
// The org id is read from the unverified payload only to choose which secret to check against.
// `replayKey` names the request by its verified signature bytes, not by their base64 text: the same
// signature re-encoded (padding dropped, unused low bits of the last character changed) decodes to
// the same bytes and passes the HMAC check, so it must count as the same request.
export async function verifyCanvasRequest(
  signedRequest: string | null | undefined,
  trustFor: (organizationId: string) => Promise<CanvasTrust | null>,
): Promise<{ envelope: CanvasEnvelope; replayKey: string }> {
  if (!signedRequest) throw new CanvasError("missing");
  const dot = signedRequest.indexOf(".");
  if (dot <= 0 || dot === signedRequest.length - 1) throw new CanvasError("malformed");
  const signature = signedRequest.slice(0, dot);
  const payload = signedRequest.slice(dot + 1);
  if (!BASE64.test(signature) || !BASE64.test(payload)) throw new CanvasError("malformed");

  let unverified: unknown;
  try {
    // What Salesforce sends is data, not a person's input: a NUL or an unpaired surrogate (JSON
    // escapes can carry both) becomes U+FFFD rather than failing the database lookups below. The
    // signature covers the payload text, so this changes nothing it verifies.
    unverified = toStorable(JSON.parse(Buffer.from(payload, "base64").toString("utf8")));
  } catch {
    throw new CanvasError("malformed");
  }
  const parsed = CanvasEnvelope.safeParse(unverified);
  if (!parsed.success) throw new CanvasError("malformed");
  const envelope = parsed.data;

  const trust = await trustFor(envelope.context.organization.organizationId);
  if (!trust) throw new CanvasError("unknown_org");

  const expected = createHmac("sha256", trust.secret).update(payload, "utf8").digest();
  if (!constantTimeEqual(Buffer.from(signature, "base64"), expected)) throw new CanvasError("bad_signature");
  if (envelope.algorithm !== "HMACSHA256") throw new CanvasError("wrong_algorithm");
  if (new URL(envelope.client.instanceUrl).host !== new URL(trust.instanceUrl).host) {
    throw new CanvasError("instance_mismatch");
  }
  return { envelope, replayKey: expected.toString("hex") };
}

// The org a signed request names, read before anything is verified: only to choose which budget
// the request spends (lib/api.ts rateLimit "org"). The 15-character form, so both spellings of one
// org share it; null for anything that is not an org id.
export function claimedOrganizationId(signedRequest: unknown): string | null {
  if (typeof signedRequest !== "string") return null;
  const payload = signedRequest.slice(signedRequest.indexOf(".") + 1);
  try {
    const org: unknown = JSON.parse(Buffer.from(payload, "base64").toString("utf8"))?.context?.organization?.organizationId;
    return typeof org === "string" && /^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(org) ? org.slice(0, 15) : null;
  } catch {
    return null;
  }
}

// Salesforce ids carry their object in the first three characters.
const KEY_PREFIXES: Record<string, string> = { "00Q": "Lead", "003": "Contact", "001": "Account", "006": "Opportunity" };

export function canvasRecord(envelope: CanvasEnvelope): { sobject: string; id: string } | null {
  const params = envelope.context.environment.parameters ?? {};
  const record = envelope.context.environment.record;
  const id = (typeof params.recordId === "string" && params.recordId) || record?.Id;
  if (!id || !/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(id)) return null;
  const named = typeof params.sObjectName === "string" ? params.sObjectName : record?.attributes?.type;
  const sobject = named ?? KEY_PREFIXES[id.slice(0, 3)];
  return sobject ? { sobject, id } : null;
}
