import type { TerminalConnection, TerminalDatabase } from './terminal-database.js';

/** The meta key of this database's incarnation. */
export const INCARNATION_KEY = 'incarnation';

/**
 * Which incarnation of its terminal this local database is, decided once when the database
 * is first opened and kept in `meta`:
 * - `unregistered`: it started empty (a new till, or one whose storage was wiped); it must
 *   register `incarnationId` at the ledger before it sends anything;
 * - `registered`: the ledger gave it `seqBase`: its wire seq is its local seq plus that;
 * - `legacy`: it already held data from an SDK older than incarnations (an upgrade), or the
 *   ledger is older than incarnations: wire seq = local seq, as before, forever (intents
 *   already sent must keep their content).
 */
export type TillIncarnation =
  | { readonly state: 'unregistered'; readonly incarnationId: string; readonly seqBase: null }
  | { readonly state: 'registered'; readonly incarnationId: string; readonly seqBase: number }
  | { readonly state: 'legacy'; readonly incarnationId: string | null; readonly seqBase: 0 };

function isTillIncarnation(value: unknown): value is TillIncarnation {
  const v = value as Partial<Record<keyof TillIncarnation, unknown>> | null;
  if (typeof v !== 'object' || v === null) return false;
  if (v.state === 'unregistered') return typeof v.incarnationId === 'string' && v.seqBase === null;
  if (v.state === 'registered') return typeof v.incarnationId === 'string' && Number.isSafeInteger(v.seqBase) && (v.seqBase as number) >= 0;
  return v.state === 'legacy' && (v.incarnationId === null || typeof v.incarnationId === 'string') && v.seqBase === 0;
}

/**
 * Decides the incarnation of a database that has none yet: a new one (`unregistered`, id
 * from `newId`) when it holds nothing at all (no intents, no members, no meta), `legacy`
 * otherwise. Runs in one transaction, so two tabs opening at once agree; a database that
 * already has an incarnation keeps it.
 */
export async function decideIncarnation(db: TerminalDatabase, newId: () => string): Promise<TillIncarnation> {
  return db.transaction('rw', ['intents', 'members', 'meta'], async (tx) => {
    const stored = (await tx.meta.get(INCARNATION_KEY))?.value;
    if (stored !== undefined) {
      if (isTillIncarnation(stored)) return stored;
      // Unreadable (a bug, or tampering): numbering as before is the one choice that cannot
      // change the content of an intent already sent.
      return { state: 'legacy', incarnationId: null, seqBase: 0 };
    }
    const empty = (await tx.intents.count()) === 0 && (await tx.members.count()) === 0 && (await tx.meta.count()) === 0;
    const decided: TillIncarnation = empty
      ? { state: 'unregistered', incarnationId: newId(), seqBase: null }
      : { state: 'legacy', incarnationId: null, seqBase: 0 };
    await tx.meta.put({ key: INCARNATION_KEY, value: decided });
    return decided;
  });
}

/**
 * Makes `db` decide its incarnation each time it opens, before any other operation runs
 * (calls made meanwhile wait for it): no intent can be written to a new database before it
 * knows it is new.
 */
export function decideIncarnationOnOpen(db: TerminalConnection, newId: () => string): void {
  db.onOpen(async (tables) => void (await decideIncarnation(tables, newId)));
}

/** This database's incarnation, as decided when it was opened. */
export async function readIncarnation(db: TerminalDatabase): Promise<TillIncarnation> {
  const stored = (await db.meta.get(INCARNATION_KEY))?.value;
  return isTillIncarnation(stored) ? stored : { state: 'legacy', incarnationId: null, seqBase: 0 };
}

/**
 * Records what the ledger answered for an unregistered incarnation, unless it was settled
 * meanwhile (another tab): returns the incarnation in force.
 */
export async function settleIncarnation(
  db: TerminalDatabase,
  incarnationId: string,
  settled: { readonly state: 'registered'; readonly seqBase: number } | { readonly state: 'legacy' },
): Promise<TillIncarnation> {
  return db.transaction('rw', ['meta'], async (tx) => {
    const current = await readIncarnation(tx);
    if (current.state !== 'unregistered' || current.incarnationId !== incarnationId) return current;
    const next: TillIncarnation = settled.state === 'registered'
      ? { state: 'registered', incarnationId, seqBase: settled.seqBase }
      : { state: 'legacy', incarnationId, seqBase: 0 };
    await tx.meta.put({ key: INCARNATION_KEY, value: next });
    return next;
  });
}
