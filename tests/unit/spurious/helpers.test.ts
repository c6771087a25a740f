// Small pieces with exact answers: C selection, seed statistics, association, sorting, summaries.
import { describe, expect, it } from 'vitest';
import { pickC } from '../../../src-main/engine/analyses/spurious/dfr.ts';
import { meanStd } from '../../../src-main/engine/analyses/spurious/run.ts';
import { prepare, sortValues } from '../../../src-main/engine/analyses/spurious/prepare.ts';
import { trainAssociation } from '../../../src-main/engine/analyses/spurious/association.ts';
import { spuriousConfigSchema } from '../../../src-main/engine/analyses/spurious/config.ts';
import { trainWeightedMean } from '../../../src-main/engine/analyses/spurious/summary.ts';
import { makeSynthetic } from './synthetic.ts';

describe('spurious helpers', () => {
  it('picks the best tuning WGA, ties going to the larger C whatever the grid order', () => {
    expect(pickC([{ C: 1, worstGroupAccuracy: 0.8 }, { C: 0.3, worstGroupAccuracy: 0.9 }, { C: 0.1, worstGroupAccuracy: 0.9 }])).toBe(0.3);
    expect(pickC([{ C: 0.1, worstGroupAccuracy: 0.9 }, { C: 0.7, worstGroupAccuracy: 0.9 }, { C: 1, worstGroupAccuracy: 0.5 }])).toBe(0.7);
  });

  it('reports the population standard deviation over seeds', () => {
    expect(meanStd([0.8, 0.9])).toEqual({ mean: expect.closeTo(0.85, 12), std: expect.closeTo(0.05, 12) });
    expect(meanStd([0.7])).toEqual({ mean: 0.7, std: 0 });
  });

  it('sorts numeric values as numbers', () => {
    expect(sortValues(['10', '2', '1'])).toEqual(['1', '2', '10']);
    expect(sortValues(['water', 'land'])).toEqual(['land', 'water']);
  });

  it('weights group accuracies by the train share, renormalised over the groups evaluated', () => {
    const share = Float64Array.from([0.7, 0.05, 0.05, 0.2]);
    expect(trainWeightedMean([{ group: 0, accuracy: 1 }, { group: 1, accuracy: 0 }, { group: 2, accuracy: 0 }, { group: 3, accuracy: 1 }], share)).toBeCloseTo(0.9, 12);
    expect(trainWeightedMean([{ group: 0, accuracy: 1 }, { group: 1, accuracy: 0 }], share)).toBeCloseTo(0.7 / 0.75, 12);
  });

  it("measures the train split's label-attribute association", () => {
    const d = makeSynthetic({ train: [[90, 10], [10, 90]], val: [[5, 5], [5, 5]], test: [[5, 5], [5, 5]], dim: 4 });
    const p = prepare({ samples: d.samples, embeddings: [d.embeddings] }, spuriousConfigSchema.parse({}));
    const a = trainAssociation(p);
    // 2x2 table [[90,10],[10,90]]: phi = (90*90 - 10*10) / (100*100) = 0.8.
    expect(a.cramersV).toBeCloseTo(0.8, 12);
    expect(a.majorityShare).toBeCloseTo(0.9, 12);
    expect(a.attribute).toBe('place');
  });
});
