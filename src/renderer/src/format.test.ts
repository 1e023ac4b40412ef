/** Issue 16: one date format from the locale through Intl, with an override; plurals and possessives. */
import { afterEach, expect, test } from 'vitest';
import { formatDateTime, formatDay, plural, possessive, setFormatLocale } from './format';

afterEach(() => setFormatLocale(null));

test('days and times in the chosen locale, one style for ISO days and timestamps', () => {
  setFormatLocale('en-GB');
  expect(formatDay('2026-10-01')).toBe('1 Oct 2026');
  expect(formatDay('2026-12-03T08:17:44')).toBe('3 Dec 2026');
  expect(formatDateTime('2026-12-03T08:17:44')).toBe('3 Dec 2026, 08:17');
  setFormatLocale('en-US');
  expect(formatDay('2026-10-01')).toBe('Oct 1, 2026');
  expect(formatDateTime('2026-12-03T20:17:44')).toMatch(/^Dec 3, 2026, 8:17\sPM$/);
  setFormatLocale('de-DE');
  expect(formatDay('2026-10-01')).toBe('01.10.2026');
  expect(formatDay(null)).toBe('—');
});

test('plurals through Intl.PluralRules, counts through Intl.NumberFormat', () => {
  setFormatLocale('en-GB');
  expect(plural(1, 'client')).toBe('1 client');
  expect(plural(0, 'client')).toBe('0 clients');
  expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  expect(plural(1200, 'engagement')).toBe('1,200 engagements');
});

test('possessives', () => {
  expect(possessive('Bolt Architects')).toBe('Bolt Architects’');
  expect(possessive('Megan')).toBe('Megan’s');
  expect(possessive('James')).toBe('James’s');
});
