/** Contacts as vCard 4.0 (RFC 6350): one card per contact, and one per client that has no contact. */
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
    const [family, given] = splitName(c.name);
    lines.push(`N:${escapeText(family)};${escapeText(given)};;;`);
  }
  if (c.organisation) lines.push(`ORG:${escapeText(c.organisation)}`);
  if (c.role) lines.push(`TITLE:${text(c.role)}`);
  if (c.email) lines.push(`EMAIL:${text(c.email)}`);
  if (c.phone) lines.push(`TEL;VALUE=text:${text(c.phone)}`);
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
      }),
    );
  }
  for (const c of clients) {
    if (withContacts.has(c.id)) continue;
    const org = c.data.kind === 'organisation';
    cards.push(vcardOf({ uid: c.id, name: c.data.name, organisation: org ? c.data.name : '', role: '', email: '', phone: '', kind: org ? 'org' : 'individual' }));
  }
  return cards.join('');
}
