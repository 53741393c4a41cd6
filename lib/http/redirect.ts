// The one check for a redirect target taken from input (a sign-in callbackUrl, a page's returnTo,
// next-auth's redirect callback): resolved the way a browser resolves a Location header — the
// WHATWG URL parser, which drops tabs and newlines anywhere, reads `\` as `/` and decodes nothing
// it should not — against Candor's own origin. Anything that lands on another origin, or is not a
// string, becomes `fallback`. What comes back is a path on Candor's origin, free of characters a
// header cannot carry (the parser percent-encodes them), so it is safe in a Location header too.
export function safeRedirectPath(target: unknown, origin: string, fallback = "/dashboard"): string {
  if (typeof target !== "string" || target === "") return fallback;
  const base = new URL(origin);
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  // A path the parser left starting with `//` (e.g. from `/.//host`) would be read as another
  // host once it is sent as a relative Location: one leading slash only.
  return `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
}
