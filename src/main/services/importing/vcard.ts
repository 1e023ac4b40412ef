/**
 * A vCard reader for contact import: versions 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350), one or many
 * cards per file, as Apple Contacts, Google Contacts, Outlook and Android write them.
 *
 * Written here rather than taken from npm: the maintained parsers either stop at the first bad
 * line of a file (we report each card's own error with its line) or do not decode
 * quoted-printable, whose soft line breaks ("=" at the end of a line, next line not indented)
 * are not RFC folding and break RFC unfolding (ical.js: vCard 2.1/QP support is an open pull
 * request; vcf: no quoted parameter values, no QP). This file only does the text layer:
 * unfolding, quoted-printable, CHARSET, parameters, escapes. Photos and other binary values are
 * skipped. Files may come as bytes, so that each value is decoded in the charset its writer
 * meant (vCard 2.1 says it per property, or not at all).
 */

export interface VcardProperty {
  /** Upper case, without group. */
  name: string;
  /** The group prefix ("item1" of "item1.EMAIL"), lower case, or ''. */
  group: string;
  /** Parameter names upper case; values as written (unquoted). Bare 2.1 parameters go under TYPE. */
  params: Map<string, string[]>;
  /** Decoded text value (quoted-printable and charset decoded; backslash escapes kept). */
  raw: string;
}

export interface VcardCard {
  /** Line of BEGIN:VCARD (1-based). */
  line: number;
  version: string;
  props: VcardProperty[];
  /** Properties that could not be read and were left out, in words; the rest of the card is kept. */
  warnings: string[];
}

export interface VcardReadResult {
  cards: VcardCard[];
  errors: { line: number; reason: string }[];
  /** How many photos, logos and other binary values were left out. */
  binarySkipped: number;
}

const BINARY_PROPS = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const MAX_PROPS = 2000;

interface LogicalLine {
  line: number;
  text: string;
}

/**
 * Splits into logical lines: RFC folding (line end + space/tab) and quoted-printable soft breaks
 * joined. Line ends may be CRLF, LF, CR, or CR CR LF (iPhone exports of folded photos); blank
 * lines are ignored and do not end a folded value.
 */
function* logicalLines(text: string): Generator<LogicalLine> {
  const physical = text.replace(/^\uFEFF/, '').split(/\r*\n|\r/);
  let current: LogicalLine | null = null;
  let qp = false;
  for (let i = 0; i < physical.length; i++) {
    const l = physical[i];
    if (current && qp && current.text.endsWith('=')) {
      // Quoted-printable soft line break: the value goes on, whatever the next line starts with.
      current.text = current.text.slice(0, -1) + l.replace(/^[ \t]+(?==)/, '');
      continue;
    }
    if (l === '') continue;
    if (current && (l.startsWith(' ') || l.startsWith('\t'))) {
      current.text += l.slice(1);
      continue;
    }
    if (current) yield current;
    current = { line: i + 1, text: l };
    qp = isQuotedPrintable(l);
  }
  if (current) yield current;
}

function isQuotedPrintable(line: string): boolean {
  const colon = line.indexOf(':');
  const head = colon < 0 ? line : line.slice(0, colon);
  return /;(?:ENCODING=)?QUOTED-PRINTABLE(?:[;:,]|$)/i.test(head + ':');
}

/** Splits "group.NAME;P=V;P=\"a;b\":value" at unquoted separators; null if there is no value part. */
function splitContentLine(text: string): { name: string; params: string[]; value: string } | null {
  let inQuotes = false;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === ';') {
      parts.push(text.slice(start, i));
      start = i + 1;
    } else if (!inQuotes && ch === ':') {
      parts.push(text.slice(start, i));
      const [name, ...params] = parts;
      return { name, params, value: text.slice(i + 1) };
    }
  }
  return null;
}

/** RFC 6868 caret decoding of a parameter value. */
function caretDecode(v: string): string {
  return v.replace(/\^(\^|n|N|')/g, (_m, c: string) => (c === '^' ? '^' : c === "'" ? '"' : '\n'));
}

function parseParams(raw: string[]): Map<string, string[]> | string {
  const params = new Map<string, string[]>();
  for (const p of raw) {
    if (!p.trim()) continue;
    const eq = p.indexOf('=');
    const name = (eq < 0 ? 'TYPE' : p.slice(0, eq)).trim().toUpperCase();
    let value = eq < 0 ? p.trim() : p.slice(eq + 1).trim();
    if (!/^[A-Z0-9-]+$/.test(name)) return `the parameter "${clip(p)}" is not valid`;
    // vCard 2.1 writes encodings and types as bare parameters ("TEL;WORK;QUOTED-PRINTABLE:").
    const key = eq < 0 ? bareParamName(value) : name;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    const values = key === 'TYPE' ? value.split(',') : [value];
    const list = params.get(key) ?? [];
    list.push(...values.map((v) => caretDecode(v).trim()).filter(Boolean));
    params.set(key, list);
  }
  return params;
}

function bareParamName(value: string): string {
  const v = value.toUpperCase();
  if (v === 'QUOTED-PRINTABLE' || v === 'BASE64' || v === 'B' || v === '8BIT' || v === '7BIT') return 'ENCODING';
  return 'TYPE';
}

/** The bytes of a quoted-printable value; throws with a reason. Characters past ASCII are taken as their UTF-8 bytes (text mode) or as bytes (byte mode). */
function quotedPrintableBytes(value: string, byteMode: boolean): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '=') {
      const hex = value.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error('its quoted-printable value has a bad "=" escape');
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      const code = ch.charCodeAt(0);
      if (code > 0x7f && !byteMode) {
        // Already text (some writers mark UTF-8 values as quoted-printable without encoding them).
        for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      } else bytes.push(code & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** windows-1252's 0x80–0x9F (Node's TextDecoder reads them as ISO-8859-1 control characters); 0 where the code page has none. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Windows Western: every byte is a character. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const codes = Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

const windows1252 = { decode: decodeWindows1252 };

/** Bytes without a declared charset: UTF-8 when they are valid UTF-8, otherwise windows-1252 (what vCard 2.1 writers on Windows meant). */
export function decodeUndeclared(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}

/**
 * Bytes in a declared charset. A charset Rapport does not know, or bytes that are not valid in it,
 * fall back to the undeclared reading, with a warning.
 */
function decodeDeclared(bytes: Uint8Array, charset: string, warn: (w: string) => void): string {
  if (!charset) return decodeUndeclared(bytes);
  if (/^(windows-1252|cp-?1252|iso-8859-1|latin-?1|us-ascii|ascii)$/i.test(charset.trim())) return decodeWindows1252(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    warn(`its character set "${clip(charset)}" is not one Rapport knows, so it was read as ${looksUtf8(bytes) ? 'UTF-8' : 'windows-1252'}`);
    return decodeUndeclared(bytes);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    // Mostly valid UTF-8 with a stray byte: keep the UTF-8 reading and mark the byte; otherwise the writer meant windows-1252.
    if (/^utf-?8$/i.test(charset.trim()) && /[\xc2-\xf4][\x80-\xbf]/.test(byteString(bytes))) {
      warn('it has bytes that are not valid UTF-8 text; they show as �');
      return new TextDecoder('utf-8').decode(bytes);
    }
    warn(`it is not valid ${clip(charset)} text, so it was read as ${looksUtf8(bytes) ? 'UTF-8' : 'windows-1252'}`);
    return decodeUndeclared(bytes);
  }
}

function looksUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** One byte per character: how a file of unknown 8-bit charset is parsed, each value decoded on its own. */
function byteString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** UTF-16 with a BOM, or without one when every other byte of the start is zero. */
export function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.6 && evenZero < half * 0.1) return 'utf-16le';
  if (evenZero > half * 0.6 && oddZero < half * 0.1) return 'utf-16be';
  return null;
}

function clip(s: string, n = 40): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const flat = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/**
 * Reads every card of a file, given as text or as the file's bytes. Bytes are read as UTF-16
 * (BOM, or zero bytes that say so) or else one value at a time: in the value's CHARSET, else
 * UTF-8, else windows-1252. A card that cannot be read as a whole (no END, no VERSION it knows) is
 * an error with its line; a property that cannot be read is left out with a warning on its card.
 */
export function readVcards(input: string | Uint8Array): VcardReadResult {
  const steps = readVcardSteps(input);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, giving the event loop back every few thousand lines. */
export async function readVcardsAsync(input: string | Uint8Array, breathe: () => Promise<void>): Promise<VcardReadResult> {
  const steps = readVcardSteps(input);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await breathe();
  }
}

const LINES_PER_STEP = 1000;

function* readVcardSteps(input: string | Uint8Array): Generator<void, VcardReadResult> {
  let text: string;
  let byteMode = false;
  if (typeof input === 'string') text = input;
  else {
    const utf16 = utf16Of(input);
    if (utf16) text = new TextDecoder(utf16).decode(input);
    else if (input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) text = new TextDecoder('utf-8').decode(input);
    else {
      text = byteString(input);
      byteMode = true;
    }
  }
  const cards: VcardCard[] = [];
  const errors: VcardReadResult['errors'] = [];
  let binarySkipped = 0;
  let card: (VcardCard & { error: string | null; hasVersion: boolean }) | null = null;
  let strayFrom: number | null = null;

  const flushStray = (upTo: number) => {
    if (strayFrom !== null) {
      errors.push({
        line: strayFrom,
        reason: upTo > strayFrom ? `Lines ${strayFrom}–${upTo} are outside any vCard (no BEGIN:VCARD before them).` : 'This line is outside any vCard (no BEGIN:VCARD before it).',
      });
      strayFrom = null;
    }
  };

  const lines = logicalLines(text);
  let lastLine = 0;
  let done = 0;
  for (const { line, text: l } of lines) {
    if (++done % LINES_PER_STEP === 0) yield;
    lastLine = line;
    const trimmed = l.trim();
    if (!trimmed) continue;
    const upper = trimmed.toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      flushStray(line - 1);
      if (card) errors.push({ line: card.line, reason: 'This card has no END:VCARD before the next BEGIN:VCARD.' });
      card = { line, version: '', props: [], warnings: [], error: null, hasVersion: false };
      continue;
    }
    if (upper === 'END:VCARD') {
      if (!card) {
        errors.push({ line, reason: 'END:VCARD without a BEGIN:VCARD before it.' });
        continue;
      }
      if (card.error) errors.push({ line: card.line, reason: card.error });
      else if (!card.hasVersion) errors.push({ line: card.line, reason: 'This card has no VERSION line.' });
      else cards.push({ line: card.line, version: card.version, props: card.props, warnings: card.warnings });
      card = null;
      continue;
    }
    if (!card) {
      strayFrom ??= line;
      continue;
    }
    if (card.error) continue;
    const leftOut = (why: string) => card!.warnings.push(`Line ${line} was left out: ${why}.`);
    const parts = splitContentLine(l);
    if (!parts) {
      leftOut(`it is not a vCard property (no ":" after its name): "${clip(byteMode ? decodeUndeclared(Buffer.from(trimmed, 'latin1')) : trimmed)}"`);
      continue;
    }
    const dot = parts.name.lastIndexOf('.');
    const name = parts.name.slice(dot + 1).trim().toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(name)) {
      leftOut(`"${clip(parts.name)}" is not a property name vCard allows`);
      continue;
    }
    const params = parseParams(parts.params);
    if (typeof params === 'string') {
      leftOut(params);
      continue;
    }
    if (name === 'VERSION') {
      const v = parts.value.trim();
      if (!['2.1', '3.0', '4.0'].includes(v)) {
        card.error = `Line ${line}: vCard version "${clip(v, 10)}" is not one Rapport reads (2.1, 3.0 or 4.0).`;
        continue;
      }
      card.version = v;
      card.hasVersion = true;
      continue;
    }
    const encoding = (params.get('ENCODING')?.[0] ?? '').toUpperCase();
    const isBinary = encoding === 'B' || encoding === 'BASE64' || BINARY_PROPS.has(name);
    if (isBinary) {
      if (BINARY_PROPS.has(name)) binarySkipped++;
      continue;
    }
    let raw = parts.value;
    const charset = params.get('CHARSET')?.[0] ?? '';
    const warn = (w: string) => card!.warnings.push(`Line ${line}: the ${name} property was read as well as it could be: ${w}.`);
    try {
      if (encoding === 'QUOTED-PRINTABLE') raw = decodeDeclared(quotedPrintableBytes(raw, byteMode), charset, warn);
      // eslint-disable-next-line no-control-regex -- ASCII needs no decoding
      else if (byteMode && !/^[\u0000-\u007f]*$/.test(raw)) raw = decodeDeclared(Uint8Array.from(Buffer.from(raw, 'latin1')), charset, warn);
    } catch (e) {
      leftOut(`the ${name} property cannot be read: ${(e as Error).message}`);
      continue;
    }
    if (card.props.length >= MAX_PROPS) {
      card.error = `This card has more than ${MAX_PROPS} properties.`;
      continue;
    }
    card.props.push({ name, group: dot > 0 ? parts.name.slice(0, dot).trim().toLowerCase() : '', params, raw });
  }
  if (card) errors.push({ line: card.line, reason: 'This card has no END:VCARD (the file ends inside it).' });
  flushStray(lastLine);
  return { cards, errors, binarySkipped };
}

/** Splits a structured value (N, ORG, ADR) at unescaped semicolons, then unescapes each part. */
export function structured(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      cur += ch + raw[i + 1];
      i++;
    } else if (ch === ';') {
      out.push(unescapeText(cur));
      cur = '';
    } else cur += ch;
  }
  out.push(unescapeText(cur));
  return out;
}

/** Undoes vCard text escapes: \n \N \, \; \\ (a backslash before anything else is kept). */
export function unescapeText(raw: string): string {
  return raw.replace(/\\([nN,;\\:])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** The first property of a name, preferring one marked preferred (TYPE=pref or PREF=1). */
export function preferred(card: VcardCard, name: string, rank?: (p: VcardProperty) => number): VcardProperty | null {
  const props = card.props.filter((p) => p.name === name && p.raw.trim() !== '');
  if (!props.length) return null;
  const score = (p: VcardProperty) => {
    const types = (p.params.get('TYPE') ?? []).map((t) => t.toLowerCase());
    const pref = types.includes('pref') || p.params.has('PREF') ? 100 : 0;
    return pref + (rank ? rank(p) : 0);
  };
  return props.reduce((best, p) => (score(p) > score(best) ? p : best), props[0]);
}
