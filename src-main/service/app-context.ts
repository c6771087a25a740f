// Wires store, event bus, job queue and service together: the same for Electron, browser mode
// and the CLI; only the worker launcher and the mode differ.
import type { Api, ApiEventName, ApiEvents, BackendInfo } from '../../src-shared/api.ts';
import type { DemoOptions } from '../engine/data/demo/index.ts';
import type { WorkerLauncher } from '../jobs/protocol.ts';
import { JobQueue } from '../jobs/queue.ts';
import { markOrphanedRunsInterrupted, openDatabase, getSettings, type Db, type StorePaths } from '../store/index.ts';
import { createDispatcher, type CallResult } from './dispatch.ts';
import { createService } from './service.ts';

export type EventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

export interface AppContext {
  db: Db;
  paths: StorePaths;
  api: Api;
  queue: JobQueue;
  dispatch(method: unknown, input: unknown): Promise<CallResult>;
  subscribe(listener: EventListener): () => void;
  /** Broadcasts an event to every UI (the desktop menu uses it for its commands). */
  emit: EventListener;
  close(): void;
}

export interface AppContextOptions {
  paths: StorePaths;
  mode: 'electron' | 'browser' | 'cli';
  launcher: WorkerLauncher;
  nativeBinding?: string;
  demo?: DemoOptions;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createAppContext(options: AppContextOptions): AppContext {
  const db = openDatabase(options.paths.dbPath, { nativeBinding: options.nativeBinding });
  // Runs owned by a process that is gone can never finish: say so instead of showing "running".
  markOrphanedRunsInterrupted(db, processAlive);
  const listeners = new Set<EventListener>();
  let lastBackend: BackendInfo | null = null;
  const emit: EventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const queue = new JobQueue({
    db,
    paths: options.paths,
    launcher: options.launcher,
    emit,
    backendPreference: () => getSettings(db).backend,
    nativeBinding: options.nativeBinding,
    onBackend: (info) => {
      lastBackend = info;
    },
  });
  // The status bar shows the backend before any run: probe it once, lazily, in a worker.
  let probing: Promise<BackendInfo | null> | null = null;
  const backend = async (): Promise<BackendInfo | null> => {
    if (lastBackend) return lastBackend;
    probing ??= queue.probeBackend();
    return probing;
  };
  const api = createService({ db, paths: options.paths, queue, emit, mode: options.mode, backend, demo: options.demo });
  return {
    db,
    paths: options.paths,
    api,
    queue,
    dispatch: createDispatcher(api),
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      queue.shutdown();
      db.close();
    },
  };
}
