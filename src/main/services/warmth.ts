import { randomUUID } from 'node:crypto';
import type { ParsedInput } from '../../shared/contract';
import type { WarmthReading } from '../../shared/types';
import type { ServiceDeps } from './deps';
import { patchClient } from './clients';

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

/** Records a warmth reading, dated now, and makes it the client's current warmth. */
export async function recordWarmth(deps: ServiceDeps, input: ParsedInput<'warmth.record'>): Promise<WarmthReading> {
  const record: WarmthRecord = { value: input.value, reason: input.reason, at: deps.clock.now().toISOString() };
  const id = randomUUID();
  await deps.vault.write(async (w) => {
    await patchClient(w, input.clientId, { warmth: input.value });
    await w.insert('warmth_readings', id, record, { client_id: input.clientId });
  });
  return { id, clientId: input.clientId, ...record };
}
