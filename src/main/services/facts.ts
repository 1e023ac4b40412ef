import { randomUUID } from 'node:crypto';
import type { ParsedInput } from '../../shared/contract';
import type { FactType, PersonalFact, Sensitivity } from '../../shared/types';
import type { ServiceDeps } from './deps';
import { requireClient } from './clients';
import { requireContactOf } from './contacts';
import { definedOnly, requireChild } from './children';
import { isAlertFact } from '../../shared/alerts';

export interface FactRecord {
  contactId: string | null;
  type: FactType;
  text: string;
  sensitivity: Sensitivity;
  /** Marked an alert by the user, whatever its type and words. */
  alert?: boolean;
  createdAt: string;
}

/** Diet, dislikes, handle-with-care, words of allergy or medical care, or marked: see shared/alerts.ts. */
export function isAlert(r: { type: FactType; sensitivity: Sensitivity; text: string; alert?: boolean }): boolean {
  return isAlertFact(r);
}

const toFact = (id: string, clientId: string, version: number, r: FactRecord): PersonalFact => ({
  id,
  clientId,
  version,
  contactId: r.contactId,
  type: r.type,
  text: r.text,
  sensitivity: r.sensitivity,
  isAlert: isAlert(r),
  markedAlert: r.alert === true,
});

export async function listFacts(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<PersonalFact[]> {
  const rows = await deps.vault.all<FactRecord>('facts', { column: 'client_id', value: clientId });
  return rows
    .map((r) => ({ fact: toFact(r.id, clientId, r.version, r.data), createdAt: r.data.createdAt }))
    .sort((a, b) => Number(b.fact.isAlert) - Number(a.fact.isAlert) || a.createdAt.localeCompare(b.createdAt))
    .map((x) => x.fact);
}

export async function addFact(deps: ServiceDeps, input: ParsedInput<'facts.add'>): Promise<PersonalFact> {
  const record: FactRecord = {
    contactId: input.contactId ?? null,
    type: input.type,
    text: input.text,
    sensitivity: input.sensitivity ?? 'normal',
    ...(input.alert ? { alert: true } : {}),
    createdAt: deps.clock.now().toISOString(),
  };
  const id = randomUUID();
  const version = await deps.vault.write(async (w) => {
    await requireClient(w, input.clientId);
    if (record.contactId) await requireContactOf(w, input.clientId, record.contactId);
    return w.insert('facts', id, record, { client_id: input.clientId });
  });
  return toFact(id, input.clientId, version, record);
}

export async function updateFact(deps: ServiceDeps, input: ParsedInput<'facts.update'>): Promise<PersonalFact> {
  const { id, version: expected, ...patch } = input;
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<FactRecord>(w, 'facts', id, 'fact');
    const next: FactRecord = { ...rec.data, ...definedOnly(patch) };
    if (next.contactId) await requireContactOf(w, clientId, next.contactId);
    const version = await w.update('facts', id, next, expected);
    return toFact(id, clientId, version, next);
  });
}

export async function deleteFact(deps: ServiceDeps, { id }: { id: string }): Promise<null> {
  await deps.vault.write(async (w) => {
    await requireChild(w, 'facts', id, 'fact');
    await w.remove('facts', id);
  });
  return null;
}
