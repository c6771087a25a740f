// Group-balanced subsampling (METHODS §0): every group keeps min_g |g| randomly chosen members.
import { InputError } from '../../../src-shared/errors.ts';
import type { Rng } from './rng.ts';

/**
 * Groups are the ids 0..max(groups), as in the DFR reference code (`range(n_groups)` with
 * n_groups = max + 1). An id in that range with no member would make the subsample empty, so it
 * is an error rather than a silent zero-row fit. Returns the kept row indices in ascending order.
 */
export function balancedSubsample(groups: Int32Array, rng: Rng): Int32Array {
  if (groups.length === 0) throw new InputError('Cannot draw a group-balanced subsample from zero samples.');
  let maxG = -1;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g < 0) throw new InputError(`Sample ${i + 1} has a negative group id (${g}); group ids must be 0, 1, 2, ...`, { row: i + 1 });
    if (g > maxG) maxG = g;
  }
  const counts = new Int32Array(maxG + 1);
  for (let i = 0; i < groups.length; i++) counts[groups[i]]++;
  const missing: number[] = [];
  for (let g = 0; g <= maxG; g++) if (counts[g] === 0) missing.push(g);
  if (missing.length > 0) {
    throw new InputError(
      `Group${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} no samples in this split, ` +
        'so a group-balanced subsample would be empty; check the group/attribute columns or choose a split that contains every group.',
    );
  }
  let minSize = Infinity;
  for (let g = 0; g <= maxG; g++) minSize = Math.min(minSize, counts[g]);

  // Members of each group in ascending row order, shuffled group by group in id order.
  const start = new Int32Array(maxG + 2);
  for (let g = 0; g <= maxG; g++) start[g + 1] = start[g] + counts[g];
  const members = new Int32Array(groups.length);
  const fill = start.slice(0, maxG + 1);
  for (let i = 0; i < groups.length; i++) members[fill[groups[i]]++] = i;
  const out = new Int32Array(minSize * (maxG + 1));
  let k = 0;
  for (let g = 0; g <= maxG; g++) {
    const own = members.subarray(start[g], start[g + 1]);
    rng.shuffle(own);
    out.set(own.subarray(0, minSize), k);
    k += minSize;
  }
  return out.sort();
}
