// The analysis's outputs: result shape, metric rows, per-sample outputs, multiclass, several
// attributes and embedding sets, imported predictions, progress, cancellation, determinism.
import { describe, expect, it } from 'vitest';
import { spuriousAnalysis, toCliJson } from '../../../src-main/engine/analyses/spurious/index.ts';
import type { SpuriousInputs } from '../../../src-main/engine/analyses/spurious/index.ts';
import { CancelledError } from '../../../src-shared/errors.ts';
import { testContext } from './context.ts';
import { makeSynthetic, waterbirdsLike } from './synthetic.ts';

const quick = (c: Record<string, unknown> = {}) =>
  spuriousAnalysis.configSchema.parse({ retrains: 4, Cs: [1, 0.3, 0.1], bootstrapReps: 100, ...c });

function wb(seed = 3): SpuriousInputs {
  const d = waterbirdsLike(seed, 12);
  return { samples: d.samples, embeddings: [d.embeddings] };
}

describe('spurious analysis outputs', () => {
  it('reports groups, intervals, the tuning curve, metrics and per-sample predictions', async () => {
    const inputs = wb();
    const ctx = testContext(5);
    const { result, metrics, samples } = await spuriousAnalysis.run(inputs, quick(), ctx);
    expect(result.method).toBe('dfr-val');
    expect(result.attributes).toEqual(['place']);
    expect(result.seeds).toEqual([5]);
    expect(result.trainGroups.map((g) => [g.key, g.n])).toEqual([
      ['y=c0|place=0', 380],
      ['y=c0|place=1', 20],
      ['y=c1|place=0', 20],
      ['y=c1|place=1', 380],
    ]);
    const set = result.sets[0];
    expect(set.dfr.groups).toHaveLength(4);
    for (const g of [...set.dfr.groups, ...set.baseline.groups]) {
      expect(g.ci[0]).toBeLessThanOrEqual(g.accuracy);
      expect(g.ci[1]).toBeGreaterThanOrEqual(g.accuracy);
      expect(g.small).toBe(false);
    }
    expect(set.dfr.worstGroupCi[0]).toBeLessThanOrEqual(set.dfr.worstGroupAccuracy);
    expect(set.dfr.worstGroupCi[1]).toBeGreaterThanOrEqual(set.dfr.worstGroupAccuracy);
    expect(set.dfr.groups.find((g) => g.key === set.dfr.worstGroupKey)?.accuracy).toBe(set.dfr.worstGroupAccuracy);
    expect(set.tuning.map((t) => t.C)).toEqual([1, 0.3, 0.1]);
    expect(set.dfr.worstGroupAccuracy).toBeGreaterThan(set.baseline.worstGroupAccuracy);
    expect(set.examples.fixedByDfr.length).toBeGreaterThan(0);
    expect(set.examples.fixedByDfr.length).toBeLessThanOrEqual(24);
    const testIds = new Set(inputs.samples.filter((s) => s.split === 'test').map((s) => s.id));
    for (const id of [...set.examples.fixedByDfr, ...set.examples.brokenByDfr]) expect(testIds.has(id)).toBe(true);

    const overall = (m: string) => metrics.find((r) => r.scopeKind === 'overall' && r.metric === m);
    expect(overall('dfr_wga')?.value).toBe(set.dfr.worstGroupAccuracy);
    expect(overall('dfr_wga')?.lo).toBe(set.dfr.worstGroupCi[0]);
    for (const m of ['baseline_wga', 'dfr_overall', 'baseline_overall', 'dfr_mean', 'spurious_balanced_accuracy', 'selected_C', 'nonzero_weights']) {
      expect(overall(m), m).toBeDefined();
    }
    expect(metrics.filter((r) => r.scopeKind === 'group' && r.metric === 'dfr_accuracy').map((r) => r.scopeKey)).toContain('emb:y=c1|place=0');
    expect(metrics.filter((r) => r.scopeKind === 'tuning').map((r) => r.scopeKey)).toEqual(['emb:C=1', 'emb:C=0.3', 'emb:C=0.1']);

    const nTest = testIds.size;
    expect(samples?.filter((s) => s.key === 'dfr_pred')).toHaveLength(nTest);
    expect(samples?.filter((s) => s.key === 'baseline_pred')).toHaveLength(nTest);
    for (const s of samples ?? []) expect(inputs.samples[s.sampleIndex].split).toBe('test');

    const stages = new Set(ctx.updates.map((u) => u.stage));
    expect(stages).toEqual(new Set(['tuning', 'retraining', 'decodability', 'baseline']));
    for (const u of ctx.updates) expect(u.done).toBeLessThanOrEqual(u.total);
    const last = (stage: string) => ctx.updates.filter((u) => u.stage === stage).at(-1);
    expect(last('retraining')).toMatchObject({ done: 4, total: 4 });
    expect(last('decodability')).toMatchObject({ done: 7, total: 7 });
  });

  it('is deterministic for a seed, and several seeds give perSeed with mean and std', async () => {
    const a = await spuriousAnalysis.run(wb(), quick({ seeds: 3 }), testContext(11));
    const b = await spuriousAnalysis.run(wb(), quick({ seeds: 3 }), testContext(11));
    expect(a.result).toEqual(b.result);
    const set = a.result.sets[0];
    expect(set.perSeed.map((s) => s.seed)).toEqual([11, 12, 13]);
    const wgas = set.perSeed.map((s) => s.dfrWorstGroupAccuracy);
    expect(set.seedSummary.dfrWorstGroupAccuracy.mean).toBeCloseTo(wgas.reduce((x, y) => x + y) / 3, 12);
    expect(a.metrics.some((m) => m.metric === 'dfr_wga_seed_std')).toBe(true);
  });

  it('handles three classes (one-vs-rest) and intersections of two attributes', async () => {
    const d = makeSynthetic({
      train: [
        [150, 10],
        [10, 150],
        [80, 80],
      ],
      val: [
        [50, 50],
        [50, 50],
        [50, 50],
      ],
      test: [
        [40, 40],
        [40, 40],
        [40, 40],
      ],
      dim: 10,
      extraAttributeValues: 2,
    });
    const { result } = await spuriousAnalysis.run({ samples: d.samples, embeddings: [d.embeddings] }, quick({ attributes: ['place', 'season'] }), testContext(1));
    const set = result.sets[0];
    expect(set.dfr.groups).toHaveLength(12);
    expect(set.dfr.groups[0].key).toBe('y=c0|place=0|season=s0');
    expect(set.dfr.groups[0].attributes).toEqual({ place: '0', season: 's0' });
    expect(set.selected.totalWeights).toBe(30);
    expect(set.dfr.overallAccuracy).toBeGreaterThan(0.6);
    expect(set.decodability?.map((x) => x.attribute)).toEqual(['place', 'season']);
    expect(set.spuriousDecodability.balancedAccuracy).toBeGreaterThan(0.9);
    // season is random noise: not decodable beyond chance.
    expect(set.decodability?.[1].balancedAccuracy).toBeLessThan(0.7);
  });

  it('uses imported predictions as the baseline, leaving out missing ones', async () => {
    const inputs = wb();
    // A "model" that predicts the class the place suggests: a pure shortcut.
    const predicted = inputs.samples.map((s, i) => (i % 10 === 0 ? '' : s.attributes.place === '0' ? 'c0' : 'c1'));
    const { result, samples } = await spuriousAnalysis.run({ ...inputs, predictions: { name: 'erm', predicted } }, quick(), testContext(2));
    const base = result.sets[0].baseline;
    expect(base.source).toBe('predictions');
    expect(result.predictionSet).toBe('erm');
    expect(base.worstGroupAccuracy).toBe(0);
    expect(base.groups.find((g) => g.key === 'y=c0|place=0')?.accuracy).toBe(1);
    const nTestWithPred = inputs.samples.filter((s, i) => s.split === 'test' && predicted[i] !== '').length;
    expect(base.groups.reduce((t, g) => t + g.n, 0)).toBe(nTestWithPred);
    expect(samples?.filter((s) => s.key === 'baseline_pred')).toHaveLength(nTestWithPred);
  });

  it('compares several embedding sets and the CLI JSON keeps its contract', async () => {
    const good = waterbirdsLike(3, 12);
    const weak = makeSynthetic(
      { train: [[380, 20], [20, 380]], val: [[60, 60], [40, 40]], test: [[60, 60], [40, 40]], dim: 12, seed: 3, coreShift: 0.3 },
      'weak',
    );
    const inputs: SpuriousInputs = { samples: good.samples, embeddings: [{ ...good.embeddings, name: 'strong' }, weak.embeddings] };
    const { result, samples } = await spuriousAnalysis.run(inputs, quick({ seeds: 2 }), testContext(0));
    expect(result.sets.map((s) => s.embeddingSet)).toEqual(['strong', 'weak']);
    expect(result.sets[0].dfr.worstGroupAccuracy).toBeGreaterThan(result.sets[1].dfr.worstGroupAccuracy);
    // Per-sample outputs only for the first set.
    expect(samples?.filter((s) => s.key === 'dfr_pred')).toHaveLength(200);

    const json = toCliJson(result, { seed: 0, backend: 'wasm', seconds: 1.5 }) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'analysis', 'method', 'seed', 'backend', 'seconds', 'selected', 'dfr', 'baseline', 'spuriousDecodability', 'sets', 'seedSummary',
    ]);
    expect(json).toMatchObject({ analysis: 'spurious', method: 'dfr-val', seed: 0, backend: 'wasm', seconds: 1.5 });
    const dfr = json.dfr as Record<string, unknown>;
    expect(Object.keys(dfr)).toEqual(['worstGroupAccuracy', 'overallAccuracy', 'trainWeightedMeanAccuracy', 'groups']);
    expect(Object.keys((dfr.groups as object[])[0])).toEqual(['label', 'attributes', 'n', 'accuracy', 'ci']);
    expect((dfr.groups as { label: string; attributes: object }[])[1]).toMatchObject({ label: 'c0', attributes: { place: '1' } });
    expect(Object.keys(json.baseline as object)).toEqual(['worstGroupAccuracy', 'overallAccuracy', 'trainWeightedMeanAccuracy', 'groups', 'source']);
    expect(Object.keys(json.selected as object)).toEqual(['C', 'nonZeroWeights']);
    expect(Object.keys(json.spuriousDecodability as object)).toEqual(['balancedAccuracy']);
    expect((json.sets as { embeddingSet: string }[]).map((s) => s.embeddingSet)).toEqual(['strong', 'weak']);
    expect((json.seedSummary as { seeds: number[] }).seeds).toEqual([0, 1]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('runs DFR^Tr_Tr with 10 refits by default', async () => {
    const ctx = testContext(4);
    const { result } = await spuriousAnalysis.run(wb(), quick({ method: 'dfr-train', retrains: undefined }), ctx);
    expect(result.method).toBe('dfr-train');
    expect(result.retrains).toBe(10);
    expect(ctx.updates.filter((u) => u.stage === 'retraining').at(-1)).toMatchObject({ done: 10, total: 10 });
    expect(result.sets[0].dfr.worstGroupAccuracy).toBeGreaterThan(result.sets[0].baseline.worstGroupAccuracy);
  });

  it('stops with CancelledError when the signal is aborted between fits', async () => {
    const controller = new AbortController();
    const ctx = testContext(0, controller.signal);
    ctx.progress = (u) => {
      if (u.stage === 'tuning' && u.done === 2) controller.abort();
    };
    await expect(spuriousAnalysis.run(wb(), quick(), ctx)).rejects.toBeInstanceOf(CancelledError);
  });

  it('flags small groups and leaves out samples with an empty attribute', async () => {
    const inputs = wb();
    inputs.samples = inputs.samples.map((s, i) => (i === 0 ? { ...s, attributes: { place: '' } } : s));
    const { result } = await spuriousAnalysis.run(inputs, quick({ minGroupSize: 50 }), testContext(0));
    expect(result.excludedSamples).toBe(1);
    const small = result.sets[0].dfr.groups.filter((g) => g.small).map((g) => g.key);
    expect(small).toEqual(['y=c1|place=0', 'y=c1|place=1']);
  });
});
