/** People read from a file, cleaned and checked before anything is planned or written. */
import { z } from 'zod';
import type { ImportDate, ImportMapping, ImportPerson, ImportRowError, NameParts, TypedValue } from '../../../shared/types';
import { type VcardCard, type VcardProperty, structured, unescapeText } from './vcard';

/** One readable row of a file. */
export interface ReadRow {
  line: number;
  person: ImportPerson;
  warnings: string[];
}

/** What a reader made of a file. */
export interface ReadResult {
  rows: ReadRow[];
  errors: ImportRowError[];
  detected: string;
  columns: string[];
  sample: string[][];
  mapping: ImportMapping | null;
  needsMapping: boolean;
  notes: string[];
}

export const MAX_NAME = 200;
const MAX_PHONE = 50;
const MAX_EMAIL = 320;
const emailSchema = z.email();

/** Control characters and runs of whitespace become one space; trimmed. */
function tidy(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** A person as a reader found it, before cleaning. */
export interface RawPerson {
  name: string;
  organisation: string;
  role: string;
  /** In the file's order; a value may hold several (Google's "a ::: b"). Types lower case; 'pref' marks the preferred one. */
  emails: TypedValue[];
  phones: TypedValue[];
  nameParts?: NameParts | null;
  notes?: string;
  address?: string;
  url?: string;
  dates?: ImportDate[];
}

const MAX_NOTES = 20_000;
const MAX_LIST = 20;

/** How good a phone is as the primary one for a professional's contact: preferred, then work, then mobile, then the rest; pager and fax last. */
function phoneRank(type: string): number {
  const t = type.toLowerCase();
  if (/fax|pager|beeper|tty|modem|bbs|isdn/.test(t)) return 9;
  if (/\bpref\b/.test(t)) return 0;
  if (/work|business|office|company|main|primary/.test(t)) return 1;
  if (/cell|mobile|mobil|iphone|handy|portable|gsm/.test(t)) return 2;
  return 3;
}

function emailRank(type: string): number {
  return /\bpref\b/.test(type.toLowerCase()) ? 0 : 1;
}

/** Sorted by rank, stable; 'pref' dropped from the types once it has done its work. */
function primaryFirst(list: TypedValue[], rank: (t: string) => number): TypedValue[] {
  return list
    .map((v, i) => ({ v, i, r: rank(v.type) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ v }) => ({ value: v.value, type: v.type.split(/\s*,\s*/).filter((t) => t && t !== 'pref').join(',') }));
}

const emptyParts = (n: NameParts) => !Object.values(n).some((v) => v.trim());

export function joinName(n: NameParts): string {
  return [n.prefix, n.given, n.additional, n.family, n.suffix].map(tidy).filter(Boolean).join(' ');
}

/** Cleans one person; a row that cannot be imported is an error with its reason. */
export function cleanPerson(raw: RawPerson, line: number, earlierWarnings: string[] = []): ReadRow | ImportRowError {
  const warnings = [...earlierWarnings];
  let name = tidy(raw.name);
  const organisation = tidy(raw.organisation);
  let role = tidy(raw.role);
  let nameParts = raw.nameParts ? (Object.fromEntries(Object.entries(raw.nameParts).map(([k, v]) => [k, tidy(v)])) as unknown as NameParts) : null;
  if (nameParts && (emptyParts(nameParts) || Object.values(nameParts).some((v) => v.length > MAX_NAME))) nameParts = null;
  if (!name && nameParts) name = joinName(nameParts);

  const emails: TypedValue[] = [];
  const seenEmail = new Set<string>();
  for (const e of raw.emails) {
    for (const part of tidy(e.value).split(/\s*:::\s*|[,;\s]+/)) {
      const value = part.replace(/^mailto:/i, '').trim();
      if (!value) continue;
      if (value.length > MAX_EMAIL || !emailSchema.safeParse(value).success) {
        warnings.push(`"${clip(value)}" is not an email address and was left out.`);
        continue;
      }
      if (seenEmail.has(value.toLowerCase()) || emails.length >= MAX_LIST) continue;
      seenEmail.add(value.toLowerCase());
      emails.push({ value, type: tidy(e.type).toLowerCase() });
    }
  }
  const phones: TypedValue[] = [];
  const seenPhone = new Set<string>();
  for (const t of raw.phones) {
    for (const part of tidy(t.value).split(/\s*:::\s*/)) {
      const value = part.replace(/^tel:/i, '').replace(/;ext=/i, ' ext. ').trim();
      if (!value) continue;
      if (value.length > MAX_PHONE) {
        warnings.push(`The phone number was longer than ${MAX_PHONE} characters and was left out.`);
        continue;
      }
      if (seenPhone.has(value) || phones.length >= MAX_LIST) continue;
      seenPhone.add(value);
      phones.push({ value, type: tidy(t.type).toLowerCase() });
    }
  }
  const sortedEmails = primaryFirst(emails, emailRank);
  const sortedPhones = primaryFirst(phones, phoneRank);
  const email = sortedEmails[0]?.value ?? '';
  const phone = sortedPhones[0]?.value ?? '';

  if (name.length > MAX_NAME) return { line, reason: `The name is longer than ${MAX_NAME} characters.` };
  if (organisation.length > MAX_NAME) return { line, reason: `The organisation name is longer than ${MAX_NAME} characters.` };
  if (role.length > MAX_NAME) {
    warnings.push(`The job title was longer than ${MAX_NAME} characters and was left out.`);
    role = '';
  }
  if (!name && !organisation) {
    if (email) {
      name = email;
      warnings.push('No name: the email address is used as the name.');
    } else if (phone) {
      name = phone;
      warnings.push('No name: the phone number is used as the name.');
    } else {
      const why = earlierWarnings.length ? ` ${earlierWarnings.join(' ')}` : '';
      return { line, reason: `No name, organisation, email address or phone number: nothing to import.${why}` };
    }
  }
  let notes = (raw.notes ?? '').replace(/\r\n?/g, '\n').trim();
  if (notes.length > MAX_NOTES) {
    warnings.push(`The note was longer than ${MAX_NOTES} characters and was cut.`);
    notes = notes.slice(0, MAX_NOTES);
  }
  const address = (raw.address ?? '').trim().slice(0, 2000);
  const url = tidy(raw.url ?? '').slice(0, 2000);
  return {
    line,
    person: { name, email, phone, role, organisation, nameParts, emails: sortedEmails, phones: sortedPhones, notes, address, url, dates: raw.dates ?? [] },
    warnings,
  };
}

/** The types of a property (TYPE parameters, 2.1 bare parameters, or an Apple X-ABLabel of its group), lower case, without noise. */
function typesOf(card: VcardCard, p: VcardProperty): string {
  const types = (p.params.get('TYPE') ?? []).map((t) => t.toLowerCase()).filter((t) => !['internet', 'voice', 'x400', 'text'].includes(t));
  if (p.params.has('PREF') || p.params.get('TYPE')?.some((t) => t.toLowerCase() === 'pref')) {
    if (!types.includes('pref')) types.push('pref');
  }
  if (p.group) {
    const label = card.props.find((q) => q.group === p.group && q.name === 'X-ABLABEL');
    if (label) types.push(appleLabel(label.raw));
  }
  return [...new Set(types)].join(',');
}

/** "_$!<Mobile>!$_" → "mobile"; a custom label as written. */
function appleLabel(raw: string): string {
  const m = /^_\$!<(.*)>!\$_$/.exec(raw.trim());
  return unescapeText(m ? m[1] : raw.trim()).toLowerCase();
}

/** A vCard date (1985-04-12, 19850412, --0412, --04-12, 1985-04-12T10:00:00Z) as YYYY-MM-DD; no year becomes 1604. */
export function vcardDate(raw: string): string | null {
  const v = raw.trim();
  const m = /^(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(v);
  if (!m) return null;
  const year = m[1] === '--' ? '1604' : m[1];
  const iso = `${year}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

const DATE_PROPS: Record<string, string> = {
  BDAY: 'Birthday',
  ANNIVERSARY: 'Anniversary',
  'X-ANNIVERSARY': 'Anniversary',
  'X-MS-ANNIVERSARY': 'Anniversary',
  'X-EVOLUTION-ANNIVERSARY': 'Anniversary',
};

function addressOf(raw: string): string {
  const [pobox = '', ext = '', street = '', locality = '', region = '', code = '', country = ''] = structured(raw).map((x) => x.trim());
  return [pobox, ext, street, locality, [region, code].filter(Boolean).join(' '), country].filter(Boolean).join(', ').replace(/\s*\n\s*/g, ', ');
}

/** A person from a vCard. */
export function personFromCard(card: VcardCard): ReadRow | ImportRowError {
  const warnings = [...card.warnings];
  const all = (name: string) => card.props.filter((p) => p.name === name && p.raw.trim() !== '');
  const text = (name: string) => {
    const props = all(name);
    const p = props.find((q) => typesOf(card, q).includes('pref')) ?? props[0];
    return p ? unescapeText(p.raw) : '';
  };
  if (card.props.some((p) => p.name === 'KIND' && p.raw.trim().toLowerCase() === 'group')) {
    return { line: card.line, reason: 'This card is a contact group (KIND:group), not a person or an organisation: it was left out.' };
  }
  const isCompany = card.props.some(
    (p) => (p.name === 'X-ABSHOWAS' && p.raw.trim().toUpperCase() === 'COMPANY') || (p.name === 'KIND' && p.raw.trim().toLowerCase() === 'org'),
  );
  const orgProp = all('ORG')[0];
  const organisation = orgProp ? (structured(orgProp.raw)[0] ?? '') : '';
  const nProp = all('N')[0];
  let nameParts: NameParts | null = null;
  if (nProp) {
    const [family = '', given = '', additional = '', prefix = '', suffix = ''] = structured(nProp.raw).map((x) => x.replace(/,/g, ' '));
    nameParts = { prefix, given, additional, family, suffix };
    if (emptyParts(nameParts)) nameParts = null;
  }
  let name = '';
  if (isCompany) {
    // A company card may still name a person (Apple: X-ABShowAs:COMPANY with N): keep them as its contact.
    name = nameParts ? joinName(nameParts) : '';
  } else {
    name = text('FN');
    if (!tidy(name) && nameParts) name = joinName(nameParts);
    if (!tidy(name)) name = text('NICKNAME');
    // Some writers put the company in FN of a card with no person.
    if (organisation && tidy(name) === tidy(organisation) && !nameParts) name = '';
  }
  if (organisation && tidy(name) === tidy(organisation)) nameParts = null;
  const emails = all('EMAIL').map((p) => ({ value: unescapeText(p.raw), type: typesOf(card, p) }));
  const phones = all('TEL').map((p) => ({ value: unescapeText(p.raw), type: typesOf(card, p) }));
  const roles = [...new Set([text('TITLE'), text('ROLE')].map(tidy).filter(Boolean))];
  const notes = all('NOTE').map((p) => unescapeText(p.raw).trim()).filter(Boolean).join('\n\n');
  const address = all('ADR').map((p) => addressOf(p.raw)).filter(Boolean).join('\n');
  const url = [...new Set(all('URL').map((p) => unescapeText(p.raw).trim()))].join(' ');
  const dates: ImportDate[] = [];
  for (const p of card.props) {
    let label = DATE_PROPS[p.name];
    if (!label && p.name === 'X-ABDATE') {
      const l = p.group ? card.props.find((q) => q.group === p.group && q.name === 'X-ABLABEL') : undefined;
      const said = l ? appleLabel(l.raw) : '';
      label = said ? said[0].toUpperCase() + said.slice(1) : 'Date';
    }
    if (!label || !p.raw.trim()) continue;
    const date = vcardDate(p.raw);
    if (!date) warnings.push(`${p.name} "${clip(p.raw)}" is not a date Rapport can read and was left out.`);
    else if (!dates.some((d) => d.label === label && d.date === date)) dates.push({ label, date, recurrence: 'yearly' });
  }
  return cleanPerson({ name, organisation, role: roles.join(', '), emails, phones, nameParts, notes, address, url, dates }, card.line, warnings);
}
