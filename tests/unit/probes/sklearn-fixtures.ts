// Loads the golden fixtures written by scripts/golden/make-probe-fixtures.py.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Matrix } from '../../../src-main/engine/probes/index.ts';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'sklearn');

export interface FixtureResult {
  C: number;
  coef: number[];
  intercept: number[];
  objective: number;
  nonZero: number;
  nIter: number;
  predTrain: number[];
  predTest: number[];
}

export interface FixtureCase {
  name: string;
  X: string;
  y: string;
  Xtest: string;
  penalty: 'l1' | 'l2';
  multiClass: 'ovr' | 'multinomial';
  sampleWeight: string | null;
  fitIntercept: boolean;
  interceptScaling: number;
  classes: number[];
  results: FixtureResult[];
  scaler?: { mean: number[]; scale: number[]; raw: string };
}

interface Manifest {
  sklearn: string;
  arrays: Record<string, { file: string; shape: number[] }>;
  cases: FixtureCase[];
  balancedAccuracy: { yTrue: string; yPred: string; value: number };
}

export const manifest = JSON.parse(readFileSync(join(FIXTURE_DIR, 'probes.json'), 'utf8')) as Manifest;

function bytes(name: string): Buffer {
  const a = manifest.arrays[name];
  if (!a) throw new Error(`fixture array ${name} missing`);
  return readFileSync(join(FIXTURE_DIR, a.file));
}

/** Copies into a fresh, aligned buffer (Buffer slices may be unaligned). */
export function loadF64(name: string): Float64Array {
  const b = bytes(name);
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function loadI32(name: string): Int32Array {
  const b = bytes(name);
  const out = new Int32Array(b.length / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function loadMatrix(name: string): Matrix {
  const shape = manifest.arrays[name].shape;
  return { data: loadF64(name), rows: shape[0], cols: shape[1] };
}
