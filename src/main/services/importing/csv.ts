/**
 * Contacts from CSV, read with papaparse (quotes, commas, semicolons and newlines inside quotes,
 * delimiter detection). Google Contacts (both the current and the older layout), Outlook and
 * LinkedIn connection exports are recognised by their header; any other CSV is read through an
 * explicit column mapping.
 */
import Papa from 'papaparse';
import { RapportError } from '../../../shared/errors';
import type { ImportMapping } from '../../../shared/types';
import { type ReadResult, type ReadRow, cleanPerson } from './people';

/** How one kind of CSV spells each field: header names, first non-empty value wins. */
interface Layout {
  detected: string;
  /** Columns holding the whole name. */
  name: string[];
  /** Columns joined with spaces when there is no whole name (first, middle, last). */
  parts: string[];
  /** Of the parts, the first name and last name columns (for the mapping shown in the preview). */
  first: string[];
  last: string[];
  email: string[];
  phone: string[];
  organisation: string[];
  role: string[];
}

const GOOGLE: Layout = {
  detected: 'Google Contacts CSV',
  // The older layout has "Name"; the current one only the parts.
  name: ['Name'],
  parts: ['First Name', 'Given Name', 'Middle Name', 'Additional Name', 'Last Name', 'Family Name'],
  first: ['First Name', 'Given Name'],
  last: ['Last Name', 'Family Name'],
  email: ['E-mail 1 - Value', 'E-mail 2 - Value', 'E-mail 3 - Value'],
  phone: ['Phone 1 - Value', 'Phone 2 - Value', 'Phone 3 - Value'],
  organisation: ['Organization Name', 'Organization 1 - Name'],
  role: ['Organization Title', 'Organization 1 - Title'],
};

const OUTLOOK: Layout = {
  detected: 'Outlook CSV',
  name: [],
  // Outlook's "Title" is the courtesy title (Mr., Dr.); the job is "Job Title".
  parts: ['First Name', 'Middle Name', 'Last Name'],
  first: ['First Name'],
  last: ['Last Name'],
  email: ['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address'],
  phone: ['Business Phone', 'Mobile Phone', 'Primary Phone', 'Company Main Phone', 'Business Phone 2', 'Home Phone', 'Other Phone'],
  organisation: ['Company'],
  role: ['Job Title'],
};

const LINKEDIN: Layout = {
  detected: 'LinkedIn connections CSV',
  name: [],
  parts: ['First Name', 'Last Name'],
  first: ['First Name'],
  last: ['Last Name'],
  email: ['Email Address'],
  phone: [],
  organisation: ['Company'],
  role: ['Position'],
};

const fold = (s: string) => s.replace(/^\uFEFF/, '').trim().toLowerCase();

function detect(header: string[]): Layout | null {
  const has = new Set(header.map(fold));
  const all = (...names: string[]) => names.every((n) => has.has(n.toLowerCase()));
  if (all('E-mail 1 - Value') && (has.has('first name') || has.has('given name') || has.has('name'))) return GOOGLE;
  if (all('First Name', 'Last Name', 'Connected On') || all('First Name', 'Last Name', 'Email Address', 'Company', 'Position')) return LINKEDIN;
  if (all('First Name', 'Last Name', 'E-mail Address') && (has.has('job title') || has.has('company') || has.has('business phone'))) return OUTLOOK;
  return null;
}

function layoutFromMapping(m: ImportMapping): Layout {
  const one = (c: string | undefined) => (c ? [c] : []);
  return {
    detected: 'CSV (your column mapping)',
    name: one(m.name),
    parts: [...one(m.firstName), ...one(m.lastName)],
    first: one(m.firstName),
    last: one(m.lastName),
    email: one(m.email),
    phone: one(m.phone),
    organisation: one(m.organisation),
    role: one(m.role),
  };
}

/** The mapping a layout amounts to, for the preview (columns that exist in this file only). */
function mappingOf(layout: Layout, header: string[]): ImportMapping {
  const present = (cols: string[]) => cols.find((c) => header.some((h) => fold(h) === fold(c)));
  const m: ImportMapping = {
    name: present(layout.name),
    firstName: present(layout.first),
    lastName: present(layout.last),
    email: present(layout.email),
    phone: present(layout.phone),
    organisation: present(layout.organisation),
    role: present(layout.role),
  };
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as ImportMapping;
}

const MAX_COLUMNS = 500;
const MAX_HEADER_CELL = 200;
const HEADER_SEARCH_ROWS = 20;
const clip = (s: string, n = 40) => {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const flat = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
};

interface RawRow {
  line: number;
  cells: string[];
  error: string | null;
}

/** Every row with the line it starts on. */
function parseRows(text: string): RawRow[] {
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const rows: RawRow[] = [];
  let previous = 0;
  // Blank rows are dropped here rather than by papaparse, so every row's start is known.
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', ';', '\t', '|'],
    step: (result) => {
      let start = previous;
      while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
      previous = result.meta.cursor;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      const error = quoteError
        ? quoteError.code === 'MissingQuotes'
          ? 'A quoted field is not closed (a closing " is missing), so this row and the rest of the file could not be read.'
          : 'A field has a stray " in it.'
        : null;
      if (!error && result.data.every((c) => !c.trim())) return;
      rows.push({ line: lineAt(start), cells: result.data, error });
    },
  });
  return rows;
}

/** Reads a CSV file of contacts. Throws INVALID_INPUT for a file that cannot be read at all. */
export function readCsv(input: string, mapping: ImportMapping | undefined): ReadResult {
  const text = input.replace(/^\uFEFF/, '');
  const rows = parseRows(text);
  if (!rows.length) throw new RapportError('INVALID_INPUT', 'This CSV file is empty.');

  // Find the header: LinkedIn puts a few lines of notes above it.
  const window = rows.slice(0, HEADER_SEARCH_ROWS);
  let headerAt = -1;
  let layout: Layout | null = null;
  if (mapping) {
    const wanted = Object.values(mapping).map(fold);
    headerAt = window.findIndex((r) => wanted.every((w) => r.cells.some((c) => fold(c) === w)));
    if (headerAt < 0) {
      const missing = Object.values(mapping).filter((w) => !rows[0].cells.some((c) => fold(c) === fold(w)));
      throw new RapportError(
        'INVALID_INPUT',
        `The column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 3).map((m) => `"${clip(m)}"`).join(', ')} of the mapping ${missing.length > 1 ? 'are' : 'is'} not in the file's header.`,
      );
    }
    layout = layoutFromMapping(mapping);
  } else {
    headerAt = window.findIndex((r) => detect(r.cells) !== null);
    if (headerAt >= 0) layout = detect(window[headerAt].cells);
    else headerAt = 0;
  }
  const headerRow = rows[headerAt];
  const header = headerRow.cells.map((c) => c.replace(/^\uFEFF/, '').trim());
  if (headerRow.error) throw new RapportError('INVALID_INPUT', `Line ${headerRow.line}: the header row cannot be read. ${headerRow.error}`);
  if (header.length > MAX_COLUMNS) throw new RapportError('INVALID_INPUT', `The header has ${header.length} columns; Rapport reads at most ${MAX_COLUMNS}.`);
  if (header.some((h) => h.length > MAX_HEADER_CELL) || header.every((h) => !h)) {
    throw new RapportError('INVALID_INPUT', `Line ${headerRow.line} does not look like a header row (column names): is this a CSV file of contacts?`);
  }
  const dataRows = rows.slice(headerAt + 1);
  const sample = dataRows.slice(0, 5).map((r) => r.cells.slice(0, header.length).map((c) => clip(c, 200)));
  const notes: string[] = [];
  if (headerAt > 0) notes.push(`The first ${headerAt === 1 ? 'line was' : `${headerAt} rows were`} above the header and not read as contacts.`);

  if (!layout) {
    return { rows: [], errors: [], detected: 'CSV', columns: header, sample, mapping: null, needsMapping: true, notes };
  }

  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(fold(h))) index.set(fold(h), i);
  });
  const cols = (names: string[]) => names.map((n) => index.get(fold(n))).filter((i): i is number => i !== undefined);
  const at = { name: cols(layout.name), parts: cols(layout.parts), email: cols(layout.email), phone: cols(layout.phone), organisation: cols(layout.organisation), role: cols(layout.role) };

  const read: ReadRow[] = [];
  const errors: ReadResult['errors'] = [];
  for (const row of dataRows) {
    if (row.error) {
      errors.push({ line: row.line, reason: row.error });
      continue;
    }
    const cell = (i: number) => (row.cells[i] ?? '').trim();
    const first = (is: number[]) => is.map(cell).find(Boolean) ?? '';
    const whole = first(at.name);
    const name = whole || at.parts.map(cell).filter(Boolean).join(' ');
    const person = cleanPerson({ name, email: first(at.email), phone: first(at.phone), role: first(at.role), organisation: first(at.organisation) }, row.line);
    if ('reason' in person) {
      errors.push(person);
      continue;
    }
    if (row.cells.length > header.length && row.cells.slice(header.length).some((c) => c.trim())) {
      person.warnings.push(`This row has ${row.cells.length} fields but the header has ${header.length}: the extra ones were left out.`);
    }
    read.push(person);
  }
  return { rows: read, errors, detected: layout.detected, columns: header, sample, mapping: mappingOf(layout, header), needsMapping: false, notes };
}
