import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type { FollowUp, FollowUpStatus } from '../../shared/types';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { type ClientRecord, requireClient } from './clients';
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

/** Follow-ups, soonest first: open ones by default, of one client or of all. */
export async function listFollowUps(deps: ServiceDeps, input: ParsedInput<'followUps.list'>): Promise<FollowUp[]> {
  // One client's follow-ups need only that client's name, not every client decrypted.
  const named = input.clientId ? [await deps.vault.get<ClientRecord>('clients', input.clientId)].filter((c) => c !== null) : await deps.vault.all<ClientRecord>('clients');
  const clients = new Map(named.map((c) => [c.id, c.data.name]));
  const rows = input.clientId
    ? (await deps.vault.all<FollowUpRecord>('follow_ups', { column: 'client_id', value: input.clientId })).map((r) => ({ ...r, clientId: input.clientId! }))
    : await allWithClient(deps);
  const status = input.status ?? 'open';
  return rows
    // A row whose client was not read yet (written between the two reads) waits for the next call.
    .filter((r) => clients.has(r.clientId) && (status === 'all' || r.data.status === status))
    .map((r) => toFollowUp(r.id, r.clientId, clients.get(r.clientId) ?? '', r.version, r.data))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.clientName.localeCompare(b.clientName));
}

async function allWithClient(deps: ServiceDeps) {
  return (await deps.vault.all<FollowUpRecord>('follow_ups')).map((r) => ({ ...r, clientId: r.clientId! }));
}

/** Open follow-ups due today or earlier, and how many of them are overdue. */
export async function followUpsToday(deps: ServiceDeps): Promise<{ due: FollowUp[]; overdueCount: number }> {
  const today = todayIso(deps.clock);
  const due = (await listFollowUps(deps, { status: 'open' })).filter((f) => f.dueOn <= today);
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
