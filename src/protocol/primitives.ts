import { z } from 'zod';

/** Largest points or paise value a single message may carry: 2^31 - 1, so every amount fits a Postgres `integer`. */
export const MAX_AMOUNT = 2_147_483_647;

/** A ULID: 26 Crockford base32 characters, made at the till; sorts by creation time. */
export const ulidSchema = z
  .string()
  .regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'must be a ULID (26 Crockford base32 characters, upper case)');

/** An identifier chosen by the brand: member, terminal, store, bill or line id. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'may hold letters, digits and . _ : - only, starting with a letter or digit',
  );

/** Whole loyalty points, zero or more. Never a float. */
export const pointsSchema = z.int().min(0).max(MAX_AMOUNT);

/** Whole points, at least one: the amount of a movement. */
export const positivePointsSchema = z.int().min(1).max(MAX_AMOUNT);

/** Money in paise (1 rupee = 100 paise), zero or more. Never a float. */
export const paiseSchema = z.int().min(0).max(MAX_AMOUNT);

/** A point in time as an ISO 8601 string with an offset, e.g. `2026-11-23T10:15:00.000Z`. */
export const instantSchema = z.iso.datetime({ offset: true });

/** A per-terminal sequence number: 1, 2, 3 ... in the order the till made its intents. */
export const seqSchema = z.int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A member's ledger version: increases by one with every movement on the member. */
export const versionSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Signed points of an adjustment: positive credits the member, negative debits; never zero. */
export const adjustmentPointsSchema = z
  .int()
  .min(-MAX_AMOUNT)
  .max(MAX_AMOUNT)
  .refine((p) => p !== 0, 'an adjustment must move at least one point');
