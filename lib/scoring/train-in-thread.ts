import "server-only";
import { Worker } from "node:worker_threads";
import type { PriorModel } from "./prior";
import type { Example, TrainedTenantModel } from "./tenant-model";

// Runs the GBDT pipeline on a worker thread (./train-thread.ts). What crosses is plain data: the
// examples, and the baseline as its stored parameters (a scorer is rebuilt on the other side).

export interface TrainRequest {
  outcomes: Example[];
  reviewerLabels: Example[];
  baseline: { version: string; model: { id: string; algorithm: string; params: unknown } };
  startFrom: PriorModel;
  seed?: number;
}

// The thread loads the TypeScript source: through the loader this process runs under (the worker
// runs on tsx), or through tsx's when it runs under something else (vitest).
function execArgv(): string[] {
  return process.execArgv.some((a) => a.includes("tsx")) ? process.execArgv : [...process.execArgv, "--import", "tsx"];
}

export function trainInThread(req: TrainRequest): Promise<TrainedTenantModel> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./train-thread.ts", import.meta.url), { workerData: req, execArgv: execArgv() });
    let result: TrainedTenantModel | undefined;
    worker.once("message", (m: TrainedTenantModel) => (result = m));
    worker.once("error", reject);
    worker.once("exit", (code) => (result ? resolve(result) : reject(new Error(`training thread exited with code ${code} and no model`))));
  });
}
