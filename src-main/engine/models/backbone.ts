// A backbone turns a batch of preprocessed images into feature vectors. Three kinds load from a
// local path: ONNX files (onnxruntime-node), TF.js layers models and TF.js graph models. Each
// knows its input size and the preprocessing it expects, so callers only choose the output.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../../src-shared/errors.ts';
import type { NormalizationSpec } from '../data/images/normalization.ts';
import type { PreprocessSpec } from '../data/images/preprocess.ts';

export interface BackboneSpec {
  /** A .onnx file, a TF.js model.json, or a folder holding model.json. */
  path: string;
  /** Output (ONNX), layer (TF.js layers) or node (TF.js graph) to read features from. */
  layer?: string;
  /** Input side when the model leaves it open (default 224). */
  inputSize?: number;
  /** Normalisation the model was trained with; default: the model's own metadata, else ImageNet. */
  normalization?: NormalizationSpec;
  resize?: PreprocessSpec['resize'];
  resizeTo?: number;
  /** ONNX only: force the input layout when the input shape does not show where channels are. */
  layout?: 'nchw' | 'nhwc';
  /** TF.js layers models only: run with tfjs, or converted to ONNX (default 'auto'). */
  runtime?: InferenceRuntime;
}

export type { FeatureBatch } from './feature-output.ts';
import type { FeatureBatch } from './feature-output.ts';

/** Which engine runs a TF.js model: 'auto' converts plain CNNs to ONNX on CPU backends. */
export type InferenceRuntime = 'auto' | 'tfjs' | 'onnxruntime';

export interface Backbone {
  kind: 'onnx' | 'tfjs-layers' | 'tfjs-graph';
  /** The engine that computes the features. */
  runtime: 'onnxruntime' | 'tfjs';
  path: string;
  /** The output features come from. */
  layer: string;
  /** Every name `layer` could be. */
  available: string[];
  inputSize: number;
  /** The preprocessing the model expects (size, resize, normalisation). */
  preprocess: PreprocessSpec;
  /**
   * Features of `n` images given as n x size x size x 3 normalised floats (NHWC). Feature maps
   * (rank 4) are averaged over space; any other rank is flattened per image.
   */
  embed(images: Float32Array, n: number): Promise<FeatureBatch>;
  dispose(): Promise<void>;
}

/** Loads the backbone a spec points at, dispatching on the file type. */
export async function loadBackbone(spec: BackboneSpec): Promise<Backbone> {
  const path = await resolveModelPath(spec.path);
  if (path.toLowerCase().endsWith('.onnx')) {
    const { loadOnnxBackbone } = await import('./onnx-backbone.ts');
    return loadOnnxBackbone({ ...spec, path });
  }
  const { loadTfjsBackbone } = await import('./tfjs-backbone.ts');
  return loadTfjsBackbone({ ...spec, path });
}

/** Default preprocessing for a backbone: torchvision's eval transform at its input size. */
export function backbonePreprocess(spec: BackboneSpec, inputSize: number, normalization: NormalizationSpec): PreprocessSpec {
  const resize = spec.resize ?? 'center-crop';
  // torchvision's classic eval transform resizes to 256 for a 224 crop: keep that ratio.
  const resizeTo = spec.resizeTo ?? (resize === 'center-crop' ? Math.round((inputSize * 256) / 224) : undefined);
  return { size: inputSize, resize, resizeTo, normalization: spec.normalization ?? normalization };
}

/** The default feature output among several: one named like a feature layer, else the last. */
export function pickFeatureOutput(names: readonly string[]): string {
  const featureLike = names.find((n) => /embed|feature|pool/i.test(n));
  return featureLike ?? names[names.length - 1];
}

async function resolveModelPath(path: string): Promise<string> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return join(path, 'model.json');
    return path;
  } catch {
    throw new InputError(`Model ${path} does not exist. Choose a .onnx file or a TF.js model.json.`, { file: path });
  }
}
