// TF.js layers and graph models as backbones. Layers models expose any layer by name (a
// sub-model from the input to that layer); graph models expose any node by name.
import type * as tfType from '@tensorflow/tfjs';
import { InputError } from '../../../src-shared/errors.ts';
import { listSome } from '../data/file-errors.ts';
import { getTf } from '../tensor/backend.ts';
import { backbonePreprocess, pickFeatureOutput, type Backbone, type BackboneSpec } from './backbone.ts';
import type { FeatureBatch } from './feature-output.ts';
import { layersModelRunner, type ModelRunner } from './model-runner.ts';
import { EMBEDDING_LAYER } from './cnn.ts';
import { readFaultlineMetadata } from './model-metadata.ts';
import { fileLoadHandler, modelJsonKind, readModelJson } from './tfjs-files.ts';

type Tf = typeof tfType;

export async function loadTfjsBackbone(spec: BackboneSpec): Promise<Backbone> {
  const tf = await getTf();
  const json = await readModelJson(spec.path);
  const meta = readFaultlineMetadata(json.userDefinedMetadata);
  return modelJsonKind(json) === 'graph' ? loadGraph(tf, spec, json) : loadLayers(tf, spec, meta?.preprocess);
}

async function loadLayers(tf: Tf, spec: BackboneSpec, metaPreprocess: Backbone['preprocess'] | undefined): Promise<Backbone> {
  let model: tfType.LayersModel;
  try {
    model = await tf.loadLayersModel(fileLoadHandler(tf, spec.path));
  } catch (e) {
    throw loadError(spec.path, e);
  }
  const names = model.layers.map((l) => l.name);
  // The layer feeding the last one is the classic "penultimate" feature layer.
  const layerName = spec.layer ?? (names.includes(EMBEDDING_LAYER) ? EMBEDDING_LAYER : names[Math.max(0, names.length - 2)]);
  if (!names.includes(layerName)) {
    model.dispose();
    throw new InputError(`Layer "${layerName}" does not exist in ${spec.path}. Its layers are: ${listSome(names, 40)}.`, {
      file: spec.path,
    });
  }
  const output = model.getLayer(layerName).output;
  if (Array.isArray(output)) {
    model.dispose();
    throw new InputError(`Layer "${layerName}" of ${spec.path} has several outputs; choose a layer with one.`, { file: spec.path });
  }
  let inputSize: number;
  let runner: ModelRunner;
  try {
    inputSize = checkedInputSize(spec, model.inputs[0].shape);
    runner = await layersModelRunner(tf, model, layerName, spec.runtime);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const preprocess = metaPreprocess && !spec.normalization && !spec.resize ? metaPreprocess : backbonePreprocess(spec, inputSize, 'imagenet');
  // onnxruntime holds its own copy of the weights: the tfjs model can go now.
  const ownsModel = runner.runtime === 'tfjs';
  if (!ownsModel) model.dispose();
  return {
    kind: 'tfjs-layers',
    runtime: runner.runtime,
    path: spec.path,
    layer: layerName,
    available: names,
    inputSize,
    preprocess: { ...preprocess, size: inputSize },
    embed: (images, n) => runner.run(images, n),
    dispose: async () => {
      await runner.dispose();
      if (ownsModel) model.dispose();
    },
  };
}

async function loadGraph(tf: Tf, spec: BackboneSpec, json: tfType.io.ModelJSON): Promise<Backbone> {
  let model: tfType.GraphModel;
  try {
    model = await tf.loadGraphModel(fileLoadHandler(tf, spec.path));
  } catch (e) {
    throw loadError(spec.path, e);
  }
  const topo = json.modelTopology as { node?: { name: string; op: string }[] };
  const nodes = (topo.node ?? []).filter((n) => n.op !== 'Const').map((n) => n.name);
  const outputs = model.outputs.map((o) => o.name);
  const layerName = spec.layer ?? pickFeatureOutput(outputs);
  if (!nodes.includes(layerName) && !outputs.includes(layerName)) {
    model.dispose();
    throw new InputError(
      `Node "${layerName}" does not exist in ${spec.path}. Its outputs are ${listSome(outputs)}; other nodes: ${listSome(nodes, 40)}.`,
      { file: spec.path },
    );
  }
  const input = model.inputs[0];
  const inputSize = checkedInputSize(spec, input.shape ?? []);
  return {
    kind: 'tfjs-graph',
    runtime: 'tfjs',
    path: spec.path,
    layer: layerName,
    available: [...outputs, ...nodes.filter((n) => !outputs.includes(n))],
    inputSize,
    preprocess: backbonePreprocess(spec, inputSize, 'imagenet'),
    embed: async (images, n) => {
      const x = tf.tensor4d(images, [n, inputSize, inputSize, 3]);
      try {
        const y = await runGraph(model, { [input.name]: x }, layerName);
        const out = tf.tidy(() => pooled(tf, y));
        y.dispose();
        return readFeatures(out, n);
      } finally {
        x.dispose();
      }
    },
    dispose: async () => model.dispose(),
  };
}

const graphNeedsAsync = new WeakSet<tfType.GraphModel>();

/** execute() when the graph allows it; executeAsync() for graphs with control flow or dynamic shapes. */
async function runGraph(model: tfType.GraphModel, feed: tfType.NamedTensorMap, output: string): Promise<tfType.Tensor> {
  if (!graphNeedsAsync.has(model)) {
    try {
      return model.execute(feed, output) as tfType.Tensor;
    } catch (e) {
      if (!/executeAsync/.test((e as Error).message)) throw e;
      graphNeedsAsync.add(model);
    }
  }
  return (await model.executeAsync(feed, output)) as tfType.Tensor;
}

/** NHWC feature maps become their spatial mean; anything else is flattened per image. */
function pooled(tf: Tf, y: tfType.Tensor): tfType.Tensor2D {
  if (y.rank === 4) return tf.mean(y, [1, 2]) as tfType.Tensor2D;
  return tf.reshape(y, [y.shape[0], -1]) as tfType.Tensor2D;
}

async function readFeatures(out: tfType.Tensor2D, n: number): Promise<FeatureBatch> {
  try {
    const data = (await out.data()) as Float32Array;
    return { data, cols: n > 0 ? data.length / n : out.shape[1] };
  } finally {
    out.dispose();
  }
}

function checkedInputSize(spec: BackboneSpec, shape: readonly (number | null)[]): number {
  if (shape.length !== 4 || (shape[3] !== 3 && shape[3] !== null && shape[3] !== -1)) {
    throw new InputError(
      `${spec.path} takes input of shape [${shape.join(', ')}]; Faultline feeds RGB images as [batch, height, width, 3].`,
      { file: spec.path },
    );
  }
  const h = shape[1];
  const w = shape[2];
  if (typeof h === 'number' && h > 0 && typeof w === 'number' && w > 0) {
    if (h !== w) throw new InputError(`${spec.path} takes ${w}x${h} images; only square inputs are supported.`, { file: spec.path });
    return h;
  }
  return spec.inputSize ?? 224;
}

function loadError(path: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  return new InputError(`TF.js model ${path} could not be loaded: ${(e as Error).message ?? String(e)}`, { file: path });
}
