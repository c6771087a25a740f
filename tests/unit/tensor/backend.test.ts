import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { backendInfo, configureBackend, getTf } from '../../../src-main/engine/tensor/backend.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const run = promisify(execFile);

/** Whether a tfjs-node package here has its native addon (then the ladder would rightly pick it). */
function hasAddon(pkg: string): boolean {
  try {
    const lib = join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'lib');
    return existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}
const noNativeTf = !hasAddon('@tensorflow/tfjs-node') && !hasAddon('@tensorflow/tfjs-node-gpu');

interface ChildResult {
  ok: boolean;
  active?: string;
  info?: { name: string; device: string; skipped: { backend: string; reason: string }[]; kernels: string };
  name?: string;
  message?: string;
}

async function chooseInChild(env: Record<string, string>): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'print-backend.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ChildResult;
}

// In-process tests share one ladder choice, so they run in order: a failed forced choice first,
// then the automatic one it may be corrected to.
describe.sequential('backend ladder in this process', () => {
  it.runIf(noNativeTf)('forcing tensorflow (tfjs-node) fails with a clear message, then allows another choice', async () => {
    configureBackend({ preference: 'tensorflow' });
    const attempt = getTf();
    await expect(attempt).rejects.toThrow(/asks for the "tensorflow" backend \(@tensorflow\/tfjs-node\), but it is unavailable: native addon missing/);
    await expect(attempt).rejects.toThrow(/Choose another backend/);
    expect(backendInfo()).toBeNull();
    configureBackend({ preference: 'auto' });
  });

  it.runIf(noNativeTf)('picks wasm here and says why tensorflow-gpu and tensorflow were skipped', async () => {
    const prior = process.env.FAULTLINE_BACKEND;
    delete process.env.FAULTLINE_BACKEND;
    try {
      const tf = await getTf();
      expect(tf.getBackend()).toBe('wasm');
    } finally {
      if (prior !== undefined) process.env.FAULTLINE_BACKEND = prior;
    }
    const info = backendInfo()!;
    expect(info.name).toBe('wasm');
    expect(info.device).toMatch(/^CPU \(.+, \d+ cores?; wasm SIMD, \d+ threads?\)$/);
    expect(info.skipped.map((s) => s.backend)).toEqual(['tensorflow-gpu', 'tensorflow']);
    for (const s of info.skipped) {
      expect(s.reason).toMatch(/^(not installed|native addon missing|native addon failed to load|no CUDA device)/);
      expect(s.reason).not.toContain('\n');
    }
    expect(info.kernels).toMatch(/onnxruntime|tfjs|JS/);
  });

  it('returns the same module on every call, and refuses a different backend once chosen', async () => {
    expect(await getTf()).toBe(await getTf());
    expect(() => configureBackend({ preference: 'cpu' })).toThrow(/already "wasm".*must run before the first getTf\(\)/);
    expect(() => configureBackend({ preference: 'auto' })).not.toThrow();
    expect(() => configureBackend({ preference: 'wasm' })).not.toThrow();
  });

  it('rejects an unknown preference', () => {
    expect(() => configureBackend({ preference: 'gpu' as never })).toThrow('Unknown backend "gpu"');
  });
});

// One child only: each costs seconds of tsx + tfjs start-up. Forcing errors and bad values are
// covered in-process above and in backend-ladder.test.ts.
describe('backend ladder in a fresh process', () => {
  it('FAULTLINE_BACKEND=cpu forces the pure-JS cpu backend', async () => {
    const result = await chooseInChild({ FAULTLINE_BACKEND: 'cpu' });
    expect(result.ok).toBe(true);
    expect(result.active).toBe('cpu');
    expect(result.info!.name).toBe('cpu');
    expect(result.info!.skipped.map((s) => s.reason)).toEqual([
      'not tried: FAULTLINE_BACKEND=cpu',
      'not tried: FAULTLINE_BACKEND=cpu',
      'not tried: FAULTLINE_BACKEND=cpu',
    ]);
  });
});
