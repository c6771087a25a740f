// Turns the API's group table into heatmap cells and table rows. Kept apart from the component so
// the mapping (which row, which column, which colour value) is testable on its own.
import type { GroupTable, Split } from '../../../src-shared/api.ts';
import type { HeatCell } from '../../lib/charts/types.ts';
import type { Row } from '../../lib/charts/table.ts';
import { count, percent } from '../../lib/format.ts';

export interface GroupHeat {
  rows: string[];
  rowGroups: string[];
  cols: string[];
  cells: HeatCell[];
  tableRows: Row[];
}

export function groupHeat(table: GroupTable, labelName: string): GroupHeat {
  const attr = table.attribute;
  const colOf = (v: string | undefined) => (attr ? `${attr}=${v ?? '∅'}` : 'all');
  const splitTotals = new Map<Split, number>();
  for (const c of table.cells) splitTotals.set(c.split, (splitTotals.get(c.split) ?? 0) + c.count);

  const splits = (['train', 'val', 'test'] as Split[]).filter((s) => splitTotals.has(s));
  const rows: string[] = [];
  const rowGroups: string[] = [];
  for (const s of splits)
    for (const l of table.labels) {
      rows.push(`${s} · ${labelName}=${l}`);
      rowGroups.push(s);
    }
  const cols = attr ? table.attributeValues.map((v) => colOf(v)) : ['all'];

  const cells: HeatCell[] = [];
  const tableRows: Row[] = [];
  for (const c of table.cells) {
    const value = attr ? c.attributes[attr] : undefined;
    const total = splitTotals.get(c.split) ?? 0;
    const share = total > 0 ? c.count / total : 0;
    const row = `${c.split} · ${labelName}=${c.label}`;
    const col = colOf(value);
    cells.push({
      row,
      col,
      value: c.count,
      colorValue: share,
      text: count(c.count),
      title: `${c.split} · ${labelName}=${c.label} · ${col}: ${count(c.count)} samples (${percent(share)} of ${c.split})`,
      data: { split: c.split, label: c.label, attr: value ?? '', count: c.count },
    });
    tableRows.push({ split: c.split, label: c.label, attribute: value ?? '', count: c.count, share });
  }
  return { rows, rowGroups, cols, cells, tableRows };
}
