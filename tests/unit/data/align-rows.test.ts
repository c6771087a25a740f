import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src-shared/errors.ts';
import { alignRows } from '../../../src-main/engine/data/index.ts';

const F = '/data/emb.npz';
const errorOf = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (e) {
    return e as InputError;
  }
  throw new Error('expected an error');
};

describe('alignRows', () => {
  it('without ids, row i is sample i', () => {
    expect(Array.from(alignRows(null, 3, ['a', 'b', 'c'], F))).toEqual([0, 1, 2]);
  });

  it('without ids, a count mismatch says both counts', () => {
    const e = errorOf(() => alignRows(null, 4, ['a', 'b', 'c'], F));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(`${F} has 4 rows but the dataset has 3 samples`);
    expect(e.details).toEqual({ file: F });
  });

  it('with ids, maps each sample to its row whatever the order', () => {
    expect(Array.from(alignRows(['c', 'a', 'b'], 3, ['a', 'b', 'c'], F))).toEqual([1, 2, 0]);
  });

  it('names the first missing ids', () => {
    const samples = ['1', '2', '3', '4', '5', '6', '7', '8'];
    const e = errorOf(() => alignRows(['1', '2'], 2, samples, F));
    expect(e.message).toMatch(/has no row for 6 of the dataset's 8 samples \(for example ids "3", "4", "5", "6", "7" and 1 more\)/);
  });

  it('unknown ids are an error unless allowed', () => {
    const e = errorOf(() => alignRows(['a', 'x', 'b', 'y'], 4, ['a', 'b'], F));
    expect(e.message).toMatch(/has 2 rows whose ids are not samples of this dataset \(for example "x", "y"\)/);
    expect(e.details).toEqual({ file: F, row: 2 });
    expect(Array.from(alignRows(['a', 'x', 'b', 'y'], 4, ['a', 'b'], F, { allowUnknownIds: true }))).toEqual([0, 2]);
  });

  it('duplicate ids are an error', () => {
    const e = errorOf(() => alignRows(['a', 'b', 'a'], 3, ['a', 'b'], F));
    expect(e.message).toMatch(/id "a" appears twice \(data rows 1 and 3/);
  });

  it('ids and rows must agree', () => {
    expect(errorOf(() => alignRows(['a'], 2, ['a', 'b'], F)).message).toMatch(/1 ids for 2 rows/);
  });
});
