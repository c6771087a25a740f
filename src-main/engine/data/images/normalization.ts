// Per-channel normalisation of RGB pixels in [0, 1]: (x - mean) / std, as torchvision's
// Normalize does after ToTensor. Backbones were trained with one of a few presets; using the wrong
// one silently degrades features, so every backbone and preprocessing spec names its preset.
import { InputError } from '../../../../src-shared/errors.ts';

export type Rgb = readonly [number, number, number];

export interface Normalization {
  mean: Rgb;
  std: Rgb;
}

export const NORMALIZATION_PRESETS = {
  /** torchvision ImageNet models (ResNet, ViT, ...). */
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  /** CLIP-style / Inception-style models: maps [0, 1] to [-1, 1]. */
  half: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  /** Pixels in [0, 1] unchanged. */
  none: { mean: [0, 0, 0], std: [1, 1, 1] },
} as const satisfies Record<string, Normalization>;

export type NormalizationPreset = keyof typeof NORMALIZATION_PRESETS;
export type NormalizationSpec = NormalizationPreset | Normalization;

export function resolveNormalization(spec: NormalizationSpec): Normalization {
  if (typeof spec === 'string') {
    const preset = (NORMALIZATION_PRESETS as Record<string, Normalization>)[spec];
    if (!preset) {
      throw new InputError(
        `Unknown normalisation preset "${spec}". Use one of ${Object.keys(NORMALIZATION_PRESETS).join(', ')}, or give mean and std.`,
      );
    }
    return preset;
  }
  if (spec.mean.length !== 3 || spec.std.length !== 3 || spec.std.some((s) => !(s > 0))) {
    throw new InputError('A normalisation needs three means and three positive standard deviations (R, G, B).');
  }
  return spec;
}

/**
 * Writes `pixels` (interleaved RGB bytes) as normalised float32 into `out` at `offset`.
 * A 256-entry table per channel turns the per-pixel work into one lookup.
 */
export function normalizeInto(pixels: Uint8Array, norm: Normalization, out: Float32Array, offset: number): void {
  const lut = lookupTable(norm);
  const n = pixels.length;
  for (let i = 0; i < n; i += 3) {
    out[offset + i] = lut[pixels[i]];
    out[offset + i + 1] = lut[256 + pixels[i + 1]];
    out[offset + i + 2] = lut[512 + pixels[i + 2]];
  }
}

/** The normalised value a pixel of colour `rgb01` (in [0, 1]) takes. */
export function normalizedColor(rgb01: Rgb, norm: Normalization): [number, number, number] {
  return [0, 1, 2].map((c) => (rgb01[c] - norm.mean[c]) / norm.std[c]) as [number, number, number];
}

const tables = new WeakMap<Normalization, Float32Array>();
function lookupTable(norm: Normalization): Float32Array {
  let lut = tables.get(norm);
  if (!lut) {
    lut = new Float32Array(768);
    for (let c = 0; c < 3; c++) {
      for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255 - norm.mean[c]) / norm.std[c];
    }
    tables.set(norm, lut);
  }
  return lut;
}
