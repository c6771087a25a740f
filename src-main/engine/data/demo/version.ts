/**
 * Version of the demo generator's output. Bump it whenever the files it writes change in any
 * way (pixels, CSV, layout): installed copies with an older version are regenerated.
 */
export const DEMO_DATASET_VERSION = 2;

export const DEFAULT_DEMO_SEED = 20240229;
export const DEFAULT_DEMO_SIZE = 64;
export const DEFAULT_DEMO_COUNTS = { train: 2400, val: 600, test: 600 } as const;
