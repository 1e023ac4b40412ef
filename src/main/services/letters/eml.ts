/**
 * The letter as an email draft: an RFC 5322 message (.eml) with RFC 2047 encoded UTF-8 headers
 * and a plain-text and an HTML part (quoted-printable). `X-Unsent: 1` makes mail programs open
 * it as a draft to send. Header values never carry a raw line break, so nothing can be injected.
 */
import { randomBytes } from 'node:crypto';
import type { EmailDraft, LetterPreview, LetterRun, Letterhead } from '../../../shared/letters';
import { exportedBlocks, plainText, signOffLines } from './compose';

const CRLF = '\r\n';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** An RFC 5322 date-time, in UTC. */
export function rfc5322Date(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const oneLine = (s: string) => s.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();

/**
 * A header value as tokens to fold: RFC 2047 encoded words (base64, 30 bytes of UTF-8 each, split
 * between whole characters) when it has anything but printable ASCII, otherwise its words.
 */
export function headerTokens(value: string): string[] {
  const text = oneLine(value);
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text.split(' ').filter(Boolean);
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 30) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`);
}

/** `Name: tokens`, folded (CRLF + space) so lines stay within 78 characters where the tokens allow. */
export function foldHeader(name: string, tokens: string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > 78 && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${token}`;
    } else line += ` ${token}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** `Name <address>` as tokens, the name quoted or encoded as needed. */
function mailbox(name: string, address: string): string[] {
  const clean = oneLine(name).replace(/\s+/g, ' ');
  if (!clean) return [`<${address}>`];
  const display = /^[\x20-\x7e]*$/.test(clean) ? [`"${clean.replace(/(["\\])/g, '\\$1')}"`] : headerTokens(clean);
  return [...display, `<${address}>`];
}

/** Quoted-printable (RFC 2045) of UTF-8 text, lines of at most 76 characters, CRLF line ends. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const bytes = Buffer.from(line, 'utf8');
    let encoded = '';
    let current = '';
    bytes.forEach((b, i) => {
      const last = i === bytes.length - 1;
      const safe = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
      const piece = safe ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      if (current.length + piece.length > 75) {
        encoded += `${current}=${CRLF}`;
        current = '';
      }
      current += piece;
    });
    out.push(encoded + current);
  }
  return out.join(CRLF);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function htmlRuns(runs: LetterRun[]): string {
  return runs
    .map((r) => {
      let t = escapeHtml(r.text);
      if (r.italic) t = `<em>${t}</em>`;
      if (r.bold) t = `<strong>${t}</strong>`;
      return t;
    })
    .join('');
}

function html(preview: LetterPreview): string {
  const blocks = exportedBlocks(preview).map((b) =>
    b.type === 'paragraph'
      ? `<p>${b.lines.map(htmlRuns).join('<br>')}</p>`
      : `<ul>${b.items.map((i) => `<li>${htmlRuns(i)}</li>`).join('')}</ul>`,
  );
  const sign = signOffLines(preview).map((l, i) => (i === 0 ? `<strong>${escapeHtml(l)}</strong>` : escapeHtml(l)));
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"></head>',
    '<body style="font-family: Georgia, serif; font-size: 15px; line-height: 1.5; color: #1f2328;">',
    ...blocks,
    sign.length ? `<p>${sign.join('<br>')}</p>` : '',
    '</body></html>',
  ].join('\n');
}

/** A file name from the subject (no path separators or control characters). */
export function safeFileName(name: string, fallback: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- no control characters in file names
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 100)
    .trim();
  return cleaned || fallback;
}

export function emailDraft(preview: LetterPreview, letterhead: Letterhead, now: Date): EmailDraft {
  const boundary = `rapport-${randomBytes(12).toString('hex')}`;
  const to = preview.contact?.email || null;
  const headers = [
    ...(letterhead.email ? [foldHeader('From', mailbox(letterhead.senderName || letterhead.firm, letterhead.email))] : []),
    ...(to ? [foldHeader('To', mailbox(preview.contact!.name, to))] : []),
    foldHeader('Subject', headerTokens(preview.subject)),
    `Date: ${rfc5322Date(now)}`,
    'MIME-Version: 1.0',
    'X-Unsent: 1',
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
  ];
  const part = (type: string, content: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(content)].join(CRLF);
  const eml = [
    headers.join(CRLF),
    '',
    part('text/plain', plainText(preview)),
    part('text/html', html(preview)),
    `--${boundary}--`,
    '',
  ].join(CRLF);
  return { eml, fileName: `${safeFileName(preview.subject, 'Letter')}.eml`, to, subject: preview.subject };
}
