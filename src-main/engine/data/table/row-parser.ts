import type { ColumnMapping } from '../../../../src-shared/api.ts';
import { InputError } from '../../../../src-shared/errors.ts';
import { listSome } from '../file-errors.ts';
import { toMediaPath } from './media-path.ts';
import { ACCEPTED_SPLIT_VALUES, parseSplit } from './split-values.ts';
import type { TableRecord } from './table-source.ts';
import type { ParsedSample } from './types.ts';

export type RowOutcome = { ok: true; sample: ParsedSample } | { ok: false; reason: string };

/** Every mapped column must exist; a wrong name is a whole-file error that lists the real ones. */
export function resolveColumns(mapping: ColumnMapping, columns: readonly string[], file: string) {
  const index = (role: string, name: string | undefined, required: boolean): number => {
    if (name === undefined || name === '') {
      if (required) {
        throw new InputError(
          `${file}: no column is chosen as the ${role}. Choose one of: ${listSome(columns, 50)}.`,
          { file },
        );
      }
      return -1;
    }
    const i = columns.indexOf(name);
    if (i < 0) {
      throw new InputError(
        `${file}: the header has no column "${name}" (mapped as ${role}). Available columns: ${listSome(columns, 50)}. ` +
          'Fix the column mapping or the header.',
        { file, row: 1, column: name },
      );
    }
    return i;
  };
  return {
    id: index('id', mapping.id, false),
    image: index('image path', mapping.imagePath, true),
    split: index('split', mapping.split, false),
    label: index('label', mapping.label, true),
    mask: index('mask path', mapping.maskPath, false),
    group: index('group', mapping.group, false),
    attributes: mapping.attributes.map((a) => [a, index('attribute', a, false)] as const),
  };
}

/**
 * Turns records into samples or rejection reasons (everything but file checks, which are batched
 * afterwards). Stateful: remembers ids to reject duplicates.
 */
export function createRowParser(mapping: ColumnMapping, columns: readonly string[], file: string, imageRoot: string) {
  const col = resolveColumns(mapping, columns, file);
  const firstRowOfId = new Map<string, number>();
  let dataIndex = -1;

  const parse = (rec: TableRecord): RowOutcome => {
    // Without an id column the id is the 0-based data row index, as pandas numbers rows, so that
    // embeddings saved with those ids still align.
    dataIndex++;
    if (rec.problem) return { ok: false, reason: rec.problem };
    const f = rec.fields;
    const externalId = col.id >= 0 ? f[col.id].trim() : String(dataIndex);
    if (externalId === '') return { ok: false, reason: `empty id in column "${mapping.id}"` };
    const seen = firstRowOfId.get(externalId);
    if (seen !== undefined) return { ok: false, reason: `duplicate id "${externalId}" (first used on row ${seen})` };
    firstRowOfId.set(externalId, rec.row);

    let split: ParsedSample['split'] = 'train';
    if (col.split >= 0) {
      const raw = f[col.split];
      const s = parseSplit(raw);
      if (!s) {
        return {
          ok: false,
          reason:
            raw.trim() === ''
              ? `no split value in column "${mapping.split}" (use ${ACCEPTED_SPLIT_VALUES})`
              : `unknown split value "${raw.trim()}" in column "${mapping.split}" (use ${ACCEPTED_SPLIT_VALUES})`,
        };
      }
      split = s;
    }
    const label = f[col.label].trim();
    if (label === '') return { ok: false, reason: `empty label in column "${mapping.label}"` };

    const mediaPath = toMediaPath(f[col.image], imageRoot);
    if (mediaPath === null) return { ok: false, reason: `empty image path in column "${mapping.imagePath}"` };
    const maskPath = col.mask >= 0 ? toMediaPath(f[col.mask], imageRoot) : null;

    const attributes: Record<string, string> = {};
    for (const [name, j] of col.attributes) {
      attributes[name] = f[j].trim();
    }
    const sample: ParsedSample = { row: rec.row, externalId, split, label, attributes, mediaPath, maskPath };
    if (col.group >= 0) {
      const g = f[col.group].trim();
      if (g === '') return { ok: false, reason: `empty group in column "${mapping.group}"` };
      sample.group = g;
    }
    return { ok: true, sample };
  };

  return parse;
}
