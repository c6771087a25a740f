// Builds tiny ONNX image models with onnx-proto for the backbone tests:
//   image [batch, 3, S, S] (or [batch, S, S, 3]) -> Flatten -> MatMul W1 -> "hidden"
//   -> Relu -> "features" -> MatMul W2 -> "logits"
// with graph outputs logits and features (in that order), so the default choice (a name like
// "features") differs from the last output.
import { writeFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface TinyOnnx {
  path: string;
  w1: Float32Array;
  w2: Float32Array;
  inputDim: number;
  hidden: number;
  classes: number;
}

export async function writeTinyOnnx(
  path: string,
  opts: { size: number; hidden: number; classes: number; layout?: 'nchw' | 'nhwc'; fixedBatch?: number },
): Promise<TinyOnnx> {
  const inputDim = 3 * opts.size * opts.size;
  const w1 = new Float32Array(inputDim * opts.hidden).map((_, i) => Math.sin(i * 0.37) * 0.1);
  const w2 = new Float32Array(opts.hidden * opts.classes).map((_, i) => Math.cos(i * 0.91));
  const F = onnx.TensorProto.DataType.FLOAT;
  const dim = (v: number | string) => (typeof v === 'number' ? { dimValue: v } : { dimParam: v });
  const batch = opts.fixedBatch ?? 'batch';
  const inShape = opts.layout === 'nhwc' ? [batch, opts.size, opts.size, 3] : [batch, 3, opts.size, opts.size];
  const valueInfo = (name: string, shape: (number | string)[]) =>
    onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: F, shape: { dim: shape.map(dim) } } } });
  const graph = onnx.GraphProto.create({
    name: 'tiny',
    node: [
      onnx.NodeProto.create({ opType: 'Flatten', input: ['image'], output: ['flat'], attribute: [{ name: 'axis', i: 1, type: onnx.AttributeProto.AttributeType.INT }] }),
      onnx.NodeProto.create({ opType: 'MatMul', input: ['flat', 'W1'], output: ['hidden'] }),
      onnx.NodeProto.create({ opType: 'Relu', input: ['hidden'], output: ['features'] }),
      onnx.NodeProto.create({ opType: 'MatMul', input: ['features', 'W2'], output: ['logits'] }),
    ],
    initializer: [
      onnx.TensorProto.create({ name: 'W1', dataType: F, dims: [inputDim, opts.hidden], floatData: [...w1] }),
      onnx.TensorProto.create({ name: 'W2', dataType: F, dims: [opts.hidden, opts.classes], floatData: [...w2] }),
    ],
    input: [valueInfo('image', inShape)],
    output: [valueInfo('logits', [batch, opts.classes]), valueInfo('features', [batch, opts.hidden])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 'faultline-tests', graph });
  await writeFile(path, onnx.ModelProto.encode(model).finish());
  return { path, w1, w2, inputDim, hidden: opts.hidden, classes: opts.classes };
}

/** The model's "hidden" (pre-ReLU) activations for one NCHW-flattened image, in plain loops. */
export function hiddenOf(m: TinyOnnx, flatNchw: Float32Array): Float32Array {
  const out = new Float32Array(m.hidden);
  for (let j = 0; j < m.hidden; j++) {
    let s = 0;
    for (let i = 0; i < m.inputDim; i++) s += flatNchw[i] * m.w1[i * m.hidden + j];
    out[j] = s;
  }
  return out;
}
