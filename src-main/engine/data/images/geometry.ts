// Crop and resize geometry with torchvision's exact integer arithmetic, so a crop computed here is
// the crop torchvision would take for the same random draws (Python rounds half to even).
import type { SeededRandom } from './seeded-random.ts';

/** A rectangle in source-image pixels. */
export interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision Resize(int): the shorter side becomes `shorter`, the longer is truncated in proportion. */
export function resizeShorterSide(width: number, height: number, shorter: number): { width: number; height: number } {
  if (width <= height) return { width: shorter, height: Math.trunc((shorter * height) / width) };
  return { width: Math.trunc((shorter * width) / height), height: shorter };
}

/** torchvision CenterCrop on an image at least `size` on each side. */
export function centerCropBox(width: number, height: number, size: number): Box {
  return {
    top: Math.trunc(roundHalfEven((height - size) / 2)),
    left: Math.trunc(roundHalfEven((width - size) / 2)),
    width: size,
    height: size,
  };
}

export interface RandomResizedCropParams {
  /** Range of the crop's area as a fraction of the image area. */
  scale: readonly [number, number];
  /** Range of the crop's aspect ratio (width / height). */
  ratio: readonly [number, number];
}

/**
 * torchvision RandomResizedCrop.get_params: up to 10 tries at a random area and log-uniform aspect
 * ratio that fits, then a fallback to the largest central crop whose ratio lies in range.
 * Draw order per try (area, ratio; then top, left on success) follows torchvision.
 */
export function randomResizedCropBox(width: number, height: number, p: RandomResizedCropParams, rnd: SeededRandom): Box {
  const area = width * height;
  const logLo = Math.log(p.ratio[0]);
  const logHi = Math.log(p.ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rnd.uniform(p.scale[0], p.scale[1]);
    const aspect = Math.exp(rnd.uniform(logLo, logHi));
    const w = roundHalfEven(Math.sqrt(targetArea * aspect));
    const h = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const top = rnd.intBelow(0, height - h + 1);
      const left = rnd.intBelow(0, width - w + 1);
      return { top, left, width: w, height: h };
    }
  }
  const inRatio = width / height;
  let w: number;
  let h: number;
  if (inRatio < Math.min(p.ratio[0], p.ratio[1])) {
    w = width;
    h = roundHalfEven(w / Math.min(p.ratio[0], p.ratio[1]));
  } else if (inRatio > Math.max(p.ratio[0], p.ratio[1])) {
    h = height;
    w = roundHalfEven(h * Math.max(p.ratio[0], p.ratio[1]));
  } else {
    w = width;
    h = height;
  }
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), width: w, height: h };
}
