// Starts job workers as Electron utility processes (the bundled out/main/job-worker.js).
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { FromWorker, ToWorker, WorkerHandle, WorkerLauncher } from '../jobs/protocol.ts';

export function utilityWorkerLauncher(mainDir: string): WorkerLauncher {
  return () => {
    const child = utilityProcess.fork(join(mainDir, 'job-worker.js'), [], { serviceName: 'Faultline job', stdio: 'pipe' });
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    });
    const handle: WorkerHandle & { stderrTail(): string } = {
      get pid() {
        return child.pid;
      },
      send: (m: ToWorker) => child.postMessage(m),
      onMessage: (cb) => child.on('message', (m) => cb(m as FromWorker)),
      onExit: (cb) => child.on('exit', (code) => cb(code, null)),
      kill: () => void child.kill(),
      stderrTail: () => stderrTail,
    };
    return handle;
  };
}
