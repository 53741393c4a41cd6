import "server-only";
import { rescoreAll } from "./rescore";
import { trainModel, type TrainingResult } from "./training";

// Train-then-score in one call, for the demo seed and scripts: trains the tenant's model (or keeps
// the cold-start prior, see ./training.ts) and scores every open record with whatever is active,
// synchronously. The app does the same through jobs (train_model, then full_rescore).


export interface TrainingRun extends TrainingResult {
  scored: number;
  total: number;
}

export async function trainAndScoreTenant(
  tenantId: string,
  opts: { asOf: Date; trainedBy: string; objectType?: string; seed?: number },
): Promise<TrainingRun> {
  const objectType = opts.objectType ?? "Lead";
  const training = await trainModel(tenantId, {
    objectType, trainedBy: opts.trainedBy, promote: "if_better", seed: opts.seed, enqueueRescore: false,
  });
  const run = await rescoreAll(tenantId, objectType, {
    trigger: "seed", because: `${training.active?.version ?? "no model"} active after training`, asOf: opts.asOf,
  });
  return { ...training, scored: run.scored, total: run.total };
}
