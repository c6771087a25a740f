// Messages between the job queue (main process) and a job worker process.
import type { BackendInfo, SerializedError } from '../../src-shared/api.ts';
import type { StorePaths } from '../store/paths.ts';

export type ToWorker =
  | { type: 'start'; runId: number; paths: StorePaths; backendPreference: string; /** Electron-ABI better-sqlite3 (utility processes). */ nativeBinding?: string }
  | { type: 'cancel' }
  /** Only choose the backend, report it, and exit (the status bar shows it before any run). */
  | { type: 'probe'; backendPreference: string };

export type FromWorker =
  | { type: 'backend'; runId: number | null; info: BackendInfo }
  | { type: 'progress'; runId: number; stage: string; done: number; total: number; message?: string }
  | { type: 'done'; runId: number }
  | { type: 'failed'; runId: number; error: SerializedError; cancelled: boolean };

/** What the queue needs from a worker process, whichever way it was started. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(cb: (message: FromWorker) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type WorkerLauncher = () => WorkerHandle;
