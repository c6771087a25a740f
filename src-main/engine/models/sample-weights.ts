// Loss reweighting for imbalanced classes or groups: each sample weighs N / (K * n_k) where k is
// its class or group, so every class (group) contributes equally to the expected loss, the
// weighting of sklearn's class_weight='balanced' and of group-DRO's upweighting baseline.
import { InputError } from '../../../src-shared/errors.ts';

export type Reweight = 'none' | 'class' | 'group';

export function sampleWeights(mode: Reweight, labels: ArrayLike<number>, groups?: ArrayLike<number>): Float32Array {
  const n = labels.length;
  const w = new Float32Array(n).fill(1);
  if (mode === 'none') return w;
  const keys = mode === 'class' ? labels : groups;
  if (!keys) throw new InputError('Group reweighting needs a group for every training sample.');
  if (keys.length !== n) throw new InputError(`Got ${keys.length} groups for ${n} training samples.`);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(keys[i], (counts.get(keys[i]) ?? 0) + 1);
  const k = counts.size;
  for (let i = 0; i < n; i++) w[i] = n / (k * (counts.get(keys[i]) as number));
  return w;
}
