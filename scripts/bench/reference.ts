/**
 * Runs scripts/bench/reference.py (scikit-learn HistGradientBoosting and XGBoost) on the exact
 * rows Candor trained and tested on. Debian's python3-sklearn / python3-xgboost install for
 * /usr/bin/python3, which is why that interpreter is used rather than whatever is on PATH.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const PYTHON = "/usr/bin/python3";
const SCRIPT = path.join(import.meta.dirname, "reference.py");

export interface ReferenceLearner {
  name: string;
  note: string;
  trainSeconds: number;
  auc: number;
  logLoss: number;
  proba: number[];
}

export type ReferenceOutcome = { ok: true; learners: ReferenceLearner[] } | { ok: false; reason: string };

export function referenceAvailable(): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync(PYTHON, ["-c", "import sklearn, xgboost, numpy"], { encoding: "utf8" });
  if (probe.error !== undefined) return { ok: false, reason: `${PYTHON} not runnable (${probe.error.message})` };
  if (probe.status !== 0) return { ok: false, reason: `${PYTHON} lacks scikit-learn/xgboost/numpy` };
  return { ok: true };
}

export function runReference(csvPath: string, train: Int32Array, test: Int32Array): ReferenceOutcome {
  const available = referenceAvailable();
  if (!available.ok) return available;
  const dir = mkdtempSync(path.join(tmpdir(), "candor-bench-"));
  try {
    const splitFile = path.join(dir, "split.json");
    writeFileSync(splitFile, JSON.stringify({ train: Array.from(train), test: Array.from(test) }));
    const run = spawnSync(PYTHON, [SCRIPT, csvPath, splitFile], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) return { ok: false, reason: `reference.py failed: ${run.stderr.trim().slice(-500)}` };
    const parsed = JSON.parse(run.stdout) as { learners: ReferenceLearner[] };
    return { ok: true, learners: parsed.learners };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
