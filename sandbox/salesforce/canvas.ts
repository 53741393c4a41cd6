import { createHmac, randomInt } from "node:crypto";
import { releaseOf } from "./rest-router";
import type { Row } from "./store";

/**
 * A Canvas signed request: "<base64 HMAC-SHA256(consumerSecret, payloadB64)>.<payloadB64>", where
 * payloadB64 is the standard-base64 JSON envelope (see crm-protocols.md).
 */
export function signCanvasRequest(envelope: unknown, consumerSecret: string): string {
  const payload = Buffer.from(JSON.stringify(envelope), "utf8").toString("base64");
  const signature = createHmac("sha256", consumerSecret).update(payload).digest("base64");
  return `${signature}.${payload}`;
}

export interface CanvasEnvelopeInput {
  user: Row;
  orgId: string;
  orgName: string;
  consumerKey: string;
  canvasUrl: string;
  instanceUrl: string;
  accessToken: string;
  version: string;
  sobject: string;
  recordId: string;
}

/** The CanvasRequest Salesforce posts for a canvas app inside a Lightning (Aura wrapper) record page. */
export function buildCanvasEnvelope(input: CanvasEnvelopeInput) {
  const { user, orgId, version, instanceUrl } = input;
  const v = `/services/data/v${version}`;
  const userId = user.Id as string;
  return {
    algorithm: "HMACSHA256",
    // Salesforce documents issuedAt as internal and real values can be negative; nothing may rely on it.
    issuedAt: randomInt(-2_000_000_000, 2_000_000_000),
    userId,
    client: {
      oauthToken: input.accessToken,
      refreshToken: null,
      instanceId: "_:Candor:j_id0:j_id1:canvasapp",
      targetOrigin: instanceUrl,
      instanceUrl,
      clientId: input.consumerKey,
    },
    context: {
      user: {
        userId,
        userName: user.Username,
        firstName: user.FirstName,
        lastName: user.LastName,
        email: user.Email,
        fullName: user.Name,
        locale: user.LocaleSidKey ?? "en_US",
        language: user.LanguageLocaleKey ?? "en_US",
        timeZone: user.TimeZoneSidKey ?? "America/Los_Angeles",
        profileId: user.ProfileId ?? null,
        roleId: user.UserRoleId ?? null,
        userType: "STANDARD",
        currencyISOCode: "USD",
        accessibilityModeEnabled: false,
        isDefaultNetwork: true,
        profilePhotoUrl: `${instanceUrl}/profilephoto/005/F`,
        profileThumbnailUrl: `${instanceUrl}/profilephoto/005/T`,
        siteUrl: null,
        siteUrlPrefix: null,
        networkId: null,
      },
      organization: {
        organizationId: orgId,
        name: input.orgName,
        multicurrencyEnabled: false,
        namespacePrefix: null,
        currencyIsoCode: "USD",
      },
      application: {
        applicationId: `06P${orgId.slice(3, 5)}000000CANDR`,
        authType: "SIGNED_REQUEST",
        canvasUrl: input.canvasUrl,
        developerName: "Candor",
        name: "Candor",
        namespace: null,
        options: [],
        referenceId: `09H${orgId.slice(3, 5)}000000CANDR`,
        samlInitiationMethod: "None",
        isInstalledPersonalApp: false,
        version: "1.0",
      },
      links: {
        loginUrl: instanceUrl,
        enterpriseUrl: `/services/Soap/c/${version}/${orgId}`,
        metadataUrl: `/services/Soap/m/${version}/${orgId}`,
        partnerUrl: `/services/Soap/u/${version}/${orgId}`,
        restUrl: `${v}/`,
        sobjectUrl: `${v}/sobjects/`,
        searchUrl: `${v}/search/`,
        queryUrl: `${v}/query/`,
        recentItemsUrl: `${v}/recent/`,
        chatterFeedsUrl: `${v}/chatter/feeds`,
        chatterGroupsUrl: `${v}/chatter/groups`,
        chatterUsersUrl: `${v}/chatter/users`,
        chatterFeedItemsUrl: `${v}/chatter/feed-items`,
        userUrl: `/${userId}`,
      },
      environment: {
        displayLocation: "Visualforce",
        locationUrl: `${instanceUrl}/lightning/r/${input.sobject}/${input.recordId}/view`,
        subLocation: null,
        uiTheme: "Theme4d",
        dimensions: {
          width: "100%",
          height: "600px",
          maxWidth: "1000px",
          maxHeight: "2000px",
          clientWidth: "400px",
          clientHeight: "600px",
        },
        parameters: { recordId: input.recordId },
        record: {},
        version: { api: version, season: releaseOf(version).season },
      },
    },
  };
}
