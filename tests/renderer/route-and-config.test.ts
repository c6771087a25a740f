import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../src-renderer/lib/stores/route.ts';
import { fieldFor, fromText, humanize, toText } from '../../src-renderer/views/dataset/config-fields.ts';

describe('routes', () => {
  it('parses and prints every page', () => {
    expect(parseRoute('')).toEqual({ page: 'library' });
    expect(parseRoute('#/datasets/3/samples')).toEqual({ page: 'dataset', datasetId: 3, tab: 'samples' });
    expect(parseRoute('#/datasets/3')).toEqual({ page: 'dataset', datasetId: 3, tab: 'overview' });
    expect(parseRoute('#/datasets/x')).toEqual({ page: 'library' });
    expect(parseRoute('#/runs/12')).toEqual({ page: 'run', runId: 12 });
    expect(parseRoute('#/runs')).toEqual({ page: 'runs' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
    expect(href({ page: 'dataset', datasetId: 3, tab: 'data' })).toBe('#/datasets/3/data');
    expect(href({ page: 'run', runId: 5 })).toBe('#/runs/5');
    expect(href({ page: 'reports' })).toBe('#/reports');
  });
});

describe('config form fields', () => {
  it('chooses widgets from default values and known keys', () => {
    expect(fieldFor('method', 'dfr-val').kind).toEqual({ type: 'enum', options: ['dfr-val', 'dfr-train'] });
    expect(fieldFor('embeddingSets', []).kind.type).toBe('embedding-sets');
    expect(fieldFor('predictionSet', null).kind.type).toBe('prediction-set');
    expect(fieldFor('repeats', 10).kind).toEqual({ type: 'number', integer: true });
    expect(fieldFor('tuneFraction', 0.5).kind).toEqual({ type: 'number', integer: false });
    expect(fieldFor('standardize', true).kind.type).toBe('boolean');
    expect(fieldFor('cGrid', [0.1, 1]).kind.type).toBe('number-list');
    expect(fieldFor('attributes', ['place']).kind.type).toBe('string-list');
    expect(fieldFor('weird', { a: 1 }).kind.type).toBe('json');
    expect(humanize('minGroupSize')).toBe('Min group size');
  });

  it('round-trips list text and rejects bad numbers', () => {
    const k = fieldFor('cGrid', [0.1, 1]).kind;
    expect(toText(k, [0.1, 1])).toBe('0.1, 1');
    expect(fromText(k, '0.01, 0.1,1')).toEqual([0.01, 0.1, 1]);
    expect(() => fromText(k, '0.1, x')).toThrow(/numbers/);
    expect(fromText(fieldFor('attributes', []).kind, ' a, b ,')).toEqual(['a', 'b']);
  });
});
