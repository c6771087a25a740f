import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, climbLadder, type Rung } from '../../../src-main/engine/tensor/backend-ladder.ts';
import { resolvePreference, type BackendName } from '../../../src-main/engine/tensor/backend-preference.ts';

const works = (device: string): Rung<string> => async () => ({ tf: `tf:${device}`, device });
const fails = (reason: string): Rung<string> => async () => {
  throw new Error(`${reason}\nsecond line that should not show`);
};

function rungs(overrides: Partial<Record<BackendName, Rung<string>>> = {}): Record<BackendName, Rung<string>> {
  return {
    'tensorflow-gpu': fails('no CUDA device visible'),
    tensorflow: fails('not installed'),
    wasm: works('CPU wasm'),
    cpu: works('CPU js'),
    ...overrides,
  };
}

describe('climbLadder', () => {
  it('takes the first rung that starts and records one-line reasons for the ones above it', async () => {
    const result = await climbLadder({ preference: 'auto', source: 'default' }, rungs());
    expect(result.name).toBe('wasm');
    expect(result.tf).toBe('tf:CPU wasm');
    expect(result.skipped).toEqual([
      { backend: 'tensorflow-gpu', reason: 'no CUDA device visible' },
      { backend: 'tensorflow', reason: 'not installed' },
    ]);
  });

  it('prefers the GPU rung when it starts', async () => {
    const result = await climbLadder({ preference: 'auto', source: 'default' }, rungs({ 'tensorflow-gpu': works('NVIDIA H200') }));
    expect(result).toMatchObject({ name: 'tensorflow-gpu', device: 'NVIDIA H200', skipped: [] });
  });

  it('falls through to cpu and fails with every reason when nothing starts', async () => {
    const none = rungs({ wasm: fails('wasm broke'), cpu: fails('cpu broke') });
    await expect(climbLadder({ preference: 'auto', source: 'default' }, none)).rejects.toThrow(
      /tensorflow-gpu: no CUDA device visible; tensorflow: not installed; wasm: wasm broke; cpu: cpu broke/,
    );
  });

  it('runs only the forced rung and notes the higher ones as not tried', async () => {
    let wasmCalled = false;
    const result = await climbLadder(
      { preference: 'cpu', source: 'FAULTLINE_BACKEND=cpu' },
      rungs({ wasm: async () => ((wasmCalled = true), { tf: 'x', device: 'x' }) }),
    );
    expect(result.name).toBe('cpu');
    expect(wasmCalled).toBe(false);
    expect(result.skipped.map((s) => s.backend)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
    expect(result.skipped[0]!.reason).toBe('not tried: FAULTLINE_BACKEND=cpu');
  });

  it('makes forcing an unavailable rung an error that names the source, package and reason', async () => {
    const attempt = climbLadder({ preference: 'tensorflow', source: 'FAULTLINE_BACKEND=tensorflow' }, rungs());
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(
      'FAULTLINE_BACKEND=tensorflow asks for the "tensorflow" backend (@tensorflow/tfjs-node), but it is unavailable: not installed.',
    );
  });
});

describe('resolvePreference', () => {
  it('defaults to auto', () => {
    expect(resolvePreference(null, {})).toEqual({ preference: 'auto', source: 'default' });
  });
  it('reads FAULTLINE_BACKEND, case-insensitively', () => {
    expect(resolvePreference(null, { FAULTLINE_BACKEND: ' CPU ' })).toEqual({ preference: 'cpu', source: 'FAULTLINE_BACKEND=cpu' });
  });
  it('lets an explicit non-auto preference win over the environment, and auto defer to it', () => {
    expect(resolvePreference('wasm', { FAULTLINE_BACKEND: 'cpu' }).preference).toBe('wasm');
    expect(resolvePreference('auto', { FAULTLINE_BACKEND: 'cpu' }).preference).toBe('cpu');
  });
  it('rejects an unknown value with the list of valid ones', () => {
    expect(() => resolvePreference(null, { FAULTLINE_BACKEND: 'gpu' })).toThrow(
      'FAULTLINE_BACKEND="gpu" is not a backend Faultline knows. Use one of: auto, tensorflow-gpu, tensorflow, wasm, cpu.',
    );
  });
});
