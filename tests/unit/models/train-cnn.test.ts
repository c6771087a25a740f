import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-shared/errors.ts';
import { getTf } from '../../../src-main/engine/tensor/backend.ts';
import { buildCnn } from '../../../src-main/engine/models/cnn.ts';
import { predict, predictWithModel } from '../../../src-main/engine/models/predict.ts';
import { trainCnn, type TrainCnnConfig, type TrainCnnResult } from '../../../src-main/engine/models/train-cnn.ts';
import { el2n, forgettingCounts } from '../../../src-main/engine/models/per-sample-stats.ts';
import { tempDir, writeTwoClassSet, removeTempDirs } from '../images/synthetic-images.ts';

afterAll(removeTempDirs);

const config: TrainCnnConfig = {
  inputSize: 24,
  width: 8,
  depth: [1, 1],
  epochs: 5,
  batchSize: 16,
  optimizer: 'adam',
  lr: 0.01,
  schedule: 'cosine',
  seed: 1,
  augment: { scaleMin: 0.6, hflip: true },
};

let dir: string;
let train: { path: string; label: number }[];
let val: { path: string; label: number }[];
let result: TrainCnnResult;
let tensorsBefore: number;
const progress: string[] = [];

beforeAll(async () => {
  const tf = await getTf();
  dir = await tempDir('faultline-train-');
  train = await writeTwoClassSet(dir, 16, 24);
  const valDir = await tempDir('faultline-val-');
  val = (await writeTwoClassSet(valDir, 20, 28)).slice(0, 40);
  tensorsBefore = tf.memory().numTensors;
  result = await trainCnn({
    items: train,
    valItems: val,
    config,
    recordPerSample: true,
    checkpointDir: join(dir, 'ckpt'),
    keepModel: true,
    onProgress: (p) => progress.push(`${p.stage} ${p.done}/${p.total}`),
  });
});

describe('buildCnn', () => {
  it('has an embedding layer, logits and seeded initial weights', async () => {
    const tf = await getTf();
    const a = buildCnn(tf, { inputSize: 32, numClasses: 3, width: 4, depth: [1, 2], seed: 3 });
    const b = buildCnn(tf, { inputSize: 32, numClasses: 3, width: 4, depth: [1, 2], seed: 3 });
    const c = buildCnn(tf, { inputSize: 32, numClasses: 3, width: 4, depth: [1, 2], seed: 4, embeddingDim: 6 });
    expect(a.outputs[0].shape).toEqual([null, 3]);
    expect(a.getLayer('embedding').outputShape).toEqual([null, 8]);
    expect(c.getLayer('embedding').outputShape).toEqual([null, 6]);
    const w = (m: typeof a): number[] => [...m.getWeights()[0].dataSync()];
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    for (const m of [a, b, c]) m.dispose();
    expect(() => buildCnn(tf, { inputSize: 32, numClasses: 1 })).toThrow(InputError);
  });
});

describe('trainCnn', () => {
  it('lowers the loss and learns an easy two-class task', () => {
    const h = result.history;
    expect(h).toHaveLength(5);
    expect(h[h.length - 1].trainLoss).toBeLessThan(h[0].trainLoss);
    expect(h[h.length - 1].trainAccuracy).toBeGreaterThan(0.8);
    expect(h[h.length - 1].valAccuracy).toBeGreaterThan(0.8);
    expect(h.every((r) => r.seen === train.length)).toBe(true);
  });

  it('streams per-epoch progress', () => {
    expect(progress.filter((p) => p.startsWith('train') && p.endsWith('/5')).map((p) => p.split(' ')[1])).toContain('5/5');
  });

  it('records per-sample correctness, loss and final softmax', () => {
    const ps = result.perSample!;
    expect(ps.correct).toHaveLength(5);
    expect(ps.loss).toHaveLength(5);
    expect(ps.correct.every((c) => c.length === train.length && c.every((v) => v === 0 || v === 1))).toBe(true);
    expect(ps.loss.every((l) => l.every((v) => Number.isFinite(v) && v >= 0))).toBe(true);
    expect(ps.softmax).toHaveLength(train.length * 2);
    for (let i = 0; i < train.length; i++) expect(ps.softmax[2 * i] + ps.softmax[2 * i + 1]).toBeCloseTo(1, 5);
    const counts = forgettingCounts(ps.correct, train.length);
    expect(counts.every((c) => c >= 0 && c <= 2)).toBe(true);
    const scores = el2n(ps.softmax, train.map((t) => t.label), 2);
    expect(scores.every((s) => s >= 0 && s <= 2)).toBe(true);
  });

  it('saves a checkpoint that predicts exactly like the trained model', async () => {
    const tf = await getTf();
    expect(existsSync(join(dir, 'ckpt', 'model.json'))).toBe(true);
    expect(existsSync(join(dir, 'ckpt', 'weights.bin'))).toBe(true);
    // Same engine on both sides: bit-identical.
    for (const runtime of ['tfjs', 'onnxruntime'] as const) {
      const live = await predictWithModel(tf, result.model!, result.preprocess, { items: val, onError: 'fail', runtime });
      const loaded = await predict({ model: join(dir, 'ckpt'), items: val, onError: 'fail', runtime });
      expect(loaded.scores).toEqual(live.scores);
      expect(loaded.predicted).toEqual(live.predicted);
    }
    // tfjs and the ONNX conversion agree to float rounding.
    const viaTfjs = await predict({ model: join(dir, 'ckpt'), items: val, onError: 'fail', runtime: 'tfjs' });
    const loaded = await predict({ model: join(dir, 'ckpt'), items: val, onError: 'fail' });
    for (let i = 0; i < loaded.scores.length; i++) expect(loaded.scores[i]).toBeCloseTo(viaTfjs.scores[i], 5);
    let hits = 0;
    val.forEach((v, i) => (hits += loaded.predicted[i] === v.label ? 1 : 0));
    expect(hits / val.length).toBeGreaterThan(0.8);
    result.model!.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('is deterministic for a seed', async () => {
    const tf = await getTf();
    const before = tf.memory().numTensors;
    const run = async (seed: number) =>
      (await trainCnn({ items: train.slice(0, 16), config: { ...config, epochs: 1, seed }, checkpointDir: join(dir, `det${seed}`) })).history[0];
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b.trainLoss).toBe(a.trainLoss);
    expect(c.trainLoss).not.toBe(a.trainLoss);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on abort without leaking tensors or writing a checkpoint', async () => {
    const tf = await getTf();
    const before = tf.memory().numTensors;
    const ctl = new AbortController();
    const err = await trainCnn({
      items: train,
      config: { ...config, epochs: 3 },
      checkpointDir: join(dir, 'aborted'),
      signal: ctl.signal,
      onProgress: () => ctl.abort(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(existsSync(join(dir, 'aborted', 'model.json'))).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips a corrupt training image when asked, and names it', async () => {
    const bad = join(dir, 'corrupt.png');
    await writeFile(bad, 'definitely not a png');
    const items = [...train.slice(0, 8), { path: bad, label: 1 }];
    const skipped = await trainCnn({ items, config: { ...config, epochs: 1 }, checkpointDir: join(dir, 'skip'), onError: 'skip' });
    expect(skipped.errors.map((e) => e.path)).toEqual([bad]);
    expect(skipped.history[0].seen).toBe(8);
    const failed = await trainCnn({ items, config: { ...config, epochs: 1 }, checkpointDir: join(dir, 'fail') }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InputError);
    expect((failed as Error).message).toContain(bad);
  });

  it('rejects unusable inputs', async () => {
    await expect(trainCnn({ items: [{ path: train[0].path }], config, checkpointDir: dir })).rejects.toThrow(/label/);
    await expect(trainCnn({ items: train, config: { ...config, reweight: 'group' }, checkpointDir: dir })).rejects.toThrow(/group/);
    await expect(trainCnn({ items: train, config: { ...config, epochs: 0 }, checkpointDir: dir })).rejects.toBeInstanceOf(InputError);
  });
});
