/** A span of time typed as words ("6 weeks", "six weeks", "a month", "10d"), and a day that far from another. */
import { addDays, addMonths, addWeeks, addYears, format, isValid, parseISO } from 'date-fns';

export type DurationUnit = 'day' | 'week' | 'month' | 'year';
export interface Duration {
  count: number;
  unit: DurationUnit;
}

const WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, eighteen: 18, twenty: 20, thirty: 30,
};
const UNITS: [RegExp, DurationUnit][] = [
  [/^(d|days?)$/, 'day'],
  [/^(w|wks?|weeks?)$/, 'week'],
  [/^(m|mos?|months?)$/, 'month'],
  [/^(y|yrs?|years?)$/, 'year'],
];

/** "6 weeks" → { count: 6, unit: 'week' }; null when it is not a positive span. */
export function parseDuration(text: string): Duration | null {
  const m = /^(?:in\s+|after\s+)?(\d{1,4}|[a-z]+)\s*([a-z]+)$/.exec(text.trim().toLowerCase());
  if (!m) return null;
  const count = /^\d+$/.test(m[1]) ? Number(m[1]) : WORDS[m[1]];
  const unit = UNITS.find(([re]) => re.test(m[2]))?.[1];
  if (!count || count <= 0 || !unit) return null;
  return { count, unit };
}

/** The day (YYYY-MM-DD) a duration after a start day, or null when either cannot be read. */
export function dueAfter(startOn: string, text: string): string | null {
  const d = parseDuration(text);
  const start = parseISO(startOn);
  if (!d || !isValid(start)) return null;
  const add = { day: addDays, week: addWeeks, month: addMonths, year: addYears }[d.unit];
  return format(add(start, d.count), 'yyyy-MM-dd');
}
