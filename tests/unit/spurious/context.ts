// An AnalysisContext for tests that records progress updates.
import type { AnalysisContext, ProgressUpdate } from '../../../src-main/engine/analyses/types.ts';

export function testContext(seed = 0, signal: AbortSignal = new AbortController().signal): AnalysisContext & { updates: ProgressUpdate[] } {
  const updates: ProgressUpdate[] = [];
  return { seed, signal, backend: null, updates, progress: (u) => updates.push(u) };
}
