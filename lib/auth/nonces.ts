import "server-only";
import { db, type Tx } from "@/lib/db";

// Marks a key as used; false when it already was (a replay). ON CONFLICT DO NOTHING keeps this
// atomic across concurrent requests and processes without aborting a surrounding transaction.
export async function consumeOnce(key: string, expiresAt: Date, tx: Tx | typeof db = db): Promise<boolean> {
  const { count } = await tx.usedNonce.createMany({ data: [{ key, expiresAt }], skipDuplicates: true });
  return count === 1;
}

export async function purgeExpiredNonces(now = new Date()): Promise<number> {
  const { count } = await db.usedNonce.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
