// The compute core from the command line on a small demo dataset: train the default CNN, extract
// embeddings (a second request comes from the cache), store predictions, fit a linear probe.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateDemoDataset } from '../../../src-main/engine/data/demo/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { repoRoot } from '../../e2e/harness.ts';

function faultline(args: string[], db: string) {
  const res = spawnSync(process.execPath, [join(repoRoot, 'bin', 'faultline.js'), '--db', db, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function lastResult(stdout: string): { status: string; result: any } {
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  return lines.filter((l) => l.type === 'result').at(-1).run;
}

describe('compute core from the CLI', () => {
  const dir = tempDir();
  const db = join(dir, 'faultline.db');

  it('trains, extracts (cached on repeat), predicts and probes on the demo data', async () => {
    const demo = await generateDemoDataset(join(dir, 'demo'), { counts: { train: 48, val: 24, test: 24 }, size: 32 });
    const imported = faultline(['import', demo.metadataPath, '--map', 'attributes=place,region', '--json'], db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).report.accepted).toBe(96);

    const train = faultline(['train', '--dataset', '1', '--epochs', '1', '--width', '4', '--input-size', '32', '--json'], db);
    expect(train.code, train.stderr).toBe(0);
    const trained = lastResult(train.stdout);
    expect(trained.status).toBe('succeeded');
    expect(trained.result.history).toHaveLength(1);
    const progress = train.stdout.split('\n').filter((l) => l.includes('"type":"progress"'));
    expect(progress.length).toBeGreaterThan(0);

    const embed = faultline(['embed', '--dataset', '1', '--model-id', String(trained.result.model.id), '--json'], db);
    expect(embed.code, embed.stderr).toBe(0);
    const first = lastResult(embed.stdout).result;
    expect(first).toMatchObject({ rows: 96, cached: false });
    expect(first.cols).toBeGreaterThan(0);
    const again = lastResult(faultline(['embed', '--dataset', '1', '--model-id', String(trained.result.model.id), '--json'], db).stdout).result;
    expect(again).toMatchObject({ embeddingSet: first.embeddingSet, cached: true, cacheKey: first.cacheKey });

    const predict = faultline(['predict', '--dataset', '1', '--model-id', String(trained.result.model.id), '--json'], db);
    expect(predict.code, predict.stderr).toBe(0);
    const predicted = lastResult(predict.stdout).result;
    expect(predicted.rows).toBe(96);
    expect(predicted.accuracy).toBeGreaterThanOrEqual(0);

    const probe = faultline(['probe', '--dataset', '1', '--embedding-set', first.embeddingSet, '--target', 'place', '--group-by', 'label', '--json'], db);
    expect(probe.code, probe.stderr).toBe(0);
    const probed = lastResult(probe.stdout).result;
    expect(probed.groups.length).toBe(4);
    expect(probed.overallAccuracy).toBeGreaterThan(0.5);
  });

  it('says which model reference is missing', () => {
    const res = faultline(['embed', '--dataset', '1'], db);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--model-id N .* or --model PATH/);
    const missing = faultline(['embed', '--dataset', '1', '--model', join(dir, 'nope.onnx')], db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.onnx/);
  });
});
