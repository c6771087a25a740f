// The `faultline spurious --json` output: a product contract that scripts parse, so its shape and
// key order are fixed here and only ever extended.
import type { AccuracySummary, SpuriousResult, SpuriousSetResult } from '../../../../src-shared/results/spurious.ts';

export interface CliMeta {
  seed: number;
  backend: string;
  seconds: number;
}

function accuracy(s: AccuracySummary): object {
  return {
    worstGroupAccuracy: s.worstGroupAccuracy,
    overallAccuracy: s.overallAccuracy,
    trainWeightedMeanAccuracy: s.trainWeightedMeanAccuracy,
    groups: s.groups.map((g) => ({ label: g.label, attributes: { ...g.attributes }, n: g.n, accuracy: g.accuracy, ci: [g.ci[0], g.ci[1]] })),
  };
}

function seedSummary(set: SpuriousSetResult): object {
  return {
    seeds: set.perSeed.map((s) => s.seed),
    dfrWorstGroupAccuracy: { ...set.seedSummary.dfrWorstGroupAccuracy },
    dfrOverallAccuracy: { ...set.seedSummary.dfrOverallAccuracy },
    baselineWorstGroupAccuracy: { ...set.seedSummary.baselineWorstGroupAccuracy },
    perSeed: set.perSeed.map((s) => ({
      seed: s.seed,
      C: s.C,
      dfrWorstGroupAccuracy: s.dfrWorstGroupAccuracy,
      dfrOverallAccuracy: s.dfrOverallAccuracy,
      baselineWorstGroupAccuracy: s.baselineWorstGroupAccuracy,
    })),
  };
}

function setBody(set: SpuriousSetResult): object {
  return {
    selected: { C: set.selected.C, nonZeroWeights: set.selected.nonZeroWeights },
    dfr: accuracy(set.dfr),
    baseline: { ...accuracy(set.baseline), source: set.baseline.source },
    spuriousDecodability: { balancedAccuracy: set.spuriousDecodability.balancedAccuracy },
  };
}

/** Stable JSON for the FIRST embedding set, plus every set under "sets" and the seed summary. */
export function toCliJson(result: SpuriousResult, meta: CliMeta): object {
  const first = result.sets[0];
  return {
    analysis: 'spurious',
    method: result.method,
    seed: meta.seed,
    backend: meta.backend,
    seconds: meta.seconds,
    ...setBody(first),
    sets: result.sets.map((s) => ({ embeddingSet: s.embeddingSet, ...setBody(s), seedSummary: seedSummary(s) })),
    seedSummary: seedSummary(first),
  };
}
