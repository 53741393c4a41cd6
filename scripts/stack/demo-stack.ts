import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { generateDemoTenant } from "@/prisma/demo/generate";
import type { DemoTenant } from "@/prisma/demo/types";
import { DEMO_IDP_LINKS, DEMO_IDP_USERS, DEMO_PASSWORD, startIdp } from "@/sandbox/idp";
import { startSalesforceSandbox } from "@/sandbox/salesforce";
import { HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, startDemoHubSpot } from "./hubspot";
import { buildIsCurrent } from "./next-build";
import { run, start, waitForHttp } from "./process";
import { demoSecrets } from "./secrets";

export interface DemoStackOptions {
  root: string;
  dataDir: string;
  ports: { app: number; salesforce: number; hubspot: number; idp: number };
  // A new, empty database (the e2e run): a fresh PostgreSQL database when DATABASE_URL is set.
  freshDatabase: boolean;
  // Tell the e2e specs where this stack runs (.data/e2e-stack.json); defaults to freshDatabase.
  writeManifest?: boolean;
  dev: boolean;
  // Extra environment for the app process only (the bench's profiler preload).
  appEnv?: Record<string, string>;
}

const DEMO_SEED = 20261125;
const SAVED_SOBJECTS = ["Lead", "Task"];
export const SALESFORCE_CONSUMER_KEY = "candor-demo-consumer-key";
export const SALESFORCE_CONSUMER_SECRET = "candor-demo-consumer-secret";
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

function salesforceSeed(tenant: DemoTenant) {
  return {
    users: tenant.users.map((u) => ({
      Id: u.salesforceUserId, Username: u.email, FirstName: u.firstName, LastName: u.lastName, Email: u.email,
    })),
    records: {
      Lead: tenant.salesforce.leads.map((l) => ({
        Id: l.externalId, ...l.fields, CreatedDate: l.createdAt.toISOString(), LastModifiedDate: l.updatedAt.toISOString(),
      })),
    },
  };
}

export async function startDemoStack(opts: DemoStackOptions) {
  const { root, dataDir, ports } = opts;
  const appUrl = `http://localhost:${ports.app}`;
  const secrets = demoSecrets(dataDir);
  const { seed, asOf } = demoState(dataDir);
  let databaseUrl = process.env.DATABASE_URL;
  if (opts.freshDatabase && databaseUrl) databaseUrl = await freshPostgres(databaseUrl);

  const tenant = generateDemoTenant({ seed, asOf });
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
    EMBED_EXTRA_FRAME_ANCESTORS: `http://127.0.0.1:${ports.salesforce} http://127.0.0.1:${ports.hubspot}`,
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

  const sfSeed = salesforceSeed(tenant);
  // The stand-in keeps its records in memory; the demo saves them beside the database so a
  // restarted demo shows the CRM as Candor left it (scores written back, flag tasks).
  const sfStateFile = opts.freshDatabase ? null : path.join(dataDir, "salesforce-records.json");
  const savedRecords = sfStateFile && existsSync(sfStateFile) ? JSON.parse(readFileSync(sfStateFile, "utf8")) : null;
  const salesforce = await startSalesforceSandbox({
    port: ports.salesforce,
    orgId: tenant.salesforce.orgId,
    orgName: tenant.name,
    consumerKey: SALESFORCE_CONSUMER_KEY,
    consumerSecret: SALESFORCE_CONSUMER_SECRET,
    canvasUrl: `${appUrl}/embed/salesforce/canvas`,
    users: sfSeed.users,
    records: savedRecords ?? sfSeed.records,
  });
  const saveSalesforce = () => {
    if (!sfStateFile) return;
    const state = Object.fromEntries(SAVED_SOBJECTS.map((t) => [t, salesforce.records(t)]));
    writeFileSync(sfStateFile, JSON.stringify(state));
  };
  const saver = setInterval(saveSalesforce, 5_000);
  saver.unref();
  const integrationUser = tenant.users.find((u) => u.role === "ADMIN")!;
  const sfTokens = salesforce.issueTokens(integrationUser.salesforceUserId);
  const hubspot = await startDemoHubSpot({
    tenant, port: ports.hubspot, appUrl, stateFile: opts.freshDatabase ? null : path.join(dataDir, "hubspot-portal.json"),
  });
  const hubspotSaver = setInterval(hubspot.save, 5_000);
  hubspotSaver.unref();

  const seedConfig = path.join(dataDir, "seed-config.json");
  writeFileSync(
    seedConfig,
    JSON.stringify({
      seed, asOf: asOf.toISOString(),
      salesforce: {
        instanceUrl: salesforce.url, clientId: SALESFORCE_CONSUMER_KEY, clientSecret: SALESFORCE_CONSUMER_SECRET,
        accessToken: sfTokens.accessToken, refreshToken: sfTokens.refreshToken,
      },
      sso: { issuer: idp.issuer },
      hubspot: {
        portalId: tenant.hubspot.portalId, apiBase: hubspot.sandbox.url, clientId: HUBSPOT_CLIENT_ID, clientSecret: HUBSPOT_CLIENT_SECRET,
        accessToken: hubspot.tokens.accessToken, refreshToken: hubspot.tokens.refreshToken, expiresIn: hubspot.tokens.expiresIn,
      },
    }),
    { mode: 0o600 },
  );
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
  await waitForHttp(`${appUrl}/`, 120_000);

  const rep = tenant.users.find((u) => u.role === "SALES_REP")!;
  const openLeads = tenant.salesforce.leads.filter((l) => l.outcome === "OPEN" && l.ownerExternalId === rep.salesforceUserId);
  const lead = openLeads[0];
  const pageOf = (l: typeof lead) => `${salesforce.url}/lightning/r/Lead/${l!.externalId}/view?as=${rep.salesforceUserId}`;
  const recordPageUrl = pageOf(lead);
  // The rep's open lead with the most history: many reasons, the hardest case for the panel's fold.
  const busy = tenant.salesforce.leads
    .filter((l) => l.outcome === "OPEN" && l.ownerExternalId === rep.salesforceUserId)
    .reduce((a, b) => (b.activities.length > a.activities.length ? b : a));
  const busyRecordPageUrl = pageOf(busy);
  // Another of the rep's open leads, neither of the two above, for journeys that flag it.
  const spare = openLeads.find((l) => l !== lead && l !== busy);
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
    `  Dashboards and admin, with single sign-on at the local IdP (password "${DEMO_PASSWORD}"):`,
    `    ${appUrl}/dashboard`,
    ...DEMO_IDP_USERS.map((u) => {
      const person = tenant.users.find((t) => t.key === DEMO_IDP_LINKS[u.sub]);
      return `      ${u.email.padEnd(30)}${person ? `${person.name} (${person.title})` : u.name}`;
    }),
    "",
    `  Operations (queues, dead letters, jobs; as the admin):  ${appUrl}/admin/operations`,
    "",
    `  Salesforce stand-in, all records:  ${salesforce.url}/`,
    `  HubSpot stand-in, all records:     ${hubspot.sandbox.url}/?as=${hubspot.rep.hubspotOwnerId}`,
    `  Candor app:                        ${appUrl}/`,
    databaseUrl
      ? "  Background work:                   one worker process (npm run worker starts more, on any machine)"
      : "  Background work:                   in the app's process (the embedded database has one owner)",
    "",
    "  Ctrl-C stops everything; data stays in .data/ (npm run demo:reset starts over).",
    "",
  ].join("\n");

  if (opts.writeManifest ?? opts.freshDatabase) {
    mkdirSync(path.join(root, ".data"), { recursive: true });
    // Tells the e2e specs where this run's stand-ins and records are.
    writeFileSync(
      path.join(root, ".data", "e2e-stack.json"),
      JSON.stringify({
        appUrl, salesforceUrl: salesforce.url, recordPageUrl, leadId: lead!.externalId, busyRecordPageUrl, rep: rep.email, idpUrl: idp.issuer,
        // Another of the rep's open leads, for journeys that must not touch the first one's flag.
        spareRecordPageUrl: pageOf(spare),
        hubspot: {
          url: hubspot.sandbox.url, portalId: tenant.hubspot.portalId, recordPageUrl: hubspot.recordPageUrl,
          contactId: hubspot.contact.id, userId: hubspot.rep.hubspotOwnerId, rep: hubspot.rep.email,
        },
      }),
    );
  }
  return {
    appUrl,
    // The process serving HTTP: the app, or the one that also runs the worker on the embedded database.
    appPid: processes[0]!.pid!,
    salesforceUrl: salesforce.url,
    recordPageUrl,
    tenant,
    banner,
    async stop() {
      clearInterval(saver);
      clearInterval(hubspotSaver);
      await Promise.all(processes.map((p) => new Promise((r) => {
        p.once("exit", r);
        p.kill("SIGTERM");
      })));
      saveSalesforce();
      hubspot.save();
      await salesforce.close();
      await hubspot.sandbox.close();
      await idp.close();
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
