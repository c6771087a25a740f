// ONNX backbones run with onnxruntime-node. Features come from a graph output; an intermediate
// tensor (say "avgpool" in a model exported with only logits) is made an output by adding it to
// the graph before the session is created. Inputs may be NCHW (PyTorch exports) or NHWC.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { InputError } from '../../../src-shared/errors.ts';
import { listSome } from '../data/file-errors.ts';
import { backbonePreprocess, pickFeatureOutput, type Backbone, type BackboneSpec } from './backbone.ts';
import { reduceFeatureOutput, type FeatureBatch } from './feature-output.ts';

const { onnx } = onnxProto;

export async function loadOnnxBackbone(spec: BackboneSpec): Promise<Backbone> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(spec.path);
  } catch (e) {
    throw new InputError(`ONNX model ${spec.path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, { file: spec.path });
  }
  let session = await createSession(spec.path, bytes);
  const outputs = [...session.outputNames];
  let layer = spec.layer ?? pickFeatureOutput(outputs);
  let available = outputs;
  if (!outputs.includes(layer)) {
    const graph = decodeModel(spec.path, bytes).graph;
    const intermediates = (graph?.node ?? []).flatMap((n) => n.output ?? []).filter((o) => o && !outputs.includes(o));
    available = [...outputs, ...intermediates];
    if (!intermediates.includes(layer)) {
      await session.release();
      throw new InputError(
        `Output "${layer}" does not exist in ${spec.path}. Its outputs are ${listSome(outputs)}; intermediate tensors: ${listSome(intermediates, 40)}.`,
        { file: spec.path },
      );
    }
    await session.release();
    session = await createSession(spec.path, withExtraOutput(spec.path, bytes, layer));
  }

  const meta = session.inputMetadata[0];
  if (!meta || !meta.isTensor) throw new InputError(`${spec.path} has no tensor input.`, { file: spec.path });
  if (meta.type !== 'float32') {
    await session.release();
    throw new InputError(`${spec.path} takes ${meta.type} input; only float32 image inputs are supported.`, { file: spec.path });
  }
  const shape = meta.shape;
  if (shape.length !== 4) {
    await session.release();
    throw new InputError(`${spec.path} takes a rank-${shape.length} input; image backbones take [batch, 3, H, W] or [batch, H, W, 3].`, {
      file: spec.path,
    });
  }
  const layout = spec.layout ?? (shape[1] === 3 ? 'nchw' : shape[3] === 3 ? 'nhwc' : 'nchw');
  const [h, w] = layout === 'nchw' ? [shape[2], shape[3]] : [shape[1], shape[2]];
  const inputSize = typeof h === 'number' && h > 0 ? h : (spec.inputSize ?? 224);
  if (typeof w === 'number' && w > 0 && w !== inputSize) {
    await session.release();
    throw new InputError(`${spec.path} takes ${w}x${inputSize} images; only square inputs are supported.`, { file: spec.path });
  }
  // A fixed batch dimension (often 1 in exports) means running the images in chunks of that size.
  const fixedBatch = typeof shape[0] === 'number' && shape[0] > 0 ? shape[0] : null;
  const inputName = meta.name;
  const live = session;

  const runChunk = async (images: Float32Array, n: number): Promise<FeatureBatch> => {
    const px = inputSize * inputSize;
    const data = layout === 'nchw' ? toNchw(images, n, px) : images.subarray(0, n * px * 3);
    const dims = layout === 'nchw' ? [n, 3, inputSize, inputSize] : [n, inputSize, inputSize, 3];
    const feed = new ort.Tensor('float32', data, dims);
    const result = await live.run({ [inputName]: feed }, [layer]);
    const out = result[layer];
    try {
      return reduceFeatureOutput(out.data as Float32Array, out.dims as number[], n, layout);
    } finally {
      out.dispose?.();
    }
  };

  return {
    kind: 'onnx',
    runtime: 'onnxruntime',
    path: spec.path,
    layer,
    available,
    inputSize,
    preprocess: backbonePreprocess(spec, inputSize, 'imagenet'),
    embed: async (images, n) => {
      if (!fixedBatch || fixedBatch === n) return runChunk(images, n);
      const per = inputSize * inputSize * 3;
      const parts: FeatureBatch[] = [];
      for (let s = 0; s < n; s += fixedBatch) {
        const m = Math.min(fixedBatch, n - s);
        // A short last chunk is padded to the fixed batch and the padding rows dropped.
        const chunk = new Float32Array(fixedBatch * per);
        chunk.set(images.subarray(s * per, (s + m) * per));
        const f = await runChunk(chunk, fixedBatch);
        parts.push({ data: f.data.subarray(0, m * f.cols), cols: f.cols });
      }
      const cols = parts[0]?.cols ?? 0;
      const data = new Float32Array(n * cols);
      parts.forEach((p, i) => data.set(p.data, i * fixedBatch * cols));
      return { data, cols };
    },
    dispose: async () => live.release(),
  };
}

async function createSession(path: string, model: string | Uint8Array): Promise<ort.InferenceSession> {
  try {
    return typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  } catch (e) {
    throw new InputError(`ONNX model ${path} could not be loaded: ${(e as Error).message}`, { file: path });
  }
}

function decodeModel(path: string, bytes: Uint8Array): InstanceType<typeof onnx.ModelProto> {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new InputError(`${path} is not a valid ONNX model: ${(e as Error).message}`, { file: path });
  }
}

/** The model with `name` added as a float graph output (shape left for the runtime to infer). */
function withExtraOutput(path: string, bytes: Uint8Array, name: string): Uint8Array {
  const model = decodeModel(path, bytes);
  if (!model.graph) throw new InputError(`${path} has no graph.`, { file: path });
  model.graph.output ??= [];
  model.graph.output.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }));
  return onnx.ModelProto.encode(model).finish();
}

function toNchw(images: Float32Array, n: number, px: number): Float32Array {
  const out = new Float32Array(n * 3 * px);
  for (let b = 0; b < n; b++) {
    const src = b * px * 3;
    const dst = b * px * 3;
    for (let p = 0; p < px; p++) {
      out[dst + p] = images[src + 3 * p];
      out[dst + px + p] = images[src + 3 * p + 1];
      out[dst + 2 * px + p] = images[src + 3 * p + 2];
    }
  }
  return out;
}
