import { InputError } from '../../../src-shared/errors.ts';
import { idColumn, parseCell } from './arrays/csv-matrix.ts';
import { listSome } from './file-errors.ts';
import { sha256File } from './sha256-file.ts';
import { openDelimited } from './table/delimited-rows.ts';

export interface PredictionFile {
  ids: string[] | null;
  /** Predicted class name per row (one of classNames). */
  predicted: string[];
  /** Row-major rows x classNames.length scores, in classNames order, when the file has them. */
  scores: Float32Array | null;
  /** Number of score columns (classes), 0 without scores. */
  cols: number;
  sha256: string;
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const LABEL_COLUMNS = ['pred', 'prediction', 'predicted', 'ypred', 'predlabel', 'predictedlabel', 'predclass', 'predictedclass'];
const SCORE_PREFIX = /^(score|scores|prob|probs|proba|probability|logit|logits)[_\-.:]?(.+)$/i;

/** Score columns in class order: named after the classes, or score_<i> / prob_<class> etc. */
function scoreColumns(columns: readonly string[], classNames: readonly string[], taken: Set<number>, file: string): number[] | null {
  const k = classNames.length;
  const direct = classNames.map((c) => columns.findIndex((col, j) => !taken.has(j) && col === c));
  if (k > 0 && direct.every((j) => j >= 0)) return direct;

  const byClass = new Array<number>(k).fill(-1);
  const found: string[] = [];
  columns.forEach((col, j) => {
    if (taken.has(j)) return;
    const m = SCORE_PREFIX.exec(col.trim());
    if (!m) return;
    found.push(col);
    const suffix = m[2];
    let c = classNames.indexOf(suffix);
    if (c < 0 && /^\d+$/.test(suffix) && Number(suffix) < k) c = Number(suffix);
    if (c >= 0 && byClass[c] < 0) byClass[c] = j;
  });
  if (found.length === 0) return null;
  const missing = classNames.filter((_, c) => byClass[c] < 0);
  if (missing.length > 0 || found.length !== k) {
    throw new InputError(
      `${file}: score columns ${listSome(found, 10)} do not match the dataset's ${k} classes (${listSome(classNames, 10)}). ` +
        `Give one score column per class, named score_0..score_${k - 1} in class order or prob_<class name>` +
        (missing.length ? `; no column for ${listSome(missing)}.` : '.'),
      { file, row: 1 },
    );
  }
  return byClass;
}

/**
 * Reads model predictions from a CSV/TSV: an optional id column, a predicted-label column and/or
 * one score column per class. Without a label column the prediction is the arg-max score.
 */
export async function readPredictionFile(path: string, opts: { idKey?: string; classNames: string[] }): Promise<PredictionFile> {
  const { classNames } = opts;
  const idKey = opts.idKey?.trim() || undefined;
  const t = await openDelimited(path, 'Prediction file');
  const { columns } = t;
  let idCol: number;
  let labelCol: number;
  let scoreCols: number[] | null;
  try {
    idCol = idColumn(columns, idKey, path);
    labelCol = columns.findIndex((c, j) => j !== idCol && LABEL_COLUMNS.includes(norm(c)));
    const taken = new Set([idCol, labelCol].filter((j) => j >= 0));
    scoreCols = scoreColumns(columns, classNames, taken, path);
    if (labelCol < 0 && !scoreCols) {
      throw new InputError(
        `${path} has no predicted-label column (pred, prediction, predicted or y_pred) and no score column per class ` +
          `(named after the classes ${listSome(classNames, 10)}, or score_0..score_${classNames.length - 1} / prob_<class>). ` +
          `Its columns: ${listSome(columns, 20)}.`,
        { file: path, row: 1 },
      );
    }
  } catch (e) {
    t.close();
    throw e;
  }

  const classIndex = new Map(classNames.map((c, i) => [c, i]));
  // Models often write class indices; read them as indices only when no class name is a number.
  const indicesAllowed = !classNames.some((c) => /^-?\d+(\.\d+)?$/.test(c.trim()));
  const toClass = (raw: string): number | undefined => {
    const v = raw.trim();
    const direct = classIndex.get(v);
    if (direct !== undefined) return direct;
    const n = Number(v);
    if (v !== '' && Number.isInteger(n)) {
      const asText = classIndex.get(String(n));
      if (asText !== undefined) return asText;
      if (indicesAllowed && n >= 0 && n < classNames.length) return n;
    }
    return undefined;
  };

  const k = classNames.length;
  const ids: string[] | null = idCol >= 0 ? [] : null;
  const predicted: string[] = [];
  const scoreRows: number[] = [];
  for await (const r of t.records) {
    const f = r.fields;
    if (f.length !== columns.length) {
      throw new InputError(`${path}: row ${r.row} has ${f.length} fields but the header has ${columns.length}.`, { file: path, row: r.row });
    }
    if (ids) {
      const id = f[idCol].trim();
      if (id === '') throw new InputError(`${path}: row ${r.row} has an empty id in column "${columns[idCol]}".`, { file: path, row: r.row, column: columns[idCol] });
      ids.push(id);
    }
    let best = -1;
    if (scoreCols) {
      let bestScore = -Infinity;
      for (let c = 0; c < k; c++) {
        const j = scoreCols[c];
        const v = parseCell(f[j]);
        if (typeof v !== 'number') {
          throw new InputError(`${path}: row ${r.row}, column "${columns[j]}": score is ${v}. Scores must be finite numbers.`, {
            file: path,
            row: r.row,
            column: columns[j],
          });
        }
        scoreRows.push(v);
        if (v > bestScore) {
          bestScore = v;
          best = c;
        }
      }
    }
    if (labelCol >= 0) {
      const c = toClass(f[labelCol]);
      if (c === undefined) {
        const v = f[labelCol].trim();
        throw new InputError(
          `${path}: row ${r.row}, column "${columns[labelCol]}": ${v === '' ? 'no predicted label' : `"${v}" is not a class of this dataset`}. ` +
            `Classes: ${listSome(classNames, 20)}${indicesAllowed ? ` (or their indices 0..${k - 1})` : ''}.`,
          { file: path, row: r.row, column: columns[labelCol] },
        );
      }
      best = c;
    }
    predicted.push(classNames[best]);
  }
  if (predicted.length === 0) throw new InputError(`${path} has a header but no data rows.`, { file: path });
  return {
    ids,
    predicted,
    scores: scoreCols ? Float32Array.from(scoreRows) : null,
    cols: scoreCols ? k : 0,
    sha256: await sha256File(path),
  };
}
