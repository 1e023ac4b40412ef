/**
 * The letter template language, parsed by hand. It runs no code: a strict character-by-character
 * tokenizer turns text into paragraphs, bullet lists and styled runs; a field is a name between
 * `{{` and `}}` looked up in the fixed list of LETTER_FIELDS (a Map, so `__proto__` or
 * `constructor` are just unknown names). No eval, no Function, no property paths, no expressions.
 *
 * Syntax:
 *   - paragraphs are separated by blank lines; a single line break inside one is kept;
 *   - a line starting with "- " is a bullet; consecutive bullets make a list;
 *   - **bold**, *italic* (they may nest), closed within their paragraph or bullet;
 *   - {{client.name}} inserts a field (spaces inside the braces are allowed);
 *   - a backslash before * { } \ or - writes that character as it is.
 * The subject line is plain text with fields: asterisks there are just asterisks.
 */
import { type LetterFieldKey, type TemplateProblem, letterField } from './letters';

export type Inline =
  | { type: 'text'; text: string; bold: boolean; italic: boolean }
  | { type: 'field'; field: LetterFieldKey; bold: boolean; italic: boolean };

export type MarkupBlock = { type: 'paragraph'; lines: Inline[][] } | { type: 'list'; items: Inline[][] };

export interface ParsedTemplate {
  subject: Inline[];
  body: MarkupBlock[];
  /** Fields used, in order of first use. */
  fields: LetterFieldKey[];
}

export type ParseResult = { ok: true; template: ParsedTemplate } | { ok: false; problems: TemplateProblem[] };

export const MAX_SUBJECT_LENGTH = 300;
export const MAX_BODY_LENGTH = 20_000;
const MAX_PROBLEMS = 20;
const ESCAPABLE = new Set(['*', '{', '}', '\\', '-']);

class Problems {
  readonly list: TemplateProblem[] = [];
  add(p: TemplateProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
  }
}

/** Shortens what the user wrote for a message: never echo a huge input back. */
function quote(s: string): string {
  const oneLine = s.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

interface Style {
  bold: boolean;
  italic: boolean;
  /** Where each open marker was, for the error when it is never closed. */
  boldAt: { line: number; column: number } | null;
  italicAt: { line: number; column: number } | null;
}

const newStyle = (): Style => ({ bold: false, italic: false, boldAt: null, italicAt: null });

/**
 * Tokenizes one line into runs. `style` carries bold/italic across the lines of a paragraph.
 * `plain`: asterisks are text (the subject line).
 */
function parseLine(
  text: string,
  lineNo: number,
  columnOffset: number,
  part: 'subject' | 'body',
  style: Style,
  plain: boolean,
  problems: Problems,
  used: LetterFieldKey[],
): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = () => {
    if (!buf) return;
    const last = out[out.length - 1];
    if (last && last.type === 'text' && last.bold === style.bold && last.italic === style.italic) last.text += buf;
    else out.push({ type: 'text', text: buf, bold: style.bold, italic: style.italic });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const column = columnOffset + i + 1;
    if (ch === '\\' && i + 1 < text.length && ESCAPABLE.has(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      const nextOpen = text.indexOf('{{', i + 2);
      if (close === -1) {
        problems.add({ part, line: lineNo, column, message: `A field opened with {{ at line ${lineNo}, column ${column} is not closed with }} on the same line.` });
        return out;
      }
      const inner = text.slice(i + 2, close);
      const name = inner.trim();
      if (nextOpen !== -1 && nextOpen < close) {
        problems.add({
          part,
          line: lineNo,
          column,
          field: quote(name),
          message: `Nested braces are not allowed: "{{${quote(inner)}}}" at line ${lineNo}, column ${column}.`,
        });
        i = close + 2;
        continue;
      }
      const info = letterField(name);
      if (!info || /[{}]/.test(inner)) {
        problems.add({
          part,
          line: lineNo,
          column,
          field: quote(name),
          message: `Unknown field "${quote(name)}" at line ${lineNo}, column ${column} of the ${part}. Pick a field from the list.`,
        });
      } else {
        flush();
        const field = info.key as LetterFieldKey;
        out.push({ type: 'field', field, bold: style.bold, italic: style.italic });
        if (!used.includes(field)) used.push(field);
      }
      i = close + 2;
      continue;
    }
    if (ch === '}' && text[i + 1] === '}') {
      problems.add({ part, line: lineNo, column, message: `Unexpected }} at line ${lineNo}, column ${column}: a field starts with {{. Write \\} for a brace.` });
      i += 2;
      continue;
    }
    if (!plain && ch === '*') {
      flush();
      if (text[i + 1] === '*') {
        style.bold = !style.bold;
        style.boldAt = style.bold ? { line: lineNo, column } : null;
        i += 2;
      } else {
        style.italic = !style.italic;
        style.italicAt = style.italic ? { line: lineNo, column } : null;
        i += 1;
      }
      continue;
    }
    buf += ch;
    i += 1;
  }
  flush();
  return out;
}

function checkClosed(style: Style, part: 'subject' | 'body', problems: Problems): void {
  if (style.bold && style.boldAt) {
    const { line, column } = style.boldAt;
    problems.add({ part, line, column, message: `Bold (**) opened at line ${line}, column ${column} is not closed in its paragraph. Write \\* for an asterisk.` });
  }
  if (style.italic && style.italicAt) {
    const { line, column } = style.italicAt;
    problems.add({ part, line, column, message: `Italic (*) opened at line ${line}, column ${column} is not closed in its paragraph. Write \\* for an asterisk.` });
  }
}

const BULLET = /^(\s*)- /;

/** Parses a template's subject and body. Every problem is reported with its line and column. */
export function parseTemplate(subject: string, body: string): ParseResult {
  const problems = new Problems();
  const used: LetterFieldKey[] = [];

  if (subject.length > MAX_SUBJECT_LENGTH) {
    problems.add({ part: 'subject', line: 1, column: 1, message: `The subject is longer than ${MAX_SUBJECT_LENGTH} characters.` });
  }
  if (/[\r\n]/.test(subject)) {
    problems.add({ part: 'subject', line: 1, column: 1, message: 'The subject is one line: remove the line breaks.' });
  }
  if (body.length > MAX_BODY_LENGTH) {
    problems.add({ part: 'body', line: 1, column: 1, message: `The letter is longer than ${MAX_BODY_LENGTH} characters.` });
  }
  if (problems.list.length > 0) return { ok: false, problems: problems.list };

  const subjectRuns = parseLine(subject.trim(), 1, subject.length - subject.trimStart().length, 'subject', newStyle(), true, problems, used);

  const blocks: MarkupBlock[] = [];
  let paragraph: Inline[][] | null = null;
  let list: Inline[][] | null = null;
  let style = newStyle();
  const endBlock = () => {
    if (paragraph) {
      checkClosed(style, 'body', problems);
      blocks.push({ type: 'paragraph', lines: paragraph });
    }
    if (list) blocks.push({ type: 'list', items: list });
    paragraph = null;
    list = null;
    style = newStyle();
  };

  const lines = body.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      endBlock();
      return;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      if (paragraph) endBlock();
      const offset = bullet[0].length;
      const itemStyle = newStyle();
      const runs = parseLine(line.slice(offset), lineNo, offset, 'body', itemStyle, false, problems, used);
      checkClosed(itemStyle, 'body', problems);
      list ??= [];
      list.push(runs);
      return;
    }
    if (list) endBlock();
    const offset = line.length - line.trimStart().length;
    paragraph ??= [];
    paragraph.push(parseLine(line.trimStart(), lineNo, offset, 'body', style, false, problems, used));
  });
  endBlock();

  if (problems.list.length > 0) return { ok: false, problems: problems.list };
  return { ok: true, template: { subject: subjectRuns, body: blocks, fields: used } };
}

/** One sentence naming every problem (for an error message), capped in length. */
export function describeProblems(problems: TemplateProblem[]): string {
  const first = problems.slice(0, 3).map((p) => p.message);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return `${first.join(' ')}${more}`;
}
