/**
 * Open follow-ups and important dates as an iCalendar file (RFC 5545) for the user's calendar:
 * all-day events, yearly dates as RRULE:FREQ=YEARLY (29 February as the last day of February).
 * Without sensitive text, titles say only "Rapport follow-up" or "Rapport date": no names, no
 * reasons, no labels, no description.
 *
 * Written here rather than with the `ics` package: that one folds lines at 75 characters rather
 * than 75 octets and writes whole days as DURATION:P1DT, which RFC 5545 does not allow; all we
 * need is a few all-day VEVENTs. Tests parse the result back with ical.js.
 */
import { addDays, format, parseISO } from 'date-fns';
import type { ParsedInput } from '../../../shared/contract';
import { RapportError } from '../../../shared/errors';
import type { CalendarExport } from '../../../shared/types';
import type { ServiceDeps } from '../deps';
import type { ClientRecord } from '../clients';
import type { ContactRecord } from '../contacts';
import { type DateRecord, nextOccurrence, todayIso } from '../dates';
import type { FollowUpRecord } from '../followups';
import { contentLines, escapeText } from './textLines';

export const NEUTRAL_FOLLOW_UP = 'Rapport follow-up';
export const NEUTRAL_DATE = 'Rapport date';

interface CalendarEvent {
  uid: string;
  /** YYYY-MM-DD */
  day: string;
  summary: string;
  description: string | null;
  rrule: string | null;
}

const basic = (day: string) => day.replace(/-/g, '');

function stampOf(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function vevent(e: CalendarEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${basic(e.day)}`,
    `DTEND;VALUE=DATE:${format(addDays(parseISO(e.day), 1), 'yyyyMMdd')}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  lines.push('CLASS:PRIVATE', 'TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
}

export function calendarText(events: CalendarEvent[], now: Date): string {
  const stamp = stampOf(now);
  return contentLines([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Rapport//Rapport//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Rapport',
    ...events.flatMap((e) => vevent(e, stamp)),
    'END:VCALENDAR',
  ]);
}

export async function exportCalendar(deps: ServiceDeps, input: ParsedInput<'export.calendar'>): Promise<CalendarExport> {
  const { vault, clock } = deps;
  if (!vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
  const sensitive = input.includeSensitiveText;
  const today = todayIso(clock);
  const clients = new Map((await vault.all<ClientRecord>('clients')).map((c) => [c.id, c.data.name]));
  const contacts = new Map((await vault.all<ContactRecord>('contacts')).map((c) => [c.id, c.data.name]));
  const events: CalendarEvent[] = [];

  for (const f of await vault.all<FollowUpRecord>('follow_ups')) {
    if (f.data.status !== 'open') continue;
    const client = clients.get(f.clientId!) ?? '';
    events.push({
      uid: `follow-up-${f.id}@rapport`,
      day: f.data.dueOn,
      summary: sensitive ? `Follow up with ${client}: ${f.data.reason}` : NEUTRAL_FOLLOW_UP,
      description: sensitive ? f.data.reason : null,
      rrule: null,
    });
  }

  for (const d of await vault.all<DateRecord>('important_dates')) {
    if (d.data.recurrence === 'once' && nextOccurrence(d.data.date, 'once', today) === null) continue; // a one-off date already past
    const client = clients.get(d.clientId!) ?? '';
    const who = d.data.contactId ? contacts.get(d.data.contactId) : undefined;
    const about = who && who !== client ? `${who}, ${client}` : client;
    const feb29 = d.data.date.slice(5) === '02-29';
    events.push({
      uid: `date-${d.id}@rapport`,
      day: d.data.date,
      summary: sensitive ? `${d.data.label} (${about})` : NEUTRAL_DATE,
      description: sensitive ? `${d.data.label}: ${about}` : null,
      rrule: d.data.recurrence === 'yearly' ? (feb29 ? 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1' : 'FREQ=YEARLY') : null,
    });
  }

  events.sort((a, b) => a.day.localeCompare(b.day) || a.uid.localeCompare(b.uid));
  return { fileName: `rapport-${today}.ics`, text: calendarText(events, clock.now()), events: events.length };
}
