// Plausible in-memory data for the dev harness and component tests: a Waterbirds-like demo with
// regions, two embedding sets, a finished DFR run over three seeds, a failed run, and a CelebA-like
// second dataset. Numbers are made up but shaped like real DFR results.
import type { AnalysisInfo, ArraySetSummary, DatasetDetail, DatasetOverview, RunDetail, RunSummary, SampleRow, Split } from '../../src-shared/api.ts';
import type { GroupAccuracyResult, SpuriousResult, SpuriousSetResult } from '../../src-shared/results/spurious.ts';

export const DEMO_SPLITS: Record<Split, number> = { train: 4795, val: 1199, test: 5794 };
export const REGIONS = ['Africa', 'Americas', 'Asia', 'Europe'];

export function demoDataset(): DatasetDetail {
  return {
    id: 1,
    name: 'Waterbirds demo',
    root: '/home/me/.faultline/demo',
    metadataPath: '/home/me/.faultline/demo/metadata.csv',
    preset: 'waterbirds',
    createdAt: '2026-12-04T15:30:00Z',
    sampleCount: 11788,
    labels: ['0', '1'],
    attributes: ['place', 'region'],
    splits: DEMO_SPLITS,
    isDemo: true,
    mapping: { id: 'img_id', imagePath: 'img_filename', split: 'split', label: 'y', attributes: ['place', 'region'] },
    importReport: { file: '/home/me/.faultline/demo/metadata.csv', accepted: 11788, rejected: [], warnings: [] },
    hasMasks: false,
    regionAttribute: 'region',
  };
}

export function celebaDataset(): DatasetDetail {
  return {
    id: 2,
    name: 'CelebA',
    root: '/data/celeba/img_align_celeba',
    metadataPath: '/data/celeba/list_attr_celeba.txt',
    preset: 'celeba',
    createdAt: '2026-12-03T09:12:00Z',
    sampleCount: 202599,
    labels: ['0', '1'],
    attributes: ['Male'],
    splits: { train: 162770, val: 19867, test: 19962 },
    isDemo: false,
    mapping: { imagePath: 'image_id', split: 'partition', label: 'Blond_Hair', attributes: ['Male'] },
    importReport: {
      file: '/data/celeba/list_attr_celeba.txt',
      accepted: 202599,
      rejected: [
        { row: 1042, reason: 'image file not found: 001041.jpg' },
        { row: 88210, reason: "label 'Blond_Hair' is empty" },
      ],
      warnings: ['2 rows rejected; see the report.'],
    },
    hasMasks: false,
    regionAttribute: null,
  };
}

const GROUP_COUNTS: Record<Split, number[][]> = {
  // [label][place]
  train: [[3498, 184], [56, 1057]],
  val: [[467, 466], [133, 133]],
  test: [[2255, 2255], [642, 642]],
};

export function demoOverview(attribute?: string): DatasetOverview {
  const ds = demoDataset();
  const attr = attribute ?? 'place';
  const cells: DatasetOverview['groupTable']['cells'] = [];
  const splits: Split[] = ['train', 'val', 'test'];
  if (attr === 'place') {
    for (const s of splits) for (const y of [0, 1]) for (const p of [0, 1]) cells.push({ split: s, label: String(y), attributes: { place: String(p) }, count: GROUP_COUNTS[s][y][p] });
  } else {
    const share = [0.08, 0.34, 0.12, 0.46];
    for (const s of splits)
      for (const y of [0, 1])
        REGIONS.forEach((r, i) => {
          const total = GROUP_COUNTS[s][y][0] + GROUP_COUNTS[s][y][1];
          cells.push({ split: s, label: String(y), attributes: { region: r }, count: Math.round(total * (s === 'train' ? share[i] : 0.25)) });
        });
  }
  return {
    dataset: ds,
    groupTable: { datasetId: 1, attribute: attr, labels: ['0', '1'], attributeValues: attr === 'place' ? ['0', '1'] : REGIONS, cells },
    association: [
      { split: 'train', attribute: 'place', cramersV: 0.87, majorityShare: [{ label: '0', value: '0', share: 0.95, n: 3682 }, { label: '1', value: '1', share: 0.95, n: 1113 }] },
      { split: 'val', attribute: 'place', cramersV: 0.0, majorityShare: [{ label: '0', value: '0', share: 0.501, n: 933 }, { label: '1', value: '0', share: 0.5, n: 266 }] },
      { split: 'test', attribute: 'place', cramersV: 0.0, majorityShare: [{ label: '0', value: '0', share: 0.5, n: 4510 }, { label: '1', value: '0', share: 0.5, n: 1284 }] },
    ],
    regions: splits.flatMap((s) => REGIONS.map((r, i) => ({ region: r, split: s, count: Math.round(DEMO_SPLITS[s] * (s === 'train' ? [0.08, 0.34, 0.12, 0.46][i] : 0.25)) }))),
    warnings: ['Group train · y=1 · place=0 has 56 samples (1.2% of train): estimates for it are uncertain.', 'Label and place are strongly associated in train (Cramér’s V 0.87) but not in val/test: a shortcut is likely.'],
  };
}

export function demoSamples(datasetId: number, total: number): (i: number) => SampleRow {
  return (i): SampleRow => {
    const attributes: Record<string, string> = datasetId === 1 ? {} : { Male: i % 3 === 0 ? '1' : '0' };
    const split: Split = i < 4795 ? 'train' : i < 5994 ? 'val' : 'test';
    const label = i % 4 === 3 ? '1' : '0';
    const place = (i * 7) % 5 < 3 ? label : label === '1' ? '0' : '1';
    if (datasetId === 1) Object.assign(attributes, { place, region: REGIONS[i % 4] });
    return {
      id: datasetId * 1_000_000 + i + 1,
      externalId: String(i + 1).padStart(6, '0'),
      split: datasetId === 1 ? split : i < total * 0.8 ? 'train' : i < total * 0.9 ? 'val' : 'test',
      label,
      attributes,
      mediaPath: `images/${String(i + 1).padStart(6, '0')}.png`,
      maskPath: null,
    };
  };
}

function g(key: string, n: number, accuracy: number, small = false): GroupAccuracyResult {
  const [yPart, placePart] = key.split('|');
  const se = Math.sqrt((accuracy * (1 - accuracy)) / n);
  return {
    key,
    label: yPart.split('=')[1],
    attributes: { place: placePart.split('=')[1] },
    n,
    correct: Math.round(n * accuracy),
    accuracy,
    ci: [Math.max(0, accuracy - 1.96 * se - 0.004), Math.min(1, accuracy + 1.96 * se + 0.004)],
    small,
  };
}

function set(name: string, dim: number, base: number[], dfr: number[], wgaCi: [number, number], inDist: number, decod: number): SpuriousSetResult {
  const keys = ['y=0|place=0', 'y=0|place=1', 'y=1|place=0', 'y=1|place=1'];
  const ns = [2255, 2255, 642, 642];
  const bg = keys.map((k, i) => g(k, ns[i], base[i]));
  const dg = keys.map((k, i) => g(k, ns[i], dfr[i]));
  const worst = (gs: GroupAccuracyResult[]) => gs.reduce((a, b) => (b.accuracy < a.accuracy ? b : a));
  const grid = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const peak = Math.min(...dfr);
  return {
    embeddingSet: name,
    rows: 11788,
    dim,
    selected: { C: 0.3, nonZeroWeights: Math.round(dim * 0.21), totalWeights: dim * 2 },
    tuning: grid.map((C) => ({ C, worstGroupAccuracy: Math.max(0.05, peak + 0.012 - 0.09 * Math.abs(Math.log10(C / 0.3)) ** 1.4) })),
    dfr: { worstGroupAccuracy: worst(dg).accuracy, worstGroupCi: wgaCi, worstGroupKey: worst(dg).key, overallAccuracy: 0.912, trainWeightedMeanAccuracy: 0.934, groups: dg },
    baseline: { worstGroupAccuracy: worst(bg).accuracy, worstGroupCi: [worst(bg).accuracy - 0.01, worst(bg).accuracy + 0.012], worstGroupKey: worst(bg).key, overallAccuracy: 0.861, trainWeightedMeanAccuracy: 0.97, groups: bg, source: 'predictions' },
    spuriousDecodability: { attribute: 'place', balancedAccuracy: decod },
    inDistributionAccuracy: inDist,
    perSeed: [0, 1, 2].map((seed) => ({ seed, dfrWorstGroupAccuracy: peak + [0, -0.011, 0.007][seed], baselineWorstGroupAccuracy: worst(bg).accuracy, dfrOverallAccuracy: 0.912 + [0, 0.003, -0.002][seed], C: [0.3, 0.3, 1][seed] })),
    seedSummary: {
      dfrWorstGroupAccuracy: { mean: peak - 0.0013, std: 0.0091 },
      dfrOverallAccuracy: { mean: 0.9123, std: 0.0025 },
      baselineWorstGroupAccuracy: { mean: worst(bg).accuracy, std: 0 },
    },
    examples: { fixedByDfr: [1006001, 1006005, 1006009, 1006013, 1006017, 1006021, 1006025, 1006029, 1006033, 1006037], brokenByDfr: [1006041, 1006045] },
  };
}

export function spuriousResult(): SpuriousResult {
  return {
    analysis: 'spurious',
    method: 'dfr-val',
    label: 'y',
    attributes: ['place'],
    seeds: [0, 1, 2],
    trainGroups: [
      { key: 'y=0|place=0', label: '0', attributes: { place: '0' }, n: 3498 },
      { key: 'y=0|place=1', label: '0', attributes: { place: '1' }, n: 184 },
      { key: 'y=1|place=0', label: '1', attributes: { place: '0' }, n: 56 },
      { key: 'y=1|place=1', label: '1', attributes: { place: '1' }, n: 1057 },
    ],
    association: { attribute: 'place', cramersV: 0.87, majorityShare: 0.95 },
    sets: [
      set('resnet50-erm', 2048, [0.993, 0.752, 0.031, 0.962], [0.951, 0.902, 0.812, 0.897], [0.784, 0.839], 0.973, 0.981),
      set('clip-vitb32', 512, [0.991, 0.811, 0.142, 0.955], [0.941, 0.889, 0.846, 0.872], [0.819, 0.871], 0.962, 0.934),
    ],
  };
}

/** A variant with one embedding set, one seed and a small group, to see the hatching. */
export function smallGroupResult(): SpuriousResult {
  const r = spuriousResult();
  const s = structuredClone(r.sets[0]);
  s.dfr.groups[2] = { ...s.dfr.groups[2], n: 18, correct: 14, accuracy: 0.778, ci: [0.548, 0.91], small: true };
  s.baseline.groups[2] = { ...s.baseline.groups[2], n: 18, correct: 1, accuracy: 0.056, ci: [0.01, 0.26], small: true };
  s.perSeed = s.perSeed.slice(0, 1);
  return { ...r, seeds: [0], sets: [s] };
}

export function runSummaries(): RunSummary[] {
  return [
    { id: 3, analysis: 'spurious', datasetId: 1, datasetName: 'Waterbirds demo', status: 'failed', stage: 'loading embeddings', createdAt: '2026-12-04T15:50:00Z', startedAt: '2026-12-04T15:50:01Z', finishedAt: '2026-12-04T15:50:03Z', durationSeconds: 2.1, backend: 'wasm', seed: 0, error: "Embedding set 'vit-l14' has 11,700 rows but the dataset has 11,788 samples. Re-export the embeddings for every sample, or give an id key." },
    { id: 2, analysis: 'spurious', datasetId: 1, datasetName: 'Waterbirds demo', status: 'succeeded', stage: null, createdAt: '2026-12-04T15:40:00Z', startedAt: '2026-12-04T15:40:01Z', finishedAt: '2026-12-04T15:41:16Z', durationSeconds: 75.2, backend: 'wasm', seed: 0, error: null },
    { id: 1, analysis: 'spurious', datasetId: 1, datasetName: 'Waterbirds demo', status: 'succeeded', stage: null, createdAt: '2026-12-04T15:31:00Z', startedAt: '2026-12-04T15:31:01Z', finishedAt: '2026-12-04T15:31:40Z', durationSeconds: 39, backend: 'wasm', seed: 0, error: null },
  ];
}

export function runDetail(summary: RunSummary): RunDetail {
  const result = summary.id === 1 ? smallGroupResult() : summary.status === 'succeeded' ? spuriousResult() : null;
  return {
    ...summary,
    config: { label: 'label', method: 'dfr-val', Cs: [1, 0.7, 0.3, 0.1, 0.07, 0.03, 0.01], seeds: 3, minGroupSize: 20, bootstrapReps: 1000, embeddingSets: ['resnet50-erm', 'clip-vitb32'], predictionSet: 'erm-preds' },
    provenance: { app: '0.1.0', node: '20.20.0', backend: 'wasm (CPU, 2 cores, SIMD)', inputs: { dataset: 'sha256:5b0d…', 'resnet50-erm': 'sha256:a91c…', 'clip-vitb32': 'sha256:03fe…' } },
    metrics: [
      { scopeKind: 'overall', scopeKey: 'all', metric: 'accuracy', value: 0.912, lo: 0.905, hi: 0.919, n: 5794 },
      { scopeKind: 'group', scopeKey: 'y=1|place=0', metric: 'accuracy', value: 0.812, lo: 0.784, hi: 0.839, n: 642 },
      { scopeKind: 'tuning', scopeKey: 'C=0.3', metric: 'worst_group_accuracy', value: 0.82, lo: null, hi: null, n: null },
    ],
    result,
  };
}

export function arraySets(): ArraySetSummary[] {
  return [
    { id: 1, datasetId: 1, name: 'resnet50-erm', kind: 'embedding', rows: 11788, cols: 2048, dtype: 'float32', sourcePath: '/home/me/.faultline/demo/embeddings/resnet50-erm.npy', sha256: 'a91c7e0b2d9f4411', createdAt: '2026-12-04T15:30:10Z' },
    { id: 2, datasetId: 1, name: 'clip-vitb32', kind: 'embedding', rows: 11788, cols: 512, dtype: 'float16', sourcePath: '/home/me/.faultline/demo/embeddings/clip-vitb32.safetensors', sha256: '03fe55d1a0b7c2e9', createdAt: '2026-12-04T15:30:12Z' },
    { id: 3, datasetId: 1, name: 'erm-preds', kind: 'prediction', rows: 11788, cols: 2, dtype: 'float32', sourcePath: '/home/me/.faultline/demo/predictions/erm.csv', sha256: 'c3d2aa90f1e04b77', createdAt: '2026-12-04T15:30:14Z' },
  ];
}

export function analyses(): AnalysisInfo[] {
  return [
    {
      id: 'spurious',
      title: 'Spurious-feature probes (DFR)',
      description: 'Does the model lean on a shortcut? Retrains the last layer on group-balanced data (DFR) and compares worst-group accuracy with the baseline.',
      // Shaped like the real task's defaults (src-main/jobs/tasks/spurious.ts).
      defaults: { label: 'label', method: 'dfr-val', Cs: [1, 0.7, 0.3, 0.1, 0.07, 0.03, 0.01], seeds: 1, minGroupSize: 20, bootstrapReps: 1000, embeddingSets: [], erm: { epochs: 6, width: 16, batchSize: 64, optimizer: 'adam', lr: 0.002, inputSize: 64 } },
    },
    {
      id: 'verify-images',
      title: 'Verify images',
      description: 'Decodes every image and mask of the dataset and lists the files that are missing or corrupt.',
      defaults: { concurrency: 4, checkMasks: true },
    },
  ];
}
