import * as z from 'zod/mini';

/** Largest points or paise value a single message may carry: 2^31 - 1, so every amount fits a Postgres `integer`. */
export const MAX_AMOUNT = 2_147_483_647;

/** A ULID: 26 Crockford base32 characters, made at the till; sorts by creation time. */
export const ulidSchema = z
  .string()
  .check(
    z.regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'must be a ULID (26 Crockford base32 characters, upper case)'),
  );

/** An identifier chosen by the brand: member, terminal, store, bill or line id. */
export const idSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
      'may hold letters, digits and . _ : - only, starting with a letter or digit',
    ),
  );

/** Whole loyalty points, zero or more. Never a float. */
export const pointsSchema = z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT));

/** Whole points, at least one: the amount of a movement. */
export const positivePointsSchema = z.int().check(z.minimum(1), z.maximum(MAX_AMOUNT));

/** Money in paise (1 rupee = 100 paise), zero or more. Never a float. */
export const paiseSchema = z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT));

/**
 * The largest (and, negated, the smallest) balance a member may hold: twice {@link MAX_AMOUNT}.
 * The balance schema and the ledger's decision both use it, so the ledger never commits a
 * balance it could not then put in an answer (`balance_limit`).
 */
export const MAX_BALANCE = MAX_AMOUNT * 2;

/** The smallest balance a member may hold (a return may take back points already spent). */
export const MIN_BALANCE = -MAX_BALANCE;

/**
 * The first millisecond an instant may name: 1970-01-01T00:00:00.000Z. No bill, ruleset or
 * key is older, and PGlite reads years below 100 back 1,900 years later.
 */
export const MIN_INSTANT_MS = Date.parse('1970-01-01T00:00:00.000Z');
/** The last millisecond an instant may name: 9999-12-31T23:59:59.999Z. */
export const MAX_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

const OFFSET = /(?:([+-])(\d{2}):?(\d{2})|Z)$/;

/** Whether an ISO 8601 instant names a time every database and ISO string can hold. */
function isStorableInstant(text: string): boolean {
  const offset = OFFSET.exec(text);
  // Offsets past ±15:59 exist in no time zone and PostgreSQL refuses them.
  if (!offset || (offset[2] !== undefined && Number(offset[2]) > 15)) return false;
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

/**
 * A point in time as an ISO 8601 string with an offset, e.g. `2026-11-23T10:15:00.000Z`:
 * in UTC between the years 1970 and 9999, with an offset within ±15:59.
 */
export const instantSchema = z.iso
  .datetime({ offset: true })
  .check(
    z.refine(
      isStorableInstant,
      'must be between the years 1970 and 9999 (UTC), with an offset within ±15:59',
    ),
  );

/** A per-terminal sequence number: 1, 2, 3 ... in the order the till made its intents. */
export const seqSchema = z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER));

/** A member's ledger version: increases by one with every movement on the member. */
export const versionSchema = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));

/** Signed points of an adjustment: positive credits the member, negative debits; never zero. */
export const adjustmentPointsSchema = z.int().check(
  z.minimum(-MAX_AMOUNT),
  z.maximum(MAX_AMOUNT),
  z.refine((p) => p !== 0, 'an adjustment must move at least one point'),
);

export { ulidTimeMs } from './ulid.js';
