// worker_threads entry for fitLogisticMany: fits one job per message and posts the model back.
import { parentPort } from 'node:worker_threads';
import { fitLogistic } from './logistic.ts';
import type { FitRequest, FitReply } from './fit-many.ts';

if (!parentPort) throw new Error('fit-worker.ts must run inside a worker thread');
const port = parentPort;
port.on('message', (req: FitRequest) => {
  let reply: FitReply;
  try {
    reply = { id: req.id, model: fitLogistic(req.X, req.y, req.options) };
  } catch (e) {
    const err = e as Error & { details?: unknown };
    reply = { id: req.id, error: { name: err.name, message: err.message, details: err.details ?? {} } };
  }
  port.postMessage(reply);
});
