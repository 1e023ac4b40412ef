/**
 * Contacts as vCard 4.0 (RFC 6350): one card per contact, and one per client that has no contact.
 * N is the stored name in parts when there is one (from an import), else a guess; every email and
 * phone is written with its types, the primary first and marked PREF=1.
 */
import { fittingParts } from '../../../shared/names';
import type { NameParts, TypedValue } from '../../../shared/types';
import type { ClientRecord } from '../clients';
import type { ContactRecord } from '../contacts';
import { contentLines, escapeText } from './textLines';

export interface CardSource {
  uid: string;
  name: string;
  /** For a person: the organisation they work for (their client), or ''. */
  organisation: string;
  role: string;
  email: string;
  phone: string;
  kind: 'individual' | 'org';
  /** The name in parts, when it is known and still fits the name. */
  nameParts?: NameParts | null;
  /** Every email and phone with its types; the primary (email, phone) is written first either way. */
  emails?: TypedValue[];
  phones?: TypedValue[];
  notes?: string;
  url?: string;
}

/** The list with the primary value first; just the primary when there is no list. */
function primaryFirst(primary: string, list: TypedValue[] | undefined): TypedValue[] {
  const all = Array.isArray(list) ? list.filter((v) => v && typeof v.value === 'string' && v.value.trim()) : [];
  const at = all.findIndex((v) => v.value === primary);
  if (at > 0) return [all[at], ...all.slice(0, at), ...all.slice(at + 1)];
  if (at < 0 && primary) return [{ value: primary, type: '' }, ...all];
  return all;
}

/** A parameter value (RFC 6868 caret encoding), quoted unless it is a plain token. */
function paramValue(v: string): string {
  if (/^[A-Za-z0-9-]+$/.test(v)) return v;
  return `"${v.replace(/\^/g, '^^').replace(/"/g, "^'").replace(/\r\n|\r|\n/g, '^n')}"`;
}

/** ";TYPE=work,cell" (and ";PREF=1" for the primary of several). */
function params(v: TypedValue, primary: boolean): string {
  const types = (v.type ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t && t !== 'pref');
  return (types.length ? `;TYPE=${types.map(paramValue).join(',')}` : '') + (primary ? ';PREF=1' : '');
}

/** Family name last, given names first: a guess good enough for N (FN carries the name as written). */
function splitName(name: string): [family: string, given: string] {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return [name.trim(), ''];
  return [words[words.length - 1], words.slice(0, -1).join(' ')];
}

/** A single TEXT value: semicolons stay as they are (RFC 6350 section 3.4). */
const text = (v: string) => escapeText(v, false);

export function vcardOf(c: CardSource): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', 'PRODID:-//Rapport//Rapport//EN', `UID:urn:uuid:${c.uid}`, `KIND:${c.kind}`, `FN:${text(c.name)}`];
  if (c.kind === 'individual') {
    const parts = fittingParts(c.name, c.nameParts);
    if (parts) lines.push(`N:${[parts.family, parts.given, parts.additional, parts.prefix, parts.suffix].map((p) => escapeText(p ?? '')).join(';')}`);
    else {
      const [family, given] = splitName(c.name);
      lines.push(`N:${escapeText(family)};${escapeText(given)};;;`);
    }
  }
  if (c.organisation) lines.push(`ORG:${escapeText(c.organisation)}`);
  if (c.role) lines.push(`TITLE:${text(c.role)}`);
  const emails = primaryFirst(c.email, c.emails);
  emails.forEach((e, i) => lines.push(`EMAIL${params(e, i === 0 && emails.length > 1)}:${text(e.value)}`));
  const phones = primaryFirst(c.phone, c.phones);
  phones.forEach((p, i) => lines.push(`TEL;VALUE=text${params(p, i === 0 && phones.length > 1)}:${text(p.value)}`));
  if (c.url) lines.push(`URL:${text(c.url)}`);
  if (c.notes) lines.push(`NOTE:${text(c.notes)}`);
  lines.push('END:VCARD');
  return contentLines(lines);
}

/** Every contact, and every client without contacts, as one vCard 4.0 file. */
export function contactsAsVcards(
  clients: { id: string; data: ClientRecord }[],
  contacts: { id: string; clientId: string; data: ContactRecord }[],
): string {
  const byId = new Map(clients.map((c) => [c.id, c.data]));
  const withContacts = new Set(contacts.map((c) => c.clientId));
  const cards: string[] = [];
  for (const c of contacts) {
    const client = byId.get(c.clientId);
    cards.push(
      vcardOf({
        uid: c.id,
        name: c.data.name,
        organisation: client?.kind === 'organisation' ? client.name : '',
        role: c.data.role,
        email: c.data.email,
        phone: c.data.phone,
        kind: 'individual',
        nameParts: c.data.nameParts,
        emails: c.data.emails,
        phones: c.data.phones,
        notes: c.data.notes,
        url: c.data.url,
      }),
    );
  }
  for (const c of clients) {
    if (withContacts.has(c.id)) continue;
    const org = c.data.kind === 'organisation';
    const nameParts = org ? null : (c.data as ClientRecord & { nameParts?: NameParts | null }).nameParts;
    cards.push(vcardOf({ uid: c.id, name: c.data.name, organisation: org ? c.data.name : '', role: '', email: '', phone: '', kind: org ? 'org' : 'individual', nameParts }));
  }
  return cards.join('');
}
