// Trained models on disk: a folder with model.json + weights.bin (TF.js layers format) whose
// metadata records how to feed the model. Loading errors name the file and what to do.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { InputError } from '../../../src-shared/errors.ts';
import type { PreprocessSpec } from '../data/images/preprocess.ts';
import { getTf } from '../tensor/backend.ts';
import { faultlineMetadata, readFaultlineMetadata, type FaultlineModelMetadata } from './model-metadata.ts';
import { fileLoadHandler, fileSaveHandler, MODEL_JSON, modelJsonKind, readModelJson } from './tfjs-files.ts';

export interface LoadedCheckpoint {
  model: tfType.LayersModel;
  modelJsonPath: string;
  preprocess: PreprocessSpec | null;
  metadata: FaultlineModelMetadata | null;
}

/** Saves `model` into `dir` (model.json + weights.bin); returns the folder. */
export async function saveCheckpoint(model: tfType.LayersModel, dir: string, meta: FaultlineModelMetadata): Promise<string> {
  const tf = await getTf();
  // Through JSON so undefined fields vanish: tfjs accepts only plain JSON objects here.
  model.setUserDefinedMetadata(JSON.parse(JSON.stringify(faultlineMetadata(meta))) as object);
  await model.save(fileSaveHandler(tf, dir));
  return dir;
}

/** Loads a layers model from a folder or a model.json path. */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const tf = await getTf();
  const modelJsonPath = (await isDirectory(path)) ? join(path, MODEL_JSON) : path;
  const json = await readModelJson(modelJsonPath);
  if (modelJsonKind(json) !== 'layers') {
    throw new InputError(`${modelJsonPath} is a TF.js graph model; a classifier checkpoint must be a layers model.`, { file: modelJsonPath });
  }
  let model: tfType.LayersModel;
  try {
    model = await tf.loadLayersModel(fileLoadHandler(tf, modelJsonPath));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`TF.js model ${modelJsonPath} could not be loaded: ${(e as Error).message}`, { file: modelJsonPath });
  }
  const metadata = readFaultlineMetadata(json.userDefinedMetadata);
  return { model, modelJsonPath, preprocess: metadata?.preprocess ?? null, metadata };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
