/**
 * Contacts from CSV, read with papaparse (quotes, commas, semicolons and newlines inside quotes,
 * delimiter sniffing). Columns are recognised by their header in English and the common European
 * languages, which covers Google Contacts (current and older layout), Outlook, Thunderbird (comma
 * or semicolon), LinkedIn connections, Rapport's own contacts and clients CSV, and most hand-made
 * files; any other CSV is read through an explicit column mapping. Files may come as bytes: UTF-8
 * with or without a BOM, UTF-16 (BOM or not), else windows-1252.
 */
import Papa from 'papaparse';
import { RapportError } from '../../../shared/errors';
import type { ImportDate, ImportMapping, NameParts, TypedValue } from '../../../shared/types';
import { type RawPerson, type ReadResult, type ReadRow, cleanPerson } from './people';
import { decodeUndeclared, utf16Of } from './vcard';
import { vcardDate } from './people';
import { breathe, breathless } from './breathe';

type Field =
  | 'name'
  | 'first'
  | 'middle'
  | 'last'
  | 'prefix'
  | 'suffix'
  | 'nickname'
  | 'email'
  | 'phone'
  | 'organisation'
  | 'role'
  | 'notes'
  | 'birthday'
  | 'anniversary'
  | 'birthYear'
  | 'birthMonth'
  | 'birthDay'
  | 'url'
  | 'address'
  | 'street'
  | 'city'
  | 'region'
  | 'postcode'
  | 'country'
  | 'clientKind'
  | 'nameParts'
  | 'emailList'
  | 'phoneList';

/** Header (folded: lower case, no accents, punctuation as spaces) → field, and for emails and phones their type. */
const SYNONYMS: [Field, string, string[]][] = [
  ['name', '', ['name', 'full name', 'fullname', 'display name', 'displayname', 'contact name', 'contact', 'anzeigename', 'vollstandiger name', 'nom complet', 'nom d affichage', 'nombre completo', 'nombre para mostrar', 'nome completo', 'nome visualizzato', 'volledige naam', 'weergavenaam', 'naam', 'fullstandigt namn', 'visningsnamn', 'fulde navn', 'fullt navn', 'imie i nazwisko']],
  ['first', '', ['first name', 'firstname', 'given name', 'forename', 'vorname', 'prenom', 'nombre', 'nome', 'voornaam', 'fornamn', 'fornavn', 'etunimi', 'imie', 'primeiro nome']],
  ['middle', '', ['middle name', 'additional name', 'second name', 'weitere vornamen', 'zweiter vorname', 'deuxieme prenom', 'segundo nombre', 'secondo nome', 'tussenvoegsel', 'mellannamn']],
  ['last', '', ['last name', 'lastname', 'family name', 'surname', 'nachname', 'familienname', 'nom', 'nom de famille', 'apellido', 'apellidos', 'cognome', 'achternaam', 'efternamn', 'etternavn', 'efternavn', 'sukunimi', 'nazwisko', 'sobrenome', 'apelido']],
  ['prefix', '', ['name prefix', 'prefix', 'anrede', 'civilite', 'tratamiento', 'titolo', 'aanhef']],
  ['suffix', '', ['name suffix', 'suffix', 'namenszusatz']],
  ['nickname', '', ['nickname', 'nick name', 'spitzname', 'surnom', 'apodo', 'soprannome', 'bijnaam']],
  ['email', '', ['email', 'e mail', 'mail', 'email address', 'e mail address', 'emailaddress', 'primary email', 'e mail adresse', 'email adresse', 'primare e mail adresse', 'adresse e mail', 'adresse electronique', 'courriel', 'adresse email principale', 'correo', 'correo electronico', 'direccion de correo electronico', 'posta elettronica', 'indirizzo email', 'indirizzo e mail', 'e mailadres', 'emailadres', 'e postadress', 'e post', 'sahkoposti', 'e mail 1', 'email 1']],
  ['email', 'other', ['e mail 2 address', 'e mail 3 address', 'secondary email', 'second email', 'sekundare e mail adresse', 'adresse email secondaire', 'email 2', 'e mail 2', 'email 3', 'e mail 3', 'other email', 'e mail display name']],
  ['phone', '', ['phone', 'telephone', 'tel', 'phone number', 'telephone number', 'primary phone', 'telefon', 'telefonnummer', 'telephone principal', 'telefono', 'numero de telefono', 'telefoon', 'telefoonnummer', 'puhelin', 'numer telefonu']],
  ['phone', 'cell', ['mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'cellphone', 'mobiltelefon', 'handy', 'mobil', 'mobilnummer', 'portable', 'telephone mobile', 'telephone portable', 'movil', 'telefono movil', 'celular', 'cellulare', 'telefono cellulare', 'mobiel', 'mobiele telefoon', 'mobiel nummer', 'matkapuhelin', 'telefon komorkowy']],
  ['phone', 'work', ['business phone', 'business phone 2', 'work phone', 'work', 'office phone', 'company main phone', 'telefon geschaftlich', 'telefon dienstlich', 'telephone professionnel', 'telephone bureau', 'telefono del trabajo', 'telefono trabajo', 'telefono ufficio', 'telefoon werk', 'telefon arbete', 'arbetstelefon', 'main phone']],
  ['phone', 'home', ['home phone', 'home phone 2', 'home', 'private phone', 'telefon privat', 'telephone domicile', 'telephone personnel', 'telefono de casa', 'telefono casa', 'telefoon thuis', 'hemtelefon']],
  ['phone', 'other', ['other phone', 'callback', 'car phone', 'assistant s phone', 'radio phone', 'isdn', 'telex', 'tty tdd phone']],
  ['phone', 'fax', ['fax', 'fax number', 'business fax', 'home fax', 'other fax', 'faxnummer', 'telecopie', 'numero de fax']],
  ['phone', 'pager', ['pager', 'pager number', 'beeper', 'piepser']],
  ['organisation', '', ['company', 'company name', 'organization', 'organisation', 'organization name', 'organisation name', 'employer', 'firma', 'firmenname', 'unternehmen', 'organisation', 'societe', 'entreprise', 'empresa', 'compania', 'organizacion', 'azienda', 'societa', 'organizzazione', 'bedrijf', 'organisatie', 'foretag', 'organisasjon', 'yritys']],
  ['role', '', ['job title', 'jobtitle', 'position', 'role', 'organization title', 'organisation title', 'occupation', 'berufsbezeichnung', 'funktion', 'position', 'stellung', 'fonction', 'poste', 'titre', 'cargo', 'puesto', 'ruolo', 'qualifica', 'posizione', 'functie', 'functietitel', 'befattning', 'titel', 'stilling', 'tehtava', 'stanowisko']],
  ['notes', '', ['notes', 'note', 'comments', 'notizen', 'notiz', 'bemerkungen', 'remarques', 'commentaires', 'notas', 'comentarios', 'annotazioni', 'opmerkingen', 'notities', 'anteckningar']],
  ['birthday', '', ['birthday', 'date of birth', 'birth date', 'geburtstag', 'geburtsdatum', 'anniversaire', 'date de naissance', 'cumpleanos', 'fecha de nacimiento', 'compleanno', 'data di nascita', 'verjaardag', 'geboortedatum', 'fodelsedag']],
  ['anniversary', '', ['anniversary', 'jahrestag', 'hochzeitstag', 'aniversario', 'anniversario']],
  ['birthYear', '', ['birth year']],
  ['birthMonth', '', ['birth month']],
  ['birthDay', '', ['birth day']],
  ['url', '', ['web page', 'web page 1', 'web page 2', 'website', 'web site', 'url', 'homepage', 'home page', 'webseite', 'site web', 'sitio web', 'sito web', 'webpagina']],
  ['address', '', ['address', 'postal address', 'adresse', 'anschrift', 'direccion', 'indirizzo', 'adres', 'business address', 'home address', 'work address', 'address 1 formatted']],
  ['street', '', ['business street', 'home street', 'street', 'strasse', 'rue']],
  ['city', '', ['business city', 'home city', 'work city', 'city', 'town', 'ort', 'stadt', 'ville', 'ciudad', 'citta', 'plaats']],
  ['region', '', ['business state', 'home state', 'work state', 'state', 'region', 'province', 'bundesland']],
  ['postcode', '', ['business postal code', 'home postal code', 'work zipcode', 'home zipcode', 'postal code', 'postcode', 'zip', 'zip code', 'zipcode', 'plz', 'postleitzahl', 'code postal', 'codigo postal', 'cap', 'postcode']],
  ['country', '', ['business country region', 'home country region', 'work country', 'home country', 'country', 'land', 'pays', 'pais', 'paese']],
  ['clientKind', '', ['client kind']],
  ['nameParts', '', ['nameparts']],
  ['emailList', '', ['emails']],
  ['phoneList', '', ['phones']],
];

const HEADER_MAP = new Map<string, { field: Field; type: string }>();
for (const [field, type, names] of SYNONYMS) for (const n of names) if (!HEADER_MAP.has(n)) HEADER_MAP.set(n, { field, type });

/** A header folded for comparison: BOM gone, lower case, accents stripped, punctuation as spaces. */
export function foldHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Column {
  index: number;
  header: string;
  field: Field;
  /** For emails and phones: their type ('cell', 'work', …), or the index of the column that says it (Google's "Phone 1 - Type"). */
  type: string;
  typeColumn: number | null;
}

/** Google's numbered columns: "E-mail 1 - Value" with "E-mail 1 - Type" (or "- Label"), "Phone 2 - Value", "Organization 1 - Name". */
const GOOGLE_NUMBERED = /^(e mail|email|phone|website|address|organization|event) (\d+) (value|formatted|name|title)$/;

/** The columns Rapport recognises in a header. */
function recognise(header: string[]): Column[] {
  const folded = header.map(foldHeader);
  const has = new Set(folded);
  const cols: Column[] = [];
  const typeColumnOf = (kind: string, n: string) => {
    const i = folded.findIndex((f) => f === `${kind} ${n} type` || f === `${kind} ${n} label`);
    return i >= 0 ? i : null;
  };
  folded.forEach((f, index) => {
    const g = GOOGLE_NUMBERED.exec(f);
    if (g) {
      const [, kind, n, part] = g;
      const field: Field | null =
        kind === 'e mail' || kind === 'email' ? 'email' : kind === 'phone' ? 'phone' : kind === 'website' ? 'url' : kind === 'address' && part === 'formatted' ? 'address' : kind === 'organization' ? (part === 'name' ? 'organisation' : part === 'title' ? 'role' : null) : null;
      if (field) cols.push({ index, header: header[index], field, type: '', typeColumn: field === 'email' || field === 'phone' ? typeColumnOf(kind, n) : null });
      return;
    }
    // Outlook's "Title" is the courtesy title (Mr., Dr.) when there is a "Job Title"; elsewhere it is the job.
    if ((f === 'title' || f === 'titel' || f === 'titre') && (has.has('job title') || has.has('first name') && has.has('suffix'))) {
      cols.push({ index, header: header[index], field: 'prefix', type: '', typeColumn: null });
      return;
    }
    if (f === 'title') {
      cols.push({ index, header: header[index], field: 'role', type: '', typeColumn: null });
      return;
    }
    const known = HEADER_MAP.get(f);
    if (known) cols.push({ index, header: header[index], field: known.field, type: known.type, typeColumn: null });
  });
  return cols;
}

/** What kind of file a header is, in words; null when it is not one Rapport knows by name. */
function layoutName(header: string[], cols: Column[]): string | null {
  const has = new Set(header.map(foldHeader));
  const all = (...names: string[]) => names.every((n) => has.has(n));
  if (all('client id', 'client name', 'name') && (has.has('email') || has.has('phone'))) return 'Rapport contacts CSV';
  if (all('id', 'kind', 'name', 'stage')) return 'Rapport clients CSV';
  if ([...has].some((h) => /^(e mail|phone) 1 value$/.test(h))) return 'Google Contacts CSV';
  if (all('first name', 'last name', 'connected on') || all('first name', 'last name', 'email address', 'company', 'position')) return 'LinkedIn connections CSV';
  if (has.has('primary email') && (has.has('display name') || has.has('first name')) || all('vorname', 'nachname', 'anzeigename', 'primare e mail adresse')) return 'Thunderbird CSV';
  if (all('first name', 'last name', 'e mail address') && (has.has('job title') || has.has('company') || has.has('business phone'))) return 'Outlook CSV';
  const fields = new Set(cols.map((c) => c.field));
  const named = fields.has('name') || fields.has('first') || fields.has('last') || fields.has('organisation');
  const reachable = fields.has('email') || fields.has('phone');
  if (named || (reachable && cols.length === header.filter((h) => h.trim()).length)) return 'CSV (columns recognised by their names)';
  return null;
}

function columnsFromMapping(m: ImportMapping, header: string[]): Column[] {
  const at = (name: string | undefined) => (name ? header.findIndex((h) => foldHeader(h) === foldHeader(name)) : -1);
  const fields: [keyof ImportMapping, Field][] = [
    ['name', 'name'],
    ['firstName', 'first'],
    ['lastName', 'last'],
    ['email', 'email'],
    ['phone', 'phone'],
    ['organisation', 'organisation'],
    ['role', 'role'],
  ];
  return fields.flatMap(([k, field]) => {
    const index = at(m[k]);
    return index >= 0 ? [{ index, header: header[index], field, type: '', typeColumn: null }] : [];
  });
}

/** The mapping the recognised columns amount to, for the preview. */
function mappingOf(cols: Column[]): ImportMapping {
  const first = (f: Field) => cols.find((c) => c.field === f)?.header;
  const phone = cols.filter((c) => c.field === 'phone').sort((a, b) => phoneColumnRank(a) - phoneColumnRank(b))[0]?.header;
  const m: ImportMapping = { name: first('name'), firstName: first('first'), lastName: first('last'), email: first('email'), phone, organisation: first('organisation'), role: first('role') };
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as ImportMapping;
}

const phoneColumnRank = (c: Column) => (c.typeColumn !== null ? 0 : ({ cell: 1, work: 2, '': 3, home: 4, other: 5, fax: 9, pager: 9 } as Record<string, number>)[c.type] ?? 5);

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

/** Rows papaparse reads between two breaths (see parseRows). */
const PARSE_ROWS = 2_000;

/**
 * Every row with the line it starts on. papaparse reads a string in one synchronous pass, which
 * held the event loop for a second on 100,000 rows; so it reads PARSE_ROWS rows at a time
 * (`preview`), each run starting where the last one ended (always between two records, by
 * papaparse's own reckoning), with the delimiter and line break it found first, giving the event
 * loop back between runs. An unclosed quote still takes the rest of the file, as in one pass.
 */
async function parseRows(text: string): Promise<RawRow[]> {
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
  let delimiter: string | undefined;
  let newline: string | undefined;
  for (let base = 0; base < text.length; ) {
    // A run starts after the line break that ended the last one (blank rows are dropped anyway).
    while (base > 0 && base < text.length && (text[base] === '\n' || text[base] === '\r')) base++;
    if (base >= text.length) break;
    const piece = base ? text.slice(base) : text;
    let previous = 0;
    let read = 0;
    // Blank rows are dropped here rather than by papaparse, so every row's start is known.
    Papa.parse<string[]>(piece, {
      delimiter,
      newline: newline as Papa.ParseConfig['newline'],
      delimitersToGuess: [',', ';', '\t', '|'],
      preview: PARSE_ROWS,
      step: (result) => {
        read++;
        delimiter ??= result.meta.delimiter;
        newline ??= result.meta.linebreak;
        let start = previous;
        while (start < piece.length && (piece[start] === '\n' || piece[start] === '\r')) start++;
        previous = result.meta.cursor;
        const quoteError = result.errors.find((e) => e.type === 'Quotes');
        const error = quoteError
          ? quoteError.code === 'MissingQuotes'
            ? 'A quoted field is not closed (a closing " is missing), so this row and the rest of the file could not be read.'
            : 'A field has a stray " in it.'
          : null;
        if (!error && result.data.every((c) => !c.trim())) return;
        rows.push({ line: lineAt(base + start), cells: result.data, error });
      },
    });
    if (read < PARSE_ROWS || previous === 0) break;
    base += previous;
    if (breathless()) await breathe();
  }
  return rows;
}

/** The text of a CSV file given as bytes, and a note when it was not UTF-8. */
export function csvText(input: string | Uint8Array): { text: string; note: string | null } {
  if (typeof input === 'string') return { text: input, note: null };
  const utf16 = utf16Of(input);
  if (utf16) return { text: new TextDecoder(utf16).decode(input), note: null };
  const text = decodeUndeclared(input);
  let utf8 = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    utf8 = false;
  }
  return { text, note: utf8 ? null : 'The file is not UTF-8: it was read as Windows Western (windows-1252).' };
}

/** A cell as a spreadsheet-safe export wrote it: "'+49 …" and "'=…" lose the apostrophe of the formula guard. */
const unguard = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

function parseJson<T>(v: string): T | null {
  if (!v.trim()) return null;
  try {
    return JSON.parse(v) as T;
  } catch {
    return null;
  }
}

const MONTHS = /^(\d{1,2})$/;

/** Reads a CSV file of contacts. Throws INVALID_INPUT for a file that cannot be read at all. */
export async function readCsv(input: string | Uint8Array, mapping: ImportMapping | undefined): Promise<ReadResult> {
  const decoded = csvText(input);
  const text = decoded.text.replace(/^\uFEFF/, '');
  const rows = await parseRows(text);
  if (!rows.length) throw new RapportError('INVALID_INPUT', 'This CSV file is empty.');

  // Find the header: LinkedIn puts a few lines of notes above it.
  const window = rows.slice(0, HEADER_SEARCH_ROWS);
  let headerAt = -1;
  let detected: string | null = null;
  if (mapping) {
    const wanted = Object.values(mapping).map(foldHeader);
    headerAt = window.findIndex((r) => wanted.every((w) => r.cells.some((c) => foldHeader(c) === w)));
    if (headerAt < 0) {
      const missing = Object.values(mapping).filter((w) => !rows[0].cells.some((c) => foldHeader(c) === foldHeader(w)));
      throw new RapportError(
        'INVALID_INPUT',
        `The column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 3).map((m) => `"${clip(m)}"`).join(', ')} of the mapping ${missing.length > 1 ? 'are' : 'is'} not in the file's header.`,
      );
    }
    detected = 'CSV (your column mapping)';
  } else {
    headerAt = window.findIndex((r) => !r.error && r.cells.length < MAX_COLUMNS && layoutName(r.cells, recognise(r.cells)) !== null);
    if (headerAt >= 0) detected = layoutName(window[headerAt].cells, recognise(window[headerAt].cells));
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
  if (decoded.note) notes.push(decoded.note);
  if (headerAt > 0) notes.push(`The first ${headerAt === 1 ? 'line was' : `${headerAt} rows were`} above the header and not read as contacts.`);

  if (!detected) {
    return { rows: [], errors: [], detected: 'CSV', columns: header, sample, mapping: null, needsMapping: true, notes };
  }
  const cols = mapping ? columnsFromMapping(mapping, header) : recognise(header);
  const own = detected.startsWith('Rapport');
  const of = (f: Field) => cols.filter((c) => c.field === f);
  const at = {
    name: of('name'),
    first: of('first'),
    middle: of('middle'),
    last: of('last'),
    prefix: of('prefix'),
    suffix: of('suffix'),
    nickname: of('nickname'),
    email: of('email'),
    phone: of('phone'),
    organisation: of('organisation'),
    role: of('role'),
    notes: of('notes'),
    url: of('url'),
    address: of('address'),
    street: of('street'),
    city: of('city'),
    region: of('region'),
    postcode: of('postcode'),
    country: of('country'),
    birthday: of('birthday'),
    anniversary: of('anniversary'),
    birthYear: of('birthYear'),
    birthMonth: of('birthMonth'),
    birthDay: of('birthDay'),
    clientKind: of('clientKind'),
    nameParts: of('nameParts'),
    emailList: of('emailList'),
    phoneList: of('phoneList'),
  };
  // Rapport's clients CSV: each client is a row, an organisation or a person.
  const clientsFile = detected === 'Rapport clients CSV';
  const kindAt = clientsFile ? header.findIndex((h) => foldHeader(h) === 'kind') : -1;

  const read: ReadRow[] = [];
  const errors: ReadResult['errors'] = [];
  // The current row's cells, dates and warnings: the helpers below are made once, not for every row.
  let cells: string[] = [];
  let dates: ImportDate[] = [];
  let warnings: string[] = [];
  const cell = (i: number) => {
    const v = (cells[i] ?? '').trim();
    return own ? unguard(v) : v;
  };
  const first = (cs: Column[]) => {
    for (const c of cs) {
      const v = cell(c.index);
      if (v) return v;
    }
    return '';
  };
  const typed = (cs: Column[]): TypedValue[] =>
    cs.map((c) => ({ value: unguard(cell(c.index)), type: c.typeColumn !== null ? cell(c.typeColumn).replace(/^\*\s*/, '') : c.type })).filter((v) => v.value);
  const addDate = (label: string, raw: string) => {
    if (!raw || /^0?0?\/0?0?\/(00|0000)$/.test(raw)) return;
    const date = vcardDate(raw);
    if (date) dates.push({ label, date, recurrence: 'yearly' });
    else warnings.push(`${label} "${clip(raw)}" is not a date Rapport can read (write it as 1985-04-12) and was left out.`);
  };
  for (const row of dataRows) {
    if (breathless()) await breathe();
    if (row.error) {
      errors.push({ line: row.line, reason: row.error });
      continue;
    }
    cells = row.cells;
    dates = [];
    warnings = [];
    let nameParts: NameParts | null = null;
    if (at.first.length || at.last.length) {
      nameParts = { prefix: first(at.prefix), given: first(at.first), additional: first(at.middle), family: first(at.last), suffix: first(at.suffix) };
    }
    const ownParts = parseJson<NameParts>(first(at.nameParts));
    if (ownParts && typeof ownParts === 'object') nameParts = ownParts;
    const whole = first(at.name);
    const name = whole || (nameParts ? [nameParts.given, nameParts.additional, nameParts.family].filter(Boolean).join(' ') : '') || first(at.nickname);
    let organisation = first(at.organisation);
    if (at.clientKind.length && first(at.clientKind) === 'person') organisation = '';
    let emails = typed(at.email);
    let phones = typed(at.phone);
    const ownEmails = parseJson<TypedValue[]>(first(at.emailList));
    if (Array.isArray(ownEmails)) emails = [...ownEmails.filter((e) => e && typeof e.value === 'string').map((e) => ({ value: e.value, type: String(e.type ?? '') })), ...emails];
    const ownPhones = parseJson<TypedValue[]>(first(at.phoneList));
    if (Array.isArray(ownPhones)) phones = [...ownPhones.filter((e) => e && typeof e.value === 'string').map((e) => ({ value: e.value, type: String(e.type ?? '') })), ...phones];
    addDate('Birthday', first(at.birthday));
    addDate('Anniversary', first(at.anniversary));
    const [by, bm, bd] = [first(at.birthYear), first(at.birthMonth), first(at.birthDay)];
    if (MONTHS.test(bm) && MONTHS.test(bd)) addDate('Birthday', `${/^\d{4}$/.test(by) ? by : '--'}-${bm.padStart(2, '0')}-${bd.padStart(2, '0')}`);
    const address =
      first(at.address) ||
      [first(at.street), first(at.city), [first(at.region), first(at.postcode)].filter(Boolean).join(' '), first(at.country)].filter(Boolean).join(', ');
    const raw: RawPerson = {
      name: clientsFile && kindAt >= 0 && cell(kindAt) === 'organisation' ? '' : name,
      organisation: clientsFile && kindAt >= 0 && cell(kindAt) === 'organisation' ? name : organisation,
      role: first(at.role),
      emails,
      phones,
      nameParts,
      notes: at.notes.map((c) => cell(c.index)).filter(Boolean).join('\n\n'),
      address,
      url: first(at.url),
      dates,
    };
    const person = cleanPerson(raw, row.line, warnings);
    if ('reason' in person) {
      errors.push(person);
      continue;
    }
    if (row.cells.length > header.length && row.cells.slice(header.length).some((c) => c.trim())) {
      person.warnings.push(`This row has ${row.cells.length} fields but the header has ${header.length}: the extra ones were left out.`);
    }
    read.push(person);
  }
  return { rows: read, errors, detected, columns: header, sample, mapping: mappingOf(cols), needsMapping: false, notes };
}
