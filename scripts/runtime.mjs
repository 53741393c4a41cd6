#!/usr/bin/env node
// Prints the Node.js every npm script of this project runs on, and stops a run on anything older
// than the project's LTS line. npm puts node_modules/.bin first on PATH, so `node` here is the
// pinned binary from the node-linux-* package unless the platform has none (see README, "Runtime").
const [major] = process.versions.node.split(".").map(Number);
console.log(`Node ${process.version} (${process.execPath})`);
if (major < 24) {
  console.error(
    `Candor needs Node.js 24 or newer; this is ${process.version}. On Linux x64/arm64, \`npm ci\` installs it;` +
      " elsewhere install Node.js 24 LTS and run the scripts with it.",
  );
  process.exit(1);
}
