import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type { Client, ClientSummary, ClientKind, LifecycleStage } from '../../shared/types';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';

/** What the `data` ciphertext of a client row holds. */
export interface ClientRecord {
  kind: ClientKind;
  name: string;
  stage: LifecycleStage;
  industry: string;
  owner: string;
  tags: string[];
  revenueShare: number | null;
  notes: string;
  lastContactAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toClient(id: string, version: number, r: ClientRecord, contactCount: number): Client {
  return {
    id,
    version,
    kind: r.kind,
    name: r.name,
    stage: r.stage,
    industry: r.industry,
    owner: r.owner,
    tags: r.tags,
    revenueShare: r.revenueShare,
    notes: r.notes,
    lastContactAt: r.lastContactAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    contactCount,
  };
}

async function contactCounts({ vault }: ServiceDeps): Promise<Map<string, number>> {
  const rows = await vault.countBy('contacts', 'client_id');
  return new Map(rows.map((r) => [r.key, r.count]));
}

export async function listClients(deps: ServiceDeps): Promise<ClientSummary[]> {
  const [records, counts] = await Promise.all([deps.vault.all<ClientRecord>('clients'), contactCounts(deps)]);
  return records
    .map((rec) => {
      const { notes: _notes, createdAt: _c, updatedAt: _u, ...summary } = toClient(rec.id, rec.version, rec.data, counts.get(rec.id) ?? 0);
      return summary;
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export async function getClient(deps: ServiceDeps, { id }: { id: string }): Promise<Client> {
  const rec = await deps.vault.get<ClientRecord>('clients', id);
  if (!rec) throw new RapportError('NOT_FOUND', 'That client does not exist (it may have been deleted).');
  const count = (await deps.vault.ids('contacts', 'client_id', id)).length;
  return toClient(rec.id, rec.version, rec.data, count);
}

export async function createClient(deps: ServiceDeps, input: ParsedInput<'clients.create'>): Promise<Client> {
  const now = deps.clock.now().toISOString();
  const record: ClientRecord = {
    kind: input.kind,
    name: input.name,
    stage: input.stage ?? 'prospect',
    industry: input.industry ?? '',
    owner: input.owner ?? '',
    tags: input.tags ?? [],
    revenueShare: input.revenueShare ?? null,
    notes: input.notes ?? '',
    lastContactAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const id = randomUUID();
  const version = await deps.vault.write((w) => w.insert('clients', id, record));
  return toClient(id, version, record, 0);
}

export async function updateClient(deps: ServiceDeps, input: ParsedInput<'clients.update'>): Promise<Client> {
  const { id, version: expected, ...patch } = input;
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  await deps.vault.write(async (w) => {
    const rec = await requireClient(w, id);
    const next: ClientRecord = { ...rec.data, ...defined, updatedAt: deps.clock.now().toISOString() };
    await w.update('clients', id, next, expected);
  });
  return getClient(deps, { id });
}

/** Deletes a client with its contacts and timeline, in one transaction. */
export async function deleteClient(deps: ServiceDeps, { id }: { id: string }): Promise<null> {
  await deps.vault.write(async (w) => {
    await requireClient(w, id);
    for (const table of ['timeline_entries', 'contacts'] as const) {
      for (const childId of await w.ids(table, 'client_id', id)) await w.remove(table, childId);
    }
    await w.remove('clients', id);
  });
  return null;
}

export async function requireClient(w: Writer, id: string) {
  const rec = await w.get<ClientRecord>('clients', id);
  if (!rec) throw new RapportError('NOT_FOUND', 'That client does not exist (it may have been deleted).');
  return rec;
}
