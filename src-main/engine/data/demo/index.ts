// Public entry point of the bundled demo dataset: a synthetic Waterbirds-style set with a
// built-in background shortcut, regions and object masks, generated on the user's machine.
export { generateDemoDataset, resolveDemoSettings, CLASS_NAMES, METADATA_COLUMNS } from './generate.ts';
export type { DemoOptions, DemoResult, ResolvedDemoSettings } from './generate.ts';
export { ensureDemoDataset, COMPLETE_MARKER } from './ensure.ts';
export type { EnsureDemoResult } from './ensure.ts';
export type { DemoCounts, DemoSplit } from './plan.ts';
export { DEMO_COLUMN_MAPPING } from './mapping.ts';
export { REGION_NAMES } from './regions.ts';
export type { RegionName } from './regions.ts';
export { DEMO_DATASET_VERSION, DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZE, DEFAULT_DEMO_COUNTS } from './version.ts';
