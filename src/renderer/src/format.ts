/** Dates as people read them, and the renderer's calendar arithmetic. */
import { addDays, differenceInCalendarDays, format, formatDistanceToNowStrict, parseISO } from 'date-fns';

/** Today as YYYY-MM-DD on this computer. */
export function todayIso(now = new Date()): string {
  return format(now, 'yyyy-MM-dd');
}

export function addDaysIso(day: string, n: number): string {
  return format(addDays(parseISO(day), n), 'yyyy-MM-dd');
}

/** Whole calendar days from a to b (YYYY-MM-DD), positive when b is later. */
export function daysFromTo(a: string, b: string): number {
  return differenceInCalendarDays(parseISO(b), parseISO(a));
}

/**
 * The locale dates, times and counts are written in: the system's (undefined) unless Settings
 * overrides it. One place, so the whole app uses one format.
 */
let locale: string | undefined;

export function setFormatLocale(value: string | null | undefined): void {
  locale = value || undefined;
  dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  numberFormat = new Intl.NumberFormat(locale);
  pluralRules = new Intl.PluralRules(locale);
}
let dayFormat: Intl.DateTimeFormat;
let dateTimeFormat: Intl.DateTimeFormat;
let numberFormat: Intl.NumberFormat;
let pluralRules: Intl.PluralRules;
setFormatLocale(null);

/** The locale in use (undefined: the system's). */
export const formatLocale = (): string | undefined => locale;

const toDate = (value: string) => (value.length === 10 ? parseISO(value) : new Date(value));

/** A day from an ISO timestamp or a YYYY-MM-DD day, in the locale's medium style; a dash for nothing. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  return dayFormat.format(toDate(value));
}

/** A day and time of day, in the locale's style. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return dateTimeFormat.format(toDate(value));
}

/** "3 days ago", for an ISO timestamp. */
export function ago(iso: string | null): string {
  return iso ? `${formatDistanceToNowStrict(new Date(iso))} ago` : 'never';
}

/** The value of a datetime-local input for a moment (local time, minutes). */
export function toLocalInput(d: Date): string {
  return format(d, "yyyy-MM-dd'T'HH:mm");
}

/** An ISO timestamp with offset from a datetime-local input's value, or null when it is not a date. */
export function fromLocalInput(value: string): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A count in the locale's digits and grouping ("1,000"). */
export const formatCount = (n: number): string => numberFormat.format(n);

/** "1 client", "2 clients": the form chosen by Intl.PluralRules, the count by Intl.NumberFormat. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${pluralRules.select(n) === 'one' ? one : many}`;
}

/** "Megan’s", "James’s", "Bolt Architects’": a name of several words ending in s is a plural. */
export function possessive(name: string): string {
  const n = name.trim();
  return /\s/.test(n) && /s$/i.test(n) ? `${n}’` : `${n}’s`;
}

/** "in 12 days", "today", "tomorrow" for a day from today. */
export function inDays(day: string, today = todayIso()): string {
  const n = daysFromTo(today, day);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 0 ? `in ${plural(n, 'day')}` : `${plural(-n, 'day')} ago`;
}
