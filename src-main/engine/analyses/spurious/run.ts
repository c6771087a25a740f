// The spurious-feature analysis end to end: for every embedding set, the baseline, DFR for each
// seed, the shortcut's decodability, and the figures the run view, metrics table and CLI show.
import { balancedAccuracy, countNonZero, createRng, fitStandardScaler, groupAccuracies, warmFitPool, worstGroupAccuracy } from '../../probes/index.ts';
import { InputError } from '../../../../src-shared/errors.ts';
import type { MeanStd, SpuriousResult, SpuriousSetResult } from '../../../../src-shared/results/spurious.ts';
import type { AnalysisContext, AnalysisOutput, LoadedMatrix, SampleOutput } from '../types.ts';
import { trainAssociation } from './association.ts';
import { fitTrainProbe, importedBaseline, trainProbeBaseline } from './baseline.ts';
import type { Baseline } from './baseline.ts';
import { resolveRetrains } from './config.ts';
import type { SpuriousConfig } from './config.ts';
import { gather, predictRows, rowsOf, runDfr } from './dfr.ts';
import type { DfrFit } from './dfr.ts';
import { pickExamples } from './examples.ts';
import { metricRows } from './metrics.ts';
import { checkEmbeddings, prepare, trainGroupCounts, trainGroupShare } from './prepare.ts';
import type { PreparedData, SpuriousInputs } from './prepare.ts';
import { StageProgress } from './progress.ts';
import { summarize, trainWeightedMean } from './summary.ts';

interface RunPlan {
  samples: SpuriousInputs['samples'];
  p: PreparedData;
  config: SpuriousConfig;
  retrains: number;
  seeds: number[];
  share: Float64Array;
  progress: StageProgress;
  imported: Baseline | null;
  signal: AbortSignal;
}

interface SetOutcome {
  set: SpuriousSetResult;
  /** Per-sample outputs for run_samples. */
  samples: SampleOutput[];
}

/** Mean and population standard deviation (ddof 0, numpy's default) over seeds. */
export function meanStd(values: number[]): MeanStd {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** A separate, fixed stream per attribute so decodability does not depend on the label fits. */
function decodabilitySeed(seed: number, attributeK: number): number {
  return seed + 1_000_003 * (attributeK + 1);
}

async function dfrFor(plan: RunPlan, E: LoadedMatrix, target: Int32Array, seed: number, stage: 'label' | 'decodability'): Promise<DfrFit> {
  return runDfr({
    embeddings: E,
    target,
    p: plan.p,
    method: plan.config.method,
    Cs: plan.config.Cs,
    retrains: plan.retrains,
    rng: createRng(seed),
    checkpoint: () => plan.progress.checkpoint(),
    signal: plan.signal,
    onFit: (s) => plan.progress.step(stage === 'label' ? s : 'decodability', E.name),
  });
}

async function baselineFor(plan: RunPlan, E: LoadedMatrix): Promise<Baseline> {
  await plan.progress.checkpoint();
  let baseline = plan.imported;
  if (!baseline) {
    const scaler = fitStandardScaler(rowsOf(E, plan.p.rows.train));
    baseline = trainProbeBaseline(fitTrainProbe(E, plan.p, scaler), scaler, E);
  }
  plan.progress.step('baseline', E.name);
  return baseline;
}

async function analyseSet(plan: RunPlan, E: LoadedMatrix, withSamples: boolean): Promise<SetOutcome> {
  const { p, config, share } = plan;
  const test = p.rows.test;
  const testTarget = gather(p.y, test);
  const testGroups = gather(p.group, test);
  const opts = { minGroupSize: config.minGroupSize, bootstrapReps: config.bootstrapReps, seed: plan.seeds[0] };

  const baseline = await baselineFor(plan, E);
  const baseTest = baseline.predict(test);
  if (baseTest.rows.length === 0) {
    throw new InputError('The imported predictions cover no test sample; import predictions for the test split or run without them.');
  }
  const baselineSummary = summarize(
    { pred: baseTest.pred, target: gather(p.y, baseTest.rows), groups: gather(p.group, baseTest.rows) },
    p,
    share,
    opts,
  );
  // In-distribution accuracy: the baseline's accuracy on held-out val samples re-weighted to the
  // train split's group mix (sum_g p_train(g) acc_val(g)). Val is group-balanced in most
  // benchmarks, so its plain accuracy would over-weight the minority groups the train
  // distribution rarely shows; re-weighting gives the figure Izmailov et al. plot against WGA.
  const baseVal = baseline.predict(p.rows.val);
  const inDistributionAccuracy =
    baseVal.rows.length > 0 ? trainWeightedMean(groupAccuracies(baseVal.pred, gather(p.y, baseVal.rows), gather(p.group, baseVal.rows)), share) : NaN;

  const perSeed: SpuriousSetResult['perSeed'] = [];
  let first: { fit: DfrFit; pred: Int32Array } | null = null;
  for (const seed of plan.seeds) {
    const fit = await dfrFor(plan, E, p.y, seed, 'label');
    const pred = predictRows(fit.model, fit.scaler, E, test);
    first ??= { fit, pred };
    let correct = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === testTarget[i]) correct++;
    perSeed.push({
      seed,
      dfrWorstGroupAccuracy: worstGroupAccuracy(groupAccuracies(pred, testTarget, testGroups)),
      baselineWorstGroupAccuracy: baselineSummary.worstGroupAccuracy,
      dfrOverallAccuracy: correct / pred.length,
      C: fit.C,
    });
  }
  if (!first) throw new Error('No seed ran');
  const dfrSummary = summarize({ pred: first.pred, target: testTarget, groups: testGroups }, p, share, opts);

  const decodability: NonNullable<SpuriousSetResult['decodability']> = [];
  for (let k = 0; k < p.attributes.length; k++) {
    const fit = await dfrFor(plan, E, p.attributeIndex[k], decodabilitySeed(plan.seeds[0], k), 'decodability');
    const pred = predictRows(fit.model, fit.scaler, E, test);
    decodability.push({ attribute: p.attributes[k], balancedAccuracy: balancedAccuracy(pred, gather(p.attributeIndex[k], test)), C: fit.C });
  }

  const model = first.fit.model;
  const set: SpuriousSetResult = {
    embeddingSet: E.name,
    rows: E.rows,
    dim: E.cols,
    selected: { C: first.fit.C, nonZeroWeights: countNonZero(model), totalWeights: model.coef.length },
    tuning: first.fit.tuning,
    dfr: dfrSummary,
    baseline: { ...baselineSummary, source: baseline.source },
    spuriousDecodability: { attribute: decodability[0].attribute, balancedAccuracy: decodability[0].balancedAccuracy },
    decodability,
    inDistributionAccuracy,
    perSeed,
    seedSummary: {
      dfrWorstGroupAccuracy: meanStd(perSeed.map((s) => s.dfrWorstGroupAccuracy)),
      dfrOverallAccuracy: meanStd(perSeed.map((s) => s.dfrOverallAccuracy)),
      baselineWorstGroupAccuracy: meanStd(perSeed.map((s) => s.baselineWorstGroupAccuracy)),
    },
    examples: pickExamples(plan.samples, p, { rows: test, pred: first.pred }, baseTest, dfrSummary, baselineSummary),
  };

  const samples: SampleOutput[] = [];
  if (withSamples) {
    test.forEach((row, k) => samples.push({ sampleIndex: row, key: 'dfr_pred', value: first.pred[k] }));
    baseTest.rows.forEach((row, k) => samples.push({ sampleIndex: row, key: 'baseline_pred', value: baseTest.pred[k] }));
  }
  return { set, samples };
}

export async function runSpurious(inputs: SpuriousInputs, config: SpuriousConfig, ctx: AnalysisContext): Promise<AnalysisOutput<SpuriousResult>> {
  checkEmbeddings(inputs);
  const p = prepare(inputs, config);
  const retrains = resolveRetrains(config);
  // Refit workers start now, while the baseline and the tuning fits run in this thread.
  if (retrains > 2) warmFitPool();
  const seeds = Array.from({ length: config.seeds }, (_, k) => ctx.seed + k);
  const nSets = inputs.embeddings.length;
  const progress = new StageProgress(ctx, {
    tuning: nSets * seeds.length * config.Cs.length,
    retraining: nSets * seeds.length * retrains,
    decodability: nSets * p.attributes.length * (config.Cs.length + retrains),
    baseline: nSets,
  });
  const imported = inputs.predictions ? importedBaseline(inputs.predictions, p) : null;
  const plan: RunPlan = { samples: inputs.samples, p, config, retrains, seeds, share: trainGroupShare(p), progress, imported, signal: ctx.signal };

  const sets: SpuriousSetResult[] = [];
  const samples: SampleOutput[] = [];
  for (let k = 0; k < nSets; k++) {
    const outcome = await analyseSet(plan, inputs.embeddings[k], k === 0);
    sets.push(outcome.set);
    samples.push(...outcome.samples);
  }

  const trainCounts = trainGroupCounts(p);
  const result: SpuriousResult = {
    analysis: 'spurious',
    method: config.method,
    label: p.labelName,
    attributes: p.attributes,
    seeds,
    trainGroups: p.groups.map((g) => ({ key: g.key, label: g.label, attributes: { ...g.attributes }, n: trainCounts[g.id] })),
    association: trainAssociation(p, 0),
    sets,
    Cs: [...config.Cs],
    retrains,
    predictionSet: inputs.predictions?.name ?? null,
    excludedSamples: p.excluded,
  };
  return { result, metrics: metricRows(result), samples };
}
