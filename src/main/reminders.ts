/**
 * Desktop reminders for follow-ups due today and important dates today, while the vault is
 * unlocked. Each is shown once per unlock; locking forgets them and asks the host to withdraw any
 * still on screen, so no sensitive text stays visible on a locked vault.
 */
import type { ServiceDeps } from './services/deps';
import { upcomingDates } from './services/dates';
import { followUpsToday } from './services/followups';

export interface Reminder {
  /** Stable per item, so the same reminder is not shown twice. */
  key: string;
  title: string;
  body: string;
}

export async function dueReminders(deps: ServiceDeps): Promise<Reminder[]> {
  const { due } = await followUpsToday(deps);
  const dates = await upcomingDates(deps, 0);
  return [
    ...due.map((f) => ({ key: `follow-up:${f.id}:${f.dueOn}`, title: `Follow up with ${f.clientName}`, body: f.reason })),
    ...dates.map((d) => ({ key: `date:${d.id}:${d.nextOn}`, title: `Today for ${d.clientName}`, body: d.label })),
  ];
}
