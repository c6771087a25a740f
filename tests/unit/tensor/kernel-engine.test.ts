import { afterEach, describe, expect, it } from 'vitest';
import { getTf } from '../../../src-main/engine/tensor/backend.ts';
import {
  configureKernels,
  demoteKernelEngine,
  kernelEngine,
  kernelEngineDescription,
  resolveKernelEngine,
} from '../../../src-main/engine/tensor/kernel-engine.ts';

afterEach(() => {
  delete process.env.FAULTLINE_KERNELS;
  configureKernels({ engine: 'auto' });
});

describe('kernel engine choice', () => {
  it('prefers onnxruntime and describes its threads', async () => {
    const engine = await resolveKernelEngine(getTf);
    expect(engine.name).toBe('onnxruntime');
    expect(kernelEngine()).toBe('onnxruntime');
    expect(kernelEngineDescription()).toMatch(/^onnxruntime-node \d+\.\d+\.\d+ \((cuda\+)?cpu EP, \d+ intra-op threads?\)$/);
  });

  it('demotes a failing engine to the next one and says why', async () => {
    const ort = await resolveKernelEngine(getTf);
    expect(demoteKernelEngine(ort, new Error('session exploded\nstack'))).toBe(true);
    const next = await resolveKernelEngine(getTf);
    expect(next.name).toBe('tfjs');
    expect(kernelEngineDescription()).toMatch(/^tfjs \(\w+ backend\) \(onnxruntime skipped: failed at run time: session exploded\)$/);
  });

  it('does not demote a forced engine: its error surfaces instead', async () => {
    configureKernels({ engine: 'onnxruntime' });
    const ort = await resolveKernelEngine(getTf);
    expect(demoteKernelEngine(ort, new Error('boom'))).toBe(false);
  });

  it('honours FAULTLINE_KERNELS and rejects unknown values', async () => {
    process.env.FAULTLINE_KERNELS = 'js';
    configureKernels({ engine: 'auto' });
    expect((await resolveKernelEngine(getTf)).name).toBe('js');
    process.env.FAULTLINE_KERNELS = 'blas';
    configureKernels({ engine: 'auto' });
    await expect(resolveKernelEngine(getTf)).rejects.toThrow('FAULTLINE_KERNELS="blas" is not a kernel engine');
  });

  it('rejects an unknown configureKernels engine', () => {
    expect(() => configureKernels({ engine: 'blas' as never })).toThrow('Unknown kernel engine "blas"');
  });
});
