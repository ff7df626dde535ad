import { dayOfWeek, DAYS_OF_WEEK, parseClockTime, parseIsoDate, type LocalTime } from './local-time.js';
import type { TimeWindow } from './time-window-schema.js';

/** A {@link TimeWindow} turned into numbers once per ruleset: days since 1970, minutes since midnight. */
export interface CompiledWindow {
  readonly fromDay: number | undefined;
  readonly toDay: number | undefined;
  readonly days: ReadonlySet<string> | undefined;
  readonly hoursFrom: number | undefined;
  readonly hoursTo: number | undefined;
}

/** Turns a validated window into numbers. */
export function compileWindow(window: TimeWindow): CompiledWindow {
  return {
    fromDay: window.from === undefined ? undefined : parseIsoDate(window.from),
    toDay: window.to === undefined ? undefined : parseIsoDate(window.to),
    days:
      window.daysOfWeek === undefined || window.daysOfWeek.length === DAYS_OF_WEEK.length
        ? undefined
        : new Set(window.daysOfWeek),
    hoursFrom: window.hours === undefined ? undefined : parseClockTime(window.hours.from),
    hoursTo: window.hours === undefined ? undefined : parseClockTime(window.hours.to),
  };
}

/**
 * Whether the window is open at the store-local `time`. Hours are half-open (`16:00`–`19:00`
 * holds 18:59, not 19:00). In a window past midnight (`22:00`–`02:00`) the small hours belong
 * to the day the window opened: 01:00 on Saturday is Friday night's window.
 */
export function isWindowOpen(window: CompiledWindow, time: LocalTime): boolean {
  let day = time.day;
  const { hoursFrom, hoursTo } = window;
  if (hoursFrom !== undefined && hoursTo !== undefined) {
    const minute = time.minuteOfDay;
    if (hoursFrom < hoursTo) {
      if (minute < hoursFrom || minute >= hoursTo) return false;
    } else if (minute < hoursTo) {
      day -= 1;
    } else if (minute < hoursFrom) {
      return false;
    }
  }
  if (window.fromDay !== undefined && day < window.fromDay) return false;
  if (window.toDay !== undefined && day > window.toDay) return false;
  return window.days === undefined || window.days.has(dayOfWeek(day));
}
