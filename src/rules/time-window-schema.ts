import * as z from 'zod/mini';
import { DAYS_OF_WEEK, parseIsoDate } from './local-time.js';

/** A calendar date in the store's local time, `YYYY-MM-DD`. */
export const isoDateSchema = z
  .string()
  .check(z.refine((s) => parseIsoDate(s) !== undefined, 'must be a date, YYYY-MM-DD'));

/** A wall-clock time `HH:MM`, from `00:00` to `24:00` (the end of the day). */
export const clockTimeSchema = z
  .string()
  .check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time, HH:MM'));

/**
 * Hours of the day, half-open: `{ from: '16:00', to: '19:00' }` holds 16:00 up to, not
 * including, 19:00. A `to` earlier than `from` runs past midnight (`22:00`–`02:00`); the part
 * after midnight belongs to the day the window opened, for `daysOfWeek` and the date range.
 */
export const hoursSchema = z.strictObject({ from: clockTimeSchema, to: clockTimeSchema }).check(
  z.refine((h) => h.from !== h.to, 'from and to must differ'),
  z.refine((h) => h.from !== '24:00', { message: 'from cannot be 24:00', path: ['from'] }),
);
/** Hours of the day, half-open. */
export type Hours = z.infer<typeof hoursSchema>;

/**
 * When a promotion runs, in the store's local time (the ruleset's `utcOffsetMinutes`). Every
 * part present must hold; an absent part always holds.
 * @example { from: '2026-10-17', to: '2026-11-15', daysOfWeek: ['sat', 'sun'] }
 */
export const timeWindowSchema = z
  .strictObject({
    /** First local date the window is open, inclusive. */
    from: z.optional(isoDateSchema),
    /** Last local date the window is open, inclusive. */
    to: z.optional(isoDateSchema),
    /** Days of the week the window is open. */
    daysOfWeek: z.optional(z.array(z.enum(DAYS_OF_WEEK)).check(z.minLength(1), z.maxLength(7))),
    /** Hours of the day the window is open. */
    hours: z.optional(hoursSchema),
  })
  .check(
    z.refine((w) => w.from === undefined || w.to === undefined || w.from <= w.to, {
      message: 'from must not be after to',
      path: ['to'],
    }),
  );
/** When a promotion runs. */
export type TimeWindow = z.infer<typeof timeWindowSchema>;
