// `npm run bench:api`: the panel's read path (GET …/insight with a bearer token: session check,
// scope check, score, reasons, summary, flags) against a bare Next route returning fixed JSON, in
// the same run, at 10 concurrent connections; then, in Chromium, the time from the signed request
// to the score painted in the Canvas iframe and the embed route's JavaScript. Starts its own stack
// (fresh database: PostgreSQL when DATABASE_URL is set, else PGlite) on ports 3300/43x0 (+
// CANDOR_PORT_OFFSET; 4222 is NATS's) and prints tables plus the targets from shared/ARCHITECTURE.md.
//
// --profile <file>: CPU profiles of `next start` during one extra round of each route, written to
// <file>.1 (bare) and <file>.2 (panel) and summarised per request side by side
// (scripts/bench/cpu-profile.cjs, scripts/bench/profile-summary.ts).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { measurePanelPaint, medianPhases } from "./bench/panel-paint";
import { summarise, type CpuProfile } from "./bench/profile-summary";
import { startDemoStack } from "./stack/demo-stack";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    "paint-runs": { type: "string", default: "5" },
    profile: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const paintRuns = Number(values["paint-runs"]);
const profileFile = values.profile ? path.resolve(values.profile) : null;
const root = path.resolve(import.meta.dirname, "..");
const offset = Number(process.env.CANDOR_PORT_OFFSET ?? 0);
// One token drives all the load; the per-session API budget would otherwise answer 429.
process.env.API_RATE_PER_SESSION = "1000000";

const stack = await startDemoStack({
  root,
  dataDir: mkdtempSync(path.join(tmpdir(), "candor-bench-")),
  ports: { app: 3300 + offset, salesforce: 4310 + offset, hubspot: 4320 + offset, idp: 4330 + offset, secondSalesforce: 4340 + offset, secondHubspot: 4350 + offset },
  freshDatabase: true,
  writeManifest: false,
  dev: false,
  appEnv: profileFile ? { NODE_OPTIONS: `--require ${path.join(root, "scripts/bench/cpu-profile.cjs")}`, CANDOR_CPU_PROFILE: profileFile } : {},
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

interface Figures { rps: number; p50: number; p975: number; p99: number; errors: number }
const figures = (r: autocannon.Result): Figures => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p975: r.latency.p97_5,
  p99: r.latency.p99,
  errors: r.errors + r.non2xx,
});

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const check = (ok: boolean) => (ok ? "PASS" : "MISS");

// One profiled round of a route: the profiler runs only while autocannon does (SIGUSR2 to the
// preload), and the profile is read back once the app has written it.
async function profiledRound(url: string, headers: Record<string, string>, file: string) {
  process.kill(stack.appPid, "SIGUSR2");
  const result = await load(url, headers);
  process.kill(stack.appPid, "SIGUSR2");
  for (let i = 0; i < 100; i++) {
    try {
      return { summary: summarise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, 25), requests: result.requests.total };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("The profiler preload wrote no profile");
}

// Where the CPU of one request goes, bare route beside panel: µs of self time per request by
// where the code lives, and the panel's heaviest functions.
async function profileBoth(bareUrl: string, panelUrl: string, auth: Record<string, string>) {
  for (const n of [1, 2]) rmSync(`${profileFile}.${n}`, { force: true });
  const bare = await profiledRound(bareUrl, {}, `${profileFile}.1`);
  const panel = await profiledRound(panelUrl, auth, `${profileFile}.2`);
  const perRequest = (s: typeof bare, place: string) => (s.summary.byPlace.find((r) => r.name === place)?.us ?? 0) / s.requests;
  const places = [...new Set([...panel.summary.byPlace, ...bare.summary.byPlace].map((r) => r.name))].filter((n) => n !== "(idle)");
  console.log(`\nCPU profile of next start, one round each (bare: ${profileFile}.1, panel: ${profileFile}.2): self time per request\n`);
  console.log("| where | bare µs/request | panel µs/request |\n|---|---|---|");
  const total = (s: typeof bare) => places.reduce((sum, n) => sum + perRequest(s, n), 0);
  for (const name of places.sort((a, b) => perRequest(panel, b) - perRequest(panel, a)).slice(0, 14)) {
    console.log(`| ${name} | ${perRequest(bare, name).toFixed(0)} | ${perRequest(panel, name).toFixed(0)} |`);
  }
  console.log(`| **all (idle excluded)** | **${total(bare).toFixed(0)}** | **${total(panel).toFixed(0)}** |`);
  console.log("\n| panel: function — where | share of panel CPU |\n|---|---|");
  for (const row of panel.summary.byFunction.filter((r) => r.name !== "(idle) — (idle)")) console.log(`| ${row.name} | ${pct(row.share)} |`);
}

try {
  const { token, insightPath } = await panelToken();
  const bareUrl = `${stack.appUrl}/api/health`;
  const panelUrl = `${stack.appUrl}${insightPath}`;
  const auth = { authorization: `Bearer ${token}` };
  const check0 = await fetch(panelUrl, { headers: auth });
  if (!check0.ok) throw new Error(`Panel read path answered ${check0.status}`);
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
    console.log(`| ${name} | ${Math.round(f.rps)} | ${f.p50} | ${f.p975} | ${f.p99} | ${f.errors} |`);
  }

  const paint = await measurePanelPaint(stack.recordPageUrl, stack.appUrl, paintRuns);
  const first = medianPhases(paint.firstVisit);
  const cached = medianPhases(paint.cached);
  // Warm: the server has served the panel before and the rep's browser has Candor's scripts (every
  // record after the first of the day). The first visit is shown beside it.
  const warmPaint = cached.painted;
  const ms = (x: number) => (Number.isFinite(x) ? String(Math.round(x)) : "—");
  console.log(`\nIn Chromium, the Salesforce record page: from the signed request (0 ms) to the score painted in the iframe, server warm (median of ${paintRuns} each)\n`);
  console.log("| visit | document | scripts | session exchange | insight request | score painted |\n|---|---|---|---|---|---|");
  for (const [name, p] of [["first visit (empty browser cache)", first], ["next record (scripts cached)", cached]] as const) {
    console.log(`| ${name} | ${ms(p.document)} | ${ms(p.scripts)} | ${ms(p.sessionStart)}–${ms(p.sessionEnd)} | ${ms(p.insightStart)}–${ms(p.insightEnd)} | **${ms(p.painted)}** |`);
  }
  console.log(`\nEmbed route JavaScript: ${paint.js.files} files, ${(paint.js.rawBytes / 1024).toFixed(1)} KB, ${(paint.js.gzipBytes / 1024).toFixed(1)} KB gzipped`);

  const latencyRatio = p.p99 / Math.max(b.p99, 1);
  const throughputShare = p.rps / b.rps;
  console.log("\n| target | result | measured |");
  console.log("|---|---|---|");
  console.log(`| panel p99 latency ≤ 2 × bare | ${check(latencyRatio <= 2)} | ${latencyRatio.toFixed(2)} × (${p.p99} vs ${b.p99} ms) |`);
  console.log(`| panel ≥ 1,000 req/s | ${check(p.rps >= 1000)} | ${Math.round(p.rps)} req/s |`);
  console.log(`| panel ≥ 70 % of bare throughput | ${check(throughputShare >= 0.7)} | ${(throughputShare * 100).toFixed(0)} % |`);
  console.log(`| no errors | ${check(p.errors + b.errors === 0)} | ${p.errors + b.errors} |`);
  console.log(`| signed request → score painted < 700 ms, warm | ${check(warmPaint < 700)} | ${Math.round(warmPaint)} ms (first visit ${Math.round(first.painted)} ms) |`);
  console.log(`| embed route JavaScript < 120 KB gzipped | ${check(paint.js.gzipBytes < 120 * 1024)} | ${(paint.js.gzipBytes / 1024).toFixed(1)} KB |`);

  if (profileFile) await profileBoth(bareUrl, panelUrl, auth);
} finally {
  await stack.stop();
}
