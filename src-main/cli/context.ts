// Opens the app context for a CLI command and runs jobs with progress and Ctrl-C to cancel.
import type { RunDetail, StartRunInput } from '../../src-shared/api.ts';
import { nodeWorkerLauncher } from '../jobs/node-launcher.ts';
import { createAppContext, type AppContext } from '../service/app-context.ts';
import { resolveStorePaths } from '../store/paths.ts';
import { createProgressPrinter } from './progress.ts';
import { InputError } from '../../src-shared/errors.ts';
import type { DemoOptions } from '../engine/data/demo/index.ts';

export interface GlobalOptions {
  db?: string;
  json?: boolean | string;
}

export function openCliContext(opts: GlobalOptions, mode: 'cli' | 'browser' = 'cli'): AppContext {
  return createAppContext({ paths: resolveStorePaths(opts.db), mode, launcher: nodeWorkerLauncher(), demo: demoOptionsFromEnv() });
}

/** FAULTLINE_DEMO_COUNTS=train,val,test makes a smaller (or larger) demo dataset, e.g. for quick trials. */
export function demoOptionsFromEnv(env = process.env): DemoOptions {
  const raw = env.FAULTLINE_DEMO_COUNTS;
  if (!raw) return {};
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n) || n < 8)) {
    throw new InputError(`FAULTLINE_DEMO_COUNTS must be three whole numbers of at least 8 (train,val,test), got "${raw}".`);
  }
  return { counts: { train: parts[0]!, val: parts[1]!, test: parts[2]! } };
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
