/**
 * Pictures people upload (an info card's image, a photo of a flipchart), made safe to keep
 * and to show (R-IMG-UPLOAD, R-IMG-EXIF, R-IMG-REJECT):
 *
 * - only PNG, JPEG and WebP, recognised by their first bytes (not by name or header);
 * - decoded by sharp (libvips) with a pixel limit, so a small file that declares a huge
 *   picture (a decompression bomb) is refused before it is decoded, and `failOn: 'error'`,
 *   so a truncated or damaged file is refused instead of stored half grey;
 * - turned upright by its EXIF orientation, at most MAX_IMAGE_SIDE pixels on its long side,
 *   and encoded anew (JPEG, or PNG when it has transparency) without any metadata: no
 *   EXIF, no GPS position, no camera serial, no ICC profile.
 */
import sharp from 'sharp';
import { nanoid } from 'nanoid';
import type { StoredImage } from './store.ts';

/** The most bytes one upload may have (the route's body limit). */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** The most pixels a picture may declare (40 megapixels: any phone camera, not a bomb). */
export const MAX_INPUT_PIXELS = 40_000_000;
/** The long side of a stored picture, in pixels: sharp on a 1920×1080 board, small enough for a report. */
export const MAX_IMAGE_SIDE = 2000;
/** JPEG quality of stored photos. */
const JPEG_QUALITY = 82;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** What the first bytes say the file is (PNG, JPEG or WebP), or undefined. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a)
    return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Why an upload was refused: the HTTP status, the error code and a message for developers. */
export class ImageRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: 'INVALID' | 'TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The upload as Kring keeps it: a fresh random id, upright, at most MAX_IMAGE_SIDE on its
 * long side, re-encoded without metadata. Throws ImageRefused for anything else.
 */
export async function processImage(bytes: Buffer): Promise<StoredImage> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRefused(413, 'TOO_LARGE', `an image is at most ${MAX_IMAGE_BYTES} bytes`);
  const type = sniffImage(bytes);
  if (!type) throw new ImageRefused(415, 'INVALID', 'only PNG, JPEG or WebP images');
  const input = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true, pages: 1 });
  let alpha: boolean;
  try {
    const meta = await input().metadata();
    if (meta.format !== { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' }[type]) {
      throw new Error(`the bytes say ${type}, the decoder ${meta.format}`);
    }
    if (!meta.width || !meta.height || meta.width * meta.height > MAX_INPUT_PIXELS) {
      throw new Error(`at most ${MAX_INPUT_PIXELS} pixels`);
    }
    alpha = meta.hasAlpha;
  } catch (e) {
    throw new ImageRefused(400, 'INVALID', `not a readable image (${(e as Error).message.split('\n')[0].slice(0, 120)})`);
  }
  const mime = alpha ? 'image/png' : 'image/jpeg';
  try {
    // No keepMetadata/withMetadata/keepExif: sharp writes none of the input's metadata.
    const pipeline = input()
      .autoOrient()
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
    const out =
      mime === 'image/png'
        ? pipeline.png({ compressionLevel: 9, adaptiveFiltering: true })
        : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY, mozjpeg: true });
    const { data, info } = await out.toBuffer({ resolveWithObject: true });
    return { id: nanoid(), mime, width: info.width, height: info.height, data };
  } catch (e) {
    throw new ImageRefused(400, 'INVALID', `not a readable image (${(e as Error).message.split('\n')[0].slice(0, 120)})`);
  }
}
