import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type { EntryKind, TimelineEntry } from '../../shared/types';
import type { ServiceDeps } from './deps';
import { type ClientRecord, requireClient } from './clients';

export interface EntryRecord {
  kind: EntryKind;
  occurredAt: string;
  summary: string;
  body: string;
  contactIds: string[];
  createdAt: string;
}

const toEntry = (id: string, clientId: string, version: number, r: EntryRecord): TimelineEntry => ({
  id,
  clientId,
  version,
  kind: r.kind,
  occurredAt: r.occurredAt,
  summary: r.summary,
  body: r.body,
  contactIds: r.contactIds,
});

/** A client's timeline, newest first. */
export async function listTimeline(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<TimelineEntry[]> {
  const rows = await deps.vault.all<EntryRecord>('timeline_entries', { column: 'client_id', value: clientId });
  return rows
    .map((r) => toEntry(r.id, clientId, r.version, r.data))
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/** Adds an entry; the client's last contact moves forward in the same transaction. */
export async function addEntry(deps: ServiceDeps, input: ParsedInput<'timeline.add'>): Promise<TimelineEntry> {
  const occurredAt = new Date(input.occurredAt).toISOString();
  const record: EntryRecord = {
    kind: input.kind,
    occurredAt,
    summary: input.summary,
    body: input.body ?? '',
    contactIds: input.contactIds ?? [],
    createdAt: deps.clock.now().toISOString(),
  };
  const id = randomUUID();
  const version = await deps.vault.write(async (w) => {
    const client = await requireClient(w, input.clientId);
    const contactIds = new Set(await w.ids('contacts', 'client_id', input.clientId));
    const stranger = record.contactIds.find((c) => !contactIds.has(c));
    if (stranger) throw new RapportError('NOT_FOUND', 'A linked contact does not belong to this client.');
    const v = await w.insert('timeline_entries', id, record, { client_id: input.clientId });
    if (!client.data.lastContactAt || client.data.lastContactAt < occurredAt) {
      const next: ClientRecord = { ...client.data, lastContactAt: occurredAt };
      await w.update('clients', input.clientId, next);
    }
    return v;
  });
  return toEntry(id, input.clientId, version, record);
}
