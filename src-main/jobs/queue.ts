// The job queue of the main process. Each run executes in its own worker process so windows never
// freeze and a crash cannot take the app down; the queue turns whatever happens to that process
// (done, failed, cancelled, killed) into a final run status.
import type { ApiEvents, BackendInfo, JobProgress } from '../../src-shared/api.ts';
import type { Db } from '../store/database.ts';
import type { StorePaths } from '../store/paths.ts';
import { findRun, finishRunUnsuccessfully, markRunStarted, updateRunStage } from '../store/runs-repo.ts';
import type { FromWorker, WorkerHandle, WorkerLauncher } from './protocol.ts';

type Emit = <E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]) => void;

interface ActiveJob {
  runId: number;
  worker: WorkerHandle;
  progress: JobProgress;
  stageStartedAt: number;
  stageDoneAtStart: number;
  finalMessage: FromWorker | null;
  cancelRequested: boolean;
  killTimer: NodeJS.Timeout | null;
}

export interface JobQueueOptions {
  db: Db;
  paths: StorePaths;
  launcher: WorkerLauncher;
  emit: Emit;
  backendPreference: () => string;
  /** Runs executing at once (each uses all cores, so 1 by default). */
  concurrency?: number;
  /** How long a cancelled worker may take to stop before it is killed. */
  cancelGraceMs?: number;
  /** Electron-ABI better-sqlite3 binary, handed to workers that run inside Electron. */
  nativeBinding?: string;
  /** Told which backend a worker chose (the status bar shows the latest). */
  onBackend?: (info: BackendInfo) => void;
}

export class JobQueue {
  private readonly waiting: number[] = [];
  private readonly active = new Map<number, ActiveJob>();
  private readonly settled = new Map<number, (() => void)[]>();
  private closed = false;

  constructor(private readonly opts: JobQueueOptions) {}

  enqueue(runId: number): void {
    this.waiting.push(runId);
    this.pump();
  }

  /**
   * Starts a short-lived worker that only chooses the compute backend, so the UI can show it
   * before any run (the main process itself never loads tensor libraries).
   */
  probeBackend(): Promise<BackendInfo | null> {
    return new Promise((resolve) => {
      let worker: WorkerHandle;
      try {
        worker = this.opts.launcher();
      } catch {
        return resolve(null);
      }
      let info: BackendInfo | null = null;
      worker.onMessage((m) => {
        if (m.type === 'backend') {
          info = m.info;
          this.opts.onBackend?.(m.info);
        }
      });
      worker.onExit(() => resolve(info));
      worker.send({ type: 'probe', backendPreference: this.opts.backendPreference() });
    });
  }

  /** Resolves when the run reaches a final status. */
  whenSettled(runId: number): Promise<void> {
    const run = findRun(this.opts.db, runId);
    if (!run || (!this.active.has(runId) && !['queued', 'running'].includes(run.status))) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.settled.get(runId) ?? [];
      list.push(resolve);
      this.settled.set(runId, list);
    });
  }

  cancel(runId: number): boolean {
    const i = this.waiting.indexOf(runId);
    if (i >= 0) {
      this.waiting.splice(i, 1);
      finishRunUnsuccessfully(this.opts.db, runId, 'cancelled', null);
      this.announce(runId);
      return true;
    }
    const job = this.active.get(runId);
    if (!job) return false;
    job.cancelRequested = true;
    job.worker.send({ type: 'cancel' });
    job.killTimer ??= setTimeout(() => job.worker.kill(), this.opts.cancelGraceMs ?? 5000);
    return true;
  }

  activeProgress(): JobProgress[] {
    const queued = this.waiting.map((runId) => ({ runId, stage: 'queued', done: 0, total: 0, etaSeconds: null }));
    return [...[...this.active.values()].map((j) => j.progress), ...queued];
  }

  /** Kills every worker (app quit); their runs are marked interrupted. */
  shutdown(): void {
    // Exit events of the killed workers arrive after the database is closed: ignore them.
    this.closed = true;
    for (const runId of this.waiting.splice(0)) finishRunUnsuccessfully(this.opts.db, runId, 'interrupted', 'The app was closed before this run started.');
    for (const job of this.active.values()) {
      job.cancelRequested = true;
      job.worker.kill();
      finishRunUnsuccessfully(this.opts.db, job.runId, 'interrupted', 'The app was closed while this run was in progress.');
    }
  }

  private pump(): void {
    while (this.active.size < (this.opts.concurrency ?? 1) && this.waiting.length > 0) {
      this.start(this.waiting.shift()!);
    }
  }

  private start(runId: number): void {
    const { db, paths } = this.opts;
    let worker: WorkerHandle;
    try {
      worker = this.opts.launcher();
    } catch (e) {
      finishRunUnsuccessfully(db, runId, 'failed', `Could not start a job worker: ${(e as Error).message}`);
      this.announce(runId);
      return;
    }
    const job: ActiveJob = {
      runId,
      worker,
      progress: { runId, stage: 'starting', done: 0, total: 0, etaSeconds: null },
      stageStartedAt: Date.now(),
      stageDoneAtStart: 0,
      finalMessage: null,
      cancelRequested: false,
      killTimer: null,
    };
    this.active.set(runId, job);
    markRunStarted(db, runId, { backend: null, ownerPid: process.pid, provenance: { workerPid: worker.pid ?? null } });
    this.announce(runId);
    this.opts.emit('job:progress', job.progress);
    worker.onMessage((m) => this.onMessage(job, m));
    worker.onExit((code, signal) => this.onExit(job, code, signal));
    worker.send({ type: 'start', runId, paths, backendPreference: this.opts.backendPreference(), nativeBinding: this.opts.nativeBinding });
  }

  private onMessage(job: ActiveJob, m: FromWorker): void {
    if (m.type === 'backend') {
      this.opts.onBackend?.(m.info);
      updateRunStage(this.opts.db, job.runId, 'starting', m.info.name);
      this.announce(job.runId);
    } else if (m.type === 'progress') {
      const now = Date.now();
      if (m.stage !== job.progress.stage) {
        job.stageStartedAt = now;
        job.stageDoneAtStart = m.done;
        updateRunStage(this.opts.db, job.runId, m.stage);
        this.announce(job.runId);
      }
      job.progress = { runId: job.runId, stage: m.stage, done: m.done, total: m.total, etaSeconds: eta(job, m.done, m.total, now), message: m.message };
      this.opts.emit('job:progress', job.progress);
    } else {
      job.finalMessage = m;
    }
  }

  private onExit(job: ActiveJob, code: number | null, signal: string | null): void {
    if (this.closed) return;
    const { db } = this.opts;
    if (job.killTimer) clearTimeout(job.killTimer);
    this.active.delete(job.runId);
    const final = job.finalMessage;
    if (final?.type === 'failed') {
      if (final.cancelled) finishRunUnsuccessfully(db, job.runId, 'cancelled', null);
      else finishRunUnsuccessfully(db, job.runId, 'failed', final.error.message);
    } else if (final?.type !== 'done') {
      // No final word from the worker: it crashed, ran out of memory or was killed.
      if (job.cancelRequested) finishRunUnsuccessfully(db, job.runId, 'cancelled', null);
      else {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const tail = (job.worker as { stderrTail?: () => string }).stderrTail?.().trim().split('\n').slice(-3).join(' | ');
        finishRunUnsuccessfully(db, job.runId, 'failed', `The job worker ${how} before finishing.${tail ? ` Last output: ${tail}` : ''}`);
      }
    }
    this.announce(job.runId);
    for (const resolve of this.settled.get(job.runId) ?? []) resolve();
    this.settled.delete(job.runId);
    this.pump();
  }

  private announce(runId: number): void {
    const run = findRun(this.opts.db, runId);
    if (run) this.opts.emit('run:updated', run);
    // A worker writes its final status itself, and progress sent just before may be read after
    // it: a run is settled only once its worker is gone (or it never started).
    if (run && !this.active.has(runId) && !['queued', 'running'].includes(run.status)) {
      for (const resolve of this.settled.get(runId) ?? []) resolve();
      this.settled.delete(runId);
    }
  }
}

/** Seconds left, from the pace of the current stage. */
function eta(job: ActiveJob, done: number, total: number, now: number): number | null {
  const progressed = done - job.stageDoneAtStart;
  const elapsed = (now - job.stageStartedAt) / 1000;
  if (total <= 0 || progressed <= 0 || elapsed < 0.5) return null;
  return Math.max(0, ((total - done) * elapsed) / progressed);
}
