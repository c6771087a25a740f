// onnxruntime-node kernels. Each graph gets one session (its dimensions are symbolic, so one
// session serves every shape), created on first use and kept for the process.
import type { InferenceSession } from 'onnxruntime-node';
import { reasonOf } from '../backend-ladder.ts';
import { coreCount } from '../cpu-facts.ts';
import { matmulModel, squaredDistanceModel } from '../onnx-graphs.ts';
import type { Ort, OrtStatus } from '../ort-loader.ts';
import type { DenseEngine } from './dense-engine.ts';

type GraphKey = 'matmul' | 'squared-distances' | 'distances';

const MODELS: Record<GraphKey, () => Uint8Array> = {
  matmul: matmulModel,
  'squared-distances': () => squaredDistanceModel(false),
  distances: () => squaredDistanceModel(true),
};

export interface OrtEngine extends DenseEngine {
  /** Providers the sessions actually run on, and why CUDA was not used (when it was not). */
  readonly providers: () => { used: string[]; cudaSkipped: string | null };
}

export function createOrtEngine(status: Extract<OrtStatus, { ok: true }>): OrtEngine {
  const { ort, version } = status;
  const threads = coreCount();
  const cudaReady = status.providers.some((p) => p.name === 'cuda' && p.available);
  let cudaSkipped: string | null = cudaReady ? null : 'CUDA provider not installed';
  let used: string[] = cudaReady ? ['cuda', 'cpu'] : ['cpu'];
  const sessions = new Map<GraphKey, Promise<InferenceSession>>();

  const options = (providers: string[]): InferenceSession.SessionOptions => ({
    executionProviders: providers,
    // Intra-op threads do the GEMM; the graphs are chains, so inter-op parallelism has nothing to do.
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });

  async function create(ortModule: Ort, key: GraphKey): Promise<InferenceSession> {
    const bytes = MODELS[key]();
    if (used.includes('cuda')) {
      try {
        return await ortModule.InferenceSession.create(bytes, options(used));
      } catch (error) {
        // Libraries present but no usable GPU (or mismatched CUDA/cuDNN): the CPU provider still works.
        cudaSkipped = `CUDA provider failed: ${reasonOf(error)}`;
        used = ['cpu'];
      }
    }
    return ortModule.InferenceSession.create(bytes, options(used));
  }

  function session(key: GraphKey): Promise<InferenceSession> {
    let s = sessions.get(key);
    if (!s) {
      s = create(ort, key);
      // A failed creation must not stay cached as a rejected promise.
      s.catch(() => sessions.delete(key));
      sessions.set(key, s);
    }
    return s;
  }

  const tensor = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);

  async function runOne(key: GraphKey, feeds: Record<string, InstanceType<Ort['Tensor']>>, output: string): Promise<Float32Array> {
    const s = await session(key);
    const result = await s.run(feeds);
    const out = result[output];
    if (!out || !(out.data instanceof Float32Array)) throw new Error(`onnxruntime returned no float32 "${output}"`);
    return out.data;
  }

  return {
    name: 'onnxruntime',
    get description() {
      return `onnxruntime-node ${version} (${used.join('+')} EP, ${threads} intra-op thread${threads === 1 ? '' : 's'})`;
    },
    providers: () => ({ used: [...used], cudaSkipped }),
    matmul: (a, aRows, aCols, b, bCols) =>
      runOne('matmul', { a: tensor(a, [aRows, aCols]), b: tensor(b, [aCols, bCols]) }, 'c'),
    distances: (a, aRows, b, sqrt) =>
      runOne(
        sqrt ? 'distances' : 'squared-distances',
        {
          a: tensor(a, [aRows, b.dim]),
          mu: tensor(b.center, [1, b.dim]),
          bc: tensor(b.centered, [b.rows, b.dim]),
          b2: tensor(b.squaredNorms, [1, b.rows]),
        },
        'd',
      ),
  };
}
