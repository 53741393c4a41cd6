import "server-only";
import type { CrmAdapter } from "@/lib/crm/adapter";
import { HubSpotAdapter } from "@/lib/crm/hubspot/adapter";
import { HubSpotApi } from "@/lib/crm/hubspot/api";
import { installHubSpot, type InstallReport } from "@/lib/crm/hubspot/install";
import { SalesforceAdapter } from "@/lib/crm/salesforce/adapter";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";

// Builds the adapter for a stored connection. The only place that decrypts CRM credentials; new
// tokens the CRMs hand out on refresh are written back here, encrypted, before they are used twice.

async function load(connectionId: string) {
  return db.crmConnection.findUniqueOrThrow({
    where: { id: connectionId },
    omit: { clientSecretEnc: false, accessTokenEnc: false, refreshTokenEnc: false },
  });
}

const open = (v: string | null) => (v ? decryptSecret(v) : null);

function hubSpotApi(conn: Awaited<ReturnType<typeof load>>): HubSpotApi {
  return new HubSpotApi(
    {
      apiBase: conn.instanceUrl,
      clientId: conn.clientId,
      clientSecret: decryptSecret(conn.clientSecretEnc),
      accessToken: open(conn.accessTokenEnc),
      refreshToken: open(conn.refreshTokenEnc),
      expiresAt: conn.tokenExpiresAt,
    },
    async (tokens) => {
      await db.crmConnection.update({
        where: { id: conn.id },
        data: {
          accessTokenEnc: encryptSecret(tokens.accessToken),
          refreshTokenEnc: encryptSecret(tokens.refreshToken),
          tokenExpiresAt: tokens.expiresAt,
        },
      });
    },
  );
}

export async function adapterFor(connectionId: string): Promise<CrmAdapter> {
  const conn = await load(connectionId);
  switch (conn.provider) {
    case "SALESFORCE":
      return new SalesforceAdapter(
        {
          instanceUrl: conn.instanceUrl,
          loginUrl: conn.loginUrl ?? conn.instanceUrl,
          clientId: conn.clientId,
          clientSecret: decryptSecret(conn.clientSecretEnc),
          accessToken: open(conn.accessTokenEnc),
          refreshToken: open(conn.refreshTokenEnc),
        },
        async (accessToken) => {
          await db.crmConnection.update({ where: { id: connectionId }, data: { accessTokenEnc: encryptSecret(accessToken) } });
        },
      );
    case "HUBSPOT": {
      const api = hubSpotApi(conn);
      // Score writes and flag notes need Candor's properties in the portal.
      return new HubSpotAdapter(api, { portalId: conn.externalOrgId, install: conn.installedAt ? null : () => installHubSpot(conn.id, api) });
    }
  }
}

// Runs the CRM-side install step for a connection (HubSpot properties; Salesforce ships its fields
// in the crm/salesforce package an admin deploys).
export async function installConnection(connectionId: string): Promise<InstallReport | null> {
  const conn = await load(connectionId);
  if (conn.provider !== "HUBSPOT") return null;
  return installHubSpot(conn.id, hubSpotApi(conn));
}
