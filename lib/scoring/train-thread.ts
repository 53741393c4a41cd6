// The worker-thread side of training (./train-in-thread.ts): the GBDT pipeline is pure CPU work,
// so it runs here, away from the event loop that keeps the job's heartbeat and other jobs going.
// Pure modules only: no database, no environment.
import { parentPort, workerData } from "node:worker_threads";
import { parsePriorModel, predict, priorScorer, scorerFor } from "./scorer";
import { trainTenantGbdt } from "./tenant-model";
import type { TrainRequest } from "./train-in-thread";

const req = workerData as TrainRequest;
const { model } = req.baseline;
const scorer = model.algorithm === "prior" ? priorScorer(parsePriorModel(model.params)) : scorerFor(model);
if (!scorer) throw new Error(`The baseline ${req.baseline.version} cannot score here`);
const trained = trainTenantGbdt(req.outcomes, req.reviewerLabels, {
  baseline: { version: req.baseline.version, predict: (row) => predict(scorer, row) },
  startFrom: req.startFrom,
  seed: req.seed,
});
parentPort!.postMessage(trained);
