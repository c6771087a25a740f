// The dense kernels' ONNX graphs, built in memory with onnx-proto so no model files ship.
// Dimensions are symbolic, so one session per graph serves every shape.
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
/** Opset 17: ReduceSumSquare still takes `axes` as an attribute (it became an input in 18). */
const OPSET = 17;
const IR_VERSION = 8;

type Dim = string | number;

function valueInfo(name: string, dims: Dim[]): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function intsAttr(name: string, ints: number[]): Onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints };
}
function intAttr(name: string, i: number): Onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}
function floatAttr(name: string, f: number): Onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f };
}

function serialize(graph: Onnx.IGraphProto): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'faultline',
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** c[m,n] = a[m,k] @ b[k,n]. */
export function matmulModel(): Uint8Array {
  return serialize({
    name: 'faultline_matmul',
    node: [{ opType: 'MatMul', input: ['a', 'b'], output: ['c'] }],
    input: [valueInfo('a', ['m', 'k']), valueInfo('b', ['k', 'n'])],
    output: [valueInfo('c', ['m', 'n'])],
  });
}

/**
 * d[m,n] = max(0, |a_i - mu|^2 + b2_j - 2 (a_i - mu).bc_j), optionally square-rooted, where the
 * caller passes b already centred (bc = b - mu, mu = b's mean) with its squared norms b2.
 * Centring keeps the norms small, so the float32 cancellation in the expansion costs digits of the
 * data's spread, not of its offset from the origin (non-negative CNN features sit far from it).
 * b's side is prepared once per sweep instead of once per block. The clip removes the tiny
 * negatives the expansion can leave.
 */
export function squaredDistanceModel(sqrt: boolean): Uint8Array {
  const node: Onnx.INodeProto[] = [
    { opType: 'Sub', input: ['a', 'mu'], output: ['ac'] },
    { opType: 'ReduceSumSquare', input: ['ac'], output: ['a2'], attribute: [intsAttr('axes', [1]), intAttr('keepdims', 1)] },
    // Gemm adds a2 (broadcast over columns) inside the GEMM, saving one pass over the m x n block.
    {
      opType: 'Gemm',
      input: ['ac', 'bc', 'a2'],
      output: ['g'],
      attribute: [floatAttr('alpha', -2), floatAttr('beta', 1), intAttr('transB', 1)],
    },
    { opType: 'Add', input: ['g', 'b2'], output: ['s'] },
    { opType: 'Relu', input: ['s'], output: sqrt ? ['r'] : ['d'] },
  ];
  if (sqrt) node.push({ opType: 'Sqrt', input: ['r'], output: ['d'] });
  return serialize({
    name: sqrt ? 'faultline_distances' : 'faultline_squared_distances',
    node,
    input: [valueInfo('a', ['m', 'dim']), valueInfo('mu', [1, 'dim']), valueInfo('bc', ['n', 'dim']), valueInfo('b2', [1, 'n'])],
    output: [valueInfo('d', ['m', 'n'])],
  });
}
