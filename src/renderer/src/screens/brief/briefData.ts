/** What a meeting brief holds, from the dossier: the same for the screen, print and the PDF. */
import type { Dossier, PreferredChannel } from '../../../../shared/types';
import { CHANNEL_LABELS } from '../../labels';
import { addDaysIso, todayIso } from '../../format';

export const BRIEF_DATE_WINDOW_DAYS = 60;

export function briefOf(d: Dossier, today = todayIso()) {
  const names = new Map(d.contacts.map((c) => [c.id, c.name]));
  const about = (contactId: string | null) => (contactId ? names.get(contactId) ?? 'A contact' : d.client.name);
  const horizon = addDaysIso(today, BRIEF_DATE_WINDOW_DAYS);
  return {
    client: d.client,
    contacts: d.contacts,
    alerts: d.alerts.map((f) => ({ ...f, about: about(f.contactId) })),
    facts: d.facts.filter((f) => !f.isAlert).map((f) => ({ ...f, about: about(f.contactId) })),
    dates: d.dates.filter((x) => x.nextOn && x.nextOn >= today && x.nextOn <= horizon).map((x) => ({ ...x, about: x.contactId ? about(x.contactId) : null })),
    recent: d.recent.slice(0, 5).map((e) => ({ ...e, with: e.contactIds.map((id) => names.get(id)).filter(Boolean) as string[] })),
    followUps: d.followUps,
    news: d.client.news.trim(),
    preparedOn: today,
  };
}

/** "Finance director · prefers phone, mornings", leaving out what says nothing. */
export function contactLine(c: { role: string; preferredChannel: PreferredChannel; preferredTime: string }): string {
  const prefers = [c.preferredChannel === 'any' ? '' : CHANNEL_LABELS[c.preferredChannel].toLowerCase(), c.preferredTime].filter(Boolean).join(', ');
  return [c.role, prefers && `prefers ${prefers}`].filter(Boolean).join(' · ');
}

export type Brief = ReturnType<typeof briefOf>;
