// Commands that run analyses end to end: `demo` (the main job on the bundled dataset) and
// `spurious` (DFR on stored data or directly on files). Their --json shapes are product contracts.
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ColumnMapping, PresetId, RunDetail } from '../../src-shared/api.ts';
import { InputError } from '../../src-shared/errors.ts';
import type { SpuriousResult } from '../../src-shared/results/spurious.ts';
import { toCliJson } from '../engine/analyses/spurious/index.ts';
import type { AppContext } from '../service/app-context.ts';
import { listDatasets, sha256Bytes } from '../store/index.ts';
import { openCliContext, runWithProgress, type GlobalOptions } from './context.ts';
import { readFileSync } from 'node:fs';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function summarizeSpurious(run: RunDetail): string {
  const result = run.result as SpuriousResult;
  const lines: string[] = [];
  for (const set of result.sets) {
    const worst = set.dfr.groups.find((g) => g.key === set.baseline.worstGroupKey);
    lines.push(`Embedding set ${set.embeddingSet} (${set.rows} x ${set.dim})`);
    lines.push(`  baseline (${set.baseline.source}): worst-group ${pct(set.baseline.worstGroupAccuracy)} (${set.baseline.worstGroupKey}), overall ${pct(set.baseline.overallAccuracy)}`);
    lines.push(`  DFR (C = ${set.selected.C}, ${set.selected.nonZeroWeights}/${set.selected.totalWeights} weights): worst-group ${pct(set.dfr.worstGroupAccuracy)} (95% CI ${pct(set.dfr.worstGroupCi[0])}-${pct(set.dfr.worstGroupCi[1])}), overall ${pct(set.dfr.overallAccuracy)}, mean ${pct(set.dfr.trainWeightedMeanAccuracy)}`);
    if (worst) lines.push(`  baseline's worst group ${worst.key}: ${pct(set.baseline.groups.find((g) => g.key === worst.key)?.accuracy ?? NaN)} -> ${pct(worst.accuracy)} after DFR`);
    lines.push(`  spurious attribute ${set.spuriousDecodability.attribute} decodable from the embedding: balanced accuracy ${pct(set.spuriousDecodability.balancedAccuracy)}`);
    if (set.perSeed.length > 1) {
      const s = set.seedSummary;
      lines.push(`  over ${set.perSeed.length} seeds: DFR worst-group ${pct(s.dfrWorstGroupAccuracy.mean)} ± ${pct(s.dfrWorstGroupAccuracy.std)}, baseline ${pct(s.baselineWorstGroupAccuracy.mean)} ± ${pct(s.baselineWorstGroupAccuracy.std)}`);
    }
  }
  return lines.join('\n');
}

/** Imports metadata (reusing an identical earlier import) and the arrays for `spurious` on files. */
async function importFiles(ctx: AppContext, o: SpuriousFileOptions): Promise<{ datasetId: number; embeddingSet: string; predictionSet?: string }> {
  const metadataPath = resolve(o.metadata);
  const hash = sha256Bytes(readFileSync(metadataPath)).slice(0, 12);
  const name = `${metadataPath} [${hash}${o.label ? ` label=${o.label}` : ''}${o.attribute ? ` attr=${o.attribute}` : ''}]`;
  let dataset = listDatasets(ctx.db).find((d) => d.name === name);
  if (!dataset) {
    const preview = await ctx.api['datasets:preview']({ metadataPath, preset: o.preset });
    const mapping: ColumnMapping = { ...preview.suggestedMapping };
    if (o.label) mapping.label = o.label;
    if (o.attribute) mapping.attributes = [o.attribute];
    // DFR on files needs the table and the embeddings, not the images.
    const imported = await ctx.api['datasets:import']({ metadataPath, preset: o.preset ?? preview.preset, mapping, name, imageRoot: o.images, allowMissingImages: true });
    if (imported.report.rejected.length > 0) {
      process.stderr.write(`${imported.report.rejected.length} metadata row(s) rejected, e.g. row ${imported.report.rejected[0]!.row}: ${imported.report.rejected[0]!.reason}\n`);
    }
    dataset = imported.dataset;
  }
  const embeddingSet = `file:${resolve(o.embeddings)}`;
  await ctx.api['arrays:importEmbeddings']({ datasetId: dataset.id, name: embeddingSet, path: o.embeddings, idKey: o.idKey });
  let predictionSet: string | undefined;
  if (o.predictions) {
    predictionSet = `file:${resolve(o.predictions)}`;
    await ctx.api['arrays:importPredictions']({ datasetId: dataset.id, name: predictionSet, path: o.predictions, idKey: o.idKey });
  }
  return { datasetId: dataset.id, embeddingSet, predictionSet };
}

interface SpuriousFileOptions {
  metadata: string;
  preset?: PresetId;
  images?: string;
  embeddings: string;
  predictions?: string;
  label?: string;
  attribute?: string;
  idKey?: string;
}

interface SpuriousOptions extends Partial<SpuriousFileOptions> {
  dataset?: number;
  embeddingSet?: string[];
  predictionSet?: string;
  method: 'dfr-val' | 'dfr-train';
  seed: number;
  seeds: number;
  json?: string;
}

async function reportSpurious(run: RunDetail, jsonPath: string | undefined): Promise<void> {
  if (run.status !== 'succeeded') {
    process.stderr.write(`Run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}\n`);
    process.exitCode = run.status === 'cancelled' ? 130 : 1;
    return;
  }
  const result = run.result as SpuriousResult;
  if (jsonPath) {
    const json = toCliJson(result, { seed: run.seed, backend: run.backend ?? 'unknown', seconds: run.durationSeconds ?? 0 });
    writeFileSync(resolve(jsonPath), JSON.stringify({ ...json, runId: run.id }, null, 2) + '\n');
  }
  process.stdout.write(`${summarizeSpurious(run)}\nRun ${run.id} stored (${run.durationSeconds?.toFixed(1)}s on ${run.backend}).${jsonPath ? ` JSON: ${resolve(jsonPath)}` : ''}\n`);
}

/** Runs a task with progress, prints its one-line outcome (or JSON), and sets the exit code. */
async function runTask(globals: () => GlobalOptions, analysis: string, datasetId: number, config: Record<string, unknown>, seed: number, json: boolean, describe: (result: any) => string): Promise<void> {
  const ctx = openCliContext(globals());
  try {
    const run = await runWithProgress(ctx, { analysis, datasetId, config, seed }, json);
    if (json) process.stdout.write(JSON.stringify({ type: 'result', run }) + '\n');
    else if (run.status === 'succeeded') process.stdout.write(`${describe(run.result)}\nRun ${run.id} (${run.durationSeconds?.toFixed(1)}s on ${run.backend}).\n`);
    else process.stderr.write(`Run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}\n`);
    if (run.status !== 'succeeded') process.exitCode = run.status === 'cancelled' ? 130 : 1;
  } finally {
    ctx.close();
  }
}

/** Options the user left out are left out of the config, so the task's defaults apply. */
function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function modelRef(o: { modelId?: number; model?: string }): Record<string, unknown> {
  if (o.modelId !== undefined) return { modelId: o.modelId };
  if (o.model) return { path: o.model };
  throw new InputError('Give --model-id N (a model trained here, see `faultline train`) or --model PATH (.onnx, TF.js model.json or its folder).');
}

export function registerAnalysisCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('train')
    .description('train the default CNN on a split of a stored dataset (checkpoint stored for embed/predict)')
    .requiredOption('--dataset <id>', 'dataset id', Number)
    .option('--split <split>', 'split to train on', 'train')
    .option('--epochs <n>', 'epochs', Number)
    .option('--width <n>', 'channels of the first stage', Number)
    .option('--input-size <px>', 'input side in pixels', Number)
    .option('--lr <x>', 'learning rate', Number)
    .option('--scale-min <s>', 'RandomResizedCrop scale lower bound (1 = no cropping)', Number)
    .option('--seed <n>', 'random seed', Number, 0)
    .option('--json', 'progress and result as JSON lines')
    .action(async (o: { dataset: number; split: string; epochs?: number; width?: number; inputSize?: number; lr?: number; scaleMin?: number; seed: number; json?: boolean }) => {
      const config = definedOnly({ split: o.split, epochs: o.epochs, width: o.width, inputSize: o.inputSize, lr: o.lr, scaleMin: o.scaleMin });
      await runTask(globals, 'train-cnn', o.dataset, config, o.seed, !!o.json, (r) => `Model ${r.model.id} "${r.model.name}" at ${r.model.dir}: final train accuracy ${pct(r.history.at(-1)?.trainAccuracy ?? NaN)}.`);
    });

  program
    .command('embed')
    .description('extract embeddings of every sample through a backbone into an embedding set (cached)')
    .requiredOption('--dataset <id>', 'dataset id', Number)
    .option('--model-id <n>', 'a model trained in the app', Number)
    .option('--model <path>', 'a local .onnx file, TF.js model.json or its folder')
    .option('--layer <name>', 'output / layer / node to read features from')
    .option('--input-size <px>', 'input side for models that leave it open', Number)
    .addOption(new Option('--normalization <preset>', 'input normalisation').choices(['imagenet', 'half', 'none']))
    .option('--name <name>', 'embedding set name')
    .option('--json', 'progress and result as JSON lines')
    .action(async (o: { dataset: number; modelId?: number; model?: string; layer?: string; inputSize?: number; normalization?: string; name?: string; json?: boolean }) => {
      const config = definedOnly({ model: modelRef(o), layer: o.layer, inputSize: o.inputSize, normalization: o.normalization, name: o.name });
      await runTask(globals, 'extract-embeddings', o.dataset, config, 0, !!o.json, (r) => `Embedding set "${r.embeddingSet}": ${r.rows} x ${r.cols}${r.cached ? ' (from the cache)' : ''}.`);
    });

  program
    .command('predict')
    .description('store a classifier\'s predictions for every sample as a prediction set')
    .requiredOption('--dataset <id>', 'dataset id', Number)
    .option('--model-id <n>', 'a model trained in the app', Number)
    .option('--model <path>', 'a TF.js classifier (model.json or folder)')
    .option('--name <name>', 'prediction set name')
    .option('--json', 'progress and result as JSON lines')
    .action(async (o: { dataset: number; modelId?: number; model?: string; name?: string; json?: boolean }) => {
      const config = definedOnly({ model: modelRef(o), name: o.name });
      await runTask(globals, 'predict', o.dataset, config, 0, !!o.json, (r) => `Prediction set "${r.predictionSet}": ${r.rows} samples, accuracy ${pct(r.accuracy)}.`);
    });

  program
    .command('probe')
    .description('fit a linear probe (logistic regression) on an embedding set and report accuracy per group')
    .requiredOption('--dataset <id>', 'dataset id', Number)
    .requiredOption('--embedding-set <name>', 'embedding set')
    .option('--target <name>', '"label" or an attribute', 'label')
    .option('--group-by <attribute...>', 'attributes crossed with the target for per-group accuracy')
    .addOption(new Option('--penalty <p>', 'regularisation').choices(['l1', 'l2']).default('l2'))
    .option('--C <c>', 'inverse regularisation strength', Number, 1)
    .option('--balance-groups', 'fit on a group-balanced subsample')
    .option('--seed <n>', 'random seed', Number, 0)
    .option('--json', 'progress and result as JSON lines')
    .action(async (o: { dataset: number; embeddingSet: string; target: string; groupBy?: string[]; penalty: string; C: number; balanceGroups?: boolean; seed: number; json?: boolean }) => {
      const config = { embeddingSet: o.embeddingSet, target: o.target, groupBy: o.groupBy ?? [], penalty: o.penalty, C: o.C, balanceGroups: !!o.balanceGroups };
      await runTask(globals, 'linear-probe', o.dataset, config, o.seed, !!o.json, (r) =>
        [`Accuracy ${pct(r.overallAccuracy)}, worst group ${pct(r.worstGroupAccuracy)}, ${r.nonZeroWeights} non-zero weights.`, ...r.groups.map((g: { key: string; n: number; accuracy: number; ci: number[] }) => `  ${g.key.padEnd(28)} n=${String(g.n).padStart(5)}  ${pct(g.accuracy)} (${pct(g.ci[0]!)}-${pct(g.ci[1]!)})`)].join('\n'));
    });

  program
    .command('demo')
    .description('generate and import the bundled demo dataset, train a CNN on it, and run DFR (the main analysis)')
    .option('--seed <n>', 'random seed', Number, 0)
    .option('--json <file>', 'also write the result as JSON')
    .action(async (o: { seed: number; json?: string }) => {
      const ctx = openCliContext(globals());
      try {
        process.stderr.write(`Preparing the demo dataset in ${ctx.paths.demoDir} (generated once)…\n`);
        const dataset = await ctx.api['datasets:ensureDemo']();
        process.stderr.write(`Dataset ${dataset.id}: ${dataset.sampleCount} images (${dataset.splits.train} train / ${dataset.splits.val} val / ${dataset.splits.test} test).\n`);
        process.stderr.write('Training the default CNN with plain ERM, extracting embeddings, then running DFR…\n');
        const run = await runWithProgress(ctx, { analysis: 'spurious', datasetId: dataset.id, config: {}, seed: o.seed }, false);
        await reportSpurious(run, o.json);
        process.stdout.write(`Database: ${ctx.paths.dbPath}\nData and models: ${ctx.paths.dataDir}\nSee it in the app: npm run serve (or npm start).\n`);
      } finally {
        ctx.close();
      }
    });

  program
    .command('spurious')
    .description('spurious-feature probes (DFR): baseline vs last-layer retraining per group; on files (--metadata + --embeddings) or stored data (--dataset)')
    .option('--metadata <file>', 'metadata table (Waterbirds metadata.csv works with no other flags)')
    .addOption(new Option('--preset <preset>', 'table format').choices(['waterbirds', 'celeba', 'generic']))
    .option('--images <dir>', 'image folder (default: the metadata file\'s folder)')
    .option('--embeddings <file>', 'embeddings (.npy, .npz, .safetensors, CSV), rows aligned with the metadata rows or with an id key')
    .option('--predictions <file>', 'the original model\'s predictions (CSV) for the baseline')
    .option('--id-key <key>', 'id column / array name aligning arrays with metadata rows')
    .option('--label <column>', 'label column (default: detected, y for Waterbirds)')
    .option('--attribute <column>', 'spurious attribute column (default: detected, place for Waterbirds)')
    .option('--dataset <id>', 'stored dataset id', Number)
    .option('--embedding-set <name...>', 'stored embedding set(s); several = comparison')
    .option('--prediction-set <name>', 'stored prediction set for the baseline')
    .addOption(new Option('--method <method>', 'DFR variant').choices(['dfr-val', 'dfr-train']).default('dfr-val'))
    .option('--seed <n>', 'random seed', Number, 0)
    .option('--seeds <n>', 'repeat with seeds seed..seed+n-1 and report mean ± std', Number, 1)
    .option('--json <file>', 'write the result as JSON')
    .action(async (o: SpuriousOptions) => {
      const ctx = openCliContext(globals());
      try {
        let datasetId: number;
        let embeddingSets: string[];
        let predictionSet = o.predictionSet;
        if (o.metadata) {
          if (!o.embeddings) throw new InputError('--metadata needs --embeddings (the features DFR retrains on).');
          const files = await importFiles(ctx, o as SpuriousFileOptions);
          datasetId = files.datasetId;
          embeddingSets = [files.embeddingSet];
          predictionSet ??= files.predictionSet;
        } else if (o.dataset !== undefined) {
          datasetId = o.dataset;
          embeddingSets = o.embeddingSet ?? [];
        } else {
          throw new InputError('Give either --metadata FILE --embeddings FILE, or --dataset ID [--embedding-set NAME].');
        }
        const dataset = (await ctx.api['datasets:list']()).find((d) => d.id === datasetId);
        const attributes = o.attribute ? [o.attribute] : dataset?.attributes.includes('place') ? ['place'] : dataset?.attributes.slice(0, 1);
        const config = { method: o.method, seeds: o.seeds, embeddingSets, ...(predictionSet ? { predictionSet } : {}), ...(attributes?.length ? { attributes } : {}) };
        const run = await runWithProgress(ctx, { analysis: 'spurious', datasetId, config, seed: o.seed }, false);
        await reportSpurious(run, o.json);
      } finally {
        ctx.close();
      }
    });
}
