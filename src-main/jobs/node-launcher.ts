// Starts a job worker as a forked Node process (browser mode, CLI, tests). Source files run through
// tsx; a bundled build (out/main/job-worker.js) runs as plain JavaScript.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker, WorkerHandle, WorkerLauncher } from './protocol.ts';

const here = dirname(fileURLToPath(import.meta.url));

export function workerEntryPath(): string {
  const ts = join(here, 'worker-entry.ts');
  return existsSync(ts) ? ts : join(here, 'job-worker.js');
}

export function nodeWorkerLauncher(entry = workerEntryPath()): WorkerLauncher {
  return () => {
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    // Keep the last lines of stderr so a crash can be explained to the user.
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
      process.stderr.write(chunk);
    });
    const handle: WorkerHandle & { stderrTail(): string } = {
      pid: child.pid,
      send: (m: ToWorker) => {
        if (child.connected) child.send(m);
      },
      onMessage: (cb) => child.on('message', (m) => cb(m as FromWorker)),
      onExit: (cb) => child.on('exit', (code, signal) => cb(code, signal)),
      kill: () => child.kill('SIGKILL'),
      stderrTail: () => stderrTail,
    };
    return handle;
  };
}
