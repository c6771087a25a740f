// `faultline demo` end to end on a smaller demo dataset: generate, import, train the ERM CNN,
// extract embeddings, predict, run DFR. The paper's effect must show: the ERM model fails the
// minority groups (it learned the background), DFR on its own features recovers much of it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp.ts';
import { repoRoot } from '../../e2e/harness.ts';

describe('faultline demo', () => {
  it('trains ERM, runs DFR and shows low baseline vs much higher DFR worst-group accuracy', () => {
    const dir = tempDir();
    const out = join(dir, 'demo.json');
    const res = spawnSync(process.execPath, [join(repoRoot, 'bin', 'faultline.js'), '--db', join(dir, 'faultline.db'), 'demo', '--json', out], {
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, FAULTLINE_DEMO_COUNTS: '600,240,240' },
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/baseline \(predictions\): worst-group/);
    expect(res.stdout).toContain(join(dir, 'faultline.db'));
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.baseline.source).toBe('predictions');
    expect(json.baseline.worstGroupAccuracy).toBeLessThan(0.2);
    expect(json.dfr.worstGroupAccuracy).toBeGreaterThan(json.baseline.worstGroupAccuracy + 0.25);
    expect(json.spuriousDecodability.balancedAccuracy).toBeGreaterThan(0.9);
  }, 600_000);
});
