// `faultline`: import data, run analyses, serve the browser UI, and run the demo, all through the
// same service the desktop app uses.
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../../src-shared/api.ts';
import { InputError } from '../../src-shared/errors.ts';
import { collectVersions } from '../jobs/versions.ts';
import { startServer } from '../server/http-server.ts';
import { openCliContext, runWithProgress, type GlobalOptions } from './context.ts';
import { registerAnalysisCommands } from './analysis-commands.ts';
import { describeDoctor } from './doctor.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const program = new Command()
  .name('faultline')
  .description('Audit ML datasets and models for the groups they fail.')
  .version(collectVersions().faultline ?? '0.0.0')
  .option('--db <path>', 'database file (default: $FAULTLINE_DB or the app-data folder)')
  .showHelpAfterError();

function globals(): GlobalOptions {
  return program.opts<GlobalOptions>();
}

function print(value: unknown, json: boolean, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
}

program
  .command('import')
  .description('import a dataset: a metadata table (CSV/TSV, Waterbirds metadata.csv, CelebA list_attr_celeba.txt) and its image folder')
  .argument('<metadata>', 'metadata table')
  .option('--images <dir>', 'folder the image paths are relative to (default: detected)')
  .addOption(new Option('--preset <preset>', 'table format').choices(['waterbirds', 'celeba', 'generic']))
  .option('--name <name>', 'dataset name')
  .option('--map <role=column...>', 'column roles: id, image, split, label, mask, group, attributes (comma-separated)')
  .option('--verify-images', 'decode every image to find corrupt files')
  .option('--json', 'print the import report as JSON')
  .action(async (metadata: string, o: { images?: string; preset?: 'waterbirds' | 'celeba' | 'generic'; name?: string; map?: string[]; verifyImages?: boolean; json?: boolean }) => {
    const ctx = openCliContext(globals());
    try {
      let mapping;
      if (o.map) {
        const preview = await ctx.api['datasets:preview']({ metadataPath: metadata, preset: o.preset });
        mapping = { ...preview.suggestedMapping };
        for (const pair of o.map) {
          const [role, column] = pair.split('=');
          if (!role || column === undefined) throw new InputError(`--map expects role=column, got "${pair}".`);
          if (role === 'attributes') mapping.attributes = column.split(',').filter(Boolean);
          else if (role === 'image') mapping.imagePath = column;
          else if (role === 'mask') mapping.maskPath = column;
          else if (['id', 'split', 'label', 'group'].includes(role)) (mapping as Record<string, unknown>)[role] = column;
          else throw new InputError(`Unknown column role "${role}" in --map; use id, image, split, label, mask, group or attributes.`);
        }
      }
      const { dataset, report } = await ctx.api['datasets:import']({ metadataPath: metadata, imageRoot: o.images, preset: o.preset, name: o.name, mapping, verifyImages: o.verifyImages });
      print({ dataset, report }, !!o.json, () => {
        const lines = [`Imported dataset ${dataset.id} "${dataset.name}": ${report.accepted} rows accepted, ${report.rejected.length} rejected.`];
        for (const r of report.rejected.slice(0, 20)) lines.push(`  row ${r.row}: ${r.reason}`);
        if (report.rejected.length > 20) lines.push(`  … and ${report.rejected.length - 20} more (use --json for all)`);
        for (const w of report.warnings) lines.push(`  warning: ${w}`);
        return lines.join('\n');
      });
    } finally {
      ctx.close();
    }
  });

program
  .command('datasets')
  .description('list datasets')
  .option('--json', 'JSON output')
  .action(async (o: { json?: boolean }) => {
    const ctx = openCliContext(globals());
    try {
      const list = await ctx.api['datasets:list']();
      print(list, !!o.json, () =>
        list.length === 0 ? 'No datasets yet: `faultline import` one or run `faultline demo`.' :
          list.map((d) => `${String(d.id).padStart(4)}  ${d.name}  (${d.sampleCount} samples: ${d.splits.train} train / ${d.splits.val} val / ${d.splits.test} test; labels ${d.labels.join(', ')}; attributes ${d.attributes.join(', ') || '-'})`).join('\n'));
    } finally {
      ctx.close();
    }
  });

for (const kind of ['embeddings', 'predictions'] as const) {
  program
    .command(`import-${kind}`)
    .description(kind === 'embeddings' ? 'attach an embedding set (.npy, .npz, .safetensors, CSV) to a dataset' : 'attach a prediction set (CSV: id + predicted label and/or per-class scores) to a dataset')
    .argument('<file>')
    .requiredOption('--dataset <id>', 'dataset id', Number)
    .requiredOption('--name <name>', 'set name')
    .option('--id-key <key>', 'id column / array name (rows align with the dataset otherwise)')
    .option('--json', 'JSON output')
    .action(async (file: string, o: { dataset: number; name: string; idKey?: string; json?: boolean }) => {
      const ctx = openCliContext(globals());
      try {
        const method = kind === 'embeddings' ? 'arrays:importEmbeddings' : 'arrays:importPredictions';
        const set = await ctx.api[method]({ datasetId: o.dataset, name: o.name, path: file, idKey: o.idKey });
        print(set, !!o.json, () => `Stored ${kind.slice(0, -1)} set "${set.name}" on dataset ${set.datasetId}: ${set.rows} x ${set.cols} (${set.dtype}).`);
      } finally {
        ctx.close();
      }
    });
}

program
  .command('runs')
  .description('list runs')
  .option('--dataset <id>', 'only this dataset', Number)
  .option('--json', 'JSON output')
  .action(async (o: { dataset?: number; json?: boolean }) => {
    const ctx = openCliContext(globals());
    try {
      const runs = await ctx.api['runs:list']({ datasetId: o.dataset });
      print(runs, !!o.json, () =>
        runs.map((r) => `${String(r.id).padStart(4)}  ${r.analysis.padEnd(16)} ${r.status.padEnd(11)} ${r.datasetName}  ${r.startedAt ?? r.createdAt}  ${r.durationSeconds === null ? '' : `${r.durationSeconds.toFixed(1)}s`}  ${r.backend ?? ''}${r.error ? `\n      ${r.error}` : ''}`).join('\n') || 'No runs yet.');
    } finally {
      ctx.close();
    }
  });

program
  .command('run')
  .description('run an analysis on a stored dataset (see `faultline analyses`)')
  .argument('<analysis>')
  .requiredOption('--dataset <id>', 'dataset id', Number)
  .option('--config <json>', 'analysis config as JSON', '{}')
  .option('--seed <n>', 'random seed', Number, 0)
  .option('--json', 'progress and result as JSON lines')
  .action(async (analysis: string, o: { dataset: number; config: string; seed: number; json?: boolean }) => {
    const ctx = openCliContext(globals());
    try {
      let config: Record<string, unknown>;
      try {
        config = JSON.parse(o.config);
      } catch (e) {
        throw new InputError(`--config is not valid JSON: ${(e as Error).message}`);
      }
      const run = await runWithProgress(ctx, { analysis, datasetId: o.dataset, config, seed: o.seed }, !!o.json);
      if (o.json) process.stdout.write(JSON.stringify({ type: 'result', run }) + '\n');
      else process.stdout.write(`Run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}${run.durationSeconds !== null ? ` in ${run.durationSeconds.toFixed(1)}s` : ''}\n`);
      if (run.status !== 'succeeded') process.exitCode = run.status === 'cancelled' ? 130 : 1;
    } finally {
      ctx.close();
    }
  });

program
  .command('analyses')
  .description('list the analyses and their default configs')
  .action(async () => {
    const ctx = openCliContext(globals());
    try {
      for (const a of await ctx.api['analyses:list']()) process.stdout.write(`${a.id.padEnd(18)} ${a.title}: ${a.description}\n    defaults ${JSON.stringify(a.defaults)}\n`);
    } finally {
      ctx.close();
    }
  });

program
  .command('serve')
  .description('browser mode: serve the app on 127.0.0.1 with a random token')
  .option('--port <n>', 'port (default: a free one)', Number)
  .action(async (o: { port?: number }) => {
    const staticDir = join(repoRoot, 'out', 'renderer');
    if (!existsSync(join(staticDir, 'index.html'))) {
      process.stderr.write('Building the user interface (first run)…\n');
      const { buildRenderer } = await import('./build-renderer.ts');
      await buildRenderer(repoRoot);
    }
    const ctx = openCliContext(globals(), 'browser');
    const server = await startServer({ ctx, staticDir, port: o.port });
    process.stdout.write(`Faultline is serving on ${server.url}\nDatabase: ${ctx.paths.dbPath}\nOpen the URL above in a browser (it carries the access token). Ctrl-C stops.\n`);
    const stop = async () => {
      await server.close();
      ctx.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('doctor')
  .description('report the compute backend, devices and versions')
  .option('--json', 'JSON output')
  .action(async (o: { json?: boolean }) => {
    const report = await describeDoctor(globals());
    print(report.data, !!o.json, () => report.text);
  });

registerAnalysisCommands(program, globals);

program.parseAsync().catch((e: unknown) => {
  const err = e as Error & { details?: { file?: string; row?: number; column?: string } };
  const where = err.details && (err.details.file || err.details.row) ? ` [${[err.details.file, err.details.row && `row ${err.details.row}`, err.details.column && `column ${err.details.column}`].filter(Boolean).join(', ')}]` : '';
  const known = e instanceof InputError || e instanceof ApiError || err.name === 'ZodError';
  process.stderr.write(`faultline: ${err.message}${where}\n${known ? '' : (err.stack ?? '') + '\n'}`);
  process.exit(1);
});
