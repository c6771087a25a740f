import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-shared/errors.ts';
import { imageBatches, type ImageItem } from '../../../src-main/engine/data/images/image-batches.ts';
import { getTf } from '../../../src-main/engine/tensor/backend.ts';
import { loadBackbone } from '../../../src-main/engine/models/backbone.ts';
import { saveCheckpoint } from '../../../src-main/engine/models/checkpoint.ts';
import { buildCnn } from '../../../src-main/engine/models/cnn.ts';
import { extractEmbeddings } from '../../../src-main/engine/models/extract-embeddings.ts';
import { tempDir, writeImage, removeTempDirs } from '../images/synthetic-images.ts';
import { hiddenOf, writeTinyOnnx, type TinyOnnx } from './tiny-onnx.ts';

afterAll(removeTempDirs);

let dir: string;
let items: ImageItem[];
let nchw: TinyOnnx;
let nhwc: TinyOnnx;
let batch1: TinyOnnx;
let cnnDir: string;

beforeAll(async () => {
  dir = await tempDir('faultline-backbones-');
  items = [];
  for (let i = 0; i < 5; i++) {
    items.push({ path: await writeImage(join(dir, `i${i}.png`), 10 + i, 9, (x, y) => [(x * 20 + i * 30) % 256, (y * 25) % 256, 90]) });
  }
  nchw = await writeTinyOnnx(join(dir, 'nchw.onnx'), { size: 4, hidden: 6, classes: 3 });
  nhwc = await writeTinyOnnx(join(dir, 'nhwc.onnx'), { size: 4, hidden: 6, classes: 3, layout: 'nhwc' });
  batch1 = await writeTinyOnnx(join(dir, 'batch1.onnx'), { size: 4, hidden: 6, classes: 3, fixedBatch: 1 });
  const tf = await getTf();
  const model = buildCnn(tf, { inputSize: 16, numClasses: 2, width: 4, depth: [1, 1], seed: 1 });
  cnnDir = join(dir, 'cnn');
  await saveCheckpoint(model, cnnDir, { version: 1, numClasses: 2, preprocess: { size: 16, resize: 'center-crop', resizeTo: 16, normalization: 'half' } });
  model.dispose();
});

/** The preprocessed images the backbone sees, in item order (NHWC), for reference values. */
async function imagesOf(size: number): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for await (const b of imageBatches(items, { batchSize: 2, preprocess: { size, resize: 'center-crop', resizeTo: 5, normalization: 'imagenet' }, seed: 0, onError: 'fail' })) {
    for (let j = 0; j < b.indices.length; j++) out.push(b.images.slice(j * size * size * 3, (j + 1) * size * size * 3));
  }
  return out;
}

function toNchw(hwc: Float32Array, px: number): Float32Array {
  const out = new Float32Array(hwc.length);
  for (let p = 0; p < px; p++) for (let c = 0; c < 3; c++) out[c * px + p] = hwc[3 * p + c];
  return out;
}

describe('ONNX backbones', () => {
  it('picks the feature-like output by default and extracts rows x cols', async () => {
    const bb = await loadBackbone({ path: nchw.path });
    expect(bb.kind).toBe('onnx');
    expect(bb.layer).toBe('features');
    expect(bb.inputSize).toBe(4);
    const { data, rows, cols, errors } = await extractEmbeddings({ backbone: bb, items, batchSize: 2, onError: 'fail' });
    expect([rows, cols, errors.length]).toEqual([5, 6, 0]);
    const imgs = await imagesOf(4);
    for (let i = 0; i < 5; i++) {
      const h = hiddenOf(nchw, toNchw(imgs[i], 16));
      for (let j = 0; j < 6; j++) expect(data[i * 6 + j]).toBeCloseTo(Math.max(0, h[j]), 4);
    }
    await bb.dispose();
  });

  it('reads a named output, or an intermediate tensor made an output', async () => {
    const logits = await loadBackbone({ path: nchw.path, layer: 'logits' });
    expect((await extractEmbeddings({ backbone: logits, items, onError: 'fail' })).cols).toBe(3);
    await logits.dispose();
    const hidden = await loadBackbone({ path: nchw.path, layer: 'hidden' });
    expect(hidden.available).toEqual(expect.arrayContaining(['logits', 'features', 'hidden', 'flat']));
    const { data } = await extractEmbeddings({ backbone: hidden, items, onError: 'fail' });
    const imgs = await imagesOf(4);
    const h = hiddenOf(nchw, toNchw(imgs[0], 16));
    for (let j = 0; j < 6; j++) expect(data[j]).toBeCloseTo(h[j], 4);
    expect([...data].some((v) => v < 0)).toBe(true);
    await hidden.dispose();
  });

  it('names the available outputs when the requested one does not exist', async () => {
    const err = await loadBackbone({ path: nchw.path, layer: 'avgpool' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/"avgpool" does not exist/);
    expect((err as Error).message).toContain('"logits"');
    expect((err as Error).message).toContain('"hidden"');
  });

  it('handles NHWC inputs and fixed batch sizes', async () => {
    const imgs = await imagesOf(4);
    const a = await loadBackbone({ path: nhwc.path });
    const ea = await extractEmbeddings({ backbone: a, items, batchSize: 3, onError: 'fail' });
    const h = hiddenOf(nhwc, imgs[1]);
    for (let j = 0; j < 6; j++) expect(ea.data[6 + j]).toBeCloseTo(Math.max(0, h[j]), 4);
    await a.dispose();
    const b = await loadBackbone({ path: batch1.path });
    const eb = await extractEmbeddings({ backbone: b, items, batchSize: 3, onError: 'fail' });
    const ref = await loadBackbone({ path: nchw.path });
    const er = await extractEmbeddings({ backbone: ref, items, batchSize: 3, onError: 'fail' });
    expect(eb.data).toEqual(er.data);
    await b.dispose();
    await ref.dispose();
  });

  it('rejects a file that is not an ONNX model', async () => {
    const bad = join(dir, 'bad.onnx');
    await writeFile(bad, 'not a protobuf');
    await expect(loadBackbone({ path: bad })).rejects.toBeInstanceOf(InputError);
    await expect(loadBackbone({ path: join(dir, 'missing.onnx') })).rejects.toThrow(/does not exist/);
  });
});

describe('TF.js backbones', () => {
  it("loads a layers model, uses its 'embedding' layer and recorded preprocessing, without leaking tensors", async () => {
    const tf = await getTf();
    const before = tf.memory().numTensors;
    const bb = await loadBackbone({ path: cnnDir });
    expect(bb.kind).toBe('tfjs-layers');
    // On the CPU backends a plain CNN runs converted to ONNX.
    expect(bb.runtime).toBe('onnxruntime');
    expect(bb.layer).toBe('embedding');
    expect(bb.preprocess).toEqual({ size: 16, resize: 'center-crop', resizeTo: 16, normalization: 'half' });
    const duringLoad = tf.memory().numTensors;
    const e = await extractEmbeddings({ backbone: bb, items, batchSize: 2, onError: 'fail' });
    expect([e.rows, e.cols]).toEqual([5, 8]);
    expect(e.data.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(duringLoad);
    const logits = await loadBackbone({ path: join(cnnDir, 'model.json'), layer: 'logits' });
    expect((await extractEmbeddings({ backbone: logits, items, onError: 'fail' })).cols).toBe(2);
    await logits.dispose();
    // A feature map layer is average-pooled over space.
    const map = await loadBackbone({ path: cnnDir, layer: 's2b1_out' });
    const mapTfjs = await loadBackbone({ path: cnnDir, layer: 's2b1_out', runtime: 'tfjs' });
    expect(mapTfjs.runtime).toBe('tfjs');
    const em = await extractEmbeddings({ backbone: map, items, onError: 'fail' });
    const emt = await extractEmbeddings({ backbone: mapTfjs, items, onError: 'fail' });
    expect(em.cols).toBe(8);
    for (let k = 0; k < em.data.length; k++) expect(em.data[k]).toBeCloseTo(emt.data[k], 5);
    await map.dispose();
    await mapTfjs.dispose();
    await bb.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lists the layers when the requested layer does not exist', async () => {
    const err = await loadBackbone({ path: cnnDir, layer: 'fc7' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/Layer "fc7" does not exist/);
    expect((err as Error).message).toContain('"embedding"');
    expect((err as Error).message).toContain('"stem_conv"');
  });

  it('explains a model.json that does not load', async () => {
    const bad = join(dir, 'bad');
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, 'model.json'), '{ not json');
    await expect(loadBackbone({ path: bad })).rejects.toThrow(/not valid JSON/);
    await writeFile(join(bad, 'model.json'), JSON.stringify({ hello: 'world' }));
    await expect(loadBackbone({ path: bad })).rejects.toThrow(/modelTopology/);
    const noWeights = join(dir, 'noweights');
    await mkdir(noWeights, { recursive: true });
    const json = JSON.parse(await (await import('node:fs/promises')).readFile(join(cnnDir, 'model.json'), 'utf8'));
    await writeFile(join(noWeights, 'model.json'), JSON.stringify(json));
    const err = await loadBackbone({ path: noWeights }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/weights\.bin/);
  });

  it('loads a graph model and reads any node', async () => {
    const g = join(dir, 'graph');
    await mkdir(g, { recursive: true });
    const w = new Float32Array(48 * 5).map((_, i) => Math.sin(i));
    const shape = new Int32Array([-1, 48]);
    const node = (name: string, op: string, input: string[], attr: Record<string, unknown>) => ({ name, op, input, attr });
    const tensorAttr = (dtype: string, dims: number[]) => ({
      dtype: { type: dtype },
      value: { tensor: { dtype, tensorShape: { dim: dims.map((d) => ({ size: String(d) })) } } },
    });
    const modelJson = {
      format: 'graph-model',
      generatedBy: 'faultline-tests',
      convertedBy: 'hand',
      modelTopology: {
        node: [
          node('image', 'Placeholder', [], { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '4' }, { size: '4' }, { size: '3' }] } } }),
          node('shape', 'Const', [], tensorAttr('DT_INT32', [2])),
          node('w', 'Const', [], tensorAttr('DT_FLOAT', [48, 5])),
          node('flat', 'Reshape', ['image', 'shape'], { T: { type: 'DT_FLOAT' } }),
          node('pool', 'MatMul', ['flat', 'w'], { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } }),
          node('out', 'Relu', ['pool'], { T: { type: 'DT_FLOAT' } }),
        ],
        versions: { producer: 1 },
      },
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'shape', shape: [2], dtype: 'int32' }, { name: 'w', shape: [48, 5], dtype: 'float32' }] }],
    };
    await writeFile(join(g, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(g, 'w.bin'), Buffer.concat([Buffer.from(shape.buffer), Buffer.from(w.buffer)]));
    const out = await loadBackbone({ path: g, inputSize: 4 });
    expect(out.kind).toBe('tfjs-graph');
    expect(out.layer).toBe('out');
    const eo = await extractEmbeddings({ backbone: out, items, onError: 'fail' });
    expect([eo.rows, eo.cols]).toEqual([5, 5]);
    expect(eo.data.every((v) => v >= 0)).toBe(true);
    const pool = await loadBackbone({ path: g, layer: 'pool' });
    const ep = await extractEmbeddings({ backbone: pool, items, onError: 'fail' });
    for (let k = 0; k < ep.data.length; k++) expect(eo.data[k]).toBeCloseTo(Math.max(0, ep.data[k]), 5);
    await expect(loadBackbone({ path: g, layer: 'nope' })).rejects.toThrow(/Node "nope" does not exist.*"out"/);
    await out.dispose();
    await pool.dispose();
  });
});

describe('extractEmbeddings', () => {
  it('keeps rows aligned: skipped images give NaN rows and an error', async () => {
    const bad = join(dir, 'bad.png');
    await writeFile(bad, 'nope');
    const bb = await loadBackbone({ path: nchw.path });
    const list = [items[0], { path: bad }, items[2]];
    const progress: number[] = [];
    const e = await extractEmbeddings({ backbone: bb, items: list, batchSize: 2, onError: 'skip', onProgress: (p) => progress.push(p.done) });
    expect(e.rows).toBe(3);
    expect(e.errors.map((x) => x.index)).toEqual([1]);
    expect(e.data.subarray(6, 12).every(Number.isNaN)).toBe(true);
    expect(e.data.subarray(0, 6).every(Number.isFinite)).toBe(true);
    expect(progress[progress.length - 1]).toBe(3);
    await expect(extractEmbeddings({ backbone: bb, items: list, onError: 'fail' })).rejects.toThrow(bad);
    await bb.dispose();
  });

  it('stops when aborted', async () => {
    const bb = await loadBackbone({ path: nchw.path });
    const ctl = new AbortController();
    const err = await extractEmbeddings({ backbone: bb, items, batchSize: 1, onError: 'fail', signal: ctl.signal, onProgress: () => ctl.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    await bb.dispose();
  });

  it('checks that the preprocessing matches the backbone input', async () => {
    const bb = await loadBackbone({ path: nchw.path });
    await expect(extractEmbeddings({ backbone: bb, items, preprocess: { size: 8, resize: 'squash', normalization: 'half' }, onError: 'fail' })).rejects.toThrow(/takes 4 px/);
    await bb.dispose();
  });
});
