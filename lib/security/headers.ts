import { env } from "@/lib/env";

// Hosts that frame Candor inside the CRMs (shared/crm-protocols.md). A `https://*.force.com`
// source matches any depth, which covers Lightning, Visualforce and sandbox hosts.
const CRM_FRAME_ANCESTORS = [
  "https://*.force.com",
  "https://*.salesforce.com",
  "https://*.salesforce-setup.com",
  "https://*.site.com",
  "https://*.visualforce.com",
  "https://app.hubspot.com",
  "https://*.hubspot.com",
];

export function isEmbedPath(pathname: string): boolean {
  return pathname === "/embed" || pathname.startsWith("/embed/");
}

export function contentSecurityPolicy(pathname: string, nonce: string, dev: boolean): string {
  const frameAncestors = isEmbedPath(pathname)
    ? [...CRM_FRAME_ANCESTORS, ...env.EMBED_EXTRA_FRAME_ANCESTORS].join(" ")
    : "'none'";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

// Addresses that carry a credential or lead to one (the HubSpot card's single-use link in
// /embed/hubspot?token=…, next-auth's callback code, the sign-out page's IdP logout URL with its
// id_token_hint) tell nobody where the browser came from. The proxy's headers replace a route's
// own, so the policy is decided here, per path, and nowhere else.
const NO_REFERRER = [/^\/embed(\/|$)/, /^\/api\/auth\//];

export function referrerPolicy(pathname: string): string {
  return NO_REFERRER.some((re) => re.test(pathname)) ? "no-referrer" : "strict-origin-when-cross-origin";
}

export function securityHeaders(pathname: string, csp: string): Record<string, string> {
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": referrerPolicy(pathname),
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    // X-Frame-Options cannot express an allow-list, so embed routes rely on frame-ancestors alone.
    ...(isEmbedPath(pathname) ? {} : { "x-frame-options": "DENY" }),
  };
}
