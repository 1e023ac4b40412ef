/** Important dates (birthdays, anniversaries, an operation) and the calendar arithmetic services share. */
import { randomUUID } from 'node:crypto';
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { ParsedInput } from '../../shared/contract';
import type { ImportantDate } from '../../shared/types';
import type { Clock } from '../clock';
import type { ServiceDeps } from './deps';
import { requireClient } from './clients';
import { requireContactOf } from './contacts';
import { definedOnly, requireChild } from './children';

/** Today as YYYY-MM-DD in the user's time zone. */
export function todayIso(clock: Clock): string {
  return format(clock.now(), 'yyyy-MM-dd');
}

/** Whole calendar days from a to b (positive when b is later). */
export function daysBetween(a: Date, b: Date): number {
  return differenceInCalendarDays(b, a);
}

export function addDaysIso(day: string, n: number): string {
  return format(addDays(parseISO(day), n), 'yyyy-MM-dd');
}

/** The next time a date comes round on or after today; null for a one-off date already past. */
export function nextOccurrence(date: string, recurrence: 'yearly' | 'once', today: string): string | null {
  if (recurrence === 'once') return date >= today ? date : null;
  const [, m, d] = date.split('-');
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    // 29 February falls on 28 February in other years.
    const day = m === '02' && d === '29' && !isLeap(y) ? '28' : d;
    const candidate = `${y}-${m}-${day}`;
    if (candidate >= today) return candidate;
  }
  return null;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export interface DateRecord {
  contactId: string | null;
  label: string;
  date: string;
  recurrence: 'yearly' | 'once';
}

const toDate = (id: string, clientId: string, version: number, r: DateRecord, today: string): ImportantDate => ({
  id,
  clientId,
  version,
  contactId: r.contactId,
  label: r.label,
  date: r.date,
  recurrence: r.recurrence,
  nextOn: nextOccurrence(r.date, r.recurrence, today),
});

/** A client's dates, soonest first (past one-off dates last). */
export async function listDates(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<ImportantDate[]> {
  const today = todayIso(deps.clock);
  const rows = await deps.vault.all<DateRecord>('important_dates', { column: 'client_id', value: clientId });
  return rows
    .map((r) => toDate(r.id, clientId, r.version, r.data, today))
    .sort((a, b) => (a.nextOn ?? '9999').localeCompare(b.nextOn ?? '9999') || a.label.localeCompare(b.label));
}

export async function addDate(deps: ServiceDeps, input: ParsedInput<'dates.add'>): Promise<ImportantDate> {
  const record: DateRecord = {
    contactId: input.contactId ?? null,
    label: input.label,
    date: input.date,
    recurrence: input.recurrence,
  };
  const id = randomUUID();
  const version = await deps.vault.write(async (w) => {
    await requireClient(w, input.clientId);
    if (record.contactId) await requireContactOf(w, input.clientId, record.contactId);
    return w.insert('important_dates', id, record, { client_id: input.clientId });
  });
  return toDate(id, input.clientId, version, record, todayIso(deps.clock));
}

export async function updateDate(deps: ServiceDeps, input: ParsedInput<'dates.update'>): Promise<ImportantDate> {
  const { id, version: expected, ...patch } = input;
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<DateRecord>(w, 'important_dates', id, 'date');
    const next: DateRecord = { ...rec.data, ...definedOnly(patch) };
    if (next.contactId) await requireContactOf(w, clientId, next.contactId);
    const version = await w.update('important_dates', id, next, expected);
    return toDate(id, clientId, version, next, todayIso(deps.clock));
  });
}

export async function deleteDate(deps: ServiceDeps, { id }: { id: string }): Promise<null> {
  await deps.vault.write(async (w) => {
    await requireChild(w, 'important_dates', id, 'date');
    await w.remove('important_dates', id);
  });
  return null;
}

/** Every client's dates that come round within the next `days` days (0: today only), soonest first. */
export async function upcomingDates(deps: ServiceDeps, days: number): Promise<(ImportantDate & { clientName: string })[]> {
  const today = todayIso(deps.clock);
  const last = addDaysIso(today, days);
  const names = new Map((await deps.vault.all<{ name: string }>('clients')).map((c) => [c.id, c.data.name]));
  return (await deps.vault.all<DateRecord>('important_dates'))
    .map((r) => {
      const clientId = r.clientId!;
      return { ...toDate(r.id, clientId, r.version, r.data, today), clientName: names.get(clientId) ?? '' };
    })
    .filter((d) => d.nextOn !== null && d.nextOn <= last)
    .sort((a, b) => a.nextOn!.localeCompare(b.nextOn!));
}
