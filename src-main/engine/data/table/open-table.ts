import { basename } from 'node:path';
import type { PresetId } from '../../../../src-shared/api.ts';
import { openCelebA, isCelebATextFormat } from './celeba-rows.ts';
import { openDelimited } from './delimited-rows.ts';
import type { TableRecord, TableSource } from './table-source.ts';
import { assertReadableFile } from '../file-errors.ts';

export const WATERBIRDS_COLUMNS = ['img_id', 'img_filename', 'y', 'split', 'place'] as const;

const CELEBA_NAME = /^list_attr_celeba\.(txt|csv)$/i;

async function openGeneric(file: string, preset: PresetId): Promise<TableSource> {
  const t = await openDelimited(file, 'Metadata table');
  const width = t.columns.length;
  async function* records(): AsyncGenerator<TableRecord> {
    for await (const r of t.records) {
      if (r.fields.length !== width) {
        yield { ...r, problem: `row has ${r.fields.length} fields but the header has ${width} (ragged row)` };
      } else {
        yield r;
      }
    }
  }
  return { file, preset, columns: t.columns, companionFiles: [], notes: t.notes, records: records(), close: t.close };
}

/** Opens a metadata table in the reader its preset needs. */
export async function openTable(file: string, preset: PresetId): Promise<TableSource> {
  return preset === 'celeba' ? openCelebA(file) : openGeneric(file, preset);
}

/** CelebA by file name or by its count-then-names layout; Waterbirds by its exact columns. */
export async function detectPreset(file: string): Promise<PresetId> {
  await assertReadableFile(file, 'Metadata table');
  if (CELEBA_NAME.test(basename(file)) || (await isCelebATextFormat(file))) return 'celeba';
  const t = await openDelimited(file, 'Metadata table');
  t.close();
  const cols = new Set(t.columns);
  return WATERBIRDS_COLUMNS.every((c) => cols.has(c)) ? 'waterbirds' : 'generic';
}
