import { describe, expect, it } from 'vitest';
import { parseInstantMinutes, toLocalTime } from '../../src/rules/local-time.js';
import { timeWindowSchema, type TimeWindow } from '../../src/rules/time-window-schema.js';
import { compileWindow, isWindowOpen } from '../../src/rules/time-window.js';

/** Whether `window` is open at `at` in a store `offset` minutes ahead of UTC (IST by default). */
function open(window: TimeWindow, at: string, offset = 330): boolean {
  const minutes = parseInstantMinutes(at);
  if (minutes === undefined) throw new Error(`bad instant ${at}`);
  return isWindowOpen(compileWindow(timeWindowSchema.parse(window)), toLocalTime(minutes, offset));
}

const HAPPY_HOUR: TimeWindow = { hours: { from: '16:00', to: '19:00' } };
const LATE_NIGHT_FRIDAY: TimeWindow = { daysOfWeek: ['fri'], hours: { from: '22:00', to: '02:00' } };
const DIWALI_WEEK: TimeWindow = { from: '2026-11-06', to: '2026-11-12' };

const rows: [string, TimeWindow, string, number, boolean][] = [
  ['happy hour opens at 16:00', HAPPY_HOUR, '2026-11-23T16:00:00+05:30', 330, true],
  ['happy hour holds 18:59:59', HAPPY_HOUR, '2026-11-23T18:59:59.999+05:30', 330, true],
  ['happy hour is closed at 19:00', HAPPY_HOUR, '2026-11-23T19:00:00+05:30', 330, false],
  ['happy hour is closed at 15:59', HAPPY_HOUR, '2026-11-23T15:59:00+05:30', 330, false],
  ['10:30 UTC is 16:00 in India', HAPPY_HOUR, '2026-11-23T10:30:00Z', 330, true],
  ['10:30 UTC is 16:15 in Nepal (+05:45)', HAPPY_HOUR, '2026-11-23T10:30:00Z', 345, true],
  ['10:30 UTC is 10:30 in a UTC store', HAPPY_HOUR, '2026-11-23T10:30:00Z', 0, false],
  [
    'a bill written in another offset is read in store time',
    HAPPY_HOUR,
    '2026-11-23T06:30:00-04:00',
    330,
    true,
  ],
  ['late-night Friday holds Friday 23:00', LATE_NIGHT_FRIDAY, '2026-11-20T23:00:00+05:30', 330, true],
  [
    'late-night Friday holds Saturday 01:30, as part of Friday night',
    LATE_NIGHT_FRIDAY,
    '2026-11-21T01:30:00+05:30',
    330,
    true,
  ],
  ['late-night Friday is closed Saturday 02:00', LATE_NIGHT_FRIDAY, '2026-11-21T02:00:00+05:30', 330, false],
  [
    'late-night Friday is closed Friday 01:30 (Thursday night)',
    LATE_NIGHT_FRIDAY,
    '2026-11-20T01:30:00+05:30',
    330,
    false,
  ],
  ['a date range includes its first day', DIWALI_WEEK, '2026-11-06T00:00:00+05:30', 330, true],
  ['a date range includes its last day until midnight', DIWALI_WEEK, '2026-11-12T23:59:00+05:30', 330, true],
  ['a date range excludes the next day', DIWALI_WEEK, '2026-11-13T00:00:00+05:30', 330, false],
  ['the last day ends at midnight in the store, not in UTC', DIWALI_WEEK, '2026-11-12T18:30:00Z', 330, false],
  ['an empty window is always open', {}, '1999-12-31T23:59:00Z', 330, true],
  ['weekend days hold Sunday', { daysOfWeek: ['sat', 'sun'] }, '2026-11-08T12:00:00+05:30', 330, true],
  ['weekend days exclude Monday', { daysOfWeek: ['sat', 'sun'] }, '2026-11-09T12:00:00+05:30', 330, false],
  ['a leap day is a Thursday in 2024', { daysOfWeek: ['thu'] }, '2024-02-29T12:00:00+05:30', 330, true],
];

describe('promotion windows, in the store’s local time', () => {
  it.each(rows)('%s', (_, window, at, offset, expected) => {
    expect(open(window, at, offset)).toBe(expected);
  });

  it('reads instants by hand, to the minute, and refuses ones that do not exist', () => {
    expect(parseInstantMinutes('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseInstantMinutes('1970-01-01T05:30:59+05:30')).toBe(0);
    expect(parseInstantMinutes('1969-12-31T23:59:00Z')).toBe(-1);
    expect(parseInstantMinutes('2026-11-23T10:30:00Z')).toBe(Date.UTC(2026, 10, 23, 10, 30) / 60_000);
    expect(parseInstantMinutes('2026-02-29T10:30:00Z')).toBeUndefined();
    expect(parseInstantMinutes('2026-11-23T10:30:00+25:00')).toBeUndefined();
    expect(parseInstantMinutes('2026-11-23 10:30:00Z')).toBeUndefined();
  });
});
