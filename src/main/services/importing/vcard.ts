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
 * skipped.
 */

export interface VcardProperty {
  /** Upper case, without group. */
  name: string;
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

/** Splits into logical lines: RFC folding (CRLF + space/tab) and quoted-printable soft breaks joined. */
function logicalLines(text: string): LogicalLine[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: LogicalLine[] = [];
  let current: LogicalLine | null = null;
  let qp = false;
  for (let i = 0; i < physical.length; i++) {
    const l = physical[i];
    if (current && qp && current.text.endsWith('=')) {
      // Quoted-printable soft line break: the value goes on, whatever the next line starts with.
      current.text = current.text.slice(0, -1) + l.replace(/^[ \t]+(?==)/, '');
      continue;
    }
    if (current && (l.startsWith(' ') || l.startsWith('\t'))) {
      current.text += l.slice(1);
      continue;
    }
    current = { line: i + 1, text: l };
    qp = isQuotedPrintable(l);
    out.push(current);
  }
  return out;
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

/** Decodes quoted-printable bytes in the given charset; throws with a reason. */
function decodeQuotedPrintable(value: string, charset: string): string {
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
      if (code > 0x7f) {
        // Already text (some writers mark UTF-8 values as quoted-printable without encoding them).
        for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      } else bytes.push(code);
    }
  }
  return decodeBytes(Uint8Array.from(bytes), charset);
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset || 'utf-8', { fatal: true });
  } catch {
    throw new Error(`its character set "${clip(charset)}" is not one Rapport can read`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new Error(`its value is not valid ${charset || 'UTF-8'} text`);
  }
}

function clip(s: string, n = 40): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const flat = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/** Reads every card of a file. Each card that cannot be read is an error with its line; the others are kept. */
export function readVcards(text: string): VcardReadResult {
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
  for (const { line, text: l } of lines) {
    lastLine = line;
    const trimmed = l.trim();
    if (!trimmed) continue;
    const upper = trimmed.toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      flushStray(line - 1);
      if (card) errors.push({ line: card.line, reason: 'This card has no END:VCARD before the next BEGIN:VCARD.' });
      card = { line, version: '', props: [], error: null, hasVersion: false };
      continue;
    }
    if (upper === 'END:VCARD') {
      if (!card) {
        errors.push({ line, reason: 'END:VCARD without a BEGIN:VCARD before it.' });
        continue;
      }
      if (card.error) errors.push({ line: card.line, reason: card.error });
      else if (!card.hasVersion) errors.push({ line: card.line, reason: 'This card has no VERSION line.' });
      else cards.push({ line: card.line, version: card.version, props: card.props });
      card = null;
      continue;
    }
    if (!card) {
      strayFrom ??= line;
      continue;
    }
    if (card.error) continue;
    const parts = splitContentLine(l);
    if (!parts) {
      card.error = `Line ${line} is not a vCard property (no ":" after its name): "${clip(trimmed)}".`;
      continue;
    }
    const dot = parts.name.lastIndexOf('.');
    const name = parts.name.slice(dot + 1).trim().toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(name)) {
      card.error = `Line ${line} has a property name vCard does not allow: "${clip(parts.name)}".`;
      continue;
    }
    const params = parseParams(parts.params);
    if (typeof params === 'string') {
      card.error = `Line ${line}: ${params}.`;
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
    try {
      // Other values are already text: the file was read as UTF-8 before it came here.
      if (encoding === 'QUOTED-PRINTABLE') raw = decodeQuotedPrintable(raw, charset);
    } catch (e) {
      card.error = `Line ${line}: the ${name} property cannot be read: ${(e as Error).message}.`;
      continue;
    }
    if (card.props.length >= MAX_PROPS) {
      card.error = `This card has more than ${MAX_PROPS} properties.`;
      continue;
    }
    card.props.push({ name, params, raw });
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
