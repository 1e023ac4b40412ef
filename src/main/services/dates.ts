/** Important dates (birthdays, anniversaries, an operation) and the calendar arithmetic services share. */
import { randomUUID } from 'node:crypto';
import { type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../vault/schema';
import { jsonField, monthDay } from '../vault/fields';
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

/**
 * The dates that may come round between two days (inclusive), from SQL: yearly ones by month and
 * day (29 February always, for the years it falls on the 28th), one-off ones by date. The caller
 * works out each one's next occurrence (nextOccurrence) and keeps those in range.
 */
export function datesComingRound(db: Kysely<Database>, from: string, to: string) {
  const [mdFrom, mdTo] = [from.slice(5), to.slice(5)];
  const everyYearly = to >= addDaysIso(from, 365);
  const [date, recurrence, md] = [jsonField<string>('important_dates', 'date'), jsonField<string>('important_dates', 'recurrence'), monthDay('important_dates')];
  return db
    .selectFrom('important_dates')
    .select([
      'important_dates.id',
      'important_dates.version',
      'important_dates.client_id',
      date.as('date'),
      recurrence.as('recurrence'),
      jsonField<string>('important_dates', 'label').as('label'),
      jsonField<string | null>('important_dates', 'contactId').as('contact_id'),
    ])
    .where((eb) => {
      // Flat ORs of ANDs, so each branch is a range of one index (a MULTI-INDEX OR).
      const yearly = (...terms: Expression<SqlBool>[]) => eb.and([eb(recurrence, '=', 'yearly'), ...terms]);
      const inYear =
        everyYearly ? [yearly()]
        : mdFrom <= mdTo ? [yearly(eb(md, '>=', mdFrom), eb(md, '<=', mdTo))]
        : [yearly(eb(md, '>=', mdFrom)), yearly(eb(md, '<=', mdTo))];
      return eb.or([...inYear, yearly(eb(md, '=', '02-29')), eb.and([eb(recurrence, '=', 'once'), eb(date, '>=', from), eb(date, '<=', to)])]);
    });
}

/** Every client's dates that come round within the next `days` days (0: today only), soonest first. */
export async function upcomingDates(deps: ServiceDeps, days: number): Promise<(ImportantDate & { clientName: string })[]> {
  const today = todayIso(deps.clock);
  const last = addDaysIso(today, days);
  const rows = await deps.vault.read((db) =>
    datesComingRound(db, today, last)
      .innerJoin('clients', 'clients.id', 'important_dates.client_id')
      .select(jsonField<string | null>('clients', 'name').as('client_name'))
      .execute(),
  );
  return rows
    .map((r) => {
      const record: DateRecord = { contactId: r.contact_id, label: r.label, date: r.date, recurrence: r.recurrence as DateRecord['recurrence'] };
      return { ...toDate(r.id, r.client_id, r.version, record, today), clientName: r.client_name ?? '' };
    })
    .filter((d) => d.nextOn !== null && d.nextOn <= last)
    .sort((a, b) => a.nextOn!.localeCompare(b.nextOn!));
}
