// Minimal placeholder of the backend ladder: the compute-core work replaces the body, keeping
// `getTf()` and `backendInfo()` as the entry points every other engine module uses.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendInfo } from '../../../src-shared/api.ts';

let ready: Promise<typeof tf> | null = null;
let info: BackendInfo | null = null;

export function getTf(): Promise<typeof tf> {
  ready ??= (async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    info = { name: tf.getBackend(), device: 'CPU', skipped: [], kernels: 'tfjs' };
    return tf;
  })();
  return ready;
}

export function backendInfo(): BackendInfo | null {
  return info;
}
