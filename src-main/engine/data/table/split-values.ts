import type { Split } from '../../../../src-shared/api.ts';

// Waterbirds and CelebA encode splits as 0/1/2; WILDS-style tables spell them out.
const ALIASES: Record<string, Split> = {
  train: 'train',
  '0': 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  '1': 'val',
  test: 'test',
  '2': 'test',
};

export const ACCEPTED_SPLIT_VALUES = 'train, val, valid, validation, test or 0 (train), 1 (val), 2 (test)';

export function parseSplit(value: string): Split | null {
  return ALIASES[value.trim().toLowerCase()] ?? null;
}
