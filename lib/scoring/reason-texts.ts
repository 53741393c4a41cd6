import "server-only";
import { db } from "@/lib/db";
import { storedPanel } from "@/lib/records/present-score";
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
        id: true, value: true, band: true, probability: true, baseValue: true, computedAt: true, shadow: true, inputSnapshot: true,
        modelVersion: { select: { version: true, algorithm: true, target: true, windowDays: true } },
        record: { select: { fields: true, objectType: true } },
        reasons: { orderBy: { rank: "asc" }, select: { id: true, feature: true, direction: true, points: true, text: true } },
      },
    });
    if (page.length === 0) break;
    for (const score of page) {
      scores++;
      const snapshot = readSnapshot(score.inputSnapshot);
      if (!snapshot) continue;
      const context = reasonContext(score.record.fields as Record<string, unknown>);
      const reworded = score.reasons.map((r) => ({ ...r, text: describeFeature(r.feature, r.direction, snapshot.features, catalogue, context) }));
      const changed = reworded.filter((r, i) => r.text !== score.reasons[i]!.text);
      if (changed.length === 0) continue;
      // The stored panel shows the reasons' words too; it changes with them.
      const panel = score.shadow
        ? []
        : [db.score.update({ where: { id: score.id }, data: storedPanel({ ...score, model: score.modelVersion, reasons: reworded, snapshot }, score.record.objectType) })];
      await db.$transaction([...changed.map((r) => db.reason.update({ where: { id: r.id }, data: { text: r.text } })), ...panel]);
      updated += changed.length;
    }
    cursor = page[page.length - 1]!.id;
  }
  return { scores, reasonsUpdated: updated };
}
