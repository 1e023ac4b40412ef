/** People read from a file, cleaned and checked before anything is planned or written. */
import { z } from 'zod';
import type { ImportMapping, ImportPerson, ImportRowError } from '../../../shared/types';
import { type VcardCard, preferred, structured, unescapeText } from './vcard';

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

/** The first of several values in one field (Google writes "a ::: b"; others use commas or semicolons). */
function firstOf(s: string, separators: RegExp): string {
  return s.split(separators).map((v) => v.trim()).find(Boolean) ?? '';
}

const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Cleans one person; a row that cannot be imported is an error with its reason. */
export function cleanPerson(
  raw: { name: string; email: string; phone: string; role: string; organisation: string },
  line: number,
): ReadRow | ImportRowError {
  const warnings: string[] = [];
  let name = tidy(raw.name);
  const organisation = tidy(raw.organisation);
  let role = tidy(raw.role);
  let email = firstOf(tidy(raw.email), /\s*:::\s*|[,;\s]+/).replace(/^mailto:/i, '');
  let phone = firstOf(tidy(raw.phone), /\s*:::\s*/)
    .replace(/^tel:/i, '')
    .replace(/;ext=/i, ' ext. ');

  if (name.length > MAX_NAME) return { line, reason: `The name is longer than ${MAX_NAME} characters.` };
  if (organisation.length > MAX_NAME) return { line, reason: `The organisation name is longer than ${MAX_NAME} characters.` };
  if (role.length > MAX_NAME) {
    warnings.push(`The job title was longer than ${MAX_NAME} characters and was left out.`);
    role = '';
  }
  if (email && (email.length > MAX_EMAIL || !emailSchema.safeParse(email).success)) {
    warnings.push(`"${clip(email)}" is not an email address and was left out.`);
    email = '';
  }
  if (phone.length > MAX_PHONE) {
    warnings.push(`The phone number was longer than ${MAX_PHONE} characters and was left out.`);
    phone = '';
  }
  if (!name && !organisation) {
    if (!email) return { line, reason: 'No name, organisation or email address: nothing to import.' };
    name = email;
    warnings.push('No name: the email address is used as the name.');
  }
  return { line, person: { name, email, phone, role, organisation }, warnings };
}

/** A person from a vCard. */
export function personFromCard(card: VcardCard): ReadRow | ImportRowError {
  const text = (name: string) => {
    const p = preferred(card, name);
    return p ? unescapeText(p.raw) : '';
  };
  const isCompany = card.props.some(
    (p) => (p.name === 'X-ABSHOWAS' && p.raw.trim().toUpperCase() === 'COMPANY') || (p.name === 'KIND' && p.raw.trim().toLowerCase() === 'org'),
  );
  const orgProp = preferred(card, 'ORG');
  const organisation = orgProp ? structured(orgProp.raw)[0] ?? '' : '';
  let name = '';
  if (!isCompany) {
    name = text('FN');
    const nProp = preferred(card, 'N');
    if (!tidy(name) && nProp) {
      const [family = '', given = '', additional = '', prefix = '', suffix = ''] = structured(nProp.raw);
      name = [prefix, given, additional, family, suffix].map(tidy).filter(Boolean).join(' ');
    }
    if (!tidy(name)) name = text('NICKNAME');
    // Some writers put the company in FN of a card with no person.
    if (organisation && tidy(name) === tidy(organisation) && !preferred(card, 'N')?.raw.replace(/;/g, '').trim()) name = '';
  }
  const email = text('EMAIL');
  const tel = preferred(card, 'TEL', (p) => {
    const types = (p.params.get('TYPE') ?? []).map((t) => t.toLowerCase());
    return types.includes('work') ? 3 : types.includes('cell') || types.includes('mobile') ? 2 : types.includes('fax') ? 0 : 1;
  });
  const phone = tel ? unescapeText(tel.raw) : '';
  const role = text('TITLE') || text('ROLE');
  return cleanPerson({ name, email, phone, role, organisation }, card.line);
}
