import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiRecordType, CANDOR_PROPERTIES_BY_TYPE, HUBSPOT_RECORD_TYPES } from "@/lib/crm/hubspot/properties";

// The HubSpot project (what `hs project upload` sends) must agree with the Candor backend: the
// URLs the card calls and frames, the routes that answer them, the objects the card shows on, and
// webhook subscriptions that cannot echo Candor's own writes back to it.

const here = import.meta.dirname;
const root = path.resolve(here, "../..");
const json = (p: string) => JSON.parse(readFileSync(path.join(here, p), "utf8"));
const app = json("src/app/app-hsmeta.json");
const card = json("src/app/cards/candor-card-hsmeta.json");
const webhooks = json("src/app/webhooks/webhooks-hsmeta.json");
const cardSource = readFileSync(path.join(here, "src/app/cards/CandorCard.jsx"), "utf8");
const candorUrl = /const CANDOR_URL = "([^"]+)"/.exec(cardSource)?.[1];

describe("HubSpot project", () => {
  it("is a 2025.2 project whose every component file is valid JSON with a unique uid", () => {
    expect(json("hsproject.json")).toEqual({ name: "candor", srcDir: "src", platformVersion: "2025.2" });
    const metas = ["app", "app/cards", "app/webhooks"].flatMap((dir) =>
      readdirSync(path.join(here, "src", dir)).filter((f) => f.endsWith("-hsmeta.json")).map((f) => json(`src/${dir}/${f}`)),
    );
    expect(metas.map((m) => m.type).sort()).toEqual(["app", "card", "webhooks"]);
    expect(new Set(metas.map((m) => m.uid)).size).toBe(metas.length);
  });

  it("lets the card fetch from and frame exactly the Candor host it calls", () => {
    expect(candorUrl).toMatch(/^https:\/\//);
    expect(app.config.permittedUrls.fetch).toEqual([candorUrl]);
    expect(app.config.permittedUrls.iframe).toEqual([candorUrl]);
    expect(cardSource).toContain("`${CANDOR_URL}/api/v1/hubspot/card`");
    expect(existsSync(path.join(root, "app/api/v1/hubspot/card/route.ts"))).toBe(true);
    expect(cardSource).toContain("actions.openIframeModal(");
  });

  it("puts the card on the record types Candor scores, from an entrypoint that exists", () => {
    expect(card.config.objectTypes).toEqual([...HUBSPOT_RECORD_TYPES]);
    expect(existsSync(path.join(here, "src", card.config.entrypoint))).toBe(true);
  });

  it("asks for the scopes the adapter and the install step use", () => {
    const scopes: string[] = app.config.auth.requiredScopes;
    for (const type of HUBSPOT_RECORD_TYPES) {
      expect(scopes).toEqual(expect.arrayContaining([`crm.objects.${type}.read`, `crm.objects.${type}.write`, `crm.schemas.${type}.write`]));
    }
    expect(scopes).toContain("crm.objects.owners.read");
  });

  it("sends webhooks to Candor's receiver, for record types it scores, never for Candor's own properties", () => {
    expect(webhooks.config.settings.targetUrl).toBe(`${candorUrl}/api/webhooks/hubspot`);
    expect(existsSync(path.join(root, "app/api/webhooks/hubspot/route.ts"))).toBe(true);
    const candorProperties = new Set(Object.values(CANDOR_PROPERTIES_BY_TYPE).flat().map((p) => p.name));
    for (const s of webhooks.config.subscriptions.legacyCrmObjects) {
      expect(apiRecordType(s.subscriptionType.split(".")[0])).not.toBeNull();
      if (s.propertyName) expect(candorProperties.has(s.propertyName)).toBe(false);
    }
  });
});
