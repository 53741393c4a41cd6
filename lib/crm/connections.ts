import "server-only";
import type { CrmAdapter } from "@/lib/crm/adapter";
import { SalesforceAdapter } from "@/lib/crm/salesforce/adapter";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// Builds the adapter for a stored connection. The only place that decrypts CRM credentials.
export async function adapterFor(connectionId: string): Promise<CrmAdapter> {
  const conn = await db.crmConnection.findUniqueOrThrow({
    where: { id: connectionId },
    omit: { clientSecretEnc: false, accessTokenEnc: false, refreshTokenEnc: false },
  });
  const open = (v: string | null) => (v ? decryptSecret(v) : null);
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
    case "HUBSPOT":
      throw new Error("HubSpot write-back is not connected yet");
  }
}

export async function saveRateLimitState(connectionId: string, state: Prisma.InputJsonValue) {
  await db.crmConnection.update({ where: { id: connectionId }, data: { rateLimitState: state } });
}
