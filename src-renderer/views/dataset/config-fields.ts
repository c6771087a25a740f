// Builds an analysis config form from its defaults: the defaults' types decide the widgets, and a
// few well-known keys get choices, one-line explanations, and optional companions that are absent
// from the defaults (a key left empty is omitted, so the backend applies its own default).

export type FieldKind =
  | { type: 'number'; integer: boolean }
  | { type: 'boolean' }
  | { type: 'string' }
  | { type: 'enum'; options: string[] }
  | { type: 'target'; options: string[] }
  | { type: 'string-list' }
  | { type: 'number-list' }
  | { type: 'embedding-sets' }
  | { type: 'attribute-set' }
  | { type: 'prediction-set' }
  | { type: 'nullable' }
  | { type: 'group'; fields: ConfigField[] }
  | { type: 'json' };

export interface ConfigField {
  key: string;
  label: string;
  hint: string;
  kind: FieldKind;
  /** Omitted from the config when empty. */
  optional?: boolean;
}

export interface FormContext {
  /** The dataset's attribute columns. */
  attributes: string[];
}

const ENUMS: Record<string, string[]> = {
  method: ['dfr-val', 'dfr-train'],
  backend: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  optimizer: ['adam', 'sgd'],
  source: ['auto', 'train-cnn'],
  schedule: ['cosine', 'step', 'constant'],
  penalty: ['l1', 'l2'],
  reweight: ['none', 'class', 'group'],
};

const LABELS: Record<string, string> = {
  Cs: 'C values',
  cGrid: 'C values',
  bootstrapReps: 'Bootstrap resamples',
  lr: 'Learning rate',
  erm: 'CNN (trained only when there are no embeddings)',
  source: 'Features from',
  label: 'Target',
  inputSize: 'Input size (px)',
};

const HINTS: Record<string, string> = {
  method: 'dfr-val retrains the last layer on a group-balanced half of val (the other half picks C); dfr-train uses a balanced subset of train.',
  embeddingSets: 'Features to retrain on; several sets are compared side by side.',
  predictionSet: "Predictions of the original model: the baseline DFR is compared with. None: a probe fitted on train stands in.",
  label: 'What to predict: the class label, or an attribute used as the target.',
  attributes: 'Spurious attributes that define the groups together with the target. None chosen: place when the dataset has it, or its only attribute; otherwise choose.',
  Cs: 'Inverse L1 strengths tried; the one with the best worst-group accuracy on held-out data is kept.',
  cGrid: 'Inverse L1 strengths tried; the one with the best worst-group accuracy on held-out data is kept.',
  minGroupSize: 'Groups smaller than this are flagged and drawn hatched; never dropped.',
  bootstrapReps: 'Resamples for the worst-group accuracy interval.',
  erm: 'Used when the dataset has no embedding set yet: a small CNN is trained on the images and its features are extracted (slow on CPU).',
  source: 'auto: the chosen (or every stored) embedding set, training the CNN below only when there is none; train-cnn: always the in-app CNN trained on the images (cached per config and seed).',
  epochs: 'Passes over the training images.',
  batchSize: 'Images per step.',
  lr: 'Step size of the optimizer.',
  width: 'Channels of the first convolution; later layers double it.',
  inputSize: 'Images are resized to this square size.',
  concurrency: 'Images decoded in parallel.',
  checkMasks: 'Also decode each sample’s mask.',
};

export function humanize(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

function hintFor(key: string, value: unknown): string {
  if (key === 'seeds') return typeof value === 'number' ? 'Runs the whole procedure with seed, seed + 1, …; results report mean ± std.' : 'Repeat with these seeds; results report mean ± std.';
  return HINTS[key] ?? '';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function fieldFor(key: string, value: unknown, ctx: FormContext = { attributes: [] }): ConfigField {
  const label = humanize(key);
  const hint = hintFor(key, value);
  let kind: FieldKind;
  if (key === 'embeddingSets' && Array.isArray(value)) kind = { type: 'embedding-sets' };
  else if (/predictionset$/i.test(key) && (value == null || typeof value === 'string')) kind = { type: 'prediction-set' };
  else if (key === 'label' && typeof value === 'string' && ctx.attributes.length > 0) kind = { type: 'target', options: ['label', ...ctx.attributes.filter((a) => a !== 'label')] };
  else if (key === 'attributes' && (value === undefined || Array.isArray(value)) && ctx.attributes.length > 0) kind = { type: 'attribute-set' };
  else if (ENUMS[key] && typeof value === 'string') kind = { type: 'enum', options: ENUMS[key].includes(value) ? ENUMS[key] : [value, ...ENUMS[key]] };
  else if (typeof value === 'number') kind = { type: 'number', integer: Number.isInteger(value) && !/frac|rate|ratio|^lr$|^c$|lambda|alpha|threshold/i.test(key) };
  else if (typeof value === 'boolean') kind = { type: 'boolean' };
  else if (typeof value === 'string') kind = { type: 'string' };
  else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number')) kind = { type: 'number-list' };
  else if (Array.isArray(value) && value.length === 0 && /seeds|grid|^cs$/i.test(key)) kind = { type: 'number-list' };
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) kind = { type: 'string-list' };
  else if (value === null) kind = { type: 'nullable' };
  else if (isPlainObject(value) && Object.values(value).every((v) => !isPlainObject(v))) kind = { type: 'group', fields: Object.entries(value).map(([k, v]) => fieldFor(k, v, ctx)) };
  else kind = { type: 'json' };
  return { key, label, hint, kind };
}

export function fieldsFor(defaults: Record<string, unknown>, ctx: FormContext = { attributes: [] }): ConfigField[] {
  const fields = Object.entries(defaults).map(([k, v]) => fieldFor(k, v, ctx));
  // DFR-style configs take a prediction set and an attribute subset that have no default value.
  if ('embeddingSets' in defaults && !('predictionSet' in defaults)) fields.push({ ...fieldFor('predictionSet', undefined, ctx), optional: true });
  if ('label' in defaults && !('attributes' in defaults) && ctx.attributes.length > 1) fields.push({ ...fieldFor('attributes', undefined, ctx), optional: true });
  for (const f of fields) if (f.kind.type === 'prediction-set' || f.kind.type === 'attribute-set') f.optional = f.optional ?? (defaults[f.key] === undefined || defaults[f.key] === null);
  // Nested groups last: they are the least often changed.
  return [...fields.filter((f) => f.kind.type !== 'group'), ...fields.filter((f) => f.kind.type === 'group')];
}

/** Text shown in a text widget for list and JSON kinds. */
export function toText(kind: FieldKind, value: unknown): string {
  if (kind.type === 'string-list' || kind.type === 'number-list') return Array.isArray(value) ? value.join(', ') : '';
  if (kind.type === 'json') return JSON.stringify(value, null, 2);
  if (kind.type === 'nullable') return value == null ? '' : String(value);
  return String(value ?? '');
}

/** Parses text back; throws a message the form shows beside the field. */
export function fromText(kind: FieldKind, text: string): unknown {
  const t = text.trim();
  switch (kind.type) {
    case 'string-list':
      return t ? t.split(',').map((s) => s.trim()).filter(Boolean) : [];
    case 'number-list': {
      if (!t) return [];
      const nums = t.split(',').map((s) => Number(s.trim()));
      if (nums.some((n) => !Number.isFinite(n))) throw new Error('Enter numbers separated by commas.');
      return nums;
    }
    case 'json':
      try {
        return JSON.parse(t);
      } catch {
        throw new Error('Not valid JSON.');
      }
    case 'nullable':
      if (!t) return null;
      return Number.isFinite(Number(t)) ? Number(t) : t;
    default:
      return t;
  }
}
