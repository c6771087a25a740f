// Linear-probe library: logistic regression (L1 liblinear / L2 lbfgs semantics), standardisation,
// balanced sampling and accuracy metrics with intervals. Pure TypeScript on typed arrays.
export type { Matrix, LogisticOptions, LogisticModel } from './types.ts';
export { fitLogistic, fitLogisticPath, decisionFunction, predictLogistic, averageModels, countNonZero } from './logistic.ts';
export { logisticObjective } from './objective.ts';
export type { Scaler } from './scaler.ts';
export { fitStandardScaler, applyScaler } from './scaler.ts';
export type { Rng } from './rng.ts';
export { createRng } from './rng.ts';
export { balancedSubsample } from './sampling.ts';
export { selectRows, selectLabels } from './matrix.ts';
export type { GroupAccuracy } from './metrics.ts';
export { wilsonInterval, groupAccuracies, worstGroupAccuracy, balancedAccuracy, bootstrapInterval } from './metrics.ts';
export type { FitJob, FitManyOptions } from './fit-many.ts';
export { fitLogisticMany, closeFitPool, warmFitPool } from './fit-many.ts';
