// Reads a V8 .cpuprofile (what scripts/bench/cpu-profile.cjs writes) into the tables bench:api
// prints: self time by function and by where the code lives (a package, Node itself, the app).

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  /** µs since the previous sample, one per sample. */
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  share: number;
  /** Self time in µs. */
  us: number;
}

/** node_modules/<pkg> (scoped too), node:… internals, V8's own entries, or the app's own code. */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  if (url.startsWith("wasm://")) return "WebAssembly";
  if (/\.next\/server\/chunks/.test(url)) return "app (bundled server chunks)";
  return "app";
}

// Self time per node in µs, as DevTools counts it: a sample lasts until the next one (the last
// until the profile's end).
function timeById(profile: CpuProfile): Map<number, number> {
  const time = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0 && deltas.length === samples.length) {
    const stamps: number[] = [];
    deltas.reduce((t, d) => (stamps.push(t + d), t + d), profile.startTime);
    samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + ((stamps[i + 1] ?? profile.endTime) - stamps[i]!)));
  } else {
    const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
    for (const n of profile.nodes) time.set(n.id, ((n.hitCount ?? 0) / total) * (profile.endTime - profile.startTime));
  }
  return time;
}

export function summarise(profile: CpuProfile, top = 20): { byFunction: ProfileRow[]; byPlace: ProfileRow[]; samples: number; us: number } {
  const time = timeById(profile);
  const total = [...time.values()].reduce((s, t) => s + t, 0) || 1;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = time.get(node.id) ?? 0;
    if (t === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url, functionName);
    const fn = `${functionName || "(anonymous)"} — ${place}${url && !url.startsWith("node:") ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    byPlace.set(place, (byPlace.get(place) ?? 0) + t);
  }
  const rows = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, share: us / total, us }));
  return { byFunction: rows(byFunction), byPlace: rows(byPlace), samples: profile.samples?.length ?? 0, us: total };
}
