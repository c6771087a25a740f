// The `faultline` command as a user runs it: a real process, a real database, real files.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../helpers/temp.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = join(root, 'tests', 'fixtures', 'dfr');

function faultline(args: string[], db: string) {
  const res = spawnSync(process.execPath, [join(root, 'bin', 'faultline.js'), '--db', db, ...args], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, FAULTLINE_BACKEND: '' } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A Waterbirds-format metadata.csv for the golden DFR fixture's samples (no images needed for DFR on embeddings). */
function writeWaterbirdsMetadata(dir: string): string {
  const s = JSON.parse(readFileSync(join(fixtures, 'samples.json'), 'utf8')) as { split: string[]; y: number[]; place: number[] };
  const code = { train: 0, val: 1, test: 2 } as Record<string, number>;
  const lines = ['img_id,img_filename,y,split,place,place_filename'];
  s.split.forEach((split, i) => lines.push(`${i + 1},birds/${i}.jpg,${s.y[i]},${code[split]},${s.place[i]},places/${i}.jpg`));
  const file = join(dir, 'metadata.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('faultline CLI', () => {
  const dir = tempDir();
  const db = join(dir, 'faultline.db');

  it('runs DFR on a Waterbirds metadata.csv and an .npy with no other flags, writing the JSON contract', () => {
    const metadata = writeWaterbirdsMetadata(dir);
    const out = join(dir, 'out.json');
    const res = faultline(['spurious', '--metadata', metadata, '--embeddings', join(fixtures, 'embeddings.npy'), '--json', out], db);
    expect(res.stderr + res.stdout).not.toMatch(/Error:/);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/worst-group/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json).toMatchObject({ analysis: 'spurious', method: 'dfr-val', seed: 0 });
    expect(typeof json.backend).toBe('string');
    expect(json.seconds).toBeGreaterThan(0);
    expect(json.selected.C).toBeGreaterThan(0);
    expect(Number.isInteger(json.selected.nonZeroWeights)).toBe(true);
    expect(json.baseline.source).toBe('train-probe');
    expect(json.dfr.groups).toHaveLength(4);
    for (const g of json.dfr.groups) {
      expect(Object.keys(g).sort()).toEqual(['accuracy', 'attributes', 'ci', 'label', 'n'].sort());
      expect(g.ci[0]).toBeLessThanOrEqual(g.accuracy);
      expect(g.ci[1]).toBeGreaterThanOrEqual(g.accuracy);
      expect(Object.keys(g.attributes)).toEqual(['place']);
    }
    expect(json.dfr.groups.reduce((a: number, g: { n: number }) => a + g.n, 0)).toBe(600);
    // The golden reference (scikit-learn, 5 seeds) averages ~0.89 WGA for DFR on this data.
    const reference = JSON.parse(readFileSync(join(fixtures, 'reference.json'), 'utf8'));
    expect(Math.abs(json.dfr.worstGroupAccuracy - reference.average.dfrValWorstGroupAccuracy.mean)).toBeLessThan(0.05);
    expect(json.dfr.worstGroupAccuracy).toBeGreaterThan(json.baseline.worstGroupAccuracy);
    expect(json.spuriousDecodability.balancedAccuracy).toBeGreaterThan(0.5);
  });

  it('lists the stored run and dataset', () => {
    const runs = faultline(['runs', '--json'], db);
    expect(runs.code).toBe(0);
    const list = JSON.parse(runs.stdout);
    expect(list[0]).toMatchObject({ analysis: 'spurious', status: 'succeeded' });
    const datasets = JSON.parse(faultline(['datasets', '--json'], db).stdout);
    expect(datasets[0].sampleCount).toBe(3200);
  });

  it('fails clearly on a missing metadata file and on an embedding row-count mismatch', () => {
    const missing = faultline(['spurious', '--metadata', join(dir, 'nope.csv'), '--embeddings', join(fixtures, 'embeddings.npy')], db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv');
    const small = join(dir, 'small.csv');
    writeFileSync(small, 'img_id,img_filename,y,split,place,place_filename\n1,a.jpg,0,0,0,p\n2,b.jpg,1,1,1,p\n3,c.jpg,1,2,0,p\n');
    const mismatch = faultline(['spurious', '--metadata', small, '--embeddings', join(fixtures, 'embeddings.npy')], db);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/3200 rows but the dataset has 3 samples/);
  });

  it('reports the compute backend', () => {
    const res = faultline(['doctor', '--json'], db);
    expect(res.code).toBe(0);
    expect(JSON.stringify(JSON.parse(res.stdout))).toMatch(/wasm|cpu|tensorflow/);
  });
});
