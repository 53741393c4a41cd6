import { randomUUID } from "node:crypto";
import { createSession, issueAccessToken } from "@/lib/auth/session";
import { principalForUser } from "@/lib/auth/session-store";
import { SSO_COOKIES, ssoAuthOptions, SSO_SECRET } from "@/lib/auth/sso";
import { encryptSecret } from "@/lib/crypto";
import { db, isUniqueViolation } from "@/lib/db";

export const TEST_REGIONS = {
  create: [{ code: "EMEA", name: "Europe, Middle East & Africa" }, { code: "NA", name: "North America" }],
};

// The principal a user's session would carry, for calling services directly.
export async function principalOf(user: { id: string; tenantId: string }, sessionId = "test") {
  const principal = await principalForUser(db, user.tenantId, user.id);
  if (!principal) throw new Error(`No active user ${user.id}`);
  return { ...principal, sessionId };
}

// Small, explicit fixtures for integration tests: a tenant with a Salesforce connection, users of
// each role, records in two regions with current scores.
export async function makeTenant(opts: { instanceUrl?: string; consumerSecret?: string; accessToken?: string; refreshToken?: string } = {}) {
  // The tenant gets the built-in roles and the default matrix from the database (a trigger);
  // regions are reference data a user must name, so the two the tests use exist from the start.
  const tenant = await db.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: "Test Co", regions: TEST_REGIONS } });
  const orgId = `00D${randomUUID().replace(/-/g, "").slice(0, 12)}AAA`.slice(0, 18);
  const connection = await db.crmConnection.create({
    data: {
      tenantId: tenant.id, provider: "SALESFORCE", externalOrgId: orgId,
      instanceUrl: opts.instanceUrl ?? "https://test.my.salesforce.com", loginUrl: opts.instanceUrl ?? null,
      clientId: "test-client", clientSecretEnc: encryptSecret(opts.consumerSecret ?? "test-secret"),
      accessTokenEnc: opts.accessToken ? encryptSecret(opts.accessToken) : null,
      refreshTokenEnc: opts.refreshToken ? encryptSecret(opts.refreshToken) : null,
    },
  });
  return { tenant, connection, orgId };
}

export async function makeUser(tenantId: string, role: string, region: string | null, name = `${role} ${region ?? ""}`) {
  return db.user.create({
    data: { tenantId, role, region, name, email: `${randomUUID().slice(0, 8)}@test.example` },
  });
}

export async function tokenFor(user: { id: string; tenantId: string }) {
  const session = await createSession({ tenantId: user.tenantId, userId: user.id, source: "test" });
  return (await issueAccessToken(session.id)).token;
}

// The standalone pages' credential: next-auth's session cookie naming a fresh Session row.
export async function ssoCookieFor(user: { id: string; tenantId: string }) {
  const session = await createSession({ tenantId: user.tenantId, userId: user.id, source: "sso" });
  const value = await ssoAuthOptions.jwt!.encode!({ token: { sid: session.id }, secret: SSO_SECRET, maxAge: 3600 });
  return `${SSO_COOKIES.sessionToken.name}=${value}`;
}

export async function makeScoredRecord(
  tenantId: string,
  opts: { ownerUserId: string | null; region: string; externalId?: string; objectType?: string },
) {
  const model = await db.modelVersion.upsert({
    where: { tenantId_version: { tenantId, version: "test-1" } },
    update: {},
    create: {
      tenantId, version: "test-1", algorithm: "logistic", status: "ACTIVE", objectType: "Lead",
      target: "converted", windowDays: 90, features: [], params: {}, metrics: {},
      trainingFrom: new Date("2026-01-01"), trainingTo: new Date("2026-06-01"), trainedBy: "test",
    },
  });
  const record = await db.crmRecord.create({
    data: {
      tenantId, provider: "SALESFORCE", objectType: opts.objectType ?? "Lead",
      externalId: opts.externalId ?? `00Q${randomUUID().replace(/-/g, "").slice(0, 15)}`,
      name: "Ada Lovelace", ownerUserId: opts.ownerUserId, region: opts.region,
      fields: { Email: "ada@example.com" }, crmCreatedAt: new Date(), crmUpdatedAt: new Date(), lastSyncedAt: new Date(),
    },
  });
  const score = await db.score.create({
    data: {
      tenantId, recordId: record.id, modelVersionId: model.id, value: 72, band: "A", probability: 0.72,
      baseValue: -1.2, inputSnapshot: { pricing_page_visits_7d: 4 },
      reasons: {
        create: [
          { tenantId, feature: "pricing_page_visits_7d", direction: "POSITIVE", contribution: 0.9, points: 12, text: "Visited the pricing page 4 times in the last 7 days", rank: 1 },
          { tenantId, feature: "days_since_last_touch", direction: "NEGATIVE", contribution: -0.3, points: -5, text: "No touch in 21 days", rank: 2 },
        ],
      },
    },
  });
  await db.summary.create({
    data: {
      tenantId, recordId: record.id, provider: "offline",
      text: "Ada Lovelace (ada@example.com) asked for a demo.",
      sentences: [{ text: "Ada Lovelace (ada@example.com) asked for a demo.", facts: [{ id: "f1", label: "Email", value: "ada@example.com", source: "field:Email" }] }],
    },
  });
  return { record, score, model };
}

export function call(handler: (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>) {
  return async (
    path: string,
    init: { method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined || init.rawBody !== undefined) headers["content-type"] ??= "application/json";
    const req = new Request(`http://localhost${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
  };
}

export async function expectUniqueViolation(write: Promise<unknown>): Promise<void> {
  const err = await write.then(() => null, (e: unknown) => e);
  if (!err) throw new Error("expected a unique violation, but the write succeeded");
  if (!isUniqueViolation(err)) throw err;
}
