import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import { type Kysely, sql } from 'kysely';
import type { FollowUp, FollowUpPage, FollowUpStatus } from '../../shared/types';
import type { Database } from '../vault/schema';
import { jsonField } from '../vault/fields';
import { decodeCursor, encodeCursor } from './cursor';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { requireClient } from './clients';
import { requireChild } from './children';
import { addDaysIso, todayIso } from './dates';

export interface FollowUpRecord {
  reason: string;
  dueOn: string;
  repeatDays: number | null;
  status: FollowUpStatus;
  snoozedFrom: string | null;
  createdAt: string;
  closedAt: string | null;
}

const toFollowUp = (id: string, clientId: string, clientName: string, version: number, r: FollowUpRecord): FollowUp => ({
  id,
  clientId,
  clientName,
  version,
  reason: r.reason,
  dueOn: r.dueOn,
  repeatDays: r.repeatDays,
  status: r.status,
  snoozedFrom: r.snoozedFrom,
});

/** Adds a follow-up inside a transaction (also used by handovers and timeline entries). */
export async function insertFollowUp(
  w: Writer,
  clientId: string,
  fields: { reason: string; dueOn: string; repeatDays?: number | null },
  now: Date,
): Promise<{ id: string; version: number; record: FollowUpRecord }> {
  const record: FollowUpRecord = {
    reason: fields.reason,
    dueOn: fields.dueOn,
    repeatDays: fields.repeatDays ?? null,
    status: 'open',
    snoozedFrom: null,
    createdAt: now.toISOString(),
    closedAt: null,
  };
  const id = randomUUID();
  const version = await w.insert('follow_ups', id, record, { client_id: clientId });
  return { id, version, record };
}

export async function createFollowUp(deps: ServiceDeps, input: ParsedInput<'followUps.create'>): Promise<FollowUp> {
  return deps.vault.write(async (w) => {
    const client = await requireClient(w, input.clientId);
    const { id, version, record } = await insertFollowUp(w, input.clientId, input, deps.clock.now());
    return toFollowUp(id, input.clientId, client.data.name, version, record);
  });
}

/** A page of follow-ups when the caller does not say how long. */
export const FOLLOW_UP_PAGE = 100;

type FollowUpFilter = { clientId?: string; status?: FollowUpStatus | 'all'; dueBy?: string; dueAfter?: string };
type FollowUpKey = readonly [dueOn: string, clientName: string, id: string];

/**
 * Follow-ups with their client's name, soonest first (then by client name), filtered in SQL: open
 * ones by default, of one client or of all, due by or after a day (index follow_ups_status_due). Exported so
 * a test can check its plan.
 */
export function followUpQuery(db: Kysely<Database>, filter: FollowUpFilter, after: FollowUpKey | null = null) {
  let q = db
    .selectFrom('follow_ups as f')
    .innerJoin('clients as c', 'c.id', 'f.client_id')
    .select(['f.id', 'f.version', 'f.client_id', 'f.data', jsonField<string | null>('c', 'name').as('client_name')]);
  const dueOn = jsonField<string>('f', 'dueOn');
  const clientName = jsonField<string>('c', 'name');
  if (filter.clientId) q = q.where('f.client_id', '=', filter.clientId);
  const status = filter.status ?? 'open';
  if (status !== 'all') q = q.where(jsonField('f', 'status'), '=', status);
  if (filter.dueBy) q = q.where(dueOn, '<=', filter.dueBy);
  if (filter.dueAfter) q = q.where(dueOn, '>', filter.dueAfter);
  if (after) q = q.where(sql`(${dueOn}, ${clientName}, f.id)`, '>', sql`(${after[0]}, ${after[1]}, ${after[2]})`);
  return q.orderBy(dueOn).orderBy(clientName).orderBy('f.id');
}

type FollowUpRow = { id: string; version: number; client_id: string; data: string; client_name: string | null };
const rowToFollowUp = (r: FollowUpRow) => toFollowUp(r.id, r.client_id, r.client_name ?? '', r.version, JSON.parse(r.data) as FollowUpRecord);

/** Every follow-up that matches, soonest first (for a dossier: one client's). */
export async function listFollowUps(deps: ServiceDeps, filter: FollowUpFilter): Promise<FollowUp[]> {
  return (await deps.vault.read((db) => followUpQuery(db, filter).execute())).map(rowToFollowUp);
}

/** One page of follow-ups, and the cursor of the next page (null after the last). */
export async function pageFollowUps(deps: ServiceDeps, input: ParsedInput<'followUps.list'>): Promise<FollowUpPage> {
  const limit = input.limit ?? FOLLOW_UP_PAGE;
  const after = input.cursor ? decodeCursor(input.cursor, ['string', 'string', 'string']) : null;
  const rows = await deps.vault.read((db) => followUpQuery(db, input, after).limit(limit + 1).execute());
  const items = rows.slice(0, limit).map(rowToFollowUp);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.dueOn, last.clientName, last.id]) : null };
}

/** Open follow-ups due today or earlier, and how many of them are overdue. */
export async function followUpsToday(deps: ServiceDeps): Promise<{ due: FollowUp[]; overdueCount: number }> {
  const today = todayIso(deps.clock);
  const due = await listFollowUps(deps, { status: 'open', dueBy: today });
  return { due, overdueCount: due.filter((f) => f.dueOn < today).length };
}

async function change(
  deps: ServiceDeps,
  id: string,
  version: number,
  apply: (r: FollowUpRecord, w: Writer, clientId: string) => Promise<FollowUpRecord> | FollowUpRecord,
): Promise<FollowUp> {
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<FollowUpRecord>(w, 'follow_ups', id, 'follow-up');
    if (rec.data.status !== 'open') throw new RapportError('CONFLICT', `This follow-up is already ${rec.data.status}.`);
    const next = await apply(rec.data, w, clientId);
    const v = await w.update('follow_ups', id, next, version);
    const client = await requireClient(w, clientId);
    return toFollowUp(id, clientId, client.data.name, v, next);
  });
}

/** Marks it done; a repeating follow-up comes back repeatDays after today, in the same transaction. */
export async function completeFollowUp(deps: ServiceDeps, { id, version }: { id: string; version: number }): Promise<FollowUp> {
  const now = deps.clock.now();
  return change(deps, id, version, async (r, w, clientId) => {
    if (r.repeatDays) {
      await insertFollowUp(w, clientId, { reason: r.reason, dueOn: addDaysIso(todayIso(deps.clock), r.repeatDays), repeatDays: r.repeatDays }, now);
    }
    return { ...r, status: 'done', closedAt: now.toISOString() };
  });
}

export async function dropFollowUp(deps: ServiceDeps, { id, version }: { id: string; version: number }): Promise<FollowUp> {
  const now = deps.clock.now().toISOString();
  return change(deps, id, version, (r) => ({ ...r, status: 'dropped', closedAt: now }));
}

/** Moves the due date to a later day, remembering the original. */
export async function snoozeFollowUp(deps: ServiceDeps, input: ParsedInput<'followUps.snooze'>): Promise<FollowUp> {
  if (input.until <= todayIso(deps.clock)) throw new RapportError('INVALID_INPUT', 'Snooze until a day after today.');
  return change(deps, input.id, input.version, (r) => ({ ...r, snoozedFrom: r.snoozedFrom ?? r.dueOn, dueOn: input.until }));
}
