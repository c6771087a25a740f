// Opens the app context for a CLI command and runs jobs with progress and Ctrl-C to cancel.
import type { RunDetail, StartRunInput } from '../../src-shared/api.ts';
import { nodeWorkerLauncher } from '../jobs/node-launcher.ts';
import { createAppContext, type AppContext } from '../service/app-context.ts';
import { resolveStorePaths } from '../store/paths.ts';
import { createProgressPrinter } from './progress.ts';

export interface GlobalOptions {
  db?: string;
  json?: boolean | string;
}

export function openCliContext(opts: GlobalOptions, mode: 'cli' | 'browser' = 'cli'): AppContext {
  return createAppContext({ paths: resolveStorePaths(opts.db), mode, launcher: nodeWorkerLauncher() });
}

/** Starts a run, shows its progress until it ends, and returns its stored detail. */
export async function runWithProgress(ctx: AppContext, input: StartRunInput, json: boolean): Promise<RunDetail> {
  const printer = createProgressPrinter(json ? 'json' : process.stderr.isTTY ? 'tty' : 'lines');
  let runId = -1;
  const unsubscribe = ctx.subscribe((event, payload) => {
    if (event === 'job:progress' && (payload as { runId: number }).runId === runId) printer.progress(payload as never);
    if (event === 'run:updated' && (payload as { id: number }).id === runId) printer.run(payload as never);
  });
  const onSigint = () => {
    process.stderr.write('\nCancelling…\n');
    if (runId > 0) ctx.queue.cancel(runId);
  };
  process.on('SIGINT', onSigint);
  try {
    const run = await ctx.api['runs:start'](input);
    runId = run.id;
    await ctx.queue.whenSettled(runId);
    printer.done();
    return await ctx.api['runs:get']({ runId });
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
  }
}
