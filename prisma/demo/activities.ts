import type { ActivityKind } from "@/lib/scoring/activity-kinds";
import type { SimulatedTouch } from "./ground-truth";
import type { Rng } from "./prng";
import type { DemoActivity } from "./types";
import { CALL_TOPICS, EMAIL_TOPICS, MEETING_TOPICS, WEBINARS, WEB_PAGES } from "./words";

function subjectFor(rng: Rng, kind: ActivityKind): string {
  switch (kind) {
    case "email_open":
      return `Opened: ${rng.pick(EMAIL_TOPICS)}`;
    case "email_reply":
      return `Re: ${rng.pick(EMAIL_TOPICS)}`;
    case "call":
      return rng.pick(CALL_TOPICS);
    case "meeting":
      return rng.pick(MEETING_TOPICS);
    case "web_visit":
      return `Visited ${rng.pick(WEB_PAGES)}`;
    case "pricing_page_visit":
      return "Visited /pricing";
    case "demo_request":
      return "Requested a demo via acme.example/demo";
    case "webinar":
      return `Attended webinar: ${rng.pick(WEBINARS)}`;
  }
}

const HOUR_MS = 3_600_000;

export interface TouchWindow {
  workdayStartUtcHour: number;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Moves a touch into the owner's working day (people read mail and take calls at 10:00, not 03:00)
 * and to whole minutes, like CRM timestamps. A touch is never moved out of its window, so nothing
 * lands before the record existed, after the close or in the future.
 */
function inWorkingHours(at: Date, workdayStartUtcHour: number, frac: number, window: TouchWindow): Date {
  const day = Math.floor(at.getTime() / (24 * HOUR_MS)) * 24 * HOUR_MS;
  const moved = day + (workdayStartUtcHour + frac * 9) * HOUR_MS;
  const inside = moved >= window.notBefore.getTime() && moved <= window.notAfter.getTime();
  const chosen = inside ? moved : at.getTime();
  return new Date(Math.floor(chosen / 60_000) * 60_000);
}

export function toActivities(
  rng: Rng,
  touches: SimulatedTouch[],
  nextId: () => string,
  window: TouchWindow,
): DemoActivity[] {
  return touches
    .map((touch) => ({
      id: nextId(),
      kind: touch.kind,
      subject: touch.subject ?? subjectFor(rng, touch.kind),
      occurredAt: inWorkingHours(touch.at, window.workdayStartUtcHour, rng.next(), window),
    }))
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
