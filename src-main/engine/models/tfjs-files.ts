// TF.js model files on the local disk. Node has no tfjs-node here, so the file:// router does not
// exist: these IOHandlers read and write the standard layout (model.json + binary weight shards
// named in its weightsManifest) with node:fs, for layers and graph models alike.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { InputError } from '../../../src-shared/errors.ts';

type Tf = typeof tfType;

export const MODEL_JSON = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Writes model.json and one weights.bin into `dir` (created if missing). */
export function fileSaveHandler(tf: Tf, dir: string): tfType.io.IOHandler {
  return {
    async save(artifacts: tfType.io.ModelArtifacts): Promise<tfType.io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const weightData = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      const modelJson: tfType.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
        ...(artifacts.signature ? { signature: artifacts.signature } : {}),
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      // Weights first and model.json last, each via rename: a crash mid-save never leaves a
      // model.json that points at missing or half-written weights.
      await writeAtomic(join(dir, WEIGHTS_FILE), new Uint8Array(weightData));
      await writeAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(modelJson) };
    },
  };
}

/** Reads a model.json (layers or graph format) and the weight shards it lists. */
export function fileLoadHandler(tf: Tf, modelJsonPath: string): tfType.io.IOHandler {
  return {
    async load(): Promise<tfType.io.ModelArtifacts> {
      const modelJson = await readModelJson(modelJsonPath);
      const base = dirname(resolve(modelJsonPath));
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tfType.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const file = join(base, p);
            let bytes: Buffer;
            try {
              bytes = await readFile(file);
            } catch (e) {
              throw new InputError(
                `Weights file ${file}, listed in ${modelJsonPath}, cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}). Keep the weight files next to model.json.`,
                { file },
              );
            }
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** Parses and shape-checks a model.json; the error says which file and what is wrong. */
export async function readModelJson(modelJsonPath: string): Promise<tfType.io.ModelJSON> {
  let text: string;
  try {
    text = await readFile(modelJsonPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`;
    throw new InputError(`TF.js model file ${modelJsonPath} ${why}. Choose the model.json of a TF.js model.`, { file: modelJsonPath });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${modelJsonPath} is not valid JSON (${(e as Error).message}). Choose the model.json of a TF.js model.`, {
      file: modelJsonPath,
    });
  }
  const j = json as Partial<tfType.io.ModelJSON> | null;
  if (!j || typeof j !== 'object' || !j.modelTopology || !Array.isArray(j.weightsManifest)) {
    throw new InputError(
      `${modelJsonPath} is not a TF.js model.json: it needs "modelTopology" and "weightsManifest". Convert the model with tensorflowjs_converter.`,
      { file: modelJsonPath },
    );
  }
  return j as tfType.io.ModelJSON;
}

/** 'layers' or 'graph', from the format field or, for older files, the topology's shape. */
export function modelJsonKind(json: tfType.io.ModelJSON): 'layers' | 'graph' {
  if (json.format === 'graph-model') return 'graph';
  if (json.format === 'layers-model') return 'layers';
  const topo = json.modelTopology as Record<string, unknown>;
  return Array.isArray(topo.node) ? 'graph' : 'layers';
}

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

