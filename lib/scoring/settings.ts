import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { FEATURE_NAMES } from "./features";
import { ColdStartRulesSchema, type ColdStartRules } from "./prior";
import { DEFAULT_REASON_CATALOGUE, ReasonCatalogueSchema, type ReasonCatalogue } from "./reason-catalogue";

// The scoring settings admins edit, stored as TenantSetting rows and validated by the owning
// schema on the way in and on the way out (a row written by an older version that no longer
// validates falls back to the defaults instead of breaking scoring).

export const REASON_CATALOGUE_KEY = "reason_catalogue";
export const COLD_START_RULES_KEY = "cold_start_rules";

type Client = Tx | typeof db;

async function read(client: Client, tenantId: string, key: string): Promise<unknown> {
  const row = await client.tenantSetting.findUnique({ where: { tenantId_key: { tenantId, key } }, select: { value: true } });
  return row?.value ?? null;
}

async function write(tx: Tx, tenantId: string, key: string, value: Prisma.InputJsonValue, by: string) {
  await tx.tenantSetting.upsert({
    where: { tenantId_key: { tenantId, key } },
    update: { value, updatedBy: by },
    create: { tenantId, key, value, updatedBy: by },
  });
}

/** The tenant's own wording, feature by feature; features it does not override keep the default. */
export async function reasonCatalogueOverrides(tenantId: string, client: Client = db): Promise<ReasonCatalogue> {
  const parsed = ReasonCatalogueSchema.safeParse(await read(client, tenantId, REASON_CATALOGUE_KEY));
  return parsed.success ? parsed.data : {};
}

export async function reasonCatalogueFor(tenantId: string, client: Client = db): Promise<ReasonCatalogue> {
  return { ...DEFAULT_REASON_CATALOGUE, ...(await reasonCatalogueOverrides(tenantId, client)) };
}

export async function saveReasonCatalogue(tx: Tx, tenantId: string, overrides: ReasonCatalogue, by: string) {
  const unknown = Object.keys(overrides).filter((f) => !(FEATURE_NAMES as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw new AppError("validation_failed", "The catalogue names features Candor does not have.", {
      issues: unknown.map((f) => ({ path: `body.${f}`, message: "unknown feature" })),
    });
  }
  await write(tx, tenantId, REASON_CATALOGUE_KEY, overrides as Prisma.InputJsonValue, by);
}

export async function coldStartRulesFor(tenantId: string, client: Client = db): Promise<ColdStartRules> {
  const parsed = ColdStartRulesSchema.safeParse(await read(client, tenantId, COLD_START_RULES_KEY) ?? { rules: [] });
  return parsed.success ? parsed.data : { rules: [] };
}

export async function saveColdStartRules(tx: Tx, tenantId: string, rules: ColdStartRules, by: string) {
  await write(tx, tenantId, COLD_START_RULES_KEY, rules as unknown as Prisma.InputJsonValue, by);
}
