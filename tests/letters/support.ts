/**
 * Letters test support: a small PNG encoder (for a logo and a signature drawn in code), readers
 * that parse PDF and DOCX files back to text, and a client with a contact, an engagement and
 * promises kept.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import type { RapportCore } from '../../src/main/core';
import { ManualClock, PASSPHRASE, ok, testCore } from '../support/vault';

// ---- PNG ----

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** Encodes RGBA pixels (width*height*4) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Encodes RGBA pixels as a PNG, filtering row y with filter(y) (0 none, 1 sub, 2 up, 3 average, 4 Paeth). */
export function encodePngRows(width: number, height: number, rgba: Uint8Array, filter: (y: number) => number): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  const paeth = (a: number, b: number, c: number) => {
    const pa = Math.abs(b - c);
    const pb = Math.abs(a - c);
    const pc = Math.abs(a + b - 2 * c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  };
  for (let y = 0; y < height; y++) {
    const f = filter(y);
    raw[y * (stride + 1)] = f;
    for (let x = 0; x < stride; x++) {
      const v = rgba[y * stride + x];
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      const p = [0, a, b, (a + b) >> 1, paeth(a, b, c)][f];
      raw[y * (stride + 1) + 1 + x] = (v - p) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

class Canvas {
  readonly px: Uint8Array;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.px = new Uint8Array(w * h * 4);
  }
  /** Blends a colour into a pixel with coverage a (0..1). */
  plot(x: number, y: number, [r, g, b]: number[], a: number): void {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h || a <= 0) return;
    const i = (Math.floor(y) * this.w + Math.floor(x)) * 4;
    const old = this.px[i + 3] / 255;
    const out = a + old * (1 - a);
    for (const [k, v] of [r, g, b].entries()) this.px[i + k] = Math.round((v * a + this.px[i + k] * old * (1 - a)) / (out || 1));
    this.px[i + 3] = Math.round(out * 255);
  }
  /** A round pen dab of radius r, anti-aliased. */
  dab(cx: number, cy: number, r: number, colour: number[]): void {
    for (let y = Math.floor(cy - r - 1); y <= cy + r + 1; y++) {
      for (let x = Math.floor(cx - r - 1); x <= cx + r + 1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        this.plot(x, y, colour, Math.min(1, Math.max(0, r + 0.5 - d)));
      }
    }
  }
  png(): Buffer {
    return encodePng(this.w, this.h, this.px);
  }
}

/** A logo: a teal roundel with three rising bars, and a wordmark rule. */
export function logoPng(): Buffer {
  const c = new Canvas(360, 120);
  const teal = [20, 110, 120];
  const gold = [200, 150, 60];
  for (let a = 0; a < Math.PI * 2; a += 0.004) c.dab(60 + Math.cos(a) * 44, 60 + Math.sin(a) * 44, 5, teal);
  [
    [40, 28],
    [58, 44],
    [76, 60],
  ].forEach(([x, hgt]) => {
    for (let y = 0; y < hgt; y += 0.5) c.dab(x, 84 - y, 5, y > hgt - 8 ? gold : teal);
  });
  for (let x = 130; x < 340; x += 0.5) c.dab(x, 60, 2.5, teal);
  for (let x = 130; x < 260; x += 0.5) c.dab(x, 78, 1.5, gold);
  return c.png();
}

/** A handwritten-looking signature: a capital loop, a run of joined cursive loops, a flourish under it. */
export function signaturePng(): Buffer {
  const c = new Canvas(480, 150);
  const ink = [22, 38, 92];
  const pen = (f: (t: number) => [number, number], steps: number, width: (t: number) => number) => {
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      const [x, y] = f(t);
      c.dab(x, y, width(t), ink);
    }
  };
  // Joined loops of varying height leaning right, the first a tall capital (x = advance + r·sin: a prolate cycloid).
  const heights = [70, 18, 24, 14, 46, 16, 13, 40, 15, 20];
  pen(
    (t) => {
      const k = t * heights.length;
      const h = heights[Math.min(heights.length - 1, Math.floor(k))];
      const phase = k * Math.PI * 2;
      const y = 104 - (1 - Math.cos(phase)) * h * 0.5 + t * 4;
      return [60 + t * 330 + Math.sin(phase) * (6 + h * 0.12) + (104 - y) * 0.4, y];
    },
    12000,
    (t) => 1.1 + 0.6 * Math.abs(Math.sin(t * 23)),
  );
  // A flourish back under the name.
  pen((t) => [392 - t * 330, 108 + Math.sin(t * Math.PI) * 16 - t * 2], 3000, (t) => 1.6 * (1 - t) + 0.4);
  return c.png();
}

/** A minimal baseline JPEG header (SOI, APP0, SOF0 with the size) — enough for magic-byte checks. */
export function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

// ---- reading files back ----

export interface PdfPage {
  width: number;
  height: number;
  text: string;
}

/** Parses a PDF with pdf.js and answers each page's size (points) and text. */
export async function readPdf(file: string): Promise<{ pages: PdfPage[]; info: Record<string, unknown> }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [x0, y0, x1, y1] = page.view;
    const content = await page.getTextContent();
    const text = content.items
      .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
      .join('');
    pages.push({ width: Math.round(x1 - x0), height: Math.round(y1 - y0), text });
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, info: meta.info as Record<string, unknown> };
}

/** Unzips a DOCX and answers the document XML, its text by paragraph, and the page size (twips). */
export async function readDocx(file: string): Promise<{ xml: string; paragraphs: string[]; page: { w: number; h: number }; media: string[] }> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
      .map((t) => (t[0] === '<w:br/>' ? '\n' : decodeXml(t[1])))
      .join(''),
  );
  const size = /<w:pgSz w:w="(\d+)" w:h="(\d+)"/.exec(xml);
  const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
  return { xml, paragraphs: paragraphs.filter((p) => p.length > 0), page: { w: Number(size?.[1]), h: Number(size?.[2]) }, media };
}

const decodeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** PDF text with whitespace runs collapsed, for matching sentences across line breaks. */
export const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

// ---- a dossier ----

export interface LetterWorld {
  core: RapportCore;
  clock: ManualClock;
  clientId: string;
  contactId: string;
  engagementId: string;
}

/**
 * A vault with Bluebird Dental: Dr Amara Okafor as contact, an engagement with two promises kept.
 * Its data folder is its own (removed when the process exits), not a tempDir(): those are removed
 * after each test, and a world is shared by the tests of a file (unlocking again reopens the file).
 */
export async function letterWorld(): Promise<LetterWorld> {
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-letter-world-'));
  process.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const core = await testCore({ clock, dataDir });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await ok(core, 'settings.update', { userName: 'Sam Rivera' });
  const client = await ok(core, 'clients.create', { kind: 'organisation', name: 'Bluebird Dental', stage: 'active', owner: 'Priya Shah' });
  const contact = await ok(core, 'contacts.create', {
    clientId: client.id,
    name: 'Amara Okafor',
    role: 'Practice Director',
    email: 'amara@bluebird.example',
  });
  const engagement = await ok(core, 'engagements.create', {
    clientId: client.id,
    name: 'Practice website rebuild',
    startOn: '2026-09-01',
    items: [
      { kind: 'promise', text: 'an online booking form that works on any phone', dueOn: '2026-10-20' },
      { kind: 'promise', text: 'new pages introducing each of the team', dueOn: '2026-10-30' },
      { kind: 'promise', text: 'a monthly analytics report', dueOn: '2026-12-30' },
    ],
  });
  const promises = await ok(core, 'promises.forClient', { clientId: client.id });
  for (const item of promises.engagements[0].items.filter((i) => i.dueOn! < '2026-11-01')) {
    clock.advance(0);
    await ok(core, 'expectations.setState', { id: item.id, version: item.version, state: 'kept', note: 'Delivered' });
  }
  return { core, clock, clientId: client.id, contactId: contact.id, engagementId: engagement.id };
}

/** A full letterhead, with the drawn logo and signature. */
export async function setLetterhead(core: RapportCore, patch: Record<string, unknown> = {}) {
  return ok(core, 'letters.updateLetterhead', {
    senderName: 'Sam Rivera',
    senderTitle: 'Managing Partner',
    firm: 'Rivera & Hale Consulting',
    addressLines: ['14 Wharf Road', 'Bristol BS1 4RN'],
    phone: '+44 117 496 0123',
    email: 'sam@riverahale.example',
    logo: logoPng().toString('base64'),
    signature: signaturePng().toString('base64'),
    ...patch,
  });
}
