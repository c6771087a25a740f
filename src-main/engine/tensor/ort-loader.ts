// Loads onnxruntime-node once per process and says which execution providers can really run.
//
// GPU users: onnxruntime-node bundles only the CPU provider. Its postinstall script downloads the
// CUDA 12 provider (libonnxruntime_providers_cuda.so, _shared.so, _tensorrt.so from the NuGet
// package Microsoft.ML.OnnxRuntime.Gpu.Linux) into node_modules/onnxruntime-node/bin/napi-v6/linux/x64/,
// but package.json keeps that script out of allowScripts, so it never runs on install. To enable it:
//   node node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install=cuda12
// (or `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` after setting
// "onnxruntime-node": true in allowScripts). It needs network access to api.nuget.org and, at run
// time, the CUDA 12 and cuDNN 9 libraries on the loader path. Once those files exist the kernels
// try the 'cuda' provider first and fall back to 'cpu', recording why (see `faultline doctor`).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as OrtTypes from 'onnxruntime-node';
import { reasonOf } from './backend-ladder.ts';

export type Ort = typeof OrtTypes;

export interface ExecutionProviderStatus {
  name: string;
  /** True when the provider is compiled in and its libraries are present. */
  available: boolean;
  note: string;
}

export type OrtStatus =
  | { ok: true; ort: Ort; version: string; providers: ExecutionProviderStatus[] }
  | { ok: false; reason: string };

const require = createRequire(import.meta.url);
let loading: Promise<OrtStatus> | null = null;

/** Providers whose shared library ships separately (downloaded by the install script). */
const PROVIDER_LIBRARY: Record<string, string> = {
  cuda: 'libonnxruntime_providers_cuda.so',
  tensorrt: 'libonnxruntime_providers_tensorrt.so',
};

function binaryDir(): string | null {
  try {
    const root = dirname(require.resolve('onnxruntime-node/package.json'));
    return join(root, 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null;
  }
}

function providerStatuses(ort: Ort): ExecutionProviderStatus[] {
  const dir = binaryDir();
  return ort.listSupportedBackends().map(({ name, bundled }) => {
    if (bundled) return { name, available: true, note: name === 'cpu' ? 'bundled' : 'bundled; not used by the kernels' };
    const lib = PROVIDER_LIBRARY[name];
    const present = Boolean(dir && lib && existsSync(join(dir, lib)));
    return {
      name,
      available: present,
      note: present
        ? `installed (${lib})`
        : `not installed: run node node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install=cuda12`,
    };
  });
}

export function loadOrt(): Promise<OrtStatus> {
  loading ??= (async (): Promise<OrtStatus> => {
    try {
      const mod = (await import('onnxruntime-node')) as Ort & { default?: Ort };
      const ort = mod.default ?? mod;
      // Our graphs are tiny and well-formed; ORT's warnings (e.g. about unused initialisers) are noise.
      ort.env.logLevel = 'error';
      const version = ort.env.versions?.node ?? ort.env.versions?.common ?? 'unknown';
      return { ok: true, ort, version, providers: providerStatuses(ort) };
    } catch (error) {
      return { ok: false, reason: `onnxruntime-node failed to load: ${reasonOf(error)}` };
    }
  })();
  return loading;
}
