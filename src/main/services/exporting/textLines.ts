/**
 * Content lines shared by vCard 4.0 (RFC 6350 §3.2) and iCalendar (RFC 5545 §3.1): text escaping,
 * and folding at 75 octets with CRLF + space, never inside a UTF-8 sequence.
 */

/**
 * Escapes a TEXT value: backslash, comma and newlines, and semicolons unless told not to (a vCard
 * escapes them only in structured values such as N and ORG; iCalendar always does).
 */
export function escapeText(value: string, semicolons = true): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
  return semicolons ? escaped.replace(/;/g, '\\;') : escaped;
}

const MAX_OCTETS = 75;

/** Folds one content line so no physical line is longer than 75 octets. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Joins content lines, each folded, with CRLF line ends. */
export function contentLines(lines: string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
