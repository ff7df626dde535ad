import { floorDiv, floorMod } from './int-math.js';

/** Days of the week, Monday first, as rulesets spell them. */
export const DAYS_OF_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** One of {@link DAYS_OF_WEEK}. */
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/** A moment as the store's wall clock shows it, to the minute. */
export interface LocalTime {
  /** The local calendar date, as days since 1970-01-01. */
  readonly day: number;
  /** Minutes since local midnight, 0 to 1439. */
  readonly minuteOfDay: number;
}

const MINUTES_PER_DAY = 1440;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`), integers only. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floorDiv(153 * (month > 2 ? month - 3 : month + 9) + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Days since 1970-01-01 of an ISO date (`2026-11-07`), or `undefined` when it is not a real date. */
export function parseIsoDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/**
 * Minutes since 1970-01-01T00:00Z of an ISO instant with an offset (`2026-11-07T17:30:00+05:30`),
 * or `undefined` when it is not one. Seconds and fractions are dropped: windows are whole minutes.
 * Parsed by hand, so the till (any browser) and the ledger (Node) read it identically.
 */
export function parseInstantMinutes(text: string): number | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const day = parseIsoDate(text.slice(0, 10));
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (day === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[7] ?? 'Z';
  let offset = 0;
  if (zone !== 'Z') {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (zh > 23 || zm > 59) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  }
  return day * MINUTES_PER_DAY + hour * 60 + minute - offset;
}

/** The store's wall-clock date and minute for `utcMinutes`, in a zone `utcOffsetMinutes` ahead of UTC. */
export function toLocalTime(utcMinutes: number, utcOffsetMinutes: number): LocalTime {
  const local = utcMinutes + utcOffsetMinutes;
  return { day: floorDiv(local, MINUTES_PER_DAY), minuteOfDay: floorMod(local, MINUTES_PER_DAY) };
}

/** The day of the week of a date given as days since 1970-01-01 (a Thursday). */
export function dayOfWeek(day: number): DayOfWeek {
  return DAYS_OF_WEEK[floorMod(day + 3, 7)] as DayOfWeek;
}

/** Minutes since midnight of a clock time (`16:00`; `24:00` is the end of the day). */
export function parseClockTime(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}
