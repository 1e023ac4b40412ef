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

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/**
 * An 8-bit PNG with an alpha channel (RGBA or grey + alpha) composited onto white, as RGB. Letters
 * are printed on white; a PNG without alpha goes into the PDF as it is, while one with alpha is
 * decoded and split pixel by pixel in every letter (a quarter of a batch letter's time). Other
 * PNGs (no alpha, palettes, 16-bit) answer null and are kept as they are.
 */
export function flattenPng(b: Buffer): Buffer | null {
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const depth = b[24];
  const colour = b[25];
  if (depth !== 8 || (colour !== 6 && colour !== 4)) return null;
  const channels = colour === 6 ? 4 : 2;
  const idat: Buffer[] = [];
  for (let i = 8; i + 12 <= b.length; ) {
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (type === 'IDAT') idat.push(b.subarray(i + 8, i + 8 + length));
    i += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) return null;
  const prev = Buffer.alloc(stride);
  const line = Buffer.alloc(stride);
  const out = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    const filter = raw[at];
    for (let x = 0; x < stride; x++) {
      const v = raw[at + 1 + x];
      const a = x >= channels ? line[x - channels] : 0;
      const up = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let p: number;
      if (filter === 0) p = 0;
      else if (filter === 1) p = a;
      else if (filter === 2) p = up;
      else if (filter === 3) p = (a + up) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(up - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + up - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      } else return null;
      line[x] = (v + p) & 0xff;
    }
    const o = y * (width * 3 + 1);
    out[o] = 0;
    for (let x = 0; x < width; x++) {
      const px = x * channels;
      const alpha = line[px + channels - 1] / 255;
      for (let k = 0; k < 3; k++) {
        const v = channels === 4 ? line[px + k] : line[px];
        out[o + 1 + x * 3 + k] = Math.round(v * alpha + 255 * (1 - alpha));
      }
    }
    line.copy(prev);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2; // RGB
  return Buffer.concat([b.subarray(0, 8), pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(out)), pngChunk('IEND', Buffer.alloc(0))]);
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
  const stored = (png && flattenPng(bytes)) || bytes;
  return { mime: png ? 'image/png' : 'image/jpeg', data: stored.toString('base64'), ...size };
}

/** Fits an image into a box, keeping its proportions. */
export function fitImage(img: Pick<LetterImage, 'width' | 'height'>, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(maxWidth / img.width, maxHeight / img.height, 1e9);
  return { width: img.width * scale, height: img.height * scale };
}
