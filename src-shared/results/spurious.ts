// Result of the spurious-feature analysis (DFR), as stored in runs.result_json and drawn by the
// run view. Accuracies are fractions in [0, 1]; intervals are 95%.

export interface GroupAccuracyResult {
  /** Stable key, e.g. "y=1|place=0". */
  key: string;
  label: string;
  attributes: Record<string, string>;
  n: number;
  correct: number;
  accuracy: number;
  ci: [number, number];
  /** n below the minimum group size (flagged, never dropped). */
  small: boolean;
}

export interface AccuracySummary {
  worstGroupAccuracy: number;
  /** Percentile bootstrap interval of the worst-group accuracy. */
  worstGroupCi: [number, number];
  worstGroupKey: string;
  overallAccuracy: number;
  trainWeightedMeanAccuracy: number;
  groups: GroupAccuracyResult[];
}

export interface MeanStd {
  mean: number;
  std: number;
}

export interface SpuriousSetResult {
  embeddingSet: string;
  rows: number;
  dim: number;
  selected: { C: number; nonZeroWeights: number; totalWeights: number };
  /** WGA on the tuning-evaluation set for each C of the grid. */
  tuning: { C: number; worstGroupAccuracy: number }[];
  dfr: AccuracySummary;
  baseline: AccuracySummary & { source: 'predictions' | 'train-probe' };
  spuriousDecodability: { attribute: string; balancedAccuracy: number };
  /** Decodability of every spurious attribute (the first is `spuriousDecodability`), with the tuned C. */
  decodability?: { attribute: string; balancedAccuracy: number; C: number }[];
  /** Accuracy of the baseline on held-out samples from the training distribution (val split when it exists). */
  inDistributionAccuracy: number;
  /** Over seeds (length 1 when one seed). */
  perSeed: { seed: number; dfrWorstGroupAccuracy: number; baselineWorstGroupAccuracy: number; dfrOverallAccuracy: number; C: number }[];
  seedSummary: { dfrWorstGroupAccuracy: MeanStd; dfrOverallAccuracy: MeanStd; baselineWorstGroupAccuracy: MeanStd };
  /** Test-split sample ids (store ids) in the worst groups: baseline wrong + DFR right, and the reverse. */
  examples: { fixedByDfr: number[]; brokenByDfr: number[] };
}

export interface SpuriousResult {
  analysis: 'spurious';
  method: 'dfr-val' | 'dfr-train';
  label: string;
  attributes: string[];
  seeds: number[];
  /** Train-split group counts and the label-attribute association (how strong the shortcut is). */
  trainGroups: { key: string; label: string; attributes: Record<string, string>; n: number }[];
  association: { attribute: string; cramersV: number; majorityShare: number };
  sets: SpuriousSetResult[];
  /** The tuned C grid and the number of balanced refits averaged. */
  Cs?: number[];
  retrains?: number;
  /** Name of the imported prediction set used as baseline, or null for the train-split probe. */
  predictionSet?: string | null;
  /** Samples left out because their label or an attribute value is empty. */
  excludedSamples?: number;
}
