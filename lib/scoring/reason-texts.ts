import "server-only";
import { db } from "@/lib/db";
import { readSnapshot } from "./compute";
import { reasonContext } from "./features";
import { describeFeature } from "./reason-catalogue";
import { reasonCatalogueFor } from "./settings";

// After an admin rewords the reason catalogue, current scores get the new words without being
// rescored: a reworded reason is not a new score, and its points and contributions stay exact.
// Ingested scores keep the text their owner sent.

const PAGE = 200;

export async function rerenderReasonTexts(tenantId: string) {
  const catalogue = await reasonCatalogueFor(tenantId);
  let cursor: string | undefined;
  let updated = 0;
  let scores = 0;
  for (;;) {
    const page = await db.score.findMany({
      where: { tenantId, isCurrent: true, modelVersion: { algorithm: { not: "external" } } },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: {
        id: true, inputSnapshot: true,
        record: { select: { fields: true } },
        reasons: { select: { id: true, feature: true, direction: true, text: true } },
      },
    });
    if (page.length === 0) break;
    for (const score of page) {
      scores++;
      const snapshot = readSnapshot(score.inputSnapshot);
      if (!snapshot) continue;
      const context = reasonContext(score.record.fields as Record<string, unknown>);
      const changed = score.reasons
        .map((r) => ({ id: r.id, old: r.text, text: describeFeature(r.feature, r.direction, snapshot.features, catalogue, context) }))
        .filter((r) => r.text !== r.old);
      if (changed.length === 0) continue;
      await db.$transaction(changed.map((r) => db.reason.update({ where: { id: r.id }, data: { text: r.text } })));
      updated += changed.length;
    }
    cursor = page[page.length - 1]!.id;
  }
  return { scores, reasonsUpdated: updated };
}
