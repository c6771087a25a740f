// Loads what analyses consume from the store: samples in dataset order and row-aligned arrays.
import type { AnalysisSample, LoadedMatrix } from '../../engine/analyses/types.ts';
import { allSamples, listArraySets, loadEmbeddingSet, loadPredictionSet, type Db, type StorePaths } from '../../store/index.ts';
import { InputError } from '../../../src-shared/errors.ts';

export function loadSamples(db: Db, datasetId: number): AnalysisSample[] {
  return allSamples(db, datasetId).map((s) => ({ id: s.id, externalId: s.externalId, split: s.split, label: s.label, attributes: s.attributes, mediaPath: s.mediaPath }));
}

export function loadEmbeddings(db: Db, paths: StorePaths, datasetId: number, names: string[]): { matrices: LoadedMatrix[]; hashes: Record<string, string> } {
  const available = listArraySets(db, datasetId).filter((s) => s.kind === 'embedding').map((s) => s.name);
  const matrices: LoadedMatrix[] = [];
  const hashes: Record<string, string> = {};
  for (const name of names) {
    if (!available.includes(name)) {
      throw new InputError(`No embedding set named "${name}" on this dataset. Available: ${available.join(', ') || 'none (import one, or let the analysis train a CNN from the images)'}.`);
    }
    const { summary, data } = loadEmbeddingSet(db, paths.arraysDir, datasetId, name);
    matrices.push({ name, data, rows: summary.rows, cols: summary.cols });
    hashes[name] = summary.sha256;
  }
  return { matrices, hashes };
}

export function loadPredictions(db: Db, paths: StorePaths, datasetId: number, name: string): { name: string; predicted: string[]; sha256: string } {
  const available = listArraySets(db, datasetId).filter((s) => s.kind === 'prediction').map((s) => s.name);
  if (!available.includes(name)) throw new InputError(`No prediction set named "${name}" on this dataset. Available: ${available.join(', ') || 'none'}.`);
  const { summary, predictions } = loadPredictionSet(db, paths.arraysDir, datasetId, name);
  return { name, predicted: predictions.predicted, sha256: summary.sha256 };
}
