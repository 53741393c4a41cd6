/**
 * The serialized model: plain JSON, self-contained (feature names, category vocabularies, real
 * thresholds), so a stored model scores any Dataset with matching column names without the
 * training data or its bins. Node 0 of each tree is the root; children follow their parent.
 */
import { z } from "zod";

export interface GbdtParams {
  learningRate: number;
  /** Root is depth 0; a leaf-wise tree stops growing a branch at this depth. */
  maxDepth: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  /** Minimum hessian sum per leaf (XGBoost's min_child_weight). */
  minHessianLeaf: number;
  /** L2 penalty λ on leaf values: leaf = −lr · G / (H + λ). */
  l2: number;
  /** Value bins per numeric feature (≤ 255); the missing bin is extra. */
  maxBins: number;
  /** Kept categories per categorical feature; the rest share the "other" category. */
  maxCategories: number;
  /** Categories seen fewer times in training are folded into "other". */
  minCategoryCount: number;
  /** Per-round Bernoulli row sampling rate. */
  subsample: number;
  /** Per-tree fraction of features considered. */
  colsample: number;
  maxRounds: number;
  /** Stop after this many rounds without validation log-loss improvement. */
  earlyStoppingRounds: number;
  seed: number;
}

export interface NumericFeature {
  name: string;
  kind: "numeric";
}

export interface CategoricalFeature {
  name: string;
  kind: "categorical";
  /** Category index i is categories[i]; index categories.length is "other" (rare or unseen). */
  categories: string[];
}

export type ModelFeature = NumericFeature | CategoricalFeature;

interface SplitBase {
  feature: number;
  /** Where a missing value goes. */
  defaultLeft: boolean;
  left: number;
  right: number;
  /** Training-loss reduction of the split (for importance reports). */
  gain: number;
  /** Hessian sum of the training rows that reached the node; TreeSHAP weights paths by it. */
  cover: number;
}

export interface NumericSplitNode extends SplitBase {
  kind: "numeric";
  /** x <= threshold goes left. */
  threshold: number;
  thresholdBin: number;
}

export interface CategoricalSplitNode extends SplitBase {
  kind: "categorical";
  /** Category indices (see CategoricalFeature) that go left; all others go right. */
  categories: number[];
}

export interface LeafNode {
  kind: "leaf";
  /** Already scaled by the learning rate. */
  value: number;
  cover: number;
}

export type TreeNode = NumericSplitNode | CategoricalSplitNode | LeafNode;

export interface Tree {
  nodes: TreeNode[];
}

export interface TrainingLog {
  rounds: number;
  /** 0-based index of the last kept tree; the model holds bestIteration + 1 trees. */
  bestIteration: number;
  bestValidLoss: number | null;
  validLoss: number[];
}

export interface GbdtModel {
  format: "candor-gbdt";
  version: 1;
  features: ModelFeature[];
  /** Log-odds of the training positive rate; the first term of every prediction. */
  baseScore: number;
  trees: Tree[];
  params: GbdtParams;
  training: TrainingLog;
}

const finite = z.number().finite();
const index = z.number().int().nonnegative();
const splitBase = {
  feature: index,
  defaultLeft: z.boolean(),
  left: index,
  right: index,
  gain: finite,
  cover: finite,
};
const nodeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("numeric"), ...splitBase, threshold: finite, thresholdBin: index }).strict(),
  z.object({ kind: z.literal("categorical"), ...splitBase, categories: z.array(index) }).strict(),
  z.object({ kind: z.literal("leaf"), value: finite, cover: finite }).strict(),
]);
const paramsSchema = z
  .object({
    learningRate: finite,
    maxDepth: index,
    maxLeaves: index,
    minSamplesLeaf: index,
    minHessianLeaf: finite,
    l2: finite,
    maxBins: index,
    maxCategories: index,
    minCategoryCount: index,
    subsample: finite,
    colsample: finite,
    maxRounds: index,
    earlyStoppingRounds: index,
    seed: z.number().int(),
  })
  .strict();
const modelSchema = z
  .object({
    format: z.literal("candor-gbdt"),
    version: z.literal(1),
    features: z.array(
      z.discriminatedUnion("kind", [
        z.object({ name: z.string(), kind: z.literal("numeric") }).strict(),
        z.object({ name: z.string(), kind: z.literal("categorical"), categories: z.array(z.string()) }).strict(),
      ]),
    ),
    baseScore: finite,
    trees: z.array(z.object({ nodes: z.array(nodeSchema).min(1) }).strict()),
    params: paramsSchema,
    training: z
      .object({
        rounds: index,
        bestIteration: z.number().int(),
        bestValidLoss: finite.nullable(),
        validLoss: z.array(finite),
      })
      .strict(),
  })
  .strict();

export function modelToJson(model: GbdtModel): string {
  return JSON.stringify(model);
}

/** Parses and checks a stored model, including that every child index points forward in range. */
export function modelFromJson(json: string | unknown): GbdtModel {
  const model: GbdtModel = modelSchema.parse(typeof json === "string" ? JSON.parse(json) : json);
  for (const tree of model.trees) {
    tree.nodes.forEach((node, i) => {
      if (node.kind === "leaf") return;
      const feature = model.features[node.feature];
      if (feature === undefined || feature.kind !== node.kind) throw new RangeError(`tree node ${i}: bad feature`);
      for (const child of [node.left, node.right]) {
        if (child <= i || child >= tree.nodes.length) throw new RangeError(`tree node ${i}: bad child ${child}`);
      }
    });
  }
  return model;
}
