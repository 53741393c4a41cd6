import { describe, expect, it } from "vitest";
import { generateDemoTenant } from "@/prisma/demo/generate";
import { MASKED, maskPii, maskSummary } from "./mask";
import { summarizeOffline } from "./offline";
import type { SummaryFact } from "./types";

const all = { maskEmails: true, maskPhones: true, maskNames: true };
const none = { maskEmails: false, maskPhones: false, maskNames: false };

describe("maskPii on text", () => {
  it("removes every email address and phone number the demo tenant contains", () => {
    const tenant = generateDemoTenant({ seed: 42, asOf: new Date("2026-11-20T12:00:00.000Z") });
    const contacts = [
      ...tenant.salesforce.leads.map((l) => [l.fields.Email, l.fields.Phone ?? ""]),
      ...tenant.hubspot.contacts.map((c) => [c.properties.email ?? "", c.properties.phone ?? ""]),
    ];
    for (const [email, phone] of contacts) {
      const text = `Reach me at ${email} or call ${phone}, thanks.`;
      const masked = maskPii(text, all);
      expect(masked).not.toContain(email);
      if (phone) expect(masked).not.toContain(phone);
      expect(masked).not.toMatch(/@|\d{3}/);
      expect(masked.startsWith("Reach me at [email hidden] or call ")).toBe(true);
    }
  });

  it("recognises common phone formats and leaves dates, amounts and counts alone", () => {
    const text =
      "Call (415) 555-0134, +44 20 7946 0123, 030 2309 1234 or 4155550134. Closed 2026-03-12, worth 48,000 (12000000 revenue), 3 meetings on 12 Mar 2026.";
    expect(maskPii(text, all)).toBe(
      `Call ${MASKED.phone}, ${MASKED.phone}, ${MASKED.phone} or ${MASKED.phone}. Closed 2026-03-12, worth 48,000 (12000000 revenue), 3 meetings on 12 Mar 2026.`,
    );
  });

  it("masks known names as whole words, case-insensitively, and only when asked", () => {
    const text = "Amelia Schneider met Amelia's team; amelia agreed. Ameliana is someone else.";
    expect(maskPii(text, all, { names: ["Amelia", "Schneider"] })).toBe(
      "[name hidden] met [name hidden]'s team; [name hidden] agreed. Ameliana is someone else.",
    );
    expect(maskPii(text, none, { names: ["Amelia"] })).toBe(text);
    expect(maskPii("a@b.example +1 415 555 0134", { ...none, maskEmails: true })).toBe("[email hidden] +1 415 555 0134");
  });
});

describe("maskPii on facts and maskSummary", () => {
  it("masks name facts and uses them to mask names elsewhere", () => {
    const facts: SummaryFact[] = [
      { id: "first_name", label: "First name", value: "Jonas", source: "field:FirstName" },
      { id: "last_name", label: "Last name", value: "Dubois", source: "field:LastName" },
      { id: "activity:1", label: "Email reply on 1 Nov 2026", value: "Re: call Jonas on +33 1 99 00 12 34", source: "activity:1" },
    ];
    expect(maskPii(facts, all).map((f) => f.value)).toEqual([MASKED.name, MASKED.name, `Re: call ${MASKED.name} on ${MASKED.phone}`]);
    expect(maskPii(facts, { ...all, maskNames: false }).map((f) => f.value)).toEqual(["Jonas", "Dubois", `Re: call Jonas on ${MASKED.phone}`]);
  });

  it("masks a whole summary consistently and keeps it plain text", () => {
    const summary = summarizeOffline({
      objectType: "Lead",
      fields: { FirstName: "Jonas", LastName: "Dubois", Title: "CTO", Company: "Fjord Data AB" },
      activities: [{ id: "e1", kind: "email_reply", subject: "Re: mail jonas.dubois@fjord-data.example", occurredAt: new Date("2026-11-19T10:00:00Z") }],
      asOf: new Date("2026-11-20T12:00:00.000Z"),
    });
    const masked = maskSummary(summary, all);
    expect(masked.text).not.toMatch(/Jonas|Dubois|@|</);
    expect(masked.text.startsWith("[name hidden] is CTO at Fjord Data AB.")).toBe(true);
    expect(masked.sentences.flatMap((s) => s.facts).map((f) => f.value)).not.toContain("Jonas");
    expect(masked.text).toBe(masked.sentences.map((s) => s.text).join(" "));
  });
});
