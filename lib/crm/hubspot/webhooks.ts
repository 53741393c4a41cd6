import "server-only";
import { z } from "zod";
import { consumeOnce } from "@/lib/auth/nonces";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueueRecordSync } from "@/lib/records/sync";
import { apiRecordType, candorObjectType } from "./properties";
import type { HubSpotCaller } from "./authenticate";

// HubSpot webhook deliveries: up to 100 events per POST, each retried by HubSpot for up to 24 h
// until it gets a 2xx. Every record event becomes one "sync this record" job (the job reads the
// record through the adapter and rescores it, lib/records/sync.ts); a burst of events for one
// record coalesces into one pending job through its dedupe key.

export const MAX_EVENTS = 100;
// HubSpot retries for 24 hours; a replay key must outlive the last retry.
const REPLAY_WINDOW_MS = 26 * 3600_000;

// Not .strict(): HubSpot adds fields to events over time, and refusing them would turn every
// delivery into a retry storm.
const Event = z.object({
  eventId: z.number().int(),
  subscriptionId: z.number().int().optional(),
  portalId: z.number().int(),
  occurredAt: z.number().int(),
  subscriptionType: z.string().min(1).max(100),
  attemptNumber: z.number().int().optional(),
  objectId: z.number().int(),
  // Set on the newer "object.*" subscriptions, which name the type by id (0-1, 0-2, 0-3).
  objectTypeId: z.string().optional(),
  changeSource: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
});
const Delivery = z.array(Event).min(1).max(MAX_EVENTS);
export type WebhookEvent = z.infer<typeof Event>;

export function firstPortal(body: unknown): string | null {
  const first = Array.isArray(body) ? (body[0] as { portalId?: unknown } | undefined) : undefined;
  return typeof first?.portalId === "number" ? String(first.portalId) : null;
}

// eventId alone repeats across subscriptions and objects; this combination names one event.
export function eventKey(e: WebhookEvent): string {
  return `hubspot-webhook:${e.portalId}:${e.eventId}:${e.subscriptionType}:${e.objectId}:${e.occurredAt}`;
}

export interface DeliveryReport {
  received: number;
  // New sync jobs, and events folded into a sync already pending for the same record.
  enqueued: number;
  coalesced: number;
  // Redeliveries of events already taken, and events for no connected portal or record type.
  duplicates: number;
  ignored: number;
}

// Runs in the route's transaction; the route's audit row carries the report.
export async function acceptDelivery(verifiedBy: HubSpotCaller["connection"], body: unknown, tx: Tx): Promise<DeliveryReport> {
  const parsed = Delivery.safeParse(body);
  if (!parsed.success) {
    throw new AppError("bad_request", `Expected an array of 1 to ${MAX_EVENTS} HubSpot webhook events.`, {
      issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: ["body", ...i.path.map(String)].join("."), message: i.message })),
    });
  }
  const events = parsed.data;
  // One app signs for all its portals; an event is taken only for a portal connected through the
  // same app as the one whose secret verified the delivery.
  const portals = [...new Set(events.map((e) => String(e.portalId)))];
  const connections = await tx.crmConnection.findMany({
    where: { provider: "HUBSPOT", externalOrgId: { in: portals }, clientId: verifiedBy.clientId },
    select: { id: true, tenantId: true, externalOrgId: true },
  });
  const byPortal = new Map(connections.map((c) => [c.externalOrgId, c]));
  const report: DeliveryReport = { received: events.length, enqueued: 0, coalesced: 0, duplicates: 0, ignored: 0 };
  for (const e of events) {
    const conn = byPortal.get(String(e.portalId));
    const prefix = e.subscriptionType.split(".")[0] ?? "";
    const type = apiRecordType(prefix === "object" ? (e.objectTypeId ?? "") : prefix);
    if (!conn || !type) {
      report.ignored++;
      continue;
    }
    if (!(await consumeOnce(eventKey(e), new Date(Date.now() + REPLAY_WINDOW_MS), tx))) {
      report.duplicates++;
      continue;
    }
    const objectType = candorObjectType(type);
    const externalId = String(e.objectId);
    // The same producer the poller uses, so a webhook and a poll for one record share one job.
    const job = await enqueueRecordSync(tx, conn.tenantId, { connectionId: conn.id, objectType, externalId });
    if (job.deduplicated) report.coalesced++;
    else report.enqueued++;
  }
  return report;
}
