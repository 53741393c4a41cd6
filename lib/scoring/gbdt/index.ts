/**
 * Candor's gradient-boosted-trees engine: pure TypeScript, no I/O.
 *
 * Data
 *   datasetFromRows(rows, schema): Dataset        CRM records → column-oriented typed arrays
 *   columnFromValues(spec, values), datasetFromColumns(columns), takeRows(data, rows), takeLabels(y, rows), featureSpecs(data)
 *   timeSplit(timestamps, { validFraction, testFraction }), timeSplitAt(timestamps, { validFrom, testFrom })
 *   stratifiedSplit(y, testFraction, seed)
 * Training
 *   trainGbdt(train, y, valid | null, params?, { weights?, initRaw? }): GbdtModel   binary log-loss; model.training
 *                                                           holds rounds, bestIteration, validLoss curve
 *   DEFAULT_PARAMS, resolveParams(params)
 * Model
 *   modelToJson(model): string, modelFromJson(json): GbdtModel   (validated)
 *   predictRaw(model, data): Float64Array (log-odds), predictProba(model, data), sigmoid(z)
 *   treeShap(model, data, row): { base, contributions }   base + Σ contributions = predictRaw
 *   treeShapBatch(model, data): { base, contributions (row-major nRows × nFeatures) }
 * Calibration and metrics
 *   fitIsotonic(raw, y), fitPlatt(raw, y): Calibrator; calibrate(c, raw), calibrateAll(c, raw)
 *   auc(scores, y), logLoss(prob, y), ece(prob, y, nBins = 10), liftAt(scores, y, fraction = 0.1)
 *
 * Columns are matched to a model by name; contributions follow model.features order. Categorical
 * labels unseen in training score as the model's "other" category; missing values follow each
 * split's learned default direction.
 */
export {
  type CategoricalColumn,
  type Column,
  type Dataset,
  type FeatureKind,
  type FeatureSpec,
  type NumericColumn,
  type RawValue,
  columnFromValues,
  datasetFromColumns,
  datasetFromRows,
  featureSpecs,
  takeLabels,
  takeRows,
} from "./dataset";
export { type TimeSplit, stratifiedSplit, timeSplit, timeSplitAt } from "./data-split";
export {
  type GbdtModel,
  type GbdtParams,
  type ModelFeature,
  type Tree,
  type TreeNode,
  type TrainingLog,
  modelFromJson,
  modelToJson,
} from "./model";
export { DEFAULT_PARAMS, type TrainOptions, resolveParams, trainGbdt } from "./train";
export { predictProba, predictRaw, sigmoid } from "./predict";
export { type ShapValues, treeShap, treeShapBatch } from "./tree-shap";
export { type Calibrator, calibrate, calibrateAll, fitIsotonic, fitPlatt } from "./calibration";
export { auc, ece, liftAt, logLoss } from "./metrics";
