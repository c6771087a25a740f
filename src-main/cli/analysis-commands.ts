// Commands that run analyses end to end: `demo` (the main job on the bundled dataset).
import type { Command } from 'commander';
import { openCliContext, runWithProgress, type GlobalOptions } from './context.ts';

export function registerAnalysisCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('demo')
    .description('generate and import the bundled demo dataset, then run the main analysis on it')
    .option('--json', 'JSON output')
    .action(async (o: { json?: boolean }) => {
      const ctx = openCliContext(globals());
      try {
        process.stderr.write('Preparing the demo dataset (generated once, a few seconds)…\n');
        const dataset = await ctx.api['datasets:ensureDemo']();
        const run = await runWithProgress(ctx, { analysis: 'verify-images', datasetId: dataset.id, config: {} }, !!o.json);
        process.stdout.write(`Demo dataset ${dataset.id} at ${ctx.paths.demoDir}\nDatabase: ${ctx.paths.dbPath}\nRun ${run.id}: ${run.status}\n`);
      } finally {
        ctx.close();
      }
    });
}
