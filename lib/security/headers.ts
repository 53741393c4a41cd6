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

export function securityHeaders(pathname: string, csp: string): Record<string, string> {
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    // X-Frame-Options cannot express an allow-list, so embed routes rely on frame-ancestors alone.
    ...(isEmbedPath(pathname) ? {} : { "x-frame-options": "DENY" }),
  };
}
