// A linear probe on an embedding set: fit logistic regression (L1 or L2) on one split, evaluate
// per group on another. The workhorse check "is this information linearly decodable?".
import { z } from 'zod';
import { InputError } from '../../../src-shared/errors.ts';
import {
  applyScaler, balancedSubsample, countNonZero, createRng, fitLogistic, fitStandardScaler, groupAccuracies, predictLogistic,
  selectLabels, selectRows, worstGroupAccuracy, type Matrix,
} from '../../engine/probes/index.ts';
import { loadEmbeddings, loadSamples } from './load-inputs.ts';
import { defineTask } from './types.ts';

const configSchema = z.strictObject({
  embeddingSet: z.string().min(1).max(200),
  /** 'label' or an attribute name. */
  target: z.string().min(1).max(200).default('label'),
  /** Attributes crossed with the target to form the groups accuracy is reported for. */
  groupBy: z.array(z.string().min(1).max(200)).max(8).default([]),
  penalty: z.enum(['l1', 'l2']).default('l2'),
  C: z.number().positive().finite().default(1),
  trainSplit: z.enum(['train', 'val', 'test']).default('train'),
  evalSplit: z.enum(['train', 'val', 'test']).default('test'),
  balanceGroups: z.boolean().default(false),
});

export const linearProbeTask = defineTask({
  id: 'linear-probe',
  title: 'Linear probe',
  description: 'Fits a logistic regression (L1 or L2) on an embedding set to predict the label or an attribute, and reports accuracy per group.',
  parseConfig: (raw) => configSchema.parse(raw ?? {}),
  defaults: { embeddingSet: '', target: 'label', groupBy: [], penalty: 'l2', C: 1, trainSplit: 'train', evalSplit: 'test', balanceGroups: false },
  async run(ctx) {
    const cfg = ctx.config;
    const samples = loadSamples(ctx.db, ctx.datasetId);
    const { matrices, hashes } = loadEmbeddings(ctx.db, ctx.paths, ctx.datasetId, [cfg.embeddingSet]);
    const emb = matrices[0]!;
    const valueOf = (s: (typeof samples)[number], key: string) => (key === 'label' ? s.label : s.attributes[key]);
    for (const key of [cfg.target, ...cfg.groupBy]) {
      if (key !== 'label' && samples.every((s) => s.attributes[key] === undefined)) {
        throw new InputError(`The dataset has no attribute "${key}"; it has: ${Object.keys(samples[0]?.attributes ?? {}).join(', ') || 'none'}.`);
      }
    }
    const classes = [...new Set(samples.map((s) => valueOf(s, cfg.target) ?? ''))].filter((v) => v !== '').sort();
    const groupKey = (s: (typeof samples)[number]) => [`${cfg.target}=${valueOf(s, cfg.target)}`, ...cfg.groupBy.map((g) => `${g}=${valueOf(s, g)}`)].join('|');
    const groupNames = [...new Set(samples.map(groupKey))].sort();
    const rowsOf = (split: string) => Int32Array.from(samples.flatMap((s, i) => (s.split === split && valueOf(s, cfg.target) ? [i] : [])));
    const all: Matrix = { data: emb.data, rows: emb.rows, cols: emb.cols };
    const y = Int32Array.from(samples, (s) => classes.indexOf(valueOf(s, cfg.target) ?? ''));
    const groups = Int32Array.from(samples, (s) => groupNames.indexOf(groupKey(s)));
    let trainRows = rowsOf(cfg.trainSplit);
    const evalRows = rowsOf(cfg.evalSplit);
    if (trainRows.length === 0 || evalRows.length === 0) throw new InputError(`The ${trainRows.length === 0 ? cfg.trainSplit : cfg.evalSplit} split has no samples with a ${cfg.target} value.`);
    if (cfg.balanceGroups) {
      const picked = balancedSubsample(selectLabels(groups, trainRows), createRng(ctx.seed));
      trainRows = Int32Array.from(picked, (i) => trainRows[i]!);
    }
    const trainY = selectLabels(y, trainRows);
    if (new Set(trainY).size < 2) throw new InputError(`The ${cfg.trainSplit} split has a single ${cfg.target} value; a probe needs two or more.`);
    ctx.progress({ stage: 'fitting', done: 0, total: 1 });
    const scaler = fitStandardScaler(selectRows(all, trainRows));
    const model = fitLogistic(applyScaler(scaler, selectRows(all, trainRows)), trainY, { penalty: cfg.penalty, C: cfg.C });
    const pred = predictLogistic(model, applyScaler(scaler, selectRows(all, evalRows)));
    const evalY = selectLabels(y, evalRows);
    const acc = groupAccuracies(pred, evalY, selectLabels(groups, evalRows));
    const overall = pred.reduce((a, p, i) => a + (p === evalY[i] ? 1 : 0), 0) / pred.length;
    ctx.progress({ stage: 'fitting', done: 1, total: 1 });
    const groupsOut = acc.map((g) => ({ key: groupNames[g.group]!, n: g.n, accuracy: g.accuracy, ci: g.ci }));
    return {
      result: { analysis: 'linear-probe', classes, overallAccuracy: overall, worstGroupAccuracy: worstGroupAccuracy(acc), nonZeroWeights: countNonZero(model), trainedOn: trainRows.length, groups: groupsOut },
      metrics: [
        { scopeKind: 'overall', scopeKey: 'all', metric: 'accuracy', value: overall, n: pred.length },
        { scopeKind: 'overall', scopeKey: 'all', metric: 'wga', value: worstGroupAccuracy(acc) },
        { scopeKind: 'overall', scopeKey: 'all', metric: 'nonzero_weights', value: countNonZero(model) },
        ...groupsOut.map((g) => ({ scopeKind: 'group', scopeKey: g.key, metric: 'accuracy', value: g.accuracy, lo: g.ci[0], hi: g.ci[1], n: g.n })),
      ],
      samples: Array.from(evalRows, (row, i) => ({ sampleId: samples[row]!.id, key: 'predicted', value: pred[i]! })),
      provenance: { inputs: { embeddingSets: hashes } },
    };
  },
});
