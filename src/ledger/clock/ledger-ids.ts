import { cryptoRandom, encodeUlidTime, randomUlidPart } from '../../protocol/ulid.js';

/** Makes one id: a ULID whose time part is `atMs` (the ledger's clock). */
export type NewId = (atMs: number) => string;

/**
 * The ledger's id source: ULIDs timed by the ledger's clock, their random part drawn from
 * `random` (a seeded source makes the same ids again) or, by default, from the platform's
 * cryptographic generator.
 */
export function ledgerIds(random: () => number = cryptoRandom()): NewId {
  return (atMs) => encodeUlidTime(atMs) + randomUlidPart(random);
}
