// Converts a TF.js layers model built from plain CNN layers (the in-app CNN, or any model of the
// same vocabulary) into an ONNX graph, so inference runs on onnxruntime-node: multi-threaded
// MLAS kernels, several times faster than single-threaded tfjs wasm on the same CPU. Training
// stays in tfjs; only extraction and prediction take this path. Every layer output becomes a
// tensor of the same name, so the feature layer keeps its name ("embedding").
// Layout: the ONNX input is NHWC like the tfjs model (a Transpose feeds the NCHW convolutions)
// and feature maps are transposed back only where they are graph outputs.
import type * as tfType from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT = onnx.AttributeProto.AttributeType.INT;
const INTS = onnx.AttributeProto.AttributeType.INTS;
const FLOAT_ATTR = onnx.AttributeProto.AttributeType.FLOAT;

type Layer = tfType.layers.Layer;
type Node = InstanceType<typeof onnx.NodeProto>;
type Init = InstanceType<typeof onnx.TensorProto>;

/** Why a model cannot be converted; callers fall back to running it with tfjs. */
export class UnsupportedLayerError extends Error {}

/**
 * The ONNX model for `model`, with graph outputs `outputs` (layer names; default the model's
 * outputs). Throws UnsupportedLayerError for layers outside the supported set.
 */
export function layersToOnnx(model: tfType.LayersModel, outputs?: readonly string[]): Uint8Array {
  if (model.inputs.length !== 1) throw new UnsupportedLayerError('models with several inputs are not converted');
  const nodes: Node[] = [];
  const inits: Init[] = [];
  // Rank of each layer's output (4 = NCHW feature map inside the graph, 2 = vectors).
  const rank = new Map<string, number>();
  const inputName = model.inputLayers[0].name;
  const inShape = model.inputs[0].shape;
  if (inShape.length !== 4) throw new UnsupportedLayerError('only image (rank-4) inputs are converted');

  const attr = (name: string, v: number | number[] | { f: number }): InstanceType<typeof onnx.AttributeProto> =>
    Array.isArray(v)
      ? onnx.AttributeProto.create({ name, ints: v, type: INTS })
      : typeof v === 'number'
        ? onnx.AttributeProto.create({ name, i: v, type: INT })
        : onnx.AttributeProto.create({ name, f: v.f, type: FLOAT_ATTR });
  const node = (opType: string, input: string[], output: string, attrs: InstanceType<typeof onnx.AttributeProto>[] = []): void => {
    nodes.push(onnx.NodeProto.create({ opType, input, output: [output], name: output, attribute: attrs }));
  };
  const init = (name: string, dims: number[], data: Float32Array): string => {
    inits.push(onnx.TensorProto.create({ name, dataType: FLOAT, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }));
    return name;
  };

  // The model's input layer name names the NHWC graph input; its NCHW view feeds the layers.
  node('Transpose', [`${inputName}__nhwc`], inputName, [attr('perm', [0, 3, 1, 2])]);
  rank.set(inputName, 4);

  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'InputLayer') continue;
    const inputs = layer.inboundNodes[0]?.inboundLayers.map((l: Layer) => l.name) ?? [];
    const cfg = layer.getConfig() as Record<string, unknown>;
    const weights = layer.getWeights().map((w) => w.dataSync() as Float32Array);
    const name = layer.name;
    const r = rank.get(inputs[0]) ?? 0;
    switch (cls) {
      case 'Conv2D': {
        if (r !== 4) throw new UnsupportedLayerError(`${name}: convolution of a non-image tensor`);
        const [kh, kw] = asPair(cfg.kernelSize);
        const [sh, sw] = asPair(cfg.strides);
        if (asPair(cfg.dilationRate ?? 1).some((d) => d !== 1)) throw new UnsupportedLayerError(`${name}: dilated convolution`);
        if (cfg.dataFormat === 'channelsFirst') throw new UnsupportedLayerError(`${name}: channels-first convolution`);
        const inSh = (layer.input as tfType.SymbolicTensor).shape as number[];
        const [ci, co] = [inSh[3], cfg.filters as number];
        const pads = cfg.padding === 'same' ? samePads(inSh[1], inSh[2], kh, kw, sh, sw) : [0, 0, 0, 0];
        const wName = init(`${name}/W`, [co, ci, kh, kw], transposeKernel(weights[0], kh, kw, ci, co));
        const ins = [inputs[0], wName];
        if (cfg.useBias) ins.push(init(`${name}/B`, [co], weights[1]));
        const pre = activationName(cfg.activation, name);
        node('Conv', ins, pre, [attr('kernel_shape', [kh, kw]), attr('strides', [sh, sw]), attr('pads', pads)]);
        applyActivation(cfg.activation, pre, name, node);
        rank.set(name, 4);
        break;
      }
      case 'BatchNormalization': {
        if (cfg.center === false || cfg.scale === false) throw new UnsupportedLayerError(`${name}: batch norm without centre or scale`);
        const axis = cfg.axis as number | number[];
        if (!(axis === -1 || axis === r - 1 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === r - 1)))) {
          throw new UnsupportedLayerError(`${name}: batch norm over a non-channel axis`);
        }
        const c = weights[0].length;
        const ins = [inputs[0], init(`${name}/scale`, [c], weights[0]), init(`${name}/B`, [c], weights[1]), init(`${name}/mean`, [c], weights[2]), init(`${name}/var`, [c], weights[3])];
        node('BatchNormalization', ins, name, [attr('epsilon', { f: cfg.epsilon as number })]);
        rank.set(name, r);
        break;
      }
      case 'ReLU':
        if (cfg.maxValue != null || (cfg.threshold as number | undefined)) throw new UnsupportedLayerError(`${name}: clipped ReLU`);
        node('Relu', [inputs[0]], name);
        rank.set(name, r);
        break;
      case 'Activation':
        applyActivation(cfg.activation, inputs[0], name, node, true);
        rank.set(name, r);
        break;
      case 'Add':
        node('Sum', inputs, name);
        rank.set(name, r);
        break;
      case 'GlobalAveragePooling2D': {
        if (r !== 4) throw new UnsupportedLayerError(`${name}: pooling of a non-image tensor`);
        node('GlobalAveragePool', [inputs[0]], `${name}__pooled`);
        node('Flatten', [`${name}__pooled`], name, [attr('axis', 1)]);
        rank.set(name, 2);
        break;
      }
      case 'Flatten': {
        if (r === 4) throw new UnsupportedLayerError(`${name}: flattening a feature map (channel order differs)`);
        node('Flatten', [inputs[0]], name, [attr('axis', 1)]);
        rank.set(name, 2);
        break;
      }
      case 'Dense': {
        if (r !== 2) throw new UnsupportedLayerError(`${name}: dense layer on a rank-${r} tensor`);
        const units = cfg.units as number;
        const inDim = weights[0].length / units;
        const ins = [inputs[0], init(`${name}/W`, [inDim, units], weights[0])];
        ins.push(cfg.useBias === false ? init(`${name}/B`, [units], new Float32Array(units)) : init(`${name}/B`, [units], weights[1]));
        const pre = activationName(cfg.activation, name);
        node('Gemm', ins, pre);
        applyActivation(cfg.activation, pre, name, node);
        rank.set(name, 2);
        break;
      }
      case 'Dropout':
        node('Identity', [inputs[0]], name);
        rank.set(name, r);
        break;
      default:
        throw new UnsupportedLayerError(`${name}: layer type ${cls} is not converted`);
    }
  }

  const wanted = outputs ?? model.outputLayers.map((l) => l.name);
  const graphOutputs = wanted.map((o) => {
    const r = rank.get(o);
    if (r === undefined) throw new UnsupportedLayerError(`output ${o} is not a layer of the model`);
    if (r !== 4) return o;
    // Feature maps leave the graph channels-last, as tfjs gives them.
    node('Transpose', [o], `${o}__nhwc`, [attr('perm', [0, 2, 3, 1])]);
    return `${o}__nhwc`;
  });
  const valueInfo = (n: string, shape?: (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name: n,
      type: { tensorType: { elemType: FLOAT, ...(shape ? { shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } : {}) } },
    });
  const graph = onnx.GraphProto.create({
    name: model.name,
    node: nodes,
    initializer: inits,
    input: [valueInfo(`${inputName}__nhwc`, ['batch', inShape[1] as number, inShape[2] as number, inShape[3] as number])],
    output: graphOutputs.map((o) => valueInfo(o)),
  });
  const proto = onnx.ModelProto.create({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], producerName: 'faultline', graph });
  return onnx.ModelProto.encode(proto).finish();
}

/** The graph output name of a converted layer (feature maps get an NHWC suffix). */
export function convertedOutputName(layer: string, rankOfOutput: number): string {
  return rankOfOutput === 4 ? `${layer}__nhwc` : layer;
}

function asPair(v: unknown): [number, number] {
  return Array.isArray(v) ? [v[0] as number, (v[1] ?? v[0]) as number] : [v as number, v as number];
}

/** TF "same" padding (extra pixel at the bottom/right) as ONNX [top, left, bottom, right]. */
function samePads(h: number, w: number, kh: number, kw: number, sh: number, sw: number): number[] {
  const total = (size: number, k: number, s: number): number => Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
  const th = total(h, kh, sh);
  const tw = total(w, kw, sw);
  return [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
}

/** tfjs [KH, KW, Cin, Cout] -> ONNX [Cout, Cin, KH, KW]. */
function transposeKernel(k: Float32Array, kh: number, kw: number, ci: number, co: number): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = k[((y * kw + x) * ci + i) * co + o];
  return out;
}

function activationName(activation: unknown, name: string): string {
  return activation && activation !== 'linear' ? `${name}__pre` : name;
}

function applyActivation(activation: unknown, from: string, to: string, node: (op: string, i: string[], o: string) => void, always = false): void {
  if (!activation || activation === 'linear') {
    if (always) node('Identity', [from], to);
    return;
  }
  const op = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax' }[activation as string];
  if (!op) throw new UnsupportedLayerError(`activation ${String(activation)} is not converted`);
  node(op, [from], to);
}
