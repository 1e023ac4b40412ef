/** A contact as a person in their own right: the person page's one call. */
import { RapportError } from '../../shared/errors';
import { sortName } from '../../shared/names';
import { INTERACTION_KINDS } from '../../shared/interactions';
import type { FollowUp, Person } from '../../shared/types';
import type { ServiceDeps } from './deps';
import { getClient } from './clients';
import { type ContactRecord, toContact } from './contacts';
import { listDates } from './dates';
import { listFacts } from './facts';
import { listFollowUps } from './followups';
import { listTimeline } from './timeline';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a follow-up's reason names the person: their full name, or their first name as a whole
 * word ("Call Dave about the memo"). Follow-ups carry no contact link, so the words are the link.
 */
export function namesPerson(reason: string, name: string): boolean {
  const full = name.trim();
  if (!full) return false;
  // The first name, past a courtesy title ("Dr Amara Osei" is named by "Amara").
  const first = sortName(full).split(/\s+/)[0];
  const words = [...new Set([full, first])].filter((w) => w.length >= 2).map(escapeRegExp);
  if (words.length === 0) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'iu').test(reason);
}

export async function getPerson(deps: ServiceDeps, { id }: { id: string }): Promise<Person> {
  const rec = await deps.vault.get<ContactRecord>('contacts', id);
  if (!rec || !rec.clientId) throw new RapportError('NOT_FOUND', 'That person no longer exists (they may have been deleted).');
  const clientId = rec.clientId;
  const contact = toContact(rec.id, clientId, rec.version, rec.data);
  const [client, facts, dates, timeline, followUps] = await Promise.all([
    getClient(deps, { id: clientId }),
    listFacts(deps, { clientId }),
    listDates(deps, { clientId }),
    listTimeline(deps, { clientId }),
    listFollowUps(deps, { clientId, status: 'open' }),
  ]);
  const entries = timeline.filter((e) => e.contactIds.includes(id));
  return {
    contact,
    client: { id: client.id, name: client.name, kind: client.kind, owner: client.owner },
    facts: facts.filter((f) => f.contactId === id),
    dates: dates.filter((d) => d.contactId === id),
    entries,
    lastSpokeAt: entries.find((e) => INTERACTION_KINDS.has(e.kind))?.occurredAt ?? null,
    followUps: followUps.filter((f: FollowUp) => namesPerson(f.reason, contact.name)),
  };
}
