import type { Dossier } from '../../shared/types';
import type { ServiceDeps } from './deps';
import { getClient } from './clients';
import { listContacts } from './contacts';
import { listDates } from './dates';
import { listFacts } from './facts';
import { listFollowUps } from './followups';
import { listHandovers } from './handovers';
import { lastContactByContact, queryTimeline } from './timeline';
import { listWarmth } from './warmth';

/** Everything the dossier screen shows, in one call. */
export async function getDossier(deps: ServiceDeps, { id }: { id: string }): Promise<Dossier> {
  const client = await getClient(deps, { id });
  const [contacts, facts, dates, warmth, handovers, followUps, recent, contactLastContact] = await Promise.all([
    listContacts(deps, { clientId: id }),
    listFacts(deps, { clientId: id }),
    listDates(deps, { clientId: id }),
    listWarmth(deps, { clientId: id }),
    listHandovers(deps, { clientId: id }),
    listFollowUps(deps, { clientId: id, status: 'open' }),
    queryTimeline(deps, { clientId: id, limit: 5 }),
    lastContactByContact(deps, id),
  ]);
  return {
    client,
    contacts,
    facts,
    alerts: facts.filter((f) => f.isAlert),
    dates,
    warmth,
    handovers,
    followUps,
    recent: recent.entries,
    contactLastContact,
  };
}
