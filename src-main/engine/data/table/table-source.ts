import type { PresetId } from '../../../../src-shared/api.ts';

/** One data record of a metadata table, whatever its on-disk format. */
export interface TableRecord {
  /** 1-based line in the file where the record starts, as a user sees it in an editor. */
  row: number;
  fields: string[];
  /** Set by a source that already knows the record is unusable (e.g. wrong field count). */
  problem?: string;
}

/** A metadata table opened for one streaming pass. */
export interface TableSource {
  file: string;
  preset: PresetId;
  columns: string[];
  /** Other files the table draws on (CelebA's partition file). */
  companionFiles: string[];
  /** Facts worth a warning (header repairs, count mismatches); complete once records are drained. */
  notes: string[];
  records: AsyncGenerator<TableRecord>;
  close(): void;
}
