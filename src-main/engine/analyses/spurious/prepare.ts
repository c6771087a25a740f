// Turns samples + config into the index arrays DFR works on (targets, groups, split rows) and
// rejects inputs the procedure cannot handle, with messages that say what to change.
import { InputError } from '../../../../src-shared/errors.ts';
import type { Split } from '../../../../src-shared/api.ts';
import type { AnalysisSample, LoadedMatrix } from '../types.ts';
import type { SpuriousConfig } from './config.ts';

export interface SpuriousInputs {
  samples: AnalysisSample[];
  /** Each row-aligned with samples. */
  embeddings: LoadedMatrix[];
  /** Imported model predictions aligned with samples; '' = missing. */
  predictions?: { name: string; predicted: string[] };
}

export interface GroupInfo {
  /** Dense id: label index * (number of attribute combinations) + combination index. */
  id: number;
  key: string;
  label: string;
  labelIndex: number;
  attributes: Record<string, string>;
  /** Index of each attribute's value, in `attributes` order. */
  valueIndex: number[];
}

export interface PreparedData {
  labelName: string;
  /** Prefix of the label in group keys ('y' for the sample label, else the column name). */
  labelKey: string;
  classes: string[];
  attributes: string[];
  /** Distinct values of each attribute, sorted. */
  attributeValues: string[][];
  /** Only the label x attribute cells with at least one usable sample. */
  groups: GroupInfo[];
  /** Per sample: class index, or -1 for a sample left out (missing label or attribute). */
  y: Int32Array;
  /** Per sample: index into `groups`, or -1 when left out. */
  group: Int32Array;
  /** Per attribute, per sample: value index, or -1 when left out. */
  attributeIndex: Int32Array[];
  /** Usable sample indices of each split, ascending. */
  rows: Record<Split, Int32Array>;
  /** Samples left out for a missing label or attribute value. */
  excluded: number;
}

/** Numeric-looking values sort as numbers ('2' before '10'); others lexicographically. */
export function sortValues(values: Iterable<string>): string[] {
  const list = [...new Set(values)];
  const numeric = list.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

function availableAttributes(samples: AnalysisSample[]): string[] {
  const names = new Set<string>();
  for (const s of samples) for (const k of Object.keys(s.attributes)) names.add(k);
  return [...names].sort();
}

function resolveAttributes(config: SpuriousConfig, available: string[]): string[] {
  const list = available.length > 0 ? available.join(', ') : '(none: the dataset has no attribute columns)';
  if (!config.attributes || config.attributes.length === 0) {
    if (available.includes('place')) return ['place'];
    // One attribute column (CelebA's Male, a single 'background' column): nothing to choose.
    if (available.length === 1) return [...available];
    throw new InputError(`Choose the spurious attribute(s) for this analysis (config "attributes"). Available attributes: ${list}.`);
  }
  const missing = config.attributes.filter((a) => !available.includes(a));
  if (missing.length > 0) {
    throw new InputError(`Unknown attribute${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}. Available attributes: ${list}.`);
  }
  if (new Set(config.attributes).size !== config.attributes.length) {
    throw new InputError(`The attribute list ${config.attributes.join(', ')} names an attribute twice; list each once.`);
  }
  if (config.attributes.includes(config.label)) {
    throw new InputError(`"${config.label}" is the target label and cannot also be a spurious attribute.`);
  }
  return [...config.attributes];
}

function labelOf(s: AnalysisSample, labelName: string): string {
  return labelName === 'label' ? s.label : (s.attributes[labelName] ?? '');
}

/** Validates the embedding sets against the samples before any work starts. */
export function checkEmbeddings(inputs: SpuriousInputs): void {
  if (inputs.embeddings.length === 0) {
    throw new InputError('The spurious-feature analysis needs at least one embedding set; import embeddings for this dataset first.');
  }
  const names = new Set<string>();
  for (const e of inputs.embeddings) {
    if (names.has(e.name)) throw new InputError(`Two embedding sets are both named "${e.name}"; give each set a distinct name.`);
    names.add(e.name);
    if (e.rows !== inputs.samples.length) {
      throw new InputError(
        `Embedding set "${e.name}" has ${e.rows} rows but the dataset has ${inputs.samples.length} samples; ` +
          'each embedding row must belong to one sample, in sample order.',
      );
    }
    if (e.cols < 1 || e.data.length !== e.rows * e.cols) {
      throw new InputError(`Embedding set "${e.name}" holds ${e.data.length} values, which does not match its shape ${e.rows} x ${e.cols}.`);
    }
    const d = e.data;
    for (let i = 0; i < d.length; i++) {
      // x - x is NaN exactly for NaN and +-Infinity.
      if (d[i] - d[i] !== 0) {
        const row = Math.floor(i / e.cols) + 1;
        const s = inputs.samples[row - 1];
        throw new InputError(
          `Embedding set "${e.name}" has a non-finite value (${d[i]}) in row ${row} (sample "${s.externalId}"), column ${(i % e.cols) + 1}; ` +
            're-extract the embeddings or remove that sample.',
          { row, column: String((i % e.cols) + 1) },
        );
      }
    }
  }
  if (inputs.predictions && inputs.predictions.predicted.length !== inputs.samples.length) {
    throw new InputError(
      `Prediction set "${inputs.predictions.name}" has ${inputs.predictions.predicted.length} rows but the dataset has ${inputs.samples.length} samples.`,
    );
  }
}

export function prepare(inputs: SpuriousInputs, config: SpuriousConfig): PreparedData {
  const { samples } = inputs;
  const available = availableAttributes(samples);
  const attributes = resolveAttributes(config, available);
  const labelName = config.label;
  if (labelName !== 'label' && !available.includes(labelName)) {
    throw new InputError(`The target "${labelName}" is neither "label" nor an attribute. Available attributes: ${available.join(', ')}.`);
  }
  const labelKey = labelName === 'label' ? 'y' : labelName;

  // A sample without a label or an attribute value belongs to no group: leave it out, counted.
  const usable = samples.map((s) => labelOf(s, labelName) !== '' && attributes.every((a) => (s.attributes[a] ?? '') !== ''));
  const excluded = usable.filter((u) => !u).length;
  const used = samples.filter((_, i) => usable[i]);

  const classes = sortValues(used.map((s) => labelOf(s, labelName)));
  const attributeValues = attributes.map((a) => sortValues(used.map((s) => s.attributes[a])));
  attributes.forEach((a, k) => {
    if (attributeValues[k].length < 2) {
      throw new InputError(
        `Attribute "${a}" has a single value (${attributeValues[k][0] ?? 'none'}) across the dataset, so it cannot split samples into groups; ` +
          `choose another attribute (available: ${available.join(', ')}).`,
      );
    }
  });
  if (classes.length < 2) {
    throw new InputError(`The target "${labelName}" has a single value (${classes[0] ?? 'none'}); a classifier needs at least two classes.`);
  }

  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const valueIndex = attributeValues.map((vs) => new Map(vs.map((v, i) => [v, i])));
  let combos = 1;
  for (const vs of attributeValues) combos *= vs.length;

  const n = samples.length;
  const y = new Int32Array(n).fill(-1);
  const cell = new Int32Array(n).fill(-1);
  const attributeIndex = attributes.map(() => new Int32Array(n).fill(-1));
  for (let i = 0; i < n; i++) {
    if (!usable[i]) continue;
    const s = samples[i];
    y[i] = classIndex.get(labelOf(s, labelName)) ?? -1;
    let combo = 0;
    attributes.forEach((a, k) => {
      const v = valueIndex[k].get(s.attributes[a]) ?? 0;
      attributeIndex[k][i] = v;
      combo = combo * attributeValues[k].length + v;
    });
    cell[i] = y[i] * combos + combo;
  }

  // Keep only cells that occur; dense ids in (label, attribute values) order.
  const present = [...new Set(Array.from(cell).filter((c) => c >= 0))].sort((a, b) => a - b);
  const denseOf = new Map(present.map((c, i) => [c, i]));
  const groups: GroupInfo[] = present.map((c, id) => {
    const labelIndex = Math.floor(c / combos);
    let rest = c % combos;
    const idx = new Array<number>(attributes.length);
    for (let k = attributes.length - 1; k >= 0; k--) {
      idx[k] = rest % attributeValues[k].length;
      rest = Math.floor(rest / attributeValues[k].length);
    }
    const attrs: Record<string, string> = {};
    attributes.forEach((a, k) => (attrs[a] = attributeValues[k][idx[k]]));
    const key = [`${labelKey}=${classes[labelIndex]}`, ...attributes.map((a) => `${a}=${attrs[a]}`)].join('|');
    return { id, key, label: classes[labelIndex], labelIndex, attributes: attrs, valueIndex: idx };
  });
  const group = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (cell[i] >= 0) group[i] = denseOf.get(cell[i]) ?? -1;

  const rowsOf = (split: Split): Int32Array => {
    const list: number[] = [];
    for (let i = 0; i < n; i++) if (usable[i] && samples[i].split === split) list.push(i);
    return Int32Array.from(list);
  };
  const rows = { train: rowsOf('train'), val: rowsOf('val'), test: rowsOf('test') };
  const prepared: PreparedData = { labelName, labelKey, classes, attributes, attributeValues, groups, y, group, attributeIndex, rows, excluded };
  checkSplits(prepared, config);
  return prepared;
}

function countGroups(p: PreparedData, rows: Int32Array): Int32Array {
  const counts = new Int32Array(p.groups.length);
  for (const i of rows) counts[p.group[i]]++;
  return counts;
}

function checkSplits(p: PreparedData, config: SpuriousConfig): void {
  if (p.rows.test.length === 0) {
    throw new InputError('The dataset has no usable test split; DFR reports accuracy on test samples. Mark some samples split=test (Waterbirds: split 2).');
  }
  if (p.rows.val.length === 0) {
    throw new InputError(
      'The dataset has no usable validation split; DFR tunes its regularisation on group-labelled validation samples. ' +
        'Mark some samples split=val (Waterbirds: split 1).',
    );
  }
  if (p.rows.train.length === 0) {
    throw new InputError('The dataset has no usable train split; DFR standardises features with train statistics. Mark some samples split=train.');
  }
  const trainClasses = new Set(Array.from(p.rows.train, (i) => p.y[i]));
  if (trainClasses.size < 2) {
    throw new InputError(
      `The train split holds a single class (${p.classes[[...trainClasses][0]]}); the train-split baseline and DFR^Tr_Tr need at least two.`,
    );
  }
  const inVal = countGroups(p, p.rows.val);
  const inTrain = countGroups(p, p.rows.train);
  if (config.method === 'dfr-val') {
    const missing = p.groups.filter((g) => inVal[g.id] === 0);
    if (missing.length > 0) {
      throw new InputError(
        `Group ${missing.map((g) => g.key).join(', ')} has no validation samples, so DFR^Val_Tr cannot retrain on a group-balanced validation set. ` +
          'Add validation samples of that group, or run with method "dfr-train" (balanced subsamples of the train split).',
      );
    }
  } else {
    // A label that meets an attribute value only outside train leaves its group out of every
    // balanced train subsample: the classifier would never see that label/attribute pairing.
    const missing = p.groups.filter((g) => inTrain[g.id] === 0);
    if (missing.length > 0) {
      const g = missing[0];
      const attrs = Object.entries(g.attributes).map(([k, v]) => `${k}=${v}`).join(', ');
      throw new InputError(
        `Group ${missing.map((m) => m.key).join(', ')} has no train samples: in the train split ${attrs} occurs with one class only, ` +
          'so DFR^Tr_Tr cannot balance the groups. Run with method "dfr-val" (retraining on the validation split) instead.',
      );
    }
  }
}

/** Train-split share of each group (p_train(g)), the weights of the train-weighted mean accuracy. */
export function trainGroupShare(p: PreparedData): Float64Array {
  const counts = countGroups(p, p.rows.train);
  const share = new Float64Array(counts.length);
  for (let g = 0; g < counts.length; g++) share[g] = counts[g] / p.rows.train.length;
  return share;
}

export function trainGroupCounts(p: PreparedData): Int32Array {
  return countGroups(p, p.rows.train);
}
