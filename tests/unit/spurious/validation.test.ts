// Bad inputs are rejected with InputError messages that say what is wrong and what to do.
import { describe, expect, it } from 'vitest';
import { spuriousAnalysis } from '../../../src-main/engine/analyses/spurious/index.ts';
import type { SpuriousInputs } from '../../../src-main/engine/analyses/spurious/index.ts';
import { InputError } from '../../../src-shared/errors.ts';
import { testContext } from './context.ts';
import { makeSynthetic, waterbirdsLike } from './synthetic.ts';

const parse = (c: Record<string, unknown> = {}) => spuriousAnalysis.configSchema.parse({ retrains: 2, Cs: [1, 0.1], bootstrapReps: 50, ...c });

async function failure(inputs: SpuriousInputs, config: Record<string, unknown> = {}): Promise<InputError> {
  try {
    await spuriousAnalysis.run(inputs, parse(config), testContext());
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

function base(): SpuriousInputs {
  const d = waterbirdsLike(3, 8);
  return { samples: d.samples, embeddings: [d.embeddings] };
}

describe('spurious analysis input validation', () => {
  it('validates the config with defaults filled in', () => {
    const c = spuriousAnalysis.configSchema.parse({});
    expect(c).toMatchObject({ label: 'label', method: 'dfr-val', Cs: [1, 0.7, 0.3, 0.1, 0.07, 0.03, 0.01], seeds: 1, minGroupSize: 20, bootstrapReps: 1000 });
    expect(c.retrains).toBeUndefined();
    expect(spuriousAnalysis.configSchema.safeParse({ method: 'dfr' }).success).toBe(false);
    expect(spuriousAnalysis.configSchema.safeParse({ Cs: [-1] }).success).toBe(false);
    expect(spuriousAnalysis.configSchema.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('rejects a missing val split', async () => {
    const inputs = base();
    inputs.samples = inputs.samples.map((s) => (s.split === 'val' ? { ...s, split: 'train' } : s));
    expect((await failure(inputs)).message).toMatch(/no usable validation split/);
  });

  it('rejects a missing test split', async () => {
    const inputs = base();
    inputs.samples = inputs.samples.map((s) => (s.split === 'test' ? { ...s, split: 'val' } : s));
    expect((await failure(inputs)).message).toMatch(/no usable test split/);
  });

  it('names a group missing from val and suggests dfr-train', async () => {
    const inputs = base();
    inputs.samples = inputs.samples.map((s) => (s.split === 'val' && s.label === 'c1' && s.attributes.place === '0' ? { ...s, split: 'test' } : s));
    const e = await failure(inputs);
    expect(e.message).toContain('y=c1|place=0');
    expect(e.message).toContain('dfr-train');
  });

  it('rejects dfr-train when an attribute value meets one class only in train', async () => {
    const d = makeSynthetic({ train: [[50, 0], [10, 50]], val: [[20, 20], [20, 20]], test: [[20, 20], [20, 20]], dim: 6 });
    const e = await failure({ samples: d.samples, embeddings: [d.embeddings] }, { method: 'dfr-train' });
    expect(e.message).toContain('y=c0|place=1');
    expect(e.message).toMatch(/one class only/);
    expect(e.message).toContain('dfr-val');
  });

  it('rejects a train split with a single class', async () => {
    const inputs = base();
    inputs.samples = inputs.samples.map((s) => (s.split === 'train' && s.label === 'c1' ? { ...s, split: 'val' } : s));
    expect((await failure(inputs)).message).toMatch(/train split holds a single class/);
  });

  it('rejects an attribute with a single value', async () => {
    const inputs = base();
    inputs.samples = inputs.samples.map((s) => ({ ...s, attributes: { ...s.attributes, sky: 'blue' } }));
    const e = await failure(inputs, { attributes: ['sky'] });
    expect(e.message).toMatch(/Attribute "sky" has a single value \(blue\)/);
  });

  it('lists the available attributes for an unknown name, and requires a choice among several when there is no place', async () => {
    const e = await failure(base(), { attributes: ['background'] });
    expect(e.message).toContain('"background"');
    expect(e.message).toContain('Available attributes: place');
    const inputs = base();
    inputs.samples = inputs.samples.map((s) => ({ ...s, attributes: { bg: s.attributes.place, light: 'day' } }));
    expect((await failure(inputs)).message).toMatch(/Choose the spurious attribute.*Available attributes: bg, light/);
  });

  it('uses the only attribute column when there is one', async () => {
    const inputs = base();
    inputs.samples = inputs.samples.map((s) => ({ ...s, attributes: { bg: s.attributes.place } }));
    const out = await spuriousAnalysis.run(inputs, parse(), testContext());
    expect(out.result.attributes).toEqual(['bg']);
  });

  it('names the embedding set and first row of a non-finite value', async () => {
    const inputs = base();
    const data = inputs.embeddings[0].data.slice();
    data[5 * 8 + 3] = NaN;
    data[9 * 8] = Infinity;
    inputs.embeddings = [{ ...inputs.embeddings[0], name: 'resnet50', data }];
    const e = await failure(inputs);
    expect(e.message).toMatch(/"resnet50" has a non-finite value \(NaN\) in row 6/);
    expect(e.details.row).toBe(6);
  });

  it('rejects embeddings whose row count differs from the samples', async () => {
    const inputs = base();
    const E = inputs.embeddings[0];
    inputs.embeddings = [{ ...E, rows: E.rows - 1, data: E.data.subarray(0, (E.rows - 1) * E.cols) }];
    expect((await failure(inputs)).message).toMatch(/has \d+ rows but the dataset has \d+ samples/);
  });

  it('rejects predictions that are not aligned with the samples', async () => {
    const inputs = base();
    inputs.predictions = { name: 'erm', predicted: ['c0'] };
    expect((await failure(inputs)).message).toMatch(/Prediction set "erm" has 1 rows/);
  });
});
