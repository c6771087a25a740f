import { basename, dirname } from 'node:path';
import type { ColumnMapping, ImportReport, PresetId, RejectedRow, Split, TablePreview } from '../../../src-shared/api.ts';
import { SPLITS } from '../../../src-shared/api.ts';
import { InputError, throwIfAborted } from '../../../src-shared/errors.ts';
import { CELEBA_SPLIT_COLUMN } from './table/celeba-rows.ts';
import { filesExist, imageProblems } from './table/file-checks.ts';
import { detectPreset, openTable } from './table/open-table.ts';
import { createRowParser } from './table/row-parser.ts';
import { suggestImageRoot, suggestMapping } from './table/suggest-mapping.ts';
import type { TableSource } from './table/table-source.ts';
import type { ParsedSample } from './table/types.ts';

export type { ParsedSample } from './table/types.ts';

const PREVIEW_ROWS = 20;

export interface ReadDatasetTableInput {
  metadataPath: string;
  imageRoot: string;
  preset: PresetId;
  mapping: ColumnMapping;
  /** Decode each image's header with sharp to catch corrupt files (slower). */
  verifyImages?: boolean;
  /**
   * Keep rows whose image (or mask) file is missing, with a warning, instead of rejecting them:
   * for analyses that only need the table and embeddings (DFR on imported features).
   */
  allowMissingMedia?: boolean;
  signal?: AbortSignal;
}

export interface DatasetTable {
  samples: ParsedSample[];
  report: ImportReport;
  /** Distinct labels of accepted samples, numeric order when all are numbers. */
  labels: string[];
  /** Attribute names (the mapped attribute columns). */
  attributes: string[];
}

function assertTable(source: TableSource): void {
  if (source.preset !== 'celeba' && source.columns.length < 2) {
    source.close();
    throw new InputError(
      `${source.file} does not look like a table: its header has a single column ("${source.columns[0]}"). ` +
        'Use a CSV or TSV file with a header row and at least an image path and a label column.',
      { file: source.file, row: 1 },
    );
  }
}

/** Reads the head of a metadata table and suggests how to import it. */
export async function previewTable(metadataPath: string, preset?: PresetId): Promise<TablePreview> {
  const chosen = preset ?? (await detectPreset(metadataPath));
  const source = await openTable(metadataPath, chosen);
  assertTable(source);
  const rows: string[][] = [];
  let totalRows = 0;
  for await (const r of source.records) {
    if (rows.length < PREVIEW_ROWS) rows.push(r.fields);
    totalRows++;
  }
  if (totalRows === 0) {
    throw new InputError(`${metadataPath} has a header but no data rows.`, { file: metadataPath });
  }
  const suggestedMapping = suggestMapping(chosen, source.columns, rows);
  const imageCol = source.columns.indexOf(suggestedMapping.imagePath);
  const imageValues = imageCol >= 0 ? rows.map((r) => r[imageCol] ?? '') : [];
  return {
    metadataPath,
    preset: chosen,
    companionFiles: source.companionFiles,
    columns: source.columns,
    rows,
    totalRows,
    suggestedMapping,
    suggestedImageRoot: suggestImageRoot(metadataPath, chosen, imageValues),
  };
}

function sortLabels(labels: Iterable<string>): string[] {
  const all = [...labels];
  const numeric = all.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? all.sort((a, b) => Number(a) - Number(b)) : all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Rejects rows whose image or mask file is missing (or, with verify, does not decode). */
async function checkMedia(
  candidates: ParsedSample[],
  imageRoot: string,
  verifyImages: boolean,
  reject: (row: number, reason: string) => void,
  signal: AbortSignal | undefined,
  allowMissing: boolean,
  warn: (message: string) => void,
): Promise<ParsedSample[]> {
  const paths = new Set<string>();
  for (const s of candidates) {
    paths.add(s.mediaPath);
    if (s.maskPath) paths.add(s.maskPath);
  }
  const unique = [...paths];
  const exists = await filesExist(imageRoot, unique, signal);
  const present = new Map(unique.map((p, i) => [p, exists[i]]));
  throwIfAborted(signal);

  let problems = new Map<string, string | null>();
  if (verifyImages) {
    const images = [...new Set(candidates.map((s) => s.mediaPath))].filter((p) => present.get(p));
    const found = await imageProblems(imageRoot, images, signal);
    problems = new Map(images.map((p, i) => [p, found[i]]));
    throwIfAborted(signal);
  }

  const kept: ParsedSample[] = [];
  let missing = 0;
  for (const s of candidates) {
    if (allowMissing && (!present.get(s.mediaPath) || (s.maskPath && !present.get(s.maskPath)))) {
      missing++;
      kept.push(s);
    } else if (!present.get(s.mediaPath)) {
      reject(s.row, `image file not found: ${s.mediaPath} (looked under ${imageRoot})`);
    } else if (s.maskPath && !present.get(s.maskPath)) {
      reject(s.row, `mask file not found: ${s.maskPath} (looked under ${imageRoot})`);
    } else if (problems.get(s.mediaPath)) {
      reject(s.row, `image cannot be decoded (corrupt or not an image): ${s.mediaPath}: ${problems.get(s.mediaPath)}`);
    } else {
      kept.push(s);
    }
  }
  if (missing > 0) {
    warn(`${missing} rows point at image or mask files that are not under ${imageRoot}; they were kept (analyses on embeddings work), but thumbnails and in-app training will fail for them.`);
  }
  return kept;
}

function summaryWarnings(samples: ParsedSample[], mapping: ColumnMapping, labels: string[]): string[] {
  const warnings: string[] = [];
  if (!mapping.split) {
    warnings.push(`No split column is mapped: all ${samples.length} samples are treated as train.`);
  } else {
    const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };
    for (const s of samples) counts[s.split]++;
    const empty = SPLITS.filter((s) => counts[s] === 0);
    if (empty.length > 0) warnings.push(`No samples in split ${empty.join(', ')}.`);
  }
  if (labels.length === 1) warnings.push(`Every sample has the same label ("${labels[0]}").`);
  for (const a of mapping.attributes) {
    const n = samples.filter((s) => s.attributes[a] === '').length;
    if (n > 0) warnings.push(`${n} samples have no value for attribute "${a}"; they form a group with the empty value.`);
  }
  return warnings;
}

function noRowsError(file: string, total: number, rejected: RejectedRow[], imageRoot: string): InputError {
  if (total === 0) return new InputError(`${file} has a header but no data rows.`, { file });
  const first = rejected[0];
  const allMissing = rejected.every((r) => r.reason.startsWith('image file not found'));
  const hint = allMissing
    ? ` No image was found: check that the image folder (${imageRoot}) is the folder the paths in the table are relative to.`
    : ' Fix the rows (see the reasons) or the column mapping.';
  return new InputError(
    `${file}: all ${total} rows were rejected, nothing to import. First: row ${first.row}: ${first.reason}.${hint}`,
    { file, row: first.row },
  );
}

/**
 * Reads and validates a whole metadata table. Bad rows are rejected with their row number and
 * reason (never dropped silently); whole-file problems throw InputError.
 */
export async function readDatasetTable(input: ReadDatasetTableInput): Promise<DatasetTable> {
  const { metadataPath: file, imageRoot, preset, mapping, signal } = input;
  const source = await openTable(file, preset);
  assertTable(source);
  let parse: ReturnType<typeof createRowParser>;
  try {
    if (preset === 'celeba' && mapping.split === CELEBA_SPLIT_COLUMN && !source.columns.includes(CELEBA_SPLIT_COLUMN)) {
      throw new InputError(
        `${file}: the split comes from CelebA's list_eval_partition.txt, which is not in ${dirname(file)}. ` +
          'Put it next to the attribute file, or import without a split column (everything becomes train).',
        { file, column: CELEBA_SPLIT_COLUMN },
      );
    }
    parse = createRowParser(mapping, source.columns, file, imageRoot);
  } catch (e) {
    source.close();
    throw e;
  }

  const rejected: RejectedRow[] = [];
  const reject = (row: number, reason: string): void => void rejected.push({ row, reason });
  const candidates: ParsedSample[] = [];
  let total = 0;
  for await (const rec of source.records) {
    if ((++total & 4095) === 0) throwIfAborted(signal);
    const out = parse(rec);
    if (out.ok) candidates.push(out.sample);
    else reject(rec.row, out.reason);
  }
  throwIfAborted(signal);

  const mediaWarnings: string[] = [];
  const samples = await checkMedia(candidates, imageRoot, input.verifyImages ?? false, reject, signal, input.allowMissingMedia ?? false, (m) => mediaWarnings.push(m));
  rejected.sort((a, b) => a.row - b.row);
  if (samples.length === 0) throw noRowsError(file, total, rejected, imageRoot);

  const labels = sortLabels(new Set(samples.map((s) => s.label)));
  const warnings = [...source.notes, ...mediaWarnings, ...summaryWarnings(samples, mapping, labels)];
  if (rejected.length > 0) {
    warnings.push(`${rejected.length} of ${total} rows in ${basename(file)} were rejected; see the list of rejected rows.`);
  }
  return {
    samples,
    report: { file, accepted: samples.length, rejected, warnings },
    labels,
    attributes: [...mapping.attributes],
  };
}
