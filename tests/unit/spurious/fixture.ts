// Loads the golden DFR fixture written by scripts/golden/make-dfr-fixtures.py.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisSample, LoadedMatrix } from '../../../src-main/engine/analyses/types.ts';
import type { Split } from '../../../src-shared/api.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'dfr');

/** Minimal reader for the little-endian float32 C-order 2-D .npy files the script writes. */
export function readNpyF32(path: string): { data: Float32Array; rows: number; cols: number } {
  const buf = readFileSync(path);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.subarray(major === 1 ? 10 : 12, start).toString('latin1');
  if (!header.includes("'<f4'") || header.includes("'fortran_order': True")) throw new Error(`Unexpected .npy header ${header}`);
  const shape = /'shape': \((\d+), (\d+)\)/.exec(header);
  if (!shape) throw new Error(`Unexpected .npy shape in ${header}`);
  const rows = Number(shape[1]);
  const cols = Number(shape[2]);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + rows * cols * 4));
  return { data, rows, cols };
}

export interface ReferenceSummary {
  groupAccuracy: number[];
  worstGroupAccuracy: number;
  overallAccuracy: number;
  trainWeightedMeanAccuracy: number;
}

export interface DfrReference {
  Cs: number[];
  trainGroupShare: number[];
  baseline: { test: ReferenceSummary; val: ReferenceSummary };
  seeds: {
    seed: number;
    dfrVal: ReferenceSummary & { C: number; tuning: number[]; nonZeroWeights: number };
    dfrTrain: ReferenceSummary & { C: number; tuning: number[]; nonZeroWeights: number };
    spuriousDecodability: { C: number; balancedAccuracy: number };
  }[];
  average: Record<string, { mean: number; std: number }>;
}

export interface DfrFixture {
  samples: AnalysisSample[];
  embeddings: LoadedMatrix;
  reference: DfrReference;
}

export function loadDfrFixture(): DfrFixture {
  const meta = JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')) as { split: Split[]; y: number[]; place: number[] };
  const samples: AnalysisSample[] = meta.split.map((split, i) => ({
    id: i + 1,
    externalId: `s${i}`,
    split,
    label: String(meta.y[i]),
    attributes: { place: String(meta.place[i]) },
    mediaPath: `img/${i}.jpg`,
  }));
  const m = readNpyF32(join(dir, 'embeddings.npy'));
  const reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as DfrReference;
  return { samples, embeddings: { name: 'synthetic-erm', ...m }, reference };
}
