// zod schemas for every Api input. The main side parses each call's input with the schema of
// its method before anything else runs: the renderer (and any HTTP client) is untrusted.
import { z } from 'zod';
import type { ApiInput, ApiMethod } from './api.ts';

const id = z.number().int().positive();
const path = z.string().min(1).max(4096);
const name = z.string().trim().min(1).max(200);
export const presetSchema = z.enum(['waterbirds', 'celeba', 'generic']);
export const splitSchema = z.enum(['train', 'val', 'test']);

export const columnMappingSchema = z.strictObject({
  id: z.string().max(200).optional(),
  imagePath: z.string().min(1).max(200),
  split: z.string().max(200).optional(),
  label: z.string().min(1).max(200),
  attributes: z.array(z.string().min(1).max(200)).max(64),
  maskPath: z.string().max(200).optional(),
  group: z.string().max(200).optional(),
});

export const settingsSchema = z.strictObject({
  backend: z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']),
  minGroupSize: z.number().int().min(1).max(100000),
  theme: z.enum(['system', 'light', 'dark']),
});

const none = z.undefined().or(z.null()).transform(() => undefined);

type SchemaMap = { [M in ApiMethod]: z.ZodType<ApiInput<M>, unknown> };

/** A missing entry here is a type error: every method is validated. */
export const apiInputSchemas: SchemaMap = {
  'app:info': none,
  'datasets:list': none,
  'datasets:overview': z.strictObject({ datasetId: id, attribute: z.string().max(200).optional() }),
  'datasets:preview': z.strictObject({ metadataPath: path, preset: presetSchema.optional() }),
  'datasets:import': z.strictObject({
    name: name.optional(),
    metadataPath: path,
    imageRoot: path.optional(),
    preset: presetSchema.optional(),
    mapping: columnMappingSchema.optional(),
    verifyImages: z.boolean().optional(),
    allowMissingImages: z.boolean().optional(),
  }),
  'datasets:ensureDemo': none,
  'datasets:delete': z.strictObject({ datasetId: id }),
  'samples:list': z.strictObject({
    datasetId: id,
    split: splitSchema.optional(),
    label: z.string().max(200).optional(),
    attributes: z.record(z.string().max(200), z.string().max(200)).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(2000).optional(),
  }),
  'samples:thumbnail': z.strictObject({ sampleId: id, size: z.number().int().min(16).max(1024).optional() }),
  'arrays:list': z.strictObject({ datasetId: id }),
  'arrays:importEmbeddings': z.strictObject({ datasetId: id, name, path, idKey: z.string().max(200).optional() }),
  'arrays:importPredictions': z.strictObject({ datasetId: id, name, path, idKey: z.string().max(200).optional() }),
  'analyses:list': none,
  'runs:list': z.strictObject({ datasetId: id.optional() }).or(none.transform(() => ({}))),
  'runs:get': z.strictObject({ runId: id }),
  'runs:start': z.strictObject({
    analysis: z.string().min(1).max(100),
    datasetId: id,
    config: z.record(z.string(), z.unknown()),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  }),
  'runs:cancel': z.strictObject({ runId: id }),
  'runs:delete': z.strictObject({ runId: id }),
  'jobs:active': none,
  'settings:get': none,
  'settings:set': settingsSchema.partial().strict(),
} as SchemaMap;
