import { describe, expect, it } from 'vitest';
import { describeEnvironment, formatEnvironment } from '../../../src-main/engine/tensor/environment.ts';

describe('describeEnvironment', () => {
  it('reports node, cpu, memory, backend, onnxruntime providers and sharp', async () => {
    const report = await describeEnvironment();
    expect(report.node).toBe(process.version);
    expect(report.cpu.cores).toBeGreaterThan(0);
    expect(report.memory.totalBytes).toBeGreaterThan(0);
    expect(report.backend.ok).toBe(true);
    expect(report.onnxruntime.ok).toBe(true);
    if (report.onnxruntime.ok) {
      expect(report.onnxruntime.executionProviders.find((p) => p.name === 'cpu')?.available).toBe(true);
      const cuda = report.onnxruntime.executionProviders.find((p) => p.name === 'cuda');
      if (cuda && !cuda.available) expect(cuda.note).toContain('--onnxruntime-node-install=cuda12');
    }
    const text = formatEnvironment(report);
    expect(text).toMatch(/^node {8}v\d+/);
    expect(text).toMatch(/\nbackend {5}\S+ on CPU|\nbackend {5}\S+ on /);
    expect(text).toMatch(/\nkernels {5}/);
    expect(text).toMatch(/\nonnxruntime \d/);
    expect(text).toMatch(/\nsharp {7}(\d|unavailable)/);
  });
});
