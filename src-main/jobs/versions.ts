import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Bundled builds (electron-vite) may not find package.json files: that yields null, not a crash.
function versionOf(pkgJson: string): string | null {
  try {
    return (require(pkgJson) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Versions recorded in every run's provenance. */
export function collectVersions(): Record<string, string | null> {
  return {
    faultline: versionOf('../../package.json'),
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    tfjs: versionOf('@tensorflow/tfjs/package.json'),
    onnxruntime: versionOf('onnxruntime-node/package.json'),
    sharp: versionOf('sharp/package.json'),
  };
}
