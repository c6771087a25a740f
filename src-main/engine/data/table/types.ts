import type { Split } from '../../../../src-shared/api.ts';

/** One accepted row of a dataset table, ready for the store. */
export interface ParsedSample {
  /** 1-based row as the user sees it in the file. */
  row: number;
  externalId: string;
  split: Split;
  label: string;
  attributes: Record<string, string>;
  /** Relative to the image root, forward slashes. */
  mediaPath: string;
  maskPath: string | null;
  /** Explicit group from a mapped group column. */
  group?: string;
}
