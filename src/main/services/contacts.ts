import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type { Contact, NameParts, PreferredChannel, TypedValue } from '../../shared/types';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { sortName } from '../../shared/names';
import { byName, requireClient } from './clients';
import { definedOnly, requireChild } from './children';

export interface ContactRecord {
  name: string;
  role: string;
  email: string;
  phone: string;
  preferredChannel?: PreferredChannel;
  preferredTime?: string;
  createdAt: string;
  /** Kept from an import (vCard N, CSV name columns): the name in parts, for sorting, salutations and export. */
  nameParts?: NameParts | null;
  /** Every email and phone from an import, the primary first (email and phone hold the primary). */
  emails?: TypedValue[];
  phones?: TypedValue[];
  notes?: string;
  address?: string;
  url?: string;
}

export const toContact = (id: string, clientId: string, version: number, r: ContactRecord): Contact => ({
  id,
  clientId,
  version,
  name: r.name,
  role: r.role,
  email: r.email,
  phone: r.phone,
  preferredChannel: r.preferredChannel ?? 'any',
  preferredTime: r.preferredTime ?? '',
});

export async function listContacts(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<Contact[]> {
  const rows = await deps.vault.all<ContactRecord>('contacts', { column: 'client_id', value: clientId });
  // By name, the courtesy title aside, and from the name's parts when an import kept them.
  return rows
    .map((r) => ({ contact: toContact(r.id, clientId, r.version, r.data), key: sortName(r.data.name, r.data.nameParts) }))
    .sort((a, b) => byName(a.key, b.key) || byName(a.contact.name, b.contact.name))
    .map((r) => r.contact);
}

/** Throws NOT_FOUND unless the contact exists and belongs to the client. */
export async function requireContactOf(w: Writer, clientId: string, contactId: string) {
  const ids = await w.ids('contacts', 'client_id', clientId);
  if (!ids.includes(contactId)) throw new RapportError('NOT_FOUND', 'That contact does not belong to this client.');
}

export async function createContact(deps: ServiceDeps, input: ParsedInput<'contacts.create'>): Promise<Contact> {
  const record: ContactRecord = {
    name: input.name,
    role: input.role ?? '',
    email: input.email ?? '',
    phone: input.phone ?? '',
    preferredChannel: input.preferredChannel ?? 'any',
    preferredTime: input.preferredTime ?? '',
    createdAt: deps.clock.now().toISOString(),
  };
  const id = randomUUID();
  const version = await deps.vault.write(async (w) => {
    await requireClient(w, input.clientId);
    return w.insert('contacts', id, record, { client_id: input.clientId });
  });
  return toContact(id, input.clientId, version, record);
}

export async function updateContact(deps: ServiceDeps, input: ParsedInput<'contacts.update'>): Promise<Contact> {
  const { id, version: expected, ...patch } = input;
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<ContactRecord>(w, 'contacts', id, 'contact');
    const next: ContactRecord = { ...rec.data, ...definedOnly(patch) };
    const version = await w.update('contacts', id, next, expected);
    return toContact(id, clientId, version, next);
  });
}

/**
 * Deletes a contact and the personal facts and dates about them, and unlinks them from timeline
 * entries, in one transaction.
 */
export async function deleteContact(deps: ServiceDeps, { id }: { id: string }): Promise<null> {
  await deps.vault.write(async (w) => {
    const { clientId } = await requireChild(w, 'contacts', id, 'contact');
    for (const table of ['facts', 'important_dates'] as const) {
      for (const r of await w.all<{ contactId: string | null }>(table, { column: 'client_id', value: clientId })) {
        if (r.data.contactId === id) await w.remove(table, r.id);
      }
    }
    for (const e of await w.all<{ contactIds: string[] }>('timeline_entries', { column: 'client_id', value: clientId })) {
      if (e.data.contactIds.includes(id)) {
        await w.update('timeline_entries', e.id, { ...e.data, contactIds: e.data.contactIds.filter((c) => c !== id) });
      }
    }
    await w.remove('contacts', id);
  });
  return null;
}
