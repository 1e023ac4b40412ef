import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type { Handover } from '../../shared/types';
import type { ServiceDeps } from './deps';
import { patchClient, requireClient } from './clients';
import { addDaysIso, todayIso } from './dates';
import { insertFollowUp } from './followups';
import { insertEntry } from './timeline';

export interface HandoverRecord {
  from: string;
  to: string;
  at: string;
  reason: string;
  notes: string;
  clientReaction: string;
}

/** Days after a handover when the new owner should check in with the client. */
export const HANDOVER_CHECK_IN_DAYS = 14;

export async function listHandovers(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<Handover[]> {
  const rows = await deps.vault.all<HandoverRecord>('handovers', { column: 'client_id', value: clientId });
  return rows.map((r) => ({ id: r.id, clientId, ...r.data })).sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * Hands the account to a colleague, in one transaction: the new owner, the handover record, a
 * timeline entry, and a follow-up to check in with the client after the change.
 */
export async function handOver(deps: ServiceDeps, input: ParsedInput<'clients.handOver'>): Promise<Handover> {
  const now = deps.clock.now();
  const id = randomUUID();
  return deps.vault.write(async (w) => {
    const client = await requireClient(w, input.clientId);
    const from = client.data.owner;
    if (from.trim().toLowerCase() === input.to.trim().toLowerCase()) {
      throw new RapportError('INVALID_INPUT', `${input.to} already owns this account.`);
    }
    const record: HandoverRecord = {
      from,
      to: input.to,
      at: now.toISOString(),
      reason: input.reason,
      notes: input.notes,
      clientReaction: input.clientReaction ?? '',
    };
    await w.insert('handovers', id, record, { client_id: input.clientId });
    await patchClient(w, input.clientId, { owner: input.to });
    await insertEntry(
      w,
      input.clientId,
      {
        kind: 'handover',
        occurredAt: record.at,
        summary: `Account handed over${from ? ` from ${from}` : ''} to ${input.to}`,
        body: [`Reason: ${input.reason}`, input.notes && `Notes: ${input.notes}`, record.clientReaction && `How the client took it: ${record.clientReaction}`]
          .filter(Boolean)
          .join('\n'),
      },
      now,
    );
    await insertFollowUp(
      w,
      input.clientId,
      {
        reason: `Check in with ${client.data.name} after the handover to ${input.to}`,
        dueOn: addDaysIso(todayIso(deps.clock), HANDOVER_CHECK_IN_DAYS),
      },
      now,
    );
    return { id, clientId: input.clientId, ...record };
  });
}
