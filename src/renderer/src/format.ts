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

/** 12 Mar 2026 from an ISO timestamp or a YYYY-MM-DD day; a dash for nothing. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  const d = value.length === 10 ? parseISO(value) : new Date(value);
  return format(d, 'd MMM yyyy');
}

export function formatDateTime(iso: string): string {
  return format(new Date(iso), 'd MMM yyyy, HH:mm');
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

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "in 12 days", "today", "tomorrow" for a day from today. */
export function inDays(day: string, today = todayIso()): string {
  const n = daysFromTo(today, day);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 0 ? `in ${plural(n, 'day')}` : `${plural(-n, 'day')} ago`;
}
