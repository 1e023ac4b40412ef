import { randomUUID } from 'node:crypto';
import type { ParsedInput } from '../../shared/contract';
import type { Contact } from '../../shared/types';
import type { ServiceDeps } from './deps';
import { requireClient } from './clients';

export interface ContactRecord {
  name: string;
  role: string;
  email: string;
  phone: string;
  createdAt: string;
}

const toContact = (id: string, clientId: string, version: number, r: ContactRecord): Contact => ({
  id,
  clientId,
  version,
  name: r.name,
  role: r.role,
  email: r.email,
  phone: r.phone,
});

export async function listContacts(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<Contact[]> {
  const rows = await deps.vault.all<ContactRecord>('contacts', { column: 'client_id', value: clientId });
  return rows
    .map((r) => toContact(r.id, clientId, r.version, r.data))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export async function createContact(deps: ServiceDeps, input: ParsedInput<'contacts.create'>): Promise<Contact> {
  const record: ContactRecord = {
    name: input.name,
    role: input.role ?? '',
    email: input.email ?? '',
    phone: input.phone ?? '',
    createdAt: deps.clock.now().toISOString(),
  };
  const id = randomUUID();
  const version = await deps.vault.write(async (w) => {
    await requireClient(w, input.clientId);
    return w.insert('contacts', id, record, { client_id: input.clientId });
  });
  return toContact(id, input.clientId, version, record);
}
