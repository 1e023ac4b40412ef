/**
 * Logo and signature images: PNG or JPEG only, recognised by their magic bytes (never by a name
 * or a claimed type), size-limited, with their pixel size read from the header.
 */
import zlib from 'node:zlib';
import { RapportError } from '../../../shared/errors';
import { type LetterImage, MAX_IMAGE_BYTES } from '../../../shared/letters';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_SIDE = 10_000;

function pngSize(b: Buffer): { width: number; height: number } | null {
  if (b.length < 24 || !PNG_MAGIC.every((v, i) => b[i] === v)) return null;
  if (b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * Walks a PNG's chunks: each CRC right, IHDR first and IEND last, not interlaced, and the image
 * data inflates. (The PDF writer inflates it asynchronously and cannot report a damaged file.)
 */
function pngIntact(b: Buffer): boolean {
  let i = 8;
  const data: Buffer[] = [];
  let first = true;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    if (i + 12 + length > b.length) return false;
    const type = b.toString('latin1', i + 4, i + 8);
    if (zlib.crc32(b.subarray(i + 4, i + 8 + length)) !== b.readUInt32BE(i + 8 + length)) return false;
    if (first && type !== 'IHDR') return false;
    if (type === 'IHDR' && b[i + 8 + 12] !== 0) return false; // interlaced
    if (type === 'IDAT') data.push(b.subarray(i + 8, i + 8 + length));
    first = false;
    i += 12 + length;
    if (type === 'IEND') break;
  }
  if (data.length === 0) return false;
  try {
    return zlib.inflateSync(Buffer.concat(data)).length > 0;
  } catch {
    return false;
  }
}

function jpegSize(b: Buffer): { width: number; height: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return null;
    // Start of frame: every SOFn except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    if (marker === 0xda || marker === 0xd9) return null; // image data before any frame header
    i += 2 + length;
  }
  return null;
}

/** Checks base64 image data: a PNG or JPEG by its magic bytes, at most MAX_IMAGE_BYTES, a sane size. */
export function parseImage(base64: string, what: string): LetterImage {
  const data = base64.replace(/^data:image\/(png|jpeg);base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
    throw new RapportError('INVALID_INPUT', `The ${what} is not valid base64.`);
  }
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0) throw new RapportError('INVALID_INPUT', `The ${what} is empty.`);
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new RapportError('INVALID_INPUT', `The ${what} is larger than ${MAX_IMAGE_BYTES / 1024} KB. Use a smaller image.`);
  }
  const png = pngSize(bytes);
  const jpeg = png ? null : jpegSize(bytes);
  const size = png ?? jpeg;
  if (!size) throw new RapportError('INVALID_INPUT', `The ${what} must be a PNG or JPEG image.`);
  if (png && !pngIntact(bytes)) {
    throw new RapportError('INVALID_INPUT', `The ${what} could not be read: the PNG file is damaged or interlaced. Save it again as a plain PNG.`);
  }
  if (size.width < 1 || size.height < 1 || size.width > MAX_SIDE || size.height > MAX_SIDE) {
    throw new RapportError('INVALID_INPUT', `The ${what} has an unusable size (${size.width} × ${size.height} pixels).`);
  }
  return { mime: png ? 'image/png' : 'image/jpeg', data: bytes.toString('base64'), ...size };
}

/** Fits an image into a box, keeping its proportions. */
export function fitImage(img: Pick<LetterImage, 'width' | 'height'>, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(maxWidth / img.width, maxHeight / img.height, 1e9);
  return { width: img.width * scale, height: img.height * scale };
}
