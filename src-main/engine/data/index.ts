// Dataset readers: metadata tables, embedding and prediction arrays. Pure Node; the store writes
// what these return.
export { previewTable, readDatasetTable } from './metadata-table.ts';
export type { ParsedSample, ReadDatasetTableInput, DatasetTable } from './metadata-table.ts';
export { readEmbeddingFile } from './embedding-file.ts';
export type { EmbeddingFile } from './embedding-file.ts';
export { readPredictionFile } from './prediction-file.ts';
export type { PredictionFile } from './prediction-file.ts';
export { alignRows } from './align-rows.ts';
export { sha256File } from './sha256-file.ts';
