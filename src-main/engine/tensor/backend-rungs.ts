// The real rungs of the backend ladder. Native packages are optional dependencies that npm drops
// where their install script cannot fetch libtensorflow, so each is probed before it is imported:
// importing a half-installed tfjs-node registers its kernels before it notices the missing addon,
// and a second attempt (the -gpu build, then the CPU build) would then warn once per kernel.
//
// Enabling them: their install scripts (which download libtensorflow 2.9.1) are kept out of
// package.json's allowScripts. Set "@tensorflow/tfjs-node": true (or "-gpu") there and run
// `npm rebuild @tensorflow/tfjs-node`; the GPU build also needs CUDA 11.2 and cuDNN 8.1 at run time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import type { BackendName } from './backend-preference.ts';
import type { Rung, RungResult } from './backend-ladder.ts';
import { reasonOf } from './backend-ladder.ts';
import { coreCount, cpuModel } from './cpu-facts.ts';

export type Tf = typeof tfjs;

const require = createRequire(import.meta.url);

/** Directory of an installed package, or null when npm dropped it. */
function packageDir(pkg: string): string | null {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
}

/** node-pre-gyp puts the addon at lib/napi-v<N>/tfjs_binding.node once the install script ran. */
function findTfjsBinding(dir: string): string | null {
  const lib = join(dir, 'lib');
  if (!existsSync(lib)) return null;
  for (const entry of readdirSync(lib)) {
    const candidate = join(lib, entry, 'tfjs_binding.node');
    if (entry.startsWith('napi-v') && existsSync(candidate)) return candidate;
  }
  return null;
}

async function importTfjsNode(pkg: string): Promise<Tf> {
  const dir = packageDir(pkg);
  if (!dir) throw new Error('not installed');
  if (!findTfjsBinding(dir)) {
    throw new Error(
      `native addon missing: lib/napi-v*/tfjs_binding.node was never built (its install script, which ` +
        `fetches libtensorflow, did not run; \`npm rebuild ${pkg}\` with the script allowed)`,
    );
  }
  try {
    // A variable specifier keeps bundlers and tsc from requiring the optional package to exist.
    const specifier = pkg;
    const mod = (await import(specifier)) as { default?: Tf } & Tf;
    // tfjs-node is CommonJS whose exports re-export the same @tensorflow/tfjs it requires (one
    // tfjs-core, one engine) plus `tf.node`; that object is what callers must get as `tf`.
    return mod.default ?? mod;
  } catch (error) {
    throw new Error(`native addon failed to load: ${reasonOf(error)}`);
  }
}

function gpuName(): string {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const names = out.split('\n').map((s) => s.trim()).filter(Boolean);
    if (names.length > 0) return names.length === 1 ? names[0]! : `${names[0]} (x${names.length})`;
  } catch {
    // nvidia-smi is not always on PATH (containers); the generic name is still true.
  }
  return 'CUDA GPU';
}

function cpuDevice(detail: string): string {
  const cores = coreCount();
  return `CPU (${cpuModel()}, ${cores} core${cores === 1 ? '' : 's'}; ${detail})`;
}

async function activate(tf: Tf, name: string): Promise<void> {
  // setBackend resolves false (it does not throw) when the backend's factory fails.
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the "${name}" backend failed to initialise`);
  await tf.ready();
}

/**
 * Builds the rungs. They share state because tfjs-node-gpu, once loaded without a visible GPU,
 * still runs libtensorflow on the CPU: the 'tensorflow' rung then reuses it, since loading the CPU
 * build as well would put two libtensorflow copies and two 'tensorflow' backends in one process.
 */
export function realRungs(): Record<BackendName, Rung<Tf>> {
  let gpuPackageOnCpu: Tf | null = null;

  return {
    'tensorflow-gpu': async (): Promise<RungResult<Tf>> => {
      const tf = await importTfjsNode('@tensorflow/tfjs-node-gpu');
      await activate(tf, 'tensorflow');
      const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
      if (!backend.isUsingGpuDevice) {
        gpuPackageOnCpu = tf;
        throw new Error('no CUDA device visible to libtensorflow (check the driver, CUDA 11.2 and cuDNN 8.1)');
      }
      return { tf, device: `${gpuName()} (CUDA, libtensorflow)` };
    },
    tensorflow: async (): Promise<RungResult<Tf>> => {
      if (gpuPackageOnCpu) {
        await activate(gpuPackageOnCpu, 'tensorflow');
        return { tf: gpuPackageOnCpu, device: cpuDevice('libtensorflow from tfjs-node-gpu, no GPU') };
      }
      const tf = await importTfjsNode('@tensorflow/tfjs-node');
      await activate(tf, 'tensorflow');
      return { tf, device: cpuDevice('libtensorflow') };
    },
    wasm: async (): Promise<RungResult<Tf>> => {
      let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
      try {
        wasm = await import('@tensorflow/tfjs-backend-wasm');
      } catch (error) {
        throw new Error(`not loadable: ${reasonOf(error)}`);
      }
      // Must precede the backend's first initialisation. Under Node tfjs-wasm 4.x ignores it and
      // runs one thread (WASM_HAS_MULTITHREAD_SUPPORT is false there, tfjs issue #3830); in
      // Chromium with cross-origin isolation it uses them.
      wasm.setThreadsCount(coreCount());
      await activate(tfjs, 'wasm');
      const simd = Boolean(await tfjs.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = wasm.getThreadsCount();
      return {
        tf: tfjs,
        device: cpuDevice(`wasm${simd ? ' SIMD' : ' without SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`),
      };
    },
    cpu: async (): Promise<RungResult<Tf>> => {
      await activate(tfjs, 'cpu');
      return { tf: tfjs, device: cpuDevice('pure-JS kernels') };
    },
  };
}
