import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import { type Kysely, sql } from 'kysely';
import type { EntryKind, TimelineEntry, TimelinePage } from '../../shared/types';
import type { Database } from '../vault/schema';
import { jsonField } from '../vault/fields';
import { decodeCursor, encodeCursor } from './cursor';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { type ClientRecord, patchClient, requireClient } from './clients';
import { definedOnly, requireChild } from './children';
import { insertFollowUp } from './followups';
import type { UndoEntry } from './snapshot';
import { INTERACTION_KINDS } from '../../shared/interactions';

export interface EntryRecord {
  kind: EntryKind;
  occurredAt: string;
  summary: string;
  body: string;
  contactIds: string[];
  createdAt: string;
}

/** Kinds that count as being in touch with the client: see src/shared/interactions.ts. */
export { INTERACTION_KINDS };

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

const newestFirst = (a: TimelineEntry, b: TimelineEntry) => b.occurredAt.localeCompare(a.occurredAt) || a.id.localeCompare(b.id);

/** A client's timeline, newest first. */
export async function listTimeline(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<TimelineEntry[]> {
  const rows = await deps.vault.all<EntryRecord>('timeline_entries', { column: 'client_id', value: clientId });
  return rows.map((r) => toEntry(r.id, clientId, r.version, r.data)).sort(newestFirst);
}

/** A page of the timeline when the caller does not say how long. */
export const TIMELINE_PAGE = 100;

/**
 * Every client's timeline, or one client's, newest first, filtered by kind, contact and dates: one
 * page of `limit` entries, and the cursor of the next page (null after the last). Filtered, sorted
 * and cut in SQL (indexes timeline_entries_client_time and timeline_entries_time).
 */
export async function queryTimeline(deps: ServiceDeps, q: ParsedInput<'timeline.query'>): Promise<TimelinePage> {
  const limit = q.limit ?? TIMELINE_PAGE;
  const after = q.cursor ? decodeCursor(q.cursor, ['string', 'string']) : null;
  const rows = await deps.vault.read((db) => timelineQuery(db, q, after).limit(limit + 1).execute());
  const entries = rows.slice(0, limit).map((r) => toEntry(r.id, r.client_id, r.version, JSON.parse(r.data) as EntryRecord));
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor([last.occurredAt, last.id]) : null };
}

/** The timeline query without its limit (exported so a test can check its plan). */
export function timelineQuery(db: Kysely<Database>, q: ParsedInput<'timeline.query'>, after: readonly [string, string] | null) {
  const at = jsonField<string>('timeline_entries', 'occurredAt');
  let query = db.selectFrom('timeline_entries').select(['id', 'version', 'client_id', 'data']);
  if (q.clientId) query = query.where('client_id', '=', q.clientId);
  if (q.kinds && q.kinds.length > 0) query = query.where(jsonField('timeline_entries', 'kind'), 'in', q.kinds);
  if (q.from) query = query.where(at, '>=', new Date(q.from).toISOString());
  if (q.to) query = query.where(at, '<=', new Date(q.to).toISOString());
  if (q.contactId) {
    const contactId = q.contactId;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom(sql<{ value: string }>`json_each(timeline_entries.data, '$.contactIds')`.as('c')).select(sql`1`.as('one')).where('c.value', '=', contactId)),
    );
  }
  if (after) {
    const [when, id] = after;
    query = query.where((eb) => eb.or([eb(at, '<', when), eb.and([eb(at, '=', when), eb('id', '>', id)])]));
  }
  return query.orderBy(at, 'desc').orderBy('id', 'asc');
}

/** Sets the client's last contact to its newest interaction (after an edit, a delete or an undo). */
export async function recomputeLastContact(w: Writer, clientId: string): Promise<void> {
  const row = await w.trx
    .selectFrom('timeline_entries')
    .select((eb) => eb.fn.max(jsonField<string>('timeline_entries', 'occurredAt')).as('latest'))
    .where('client_id', '=', clientId)
    .where(jsonField('timeline_entries', 'kind'), 'in', [...INTERACTION_KINDS])
    .executeTakeFirst();
  const latest = row?.latest ?? null;
  const client = await requireClient(w, clientId);
  if (client.data.lastContactAt !== latest) await patchClient(w, clientId, { lastContactAt: latest });
}

async function checkContacts(w: Writer, clientId: string, contactIds: string[]): Promise<void> {
  const own = new Set(await w.ids('contacts', 'client_id', clientId));
  if (contactIds.some((c) => !own.has(c))) throw new RapportError('NOT_FOUND', 'A linked contact does not belong to this client.');
}

/** Moves the client's last contact forward when an interaction is newer. */
async function touchClient(w: Writer, clientId: string, client: ClientRecord, entry: EntryRecord): Promise<void> {
  if (INTERACTION_KINDS.has(entry.kind) && (!client.lastContactAt || client.lastContactAt < entry.occurredAt)) {
    await patchClient(w, clientId, { lastContactAt: entry.occurredAt });
  }
}

/** Inserts an entry inside a transaction (also used by handovers and other services). */
export async function insertEntry(
  w: Writer,
  clientId: string,
  fields: { kind: EntryKind; occurredAt: string; summary: string; body?: string; contactIds?: string[] },
  now: Date,
): Promise<{ id: string; version: number; record: EntryRecord }> {
  const client = await requireClient(w, clientId);
  const record: EntryRecord = {
    kind: fields.kind,
    occurredAt: new Date(fields.occurredAt).toISOString(),
    summary: fields.summary,
    body: fields.body ?? '',
    contactIds: fields.contactIds ?? [],
    createdAt: now.toISOString(),
  };
  await checkContacts(w, clientId, record.contactIds);
  const id = randomUUID();
  const version = await w.insert('timeline_entries', id, record, { client_id: clientId });
  await touchClient(w, clientId, client.data, record);
  return { id, version, record };
}

/** Adds an entry (and its follow-up, if asked) in one transaction; an interaction resets keep-in-touch. */
export async function addEntry(deps: ServiceDeps, input: ParsedInput<'timeline.add'>): Promise<TimelineEntry> {
  const now = deps.clock.now();
  return deps.vault.write(async (w) => {
    const { id, version, record } = await insertEntry(w, input.clientId, input, now);
    if (input.followUp) await insertFollowUp(w, input.clientId, input.followUp, now);
    return toEntry(id, input.clientId, version, record);
  });
}

export async function updateEntry(deps: ServiceDeps, input: ParsedInput<'timeline.update'>): Promise<TimelineEntry> {
  const { id, version: expected, ...patch } = input;
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<EntryRecord>(w, 'timeline_entries', id, 'timeline entry');
    const next: EntryRecord = { ...rec.data, ...definedOnly(patch) };
    next.occurredAt = new Date(next.occurredAt).toISOString();
    await checkContacts(w, clientId, next.contactIds);
    const version = await w.update('timeline_entries', id, next, expected);
    await recomputeLastContact(w, clientId);
    return toEntry(id, clientId, version, next);
  });
}

/** Deletes an entry; returns what undo needs to put it back. */
export async function deleteEntry(deps: ServiceDeps, { id }: { id: string }): Promise<UndoEntry> {
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<EntryRecord>(w, 'timeline_entries', id, 'timeline entry');
    await w.remove('timeline_entries', id);
    await recomputeLastContact(w, clientId);
    return {
      label: `Deleted "${rec.data.summary}"`,
      rows: [{ table: 'timeline_entries', id, data: rec.data, clear: { client_id: clientId } }],
    };
  });
}

/**
 * The newest interaction each of a client's contacts took part in (contact id -> ISO): one
 * aggregate in SQL over the client's interactions, none of them read into JavaScript.
 */
export async function lastContactByContact(deps: ServiceDeps, clientId: string): Promise<Record<string, string>> {
  const rows = await deps.vault.read((db) =>
    db
      .selectFrom(['timeline_entries', sql<{ value: string }>`json_each(timeline_entries.data, '$.contactIds')`.as('c')])
      .select(['c.value as contact_id', (eb) => eb.fn.max(jsonField<string>('timeline_entries', 'occurredAt')).as('latest')])
      .where('timeline_entries.client_id', '=', clientId)
      .where(jsonField('timeline_entries', 'kind'), 'in', [...INTERACTION_KINDS])
      .groupBy('c.value')
      .execute(),
  );
  return Object.fromEntries(rows.map((r) => [r.contact_id, r.latest]));
}

/**
 * The user says an exported letter was sent: it becomes a 'letter-sent' interaction (dated when
 * it was sent, now unless told), which counts as contact from then on.
 */
export async function markLetterSent(deps: ServiceDeps, input: ParsedInput<'timeline.markSent'>): Promise<TimelineEntry> {
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<EntryRecord>(w, 'timeline_entries', input.id, 'timeline entry');
    if (rec.data.kind !== 'letter') {
      throw new RapportError('INVALID_INPUT', rec.data.kind === 'letter-sent' ? 'This letter is already marked sent.' : 'Only a letter can be marked sent.');
    }
    const next: EntryRecord = { ...rec.data, kind: 'letter-sent', occurredAt: new Date(input.sentAt ?? deps.clock.now()).toISOString() };
    const version = await w.update('timeline_entries', input.id, next, input.version);
    await recomputeLastContact(w, clientId);
    return toEntry(input.id, clientId, version, next);
  });
}
