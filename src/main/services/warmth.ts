import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type { WarmthReading } from '../../shared/types';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { patchClient, requireClient } from './clients';
import { requireChild } from './children';

export interface WarmthRecord {
  value: 1 | 2 | 3 | 4 | 5;
  reason: string;
  at: string;
}

/** Readings oldest first (the order a chart draws them). */
export async function listWarmth(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<WarmthReading[]> {
  const rows = await deps.vault.all<WarmthRecord>('warmth_readings', { column: 'client_id', value: clientId });
  return rows
    .map((r) => ({ id: r.id, clientId, value: r.data.value, reason: r.data.reason, at: r.data.at }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

function when(deps: ServiceDeps, at: string | undefined): string {
  const now = deps.clock.now();
  const t = at ? new Date(at) : now;
  if (t.getTime() > now.getTime() + 60_000) throw new RapportError('INVALID_INPUT', 'A warmth reading cannot be dated in the future.');
  return t.toISOString();
}

/** Sets the client's current warmth to its newest reading (after a backdated, edited or added one). */
async function recomputeWarmth(w: Writer, clientId: string): Promise<void> {
  let latest: WarmthRecord | null = null;
  for (const r of await w.all<WarmthRecord>('warmth_readings', { column: 'client_id', value: clientId })) {
    if (!latest || r.data.at > latest.at) latest = r.data;
  }
  const client = await requireClient(w, clientId);
  const value = latest?.value ?? null;
  if ((client.data.warmth ?? null) !== value) await patchClient(w, clientId, { warmth: value });
}

/** Records a warmth reading, dated now or backdated; the newest reading is the client's current warmth. */
export async function recordWarmth(deps: ServiceDeps, input: ParsedInput<'warmth.record'>): Promise<WarmthReading> {
  const record: WarmthRecord = { value: input.value, reason: input.reason, at: when(deps, input.at) };
  const id = randomUUID();
  await deps.vault.write(async (w) => {
    await requireClient(w, input.clientId);
    await w.insert('warmth_readings', id, record, { client_id: input.clientId });
    await recomputeWarmth(w, input.clientId);
  });
  return { id, clientId: input.clientId, ...record };
}

/** Edits a reading's value, reason or date. */
export async function updateWarmth(deps: ServiceDeps, input: ParsedInput<'warmth.update'>): Promise<WarmthReading> {
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<WarmthRecord>(w, 'warmth_readings', input.id, 'warmth reading');
    const next: WarmthRecord = {
      value: input.value ?? rec.data.value,
      reason: input.reason ?? rec.data.reason,
      at: input.at ? when(deps, input.at) : rec.data.at,
    };
    await w.update('warmth_readings', input.id, next);
    await recomputeWarmth(w, clientId);
    return { id: input.id, clientId, ...next };
  });
}
