// Preloaded into `next start` by `npm run bench:api -- --profile <file>` (NODE_OPTIONS=--require):
// sampling CPU profiles of just the phases the bench chooses. Each odd SIGUSR2 starts the
// profiler, each even one writes the profile to `${CANDOR_CPU_PROFILE}.<n>` (n = 1, 2, …;
// Chrome DevTools or speedscope open them). Node refuses --cpu-prof in NODE_OPTIONS;
// node:inspector works there.
const { writeFileSync } = require("node:fs");
const inspector = require("node:inspector");

const out = process.env.CANDOR_CPU_PROFILE;
if (out) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  let written = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 200 }, () => session.post("Profiler.start")));
      return;
    }
    running = false;
    session.post("Profiler.stop", (err, result) => {
      if (err) console.error(`cpu profile: ${err.message}`);
      else writeFileSync(`${out}.${++written}`, JSON.stringify(result.profile));
    });
  });
}
