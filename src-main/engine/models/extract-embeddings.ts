// Embedding extraction: streams the images through a backbone a batch at a time and fills an
// N x D matrix aligned with the items. Only the (prefetched) batches and the output matrix are
// in memory, never the images of the whole dataset. Rows of skipped images are NaN; `errors`
// says which and why, so callers can drop or report them.
import { InputError, throwIfAborted } from '../../../src-shared/errors.ts';
import type { ProgressUpdate } from '../analyses/types.ts';
import { imageBatches, type ImageItem, type ItemError } from '../data/images/image-batches.ts';
import type { MaskedVariant } from '../data/images/masks.ts';
import type { PreprocessSpec } from '../data/images/preprocess.ts';
import type { Backbone } from './backbone.ts';

export interface ExtractEmbeddingsOptions {
  backbone: Backbone;
  items: readonly ImageItem[];
  /** Defaults to the backbone's own preprocessing. */
  preprocess?: PreprocessSpec;
  batchSize?: number;
  /** Object-only or background-only images (needs every item's mask). */
  masked?: MaskedVariant;
  onError: 'skip' | 'fail';
  onProgress?: (p: ProgressUpdate) => void;
  signal?: AbortSignal;
  prefetch?: number;
  concurrency?: number;
}

export interface EmbeddingMatrix {
  /** rows x cols, row-major; row i belongs to items[i]. */
  data: Float32Array;
  rows: number;
  cols: number;
  errors: ItemError[];
}

export async function extractEmbeddings(opts: ExtractEmbeddingsOptions): Promise<EmbeddingMatrix> {
  const { backbone, items } = opts;
  const preprocess = opts.preprocess ?? backbone.preprocess;
  if (preprocess.size !== backbone.inputSize) {
    throw new InputError(`${backbone.path} takes ${backbone.inputSize} px images, but the preprocessing makes ${preprocess.size} px ones.`);
  }
  const rows = items.length;
  let data = new Float32Array(0);
  let cols = -1;
  const errors: ItemError[] = [];
  let done = 0;
  const batches = imageBatches(items, {
    batchSize: opts.batchSize ?? 64,
    preprocess,
    seed: 0,
    onError: opts.onError,
    masked: opts.masked,
    signal: opts.signal,
    prefetch: opts.prefetch,
    concurrency: opts.concurrency,
  });
  for await (const batch of batches) {
    throwIfAborted(opts.signal);
    errors.push(...batch.errors);
    const n = batch.indices.length;
    if (n > 0) {
      const f = await backbone.embed(batch.images, n);
      if (cols < 0) {
        cols = f.cols;
        // The matrix is sized once the first batch shows the feature width.
        data = new Float32Array(rows * cols).fill(Number.NaN);
      }
      for (let j = 0; j < n; j++) data.set(f.data.subarray(j * cols, (j + 1) * cols), batch.indices[j] * cols);
    }
    done += n + batch.errors.length;
    opts.onProgress?.({ stage: 'extract', done, total: rows, message: `${done} / ${rows} images` });
  }
  if (cols < 0) {
    if (rows > 0) throw new InputError(`None of the ${rows} images could be read; the first error: ${errors[0]?.message ?? 'unknown'}`);
    cols = 0;
  }
  return { data, rows, cols, errors };
}
