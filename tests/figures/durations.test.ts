/** Issue 16: a due date given as a duration from the start ("6 weeks"). */
import { expect, test } from 'vitest';
import { dueAfter, parseDuration } from '../../src/shared/durations';

test('durations in words and numbers', () => {
  expect(parseDuration('6 weeks')).toEqual({ count: 6, unit: 'week' });
  expect(parseDuration(' six weeks ')).toEqual({ count: 6, unit: 'week' });
  expect(parseDuration('1 month')).toEqual({ count: 1, unit: 'month' });
  expect(parseDuration('10d')).toEqual({ count: 10, unit: 'day' });
  expect(parseDuration('a year')).toEqual({ count: 1, unit: 'year' });
  expect(parseDuration('in 3 wks')).toEqual({ count: 3, unit: 'week' });
  expect(parseDuration('soon')).toBeNull();
  expect(parseDuration('0 weeks')).toBeNull();
  expect(parseDuration('-2 days')).toBeNull();
});

test('the due day is the start plus the duration, months clamped to the month end', () => {
  expect(dueAfter('2026-09-01', '6 weeks')).toBe('2026-10-13');
  expect(dueAfter('2026-01-31', '1 month')).toBe('2026-02-28');
  expect(dueAfter('2026-09-01', '10 days')).toBe('2026-09-11');
  expect(dueAfter('2026-09-01', '2 years')).toBe('2028-09-01');
  expect(dueAfter('2026-09-01', 'whenever')).toBeNull();
  expect(dueAfter('', '6 weeks')).toBeNull();
});
