import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { generateDemoTenant, GLOBEX_ANALYTICS } from "@/prisma/demo/generate";
import { DEMO_IDP_LINKS, DEMO_IDP_USERS, DEMO_PASSWORD, startIdp } from "@/sandbox/idp";
import { buildIsCurrent } from "./next-build";
import { run, start, waitForHttp } from "./process";
import { demoSecrets } from "./secrets";
import { startTenantStandIns } from "./tenant-stand-ins";

export interface DemoStackOptions {
  root: string;
  dataDir: string;
  // The second tenant's Salesforce org and HubSpot portal run on stand-ins of their own.
  ports: { app: number; salesforce: number; hubspot: number; idp: number; secondSalesforce: number; secondHubspot: number };
  // A new, empty database (the e2e run): a fresh PostgreSQL database when DATABASE_URL is set.
  freshDatabase: boolean;
  // Tell the e2e specs where this stack runs (.data/e2e-stack.json); defaults to freshDatabase.
  writeManifest?: boolean;
  dev: boolean;
  // Extra environment for the app process only (the bench's profiler preload).
  appEnv?: Record<string, string>;
}

const DEMO_SEED = 20261125;
export const SALESFORCE_CONSUMER_KEY = "candor-demo-consumer-key";
export const SALESFORCE_CONSUMER_SECRET = "candor-demo-consumer-secret";
// The second tenant's org has its own connected app, so its own Canvas signing secret.
const SECOND_CONSUMER = { key: "candor-demo-globex-consumer-key", secret: "candor-demo-globex-consumer-secret" };
// The app's OIDC client at the local IdP (sandbox/idp). Local-only values, like the Salesforce ones.
export const SSO_CLIENT_ID = "candor-demo";
export const SSO_CLIENT_SECRET = "candor-demo-sso-client-secret";

// The demo's fixed point in time: chosen on first start and kept, so the stand-ins (in memory,
// rebuilt every start) and the database (persistent) describe the same records.
function demoState(dataDir: string): { seed: number; asOf: Date } {
  const file = path.join(dataDir, "demo.json");
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, "utf8")) as { seed: number; asOf: string };
    return { seed: raw.seed, asOf: new Date(raw.asOf) };
  }
  mkdirSync(dataDir, { recursive: true });
  const asOf = new Date();
  asOf.setUTCHours(0, 0, 0, 0);
  writeFileSync(file, JSON.stringify({ seed: DEMO_SEED, asOf: asOf.toISOString() }));
  return { seed: DEMO_SEED, asOf };
}

// The e2e run's database is its own: dropped when the stack stops, so runs leave nothing behind.
async function dropPostgres(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

async function freshPostgres(serverUrl: string): Promise<string> {
  const name = `candor_e2e_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startDemoStack(opts: DemoStackOptions) {
  const { root, dataDir, ports } = opts;
  const appUrl = `http://localhost:${ports.app}`;
  const secrets = demoSecrets(dataDir);
  const { seed, asOf } = demoState(dataDir);
  const serverUrl = process.env.DATABASE_URL;
  const ownDatabase = opts.freshDatabase && serverUrl ? await freshPostgres(serverUrl) : null;
  const databaseUrl = ownDatabase ?? serverUrl;

  const tenant = generateDemoTenant({ seed, asOf });
  const secondTenant = generateDemoTenant({ seed: seed + 1, asOf, profile: GLOBEX_ANALYTICS });
  // The company identity provider the standalone pages sign in with (authorization code + PKCE).
  // Its accounts carry the names of the demo people they are bound to (DEMO_IDP_LINKS).
  const idp = await startIdp({
    port: ports.idp,
    clients: [{
      clientId: SSO_CLIENT_ID, clientSecret: SSO_CLIENT_SECRET,
      redirectUris: [`${appUrl}/api/auth/callback/candor-sso`], postLogoutRedirectUris: [`${appUrl}/signin`],
    }],
    users: DEMO_IDP_USERS.map((u) => ({ ...u, name: tenant.users.find((t) => t.key === DEMO_IDP_LINKS[u.sub])?.name ?? u.name })),
  });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PGLITE_DIR: path.join(dataDir, "pglite"),
    PUBLIC_BASE_URL: appUrl,
    EMBED_EXTRA_FRAME_ANCESTORS: [ports.salesforce, ports.hubspot, ports.secondSalesforce, ports.secondHubspot].map((p) => `http://127.0.0.1:${p}`).join(" "),
    NEXT_TELEMETRY_DISABLED: "1",
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: SSO_CLIENT_ID,
    OIDC_CLIENT_SECRET: SSO_CLIENT_SECRET,
    OIDC_SCOPES: "openid email profile groups",
    NEXTAUTH_URL: appUrl,
  };
  const where = databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${path.relative(root, env.PGLITE_DIR!)}`;
  console.log(`Database: ${where}`);
  await run(process.execPath, [path.join(root, "scripts/prisma.mjs"), "migrate", "deploy"], env, "migrate");

  const stateDir = opts.freshDatabase ? null : dataDir;
  const acme = await startTenantStandIns({
    tenant, seed, ports: { salesforce: ports.salesforce, hubspot: ports.hubspot }, appUrl, stateDir, stateName: "",
    consumer: { key: SALESFORCE_CONSUMER_KEY, secret: SALESFORCE_CONSUMER_SECRET }, sso: { issuer: idp.issuer },
  });
  const globex = await startTenantStandIns({
    tenant: secondTenant, seed: seed + 1, ports: { salesforce: ports.secondSalesforce, hubspot: ports.secondHubspot }, appUrl, stateDir,
    stateName: `${secondTenant.slug}-`, consumer: SECOND_CONSUMER,
  });

  const seedConfig = path.join(dataDir, "seed-config.json");
  writeFileSync(seedConfig, JSON.stringify({ asOf: asOf.toISOString(), tenants: [acme.seedConfig, globex.seedConfig] }), { mode: 0o600 });
  await run(process.execPath, [tsxCli(root), "--conditions=react-server", path.join(root, "prisma/seed.ts"), seedConfig], env, "seed");

  if (!opts.dev && !buildIsCurrent(root)) {
    console.log("Building the app (first start or changed sources)…");
    await run(process.execPath, [nextCli(root), "build"], { ...env, NODE_ENV: "production" }, "build");
  }
  const nodeEnv = opts.dev ? "development" : "production";
  const worker = (extra: string[], label: string) =>
    start(process.execPath, [tsxCli(root), "--conditions=react-server", path.join(root, "scripts/worker.ts"), ...extra], { ...env, ...opts.appEnv, NODE_ENV: nodeEnv }, label);
  // PostgreSQL: the app and a worker as separate processes, as in production. The embedded
  // database has one owner, so there a single worker process serves the app as well.
  const processes: ChildProcess[] = databaseUrl
    ? [
        start(process.execPath, [nextCli(root), opts.dev ? "dev" : "start", "-p", String(ports.app), "-H", "localhost"], { ...env, ...opts.appEnv, NODE_ENV: nodeEnv }, "app"),
        worker([], "worker"),
      ]
    : [worker(["--with-app", "--port", String(ports.app), "--host", "localhost", ...(opts.dev ? ["--dev"] : [])], "app+worker")];
  // Watched from the start: a signal to the whole process group may end them before stop().
  const exited = processes.map((p) => new Promise((resolve) => p.once("exit", resolve)));
  await waitForHttp(`${appUrl}/`, 120_000);

  const { rep, lead, recordPageUrl, hubspot, salesforce } = acme;
  const openLeads = tenant.salesforce.leads.filter((l) => l.outcome === "OPEN" && l.ownerExternalId === rep.salesforceUserId);
  const pageOf = (l: (typeof openLeads)[number]) => `${salesforce.url}/lightning/r/Lead/${l.externalId}/view?as=${rep.salesforceUserId}`;
  // The rep's open lead with the most history: many reasons, the hardest case for the panel's fold.
  const busy = openLeads.reduce((a, b) => (b.activities.length > a.activities.length ? b : a));
  // Another of the rep's open leads, neither of the two above, for journeys that flag it.
  const spare = openLeads.find((l) => l.externalId !== lead.externalId && l !== busy)!;
  const banner = [
    "",
    "Candor is running.",
    "",
    `  Open this Salesforce record page (as ${rep.name}, ${rep.region} sales rep):`,
    `    ${recordPageUrl}`,
    "",
    `  Or this HubSpot contact page (as ${hubspot.rep.name}), with the Candor card in the right sidebar:`,
    `    ${hubspot.recordPageUrl}`,
    "",
    `  A second tenant, ${secondTenant.name}, with its own org and portal (it sees nothing of ${tenant.name}):`,
    `    ${globex.recordPageUrl}`,
    `    ${globex.hubspot.recordPageUrl}`,
    "",
    `  Dashboards and admin, with single sign-on at the local IdP (password "${DEMO_PASSWORD}"):`,
    `    ${appUrl}/dashboard`,
    ...DEMO_IDP_USERS.map((u) => {
      const person = tenant.users.find((t) => t.key === DEMO_IDP_LINKS[u.sub]);
      return `      ${u.email.padEnd(30)}${person ? `${person.name} (${person.title})` : u.name}`;
    }),
    "",
    `  Salesforce stand-in, all records:  ${salesforce.url}/`,
    `  HubSpot stand-in, all records:     ${hubspot.sandbox.url}/?as=${hubspot.rep.hubspotOwnerId}`,
    `  Candor app:                        ${appUrl}/`,
    `  Operations (queues, dead letters, jobs; as the admin):  ${appUrl}/admin/operations`,
    "",
    databaseUrl
      ? "  Background work:                   one worker process (npm run worker starts more, on any machine)"
      : "  Background work:                   in the app's process (the embedded database has one owner)",
    "  Ctrl-C stops everything; data stays in .data/ (npm run demo:reset starts over).",
    "",
  ].join("\n");

  if (opts.writeManifest ?? opts.freshDatabase) {
    mkdirSync(path.join(root, ".data"), { recursive: true });
    // Tells the e2e specs where this run's stand-ins and records are.
    writeFileSync(
      path.join(root, ".data", "e2e-stack.json"),
      JSON.stringify({
        appUrl, salesforceUrl: salesforce.url, recordPageUrl, leadId: lead.externalId, busyRecordPageUrl: pageOf(busy), rep: rep.email, idpUrl: idp.issuer,
        // Another of the rep's open leads, for journeys that must not touch the first one's flag.
        spareRecordPageUrl: pageOf(spare),
        hubspot: {
          url: hubspot.sandbox.url, portalId: tenant.hubspot.portalId, recordPageUrl: hubspot.recordPageUrl,
          contactId: hubspot.contact.id, userId: hubspot.rep.hubspotOwnerId, rep: hubspot.rep.email,
        },
        secondTenant: {
          name: secondTenant.name, salesforceUrl: globex.salesforce.url, recordPageUrl: globex.recordPageUrl, leadId: globex.lead.externalId,
          rep: globex.rep.email, repSalesforceId: globex.rep.salesforceUserId,
          hubspot: {
            url: globex.hubspot.sandbox.url, portalId: secondTenant.hubspot.portalId, recordPageUrl: globex.hubspot.recordPageUrl,
            contactId: globex.hubspot.contact.id, userId: globex.hubspot.rep.hubspotOwnerId,
          },
        },
      }),
    );
  }
  return {
    appUrl,
    // The process serving HTTP: the app, or the one that also runs the worker on the embedded database.
    appPid: processes[0]!.pid!,
    recordPageUrl,
    salesforceUrl: salesforce.url,
    tenant,
    banner,
    async stop() {
      for (const p of processes) p.kill("SIGTERM");
      await Promise.all(exited);
      await acme.stop();
      await globex.stop();
      await idp.close();
      if (serverUrl && ownDatabase) await dropPostgres(serverUrl, ownDatabase);
    },
  };
}

// Children run on this process's Node (the project's pinned runtime), not on whichever `node` a
// shebang would find first on PATH.
function tsxCli(root: string) {
  return path.join(root, "node_modules/tsx/dist/cli.mjs");
}

function nextCli(root: string) {
  return path.join(root, "node_modules/next/dist/bin/next");
}
