// The job engine with real worker processes: success, cancel, a killed worker, a failing task.
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ApiEvents, JobProgress, RunSummary } from '../../../src-shared/api.ts';
import { nodeWorkerLauncher } from '../../../src-main/jobs/node-launcher.ts';
import { JobQueue } from '../../../src-main/jobs/queue.ts';
import { createRun, getRunDetail, insertDataset, openDatabase, type NewSample } from '../../../src-main/store/index.ts';
import { tempStorePaths } from '../../helpers/temp.ts';

async function makeDataset(root: string, count: number, side: number): Promise<NewSample[]> {
  mkdirSync(join(root, 'img'), { recursive: true });
  const samples: NewSample[] = [];
  const noise = Buffer.alloc(side * side * 3);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < noise.length; k++) noise[k] = (k * 31 + i * 17) & 255;
    const file = `img/${i}.png`;
    await sharp(noise, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toFile(join(root, file));
    samples.push({ externalId: String(i), split: 'train', label: String(i % 2), attributes: {}, mediaPath: file, maskPath: null });
  }
  return samples;
}

function setup(samples: NewSample[], root: string) {
  const paths = tempStorePaths();
  const db = openDatabase(paths.dbPath);
  const datasetId = insertDataset(db, { name: 't', root, metadataPath: join(root, 'm.csv'), preset: 'generic', mapping: { imagePath: 'p', label: 'y', attributes: [] }, report: { file: 'm.csv', accepted: samples.length, rejected: [], warnings: [] }, labels: ['0', '1'], attributes: [] }, samples);
  const events: { event: keyof ApiEvents; payload: unknown }[] = [];
  const queue = new JobQueue({
    db, paths, launcher: nodeWorkerLauncher(), backendPreference: () => 'auto', cancelGraceMs: 3000,
    emit: (event, payload) => events.push({ event, payload }),
  });
  return { db, datasetId, queue, events };
}

const progressOf = (events: { event: string; payload: unknown }[], runId: number) =>
  events.filter((e) => e.event === 'job:progress' && (e.payload as JobProgress).runId === runId).map((e) => e.payload as JobProgress);

async function waitFor(cond: () => boolean, ms = 60000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('job queue with worker processes', async () => {
  const { tempDir } = await import('../../helpers/temp.ts');
  const smallRoot = tempDir();
  const small = await makeDataset(smallRoot, 60, 32);
  const bigRoot = tempDir();
  const big = await makeDataset(bigRoot, 400, 384);

  it('runs a task in a worker, streams progress and stores the result', async () => {
    // one corrupt image among valid ones
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(smallRoot, 'img/3.png'), Buffer.from('not a png at all'));
    const { db, datasetId, queue, events } = setup(small, smallRoot);
    const run = createRun(db, { analysis: 'verify-images', datasetId, config: { concurrency: 2, checkMasks: true }, seed: 0 });
    queue.enqueue(run.id);
    await queue.whenSettled(run.id);
    const detail = getRunDetail(db, run.id)!;
    expect(detail.error).toBeNull();
    expect(detail.status).toBe('succeeded');
    expect(detail.backend).toBeTruthy();
    const result = detail.result as { checked: number; problems: { file: string }[] };
    expect(result.checked).toBe(60);
    expect(result.problems.map((p) => p.file)).toEqual(['img/3.png']);
    const progress = progressOf(events, run.id);
    expect(progress.at(-1)).toMatchObject({ stage: 'decoding', done: 60, total: 60 });
    const statuses = events.filter((e) => e.event === 'run:updated').map((e) => (e.payload as RunSummary).status);
    expect(statuses[0]).toBe('running');
    expect(statuses.at(-1)).toBe('succeeded');
    expect((detail.provenance as { versions: { node: string } }).versions.node).toBe(process.versions.node);
  });

  it('cancels a running job', async () => {
    const { db, datasetId, queue, events } = setup(big, bigRoot);
    const run = createRun(db, { analysis: 'verify-images', datasetId, config: { concurrency: 1 }, seed: 0 });
    queue.enqueue(run.id);
    await waitFor(() => progressOf(events, run.id).some((p) => p.stage === 'decoding'));
    expect(queue.cancel(run.id)).toBe(true);
    await queue.whenSettled(run.id);
    const detail = getRunDetail(db, run.id)!;
    expect(detail.status).toBe('cancelled');
    expect(detail.result).toBeNull();
    expect(detail.metrics).toEqual([]);
  });

  it('marks the run failed with the reason when the worker is killed, and keeps going', async () => {
    const { db, datasetId, queue, events } = setup(big, bigRoot);
    const run = createRun(db, { analysis: 'verify-images', datasetId, config: { concurrency: 1 }, seed: 0 });
    queue.enqueue(run.id);
    await waitFor(() => progressOf(events, run.id).some((p) => p.stage === 'decoding'));
    const pid = (getRunDetail(db, run.id)!.provenance as { workerPid: number }).workerPid;
    process.kill(pid, 'SIGKILL');
    await queue.whenSettled(run.id);
    const detail = getRunDetail(db, run.id)!;
    expect(detail.status).toBe('failed');
    expect(detail.error).toMatch(/killed \(SIGKILL\)/);
    // the queue still works after a crash
    const next = createRun(db, { analysis: 'verify-images', datasetId, config: { concurrency: 2 }, seed: 0 });
    queue.enqueue(next.id);
    await queue.whenSettled(next.id);
    expect(getRunDetail(db, next.id)!.status).toBe('succeeded');
  });

  it('reports a task error as a failed run with its message, and cancels queued runs without starting them', async () => {
    const { db, datasetId, queue } = setup(small, smallRoot);
    const bad = createRun(db, { analysis: 'verify-images', datasetId, config: { concurrency: 'lots' }, seed: 0 });
    const queued = createRun(db, { analysis: 'verify-images', datasetId, config: {}, seed: 0 });
    queue.enqueue(bad.id);
    queue.enqueue(queued.id);
    expect(queue.cancel(queued.id)).toBe(true);
    await queue.whenSettled(bad.id);
    expect(getRunDetail(db, bad.id)!.status).toBe('failed');
    expect(getRunDetail(db, bad.id)!.error).toMatch(/concurrency/);
    expect(getRunDetail(db, queued.id)!.status).toBe('cancelled');
    expect(getRunDetail(db, queued.id)!.startedAt).toBeNull();
  });
});
