import { encodeTime, ulid } from 'ulid';

/** Makes one id: a ULID whose time part is `atMs` (the ledger's clock). */
export type NewId = (atMs: number) => string;

/**
 * The ledger's id source: ULIDs timed by the ledger's clock, their random part drawn from
 * `random` (a seeded source makes the same ids again) or, by default, from the platform's
 * cryptographic generator.
 */
export function ledgerIds(random?: () => number): NewId {
  // The time is encoded here: `ulid()` would read the real clock for a time of 0.
  return (atMs) => encodeTime(atMs) + ulid(1, random).slice(10);
}
