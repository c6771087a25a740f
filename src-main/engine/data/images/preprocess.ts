// What happens to an image between the file and the network: the deterministic evaluation
// transform (torchvision Resize + CenterCrop, or a plain squash to a square) or the training
// transform (RandomResizedCrop + horizontal flip), then normalisation. A plan is pure geometry;
// load-image.ts carries it out with sharp so that image and mask get the same crop.
import { InputError } from '../../../../src-shared/errors.ts';
import { centerCropBox, randomResizedCropBox, resizeShorterSide, type Box } from './geometry.ts';
import { resolveNormalization, type NormalizationSpec } from './normalization.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface PreprocessSpec {
  /** Side of the square network input, in pixels. */
  size: number;
  /**
   * 'center-crop': shorter side to `resizeTo`, then a central size x size crop (torchvision
   * Resize(resizeTo) + CenterCrop(size)). 'squash': resize to size x size, ignoring aspect ratio.
   */
  resize: 'center-crop' | 'squash';
  /** Shorter side before the central crop; defaults to `size` (only the longer side is trimmed). */
  resizeTo?: number;
  normalization: NormalizationSpec;
}

export interface AugmentSpec {
  /** Lower bound s of RandomResizedCrop's area fraction (0.08 strongest, 1 no area cropping). */
  scaleMin: number;
  /** Upper bound of the area fraction; torchvision's default 1. */
  scaleMax?: number;
  /** Aspect-ratio range (width / height); torchvision's default [3/4, 4/3]. */
  ratio?: readonly [number, number];
  /** Flip horizontally with probability 0.5 (torchvision RandomHorizontalFlip). */
  hflip: boolean;
  /** Class-conditional augmentation: a different s for some class labels. */
  perClassScaleMin?: Readonly<Record<number, number>>;
}

/** The geometric steps for one image: extract, resize, extract, flip; each optional. */
export interface TransformPlan {
  preCrop: Box | null;
  resize: { width: number; height: number };
  postCrop: Box | null;
  flip: boolean;
}

export const DEFAULT_RATIO: readonly [number, number] = [3 / 4, 4 / 3];

/** Validates a spec once, before thousands of images are decoded with it. */
export function checkPreprocessSpec(spec: PreprocessSpec): void {
  if (!Number.isInteger(spec.size) || spec.size < 1 || spec.size > 4096) {
    throw new InputError(`The image size must be a whole number of pixels between 1 and 4096, got ${spec.size}.`);
  }
  if (spec.resize !== 'center-crop' && spec.resize !== 'squash') {
    throw new InputError(`Unknown resize mode "${String(spec.resize)}": use "center-crop" or "squash".`);
  }
  if (spec.resizeTo !== undefined && (!Number.isInteger(spec.resizeTo) || spec.resizeTo < spec.size)) {
    throw new InputError(`resizeTo (${spec.resizeTo}) must be a whole number of pixels at least the crop size ${spec.size}.`);
  }
  resolveNormalization(spec.normalization);
}

export function checkAugmentSpec(aug: AugmentSpec): void {
  const scales = [aug.scaleMin, ...Object.values(aug.perClassScaleMin ?? {})];
  for (const s of scales) {
    if (!(s > 0 && s <= (aug.scaleMax ?? 1))) {
      throw new InputError(`Augmentation scale ${s} must lie in (0, ${aug.scaleMax ?? 1}].`);
    }
  }
  const ratio = aug.ratio ?? DEFAULT_RATIO;
  if (!(ratio[0] > 0 && ratio[1] >= ratio[0])) {
    throw new InputError(`Augmentation aspect ratio range [${ratio.join(', ')}] must be positive and increasing.`);
  }
}

/** The scale lower bound for a sample of class `label` (per-class override or the global s). */
export function scaleMinFor(aug: AugmentSpec, label: number | undefined): number {
  if (label !== undefined && aug.perClassScaleMin) {
    const s = aug.perClassScaleMin[label];
    if (s !== undefined) return s;
  }
  return aug.scaleMin;
}

/** Evaluation transform of a width x height image. */
export function planEval(width: number, height: number, spec: PreprocessSpec): TransformPlan {
  if (spec.resize === 'squash') {
    return { preCrop: null, resize: { width: spec.size, height: spec.size }, postCrop: null, flip: false };
  }
  const resized = resizeShorterSide(width, height, spec.resizeTo ?? spec.size);
  return { preCrop: null, resize: resized, postCrop: centerCropBox(resized.width, resized.height, spec.size), flip: false };
}

/** Training transform: RandomResizedCrop(size, scale=(s, 1), ratio) then a coin-flip mirror. */
export function planAugmented(
  width: number,
  height: number,
  size: number,
  aug: AugmentSpec,
  label: number | undefined,
  rnd: SeededRandom,
): TransformPlan {
  const box = randomResizedCropBox(
    width,
    height,
    { scale: [scaleMinFor(aug, label), aug.scaleMax ?? 1], ratio: aug.ratio ?? DEFAULT_RATIO },
    rnd,
  );
  // torch draws the flip after the crop: one uniform per image, flip when < 0.5.
  const flip = aug.hflip ? rnd.next() < 0.5 : false;
  return { preCrop: box, resize: { width: size, height: size }, postCrop: null, flip };
}
