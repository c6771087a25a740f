// Entry point of a job worker process: runs exactly one run, then exits. It is started by the
// job queue as a forked Node process or an Electron utilityProcess, and talks to it through
// whichever parent channel exists.
import { CancelledError } from '../../src-shared/errors.ts';
import { openDatabase } from '../store/database.ts';
import { completeRun, getRunConfig } from '../store/runs-repo.ts';
import { serializeError } from './serialize-error.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { findTask } from './tasks/registry.ts';
import { prepareBackend } from './worker-backend.ts';
import { collectVersions } from './versions.ts';

interface ParentChannel {
  send(m: FromWorker): void;
  onMessage(cb: (m: ToWorker) => void): void;
}

function parentChannel(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', cb: (ev: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) {
    return { send: (m) => parentPort.postMessage(m), onMessage: (cb) => parentPort.on('message', (ev) => cb(ev.data as ToWorker)) };
  }
  if (!process.send) throw new Error('worker-entry must be started as a job worker (no parent channel).');
  return { send: (m) => process.send!(m), onMessage: (cb) => process.on('message', (m) => cb(m as ToWorker)) };
}

const channel = parentChannel();
const controller = new AbortController();
let started = false;

async function run(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const { runId, paths } = message;
  const db = openDatabase(paths.dbPath, { nativeBinding: message.nativeBinding });
  try {
    const stored = getRunConfig(db, runId);
    if (!stored) throw new Error(`Run ${runId} does not exist.`);
    const task = findTask(stored.analysis);
    if (!task) throw new Error(`Unknown analysis "${stored.analysis}".`);
    const config = task.parseConfig(stored.config);
    const backend = await prepareBackend(message.backendPreference);
    if (backend) channel.send({ type: 'backend', runId, info: backend });
    let lastSent = 0;
    const output = await task.run({
      runId,
      datasetId: stored.datasetId,
      config,
      seed: stored.seed,
      signal: controller.signal,
      db,
      paths,
      backend,
      progress: (u) => {
        // Throttle: progress can be reported per sample; the UI needs a few updates a second.
        const now = Date.now();
        if (u.done < u.total && now - lastSent < 100) return;
        lastSent = now;
        channel.send({ type: 'progress', runId, ...u });
      },
    });
    if (controller.signal.aborted) throw new CancelledError();
    completeRun(db, runId, {
      ...output,
      backend: backend?.name ?? null,
      provenance: { ...output.provenance, backend, versions: collectVersions() },
    });
    channel.send({ type: 'done', runId });
  } catch (e) {
    const cancelled = e instanceof CancelledError || controller.signal.aborted;
    channel.send({ type: 'failed', runId, error: serializeError(e), cancelled });
  } finally {
    db.close();
  }
}

channel.onMessage((m) => {
  if (m.type === 'cancel') controller.abort();
  else if (m.type === 'probe' && !started) {
    started = true;
    void prepareBackend(m.backendPreference)
      .then((info) => info && channel.send({ type: 'backend', runId: null, info }))
      .catch((e) => channel.send({ type: 'failed', runId: -1, error: serializeError(e), cancelled: false }))
      .finally(() => setTimeout(() => process.exit(0), 50));
  } else if (m.type === 'start' && !started) {
    started = true;
    void run(m).finally(() => setTimeout(() => process.exit(0), 50));
  }
});

