/**
 * A small dossier written through the API, and a full read-back of everything the API can list,
 * to show that an operation kept every record.
 */
import type { RapportCore } from '../../src/main/core';
import { ok } from './vault';

export interface Seeded {
  clientIds: string[];
  contactIds: string[];
  entryIds: string[];
}

/** Two clients with contacts and timeline entries, and a user name in settings. */
export async function seedRecords(core: RapportCore): Promise<Seeded> {
  const acme = await ok(core, 'clients.create', {
    kind: 'organisation',
    name: 'Acme Holdings',
    industry: 'Logistics',
    tags: ['key', 'north'],
    revenueShare: 12.5,
    notes: 'Prefers calls before noon.',
  });
  const jane = await ok(core, 'clients.create', { kind: 'person', name: 'Jane Doe', stage: 'active' });
  const c1 = await ok(core, 'contacts.create', {
    clientId: acme.id,
    name: 'Ada Lovelace',
    role: 'CFO',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
  });
  const c2 = await ok(core, 'contacts.create', { clientId: acme.id, name: 'Bob Builder' });
  const e1 = await ok(core, 'timeline.add', {
    clientId: acme.id,
    kind: 'meeting',
    occurredAt: '2026-10-01T10:00:00Z',
    summary: 'Quarterly review',
    body: 'Went well.',
    contactIds: [c1.id],
  });
  const e2 = await ok(core, 'timeline.add', {
    clientId: jane.id,
    kind: 'call',
    occurredAt: '2026-10-02T15:30:00+02:00',
    summary: 'Intro call',
  });
  await ok(core, 'settings.update', { userName: 'Sam Consultant' });
  return { clientIds: [acme.id, jane.id], contactIds: [c1.id, c2.id], entryIds: [e1.id, e2.id] };
}

/** Everything the API returns about every client, for deep equality before and after. */
export async function readAll(core: RapportCore) {
  const clients = await ok(core, 'clients.list', {});
  const full = [];
  for (const c of clients) {
    full.push({
      client: await ok(core, 'clients.get', { id: c.id }),
      contacts: await ok(core, 'contacts.list', { clientId: c.id }),
      timeline: await ok(core, 'timeline.list', { clientId: c.id }),
    });
  }
  const settings = await ok(core, 'settings.get', {});
  return { clients, full, settings };
}
