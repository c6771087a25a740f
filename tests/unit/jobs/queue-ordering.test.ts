// Message ordering between a worker and the queue: a worker writes its final status itself, so
// progress it sent just before can be read after that write. The run must count as settled only
// once the worker process is gone, and a late stage must not touch the finished run.
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { FromWorker, ToWorker, WorkerHandle } from '../../../src-main/jobs/protocol.ts';
import { JobQueue } from '../../../src-main/jobs/queue.ts';
import { completeRun, createRun, getRunDetail, insertDataset, openDatabase, resolveStorePaths } from '../../../src-main/store/index.ts';

describe('job queue ordering', () => {
  it('settles a run only after its worker exits, even when progress is read after the final write', async () => {
    const db = openDatabase(':memory:');
    const datasetId = insertDataset(
      db,
      { name: 't', root: '/', metadataPath: '/m.csv', preset: 'generic', mapping: { imagePath: 'p', label: 'y', attributes: [] }, report: { file: 'm', accepted: 1, rejected: [], warnings: [] }, labels: ['0'], attributes: [] },
      [{ externalId: 'a', split: 'train', label: '0', attributes: {}, mediaPath: 'a.png', maskPath: null }],
    );
    const events = new EventEmitter();
    let exited = false;
    // Stands in for a worker process whose messages arrive in this order: its final database
    // write happens first, then a queued progress message, then 'done', then the exit.
    const launcher = (): WorkerHandle => ({
      pid: 4242,
      send(m: ToWorker) {
        if (m.type !== 'start') return;
        setTimeout(() => {
          completeRun(db, m.runId, { result: { ok: true }, metrics: [] });
          events.emit('message', { type: 'progress', runId: m.runId, stage: 'late stage', done: 1, total: 1 } satisfies FromWorker);
          events.emit('message', { type: 'done', runId: m.runId } satisfies FromWorker);
          setTimeout(() => {
            exited = true;
            events.emit('exit', 0, null);
          }, 50);
        }, 10);
      },
      onMessage: (cb) => events.on('message', cb),
      onExit: (cb) => events.on('exit', cb),
      kill: () => undefined,
    });
    const queue = new JobQueue({ db, paths: resolveStorePaths(':memory:'), launcher, emit: () => undefined, backendPreference: () => 'auto' });
    const run = createRun(db, { analysis: 'x', datasetId, config: {}, seed: 0 });
    queue.enqueue(run.id);
    await queue.whenSettled(run.id);
    expect(exited).toBe(true);
    const detail = getRunDetail(db, run.id)!;
    expect(detail.status).toBe('succeeded');
    expect(detail.stage).toBeNull();
    // After shutdown (database closed), a late exit must not touch the database.
    queue.shutdown();
    db.close();
    expect(() => events.emit('exit', 0, null)).not.toThrow();
  });
});
