// Carries out a TransformPlan with sharp (libvips): decode, crop, resize, mirror, to 8-bit RGB
// (or a 0/1 mask). The header is read first so the random crop can be planned from the real
// size. Both steps run on libuv's thread pool and sharp reads the file itself: two event-loop
// hops per image, so decoding keeps pace even while tensor compute holds the main thread between
// hops. EXIF orientation is ignored on purpose: PIL (and so every torchvision-trained reference)
// ignores it too.
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { InputError } from '../../../../src-shared/errors.ts';
import type { TransformPlan } from './preprocess.ts';

export interface SourceImage {
  path: string;
  width: number;
  height: number;
}

/** Reads an image header; the error names the file and says what to do. */
export async function readSourceImage(path: string, what = 'Image'): Promise<SourceImage> {
  try {
    const meta = await sharp(path, { failOn: 'truncated' }).metadata();
    if (!meta.width || !meta.height) throw new Error('no image size in the header');
    return { path, width: meta.width, height: meta.height };
  } catch (e) {
    throw await readError(path, e, what);
  }
}

/** Interleaved 8-bit RGB pixels of the transformed image (plan.size x plan.size x 3 for square plans). */
export async function renderRgb(src: SourceImage, plan: TransformPlan): Promise<{ pixels: Uint8Array; width: number; height: number }> {
  try {
    const img = applyPlan(sharp(src.path, { failOn: 'truncated' }), plan, 'linear');
    const { data, info } = await img
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 colour channels after conversion, got ${info.channels}`);
    return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (e) {
    throw decodeError(src.path, e, 'Image');
  }
}

/**
 * A binary object mask (1 = object) under the same plan as its image. Masks are resized with
 * nearest neighbour so labels never blend; a mask whose size differs from its image is first
 * stretched to the image size.
 */
export async function renderMask(maskPath: string, image: SourceImage, plan: TransformPlan): Promise<Uint8Array> {
  const mask = await readSourceImage(maskPath, 'Mask');
  try {
    let input: sharp.Sharp;
    if (mask.width !== image.width || mask.height !== image.height) {
      const { data } = await sharp(mask.path, { failOn: 'truncated' })
        .removeAlpha()
        .greyscale()
        .resize(image.width, image.height, { fit: 'fill', kernel: 'nearest' })
        .extractChannel(0)
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      input = sharp(data, { raw: { width: image.width, height: image.height, channels: 1 } });
    } else {
      input = sharp(mask.path, { failOn: 'truncated' }).removeAlpha().greyscale();
    }
    const { data } = await applyPlan(input, plan, 'nearest')
      .extractChannel(0)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i] >= 128 ? 1 : 0;
    return out;
  } catch (e) {
    throw decodeError(maskPath, e, 'Mask');
  }
}

function applyPlan(img: sharp.Sharp, plan: TransformPlan, kernel: 'linear' | 'nearest'): sharp.Sharp {
  if (plan.preCrop) img = img.extract(plan.preCrop);
  img = img.resize(plan.resize.width, plan.resize.height, { fit: 'fill', kernel });
  if (plan.postCrop) img = img.extract(plan.postCrop);
  if (plan.flip) img = img.flop();
  return img;
}

/** A missing or unreadable file gets its own message; anything else is a decoding failure. */
async function readError(path: string, e: unknown, what: string): Promise<InputError> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return new InputError(`${what} ${path} is a folder, not an image file.`, { file: path });
  } catch (statError) {
    const code = (statError as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(statError)})`;
    return new InputError(`${what} ${path} ${why}. Check the path in the dataset table.`, { file: path });
  }
  return decodeError(path, e, what);
}

function decodeError(path: string, e: unknown, what: string): InputError {
  if (e instanceof InputError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new InputError(
    `${what} ${path} could not be decoded (${msg.split('\n')[0]}). The file is corrupt, truncated or not a JPEG/PNG/WebP image: replace it, or choose to skip unreadable images.`,
    { file: path },
  );
}
