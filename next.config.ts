import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native/Wasm packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pino", "jsforce", "pg"],
  // `npm run typecheck` checks the whole project (tests and stand-ins too) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // forbidden() gives the standalone pages a real 403 for a role without the permission.
  experimental: { authInterrupts: true },
  // IdPs are configured with https://<host>/scim/v2 as the SCIM base URL.
  async rewrites() {
    return [{ source: "/scim/v2/:path*", destination: "/api/scim/v2/:path*" }];
  },
};

export default config;
