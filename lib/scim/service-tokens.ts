import "server-only";
import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

// SCIM bearer tokens, one or more per tenant. Only a SHA-256 hash is stored: the token is shown
// once, when created or rotated. A lookup by hash is safe against timing because the attacker
// controls the input to the hash, not the stored value it is compared with.

const PREFIX = "candor_scim_";
// Writing lastUsedAt on every request would turn each read into a write.
const LAST_USED_GRANULARITY_MS = 60_000;

export interface ScimTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const VIEW = { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

function view(row: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ScimTokenView {
  return {
    id: row.id, name: row.name, createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function authenticateScimToken(token: string): Promise<{ tenantId: string; tokenId: string } | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const row = await db.scimToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, tenantId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.scimToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { tenantId: row.tenantId, tokenId: row.id };
}

export async function createScimToken(tx: Tx, tenantId: string, name: string): Promise<{ token: string; scimToken: ScimTokenView }> {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await tx.scimToken.create({ data: { tenantId, name, tokenHash: sha256Hex(token) }, select: VIEW });
  return { token, scimToken: view(row) };
}

export async function listScimTokens(tx: Tx | typeof db, tenantId: string): Promise<ScimTokenView[]> {
  const rows = await tx.scimToken.findMany({ where: { tenantId }, select: VIEW, orderBy: { createdAt: "desc" } });
  return rows.map(view);
}

export async function revokeScimToken(tx: Tx, tenantId: string, id: string): Promise<ScimTokenView> {
  const existing = await tx.scimToken.findFirst({ where: { id, tenantId }, select: { id: true, revokedAt: true } });
  if (!existing) throw new AppError("not_found", "No such SCIM token.");
  const row = existing.revokedAt
    ? await tx.scimToken.findUniqueOrThrow({ where: { id }, select: VIEW })
    : await tx.scimToken.update({ where: { id }, data: { revokedAt: new Date() }, select: VIEW });
  return view(row);
}

// Rotation issues the replacement first and revokes the old token in the same transaction, so
// there is never a moment without a working token for the IdP to be switched to.
export async function rotateScimToken(tx: Tx, tenantId: string, id: string): Promise<{ token: string; scimToken: ScimTokenView; revoked: ScimTokenView }> {
  const existing = await tx.scimToken.findFirst({ where: { id, tenantId }, select: { name: true, revokedAt: true } });
  if (!existing) throw new AppError("not_found", "No such SCIM token.");
  if (existing.revokedAt) throw new AppError("conflict", "This token is already revoked; create a new one instead.");
  const created = await createScimToken(tx, tenantId, existing.name);
  const revoked = await revokeScimToken(tx, tenantId, id);
  return { ...created, revoked };
}
