// `npm run demo`: embedded database, migrations, the demo tenant, the local CRM stand-ins and
// identity provider, the app with its worker — then prints where to click. Ctrl-C stops it all;
// data persists in .data/ (`npm run demo:reset` starts over).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { e2ePorts } from "./stack/ports";
import { startDemoStack } from "./stack/demo-stack";

const { values } = parseArgs({
  options: {
    reset: { type: "boolean", default: false },
    e2e: { type: "boolean", default: false },
    dev: { type: "boolean", default: false },
  },
});

const root = path.resolve(import.meta.dirname, "..");
const dataDir = values.e2e ? mkdtempSync(path.join(tmpdir(), "candor-e2e-")) : path.join(root, ".data");
if (values.reset) {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`Removed ${path.relative(root, dataDir)}/ — starting from an empty database.`);
}

const stack = await startDemoStack({
  root,
  dataDir,
  ports: values.e2e ? e2ePorts() : { app: 3000, salesforce: 4010, hubspot: 4020, idp: 4030, secondSalesforce: 4011, secondHubspot: 4021 },
  freshDatabase: values.e2e,
  dev: values.dev,
});

console.log(stack.banner);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Candor…`);
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
