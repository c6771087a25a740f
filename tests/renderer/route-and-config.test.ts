import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../src-renderer/lib/stores/route.ts';
import { fieldFor, fieldsFor, fromText, humanize, toText } from '../../src-renderer/views/dataset/config-fields.ts';

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
    expect(fieldFor('flat', { a: 1 }).kind.type).toBe('group');
    expect(fieldFor('deep', { a: { b: 1 } }).kind.type).toBe('json');
    expect(humanize('minGroupSize')).toBe('Min group size');
    expect(fieldFor('label', 'label', { attributes: ['place', 'region'] }).kind).toEqual({ type: 'target', options: ['label', 'place', 'region'] });
    expect(fieldFor('seeds', 1).kind).toEqual({ type: 'number', integer: true });
    expect(fieldFor('lr', 0.002).kind).toEqual({ type: 'number', integer: false });
  });

  it('renders nested settings as a group and adds optional DFR companions', () => {
    const fields = fieldsFor({ label: 'label', method: 'dfr-val', embeddingSets: [], erm: { epochs: 6, optimizer: 'adam' } }, { attributes: ['place', 'region'] });
    expect(fields.map((f) => f.key)).toEqual(['label', 'method', 'embeddingSets', 'predictionSet', 'attributes', 'erm']);
    const erm = fields.at(-1)!;
    expect(erm.kind.type).toBe('group');
    if (erm.kind.type === 'group') expect(erm.kind.fields.map((f) => [f.key, f.kind.type])).toEqual([['epochs', 'number'], ['optimizer', 'enum']]);
    expect(fields.find((f) => f.key === 'predictionSet')?.optional).toBe(true);
    expect(fields.find((f) => f.key === 'attributes')?.optional).toBe(true);
  });

  it('round-trips list text and rejects bad numbers', () => {
    const k = fieldFor('cGrid', [0.1, 1]).kind;
    expect(toText(k, [0.1, 1])).toBe('0.1, 1');
    expect(fromText(k, '0.01, 0.1,1')).toEqual([0.01, 0.1, 1]);
    expect(() => fromText(k, '0.1, x')).toThrow(/numbers/);
    expect(fromText(fieldFor('attributes', []).kind, ' a, b ,')).toEqual(['a', 'b']);
  });
});
