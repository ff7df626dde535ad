import type { HoldRecord } from './hold-record.js';
import { IdbDatabase, type IdbOptions, type SchemaVersion } from './idb/database.js';
import type { Table } from './idb/table.js';
import type { Tables } from './idb/tables.js';
import type { IntentRecord, MemberRecord, MetaRecord } from './records.js';

/** The terminal's tables by name. */
export type TerminalTables = {
  readonly members: Table<MemberRecord, string>;
  readonly intents: Table<IntentRecord, number>;
  readonly meta: Table<MetaRecord, string>;
  readonly holds: Table<HoldRecord, string>;
};

/**
 * The terminal's tables, outside a transaction or as a transaction's `tx`: what every reader
 * and writer of the local store takes (see `Tables.transaction`).
 */
export type TerminalDatabase = Tables<TerminalTables>;

/**
 * Every version of the local schema, oldest first, in Dexie's store syntax (SDKs up to 0.1
 * kept the store with Dexie: names, indexes and IndexedDB versions stay as Dexie made them).
 * Never edit a released version: add one, with an upgrade when existing rows must change.
 * Queued intents must survive every upgrade (tested, from databases Dexie itself made).
 */
export const LOCAL_SCHEMA_VERSIONS = [
  {
    version: 1,
    stores: {
      members: 'memberId, cardNumber, phone',
      intents: '++seq, &intentId, memberId, [state+seq]',
      meta: 'key',
    },
  },
  {
    // v2: intents record when they were settled (the audit trail is pruned by it) and how
    // many of their points later returns took back. The `memberId` index goes: every index
    // on `intents` is paid for on every checkout, and a member's history is a rare read.
    version: 2,
    stores: {
      members: 'memberId, cardNumber, phone',
      intents: '++seq, &intentId, [state+seq]',
      meta: 'key',
    },
    upgrade: async (tx: TerminalDatabase) => {
      await tx.intents
        .toCollection()
        .modify((intent: Partial<IntentRecord>) => {
          intent.reversedPoints ??= 0;
          intent.settledAt ??= null;
        });
    },
  },
  {
    // v3: members record when they were last used at this till, indexed, so a pull can
    // name the most recently used ones when the till holds more than one pull may name.
    // Intents are untouched (new states and fields are additive).
    version: 3,
    stores: {
      members: 'memberId, cardNumber, phone, usedAt',
      intents: '++seq, &intentId, [state+seq]',
      meta: 'key',
    },
    upgrade: async (tx: TerminalDatabase) => {
      await tx.members
        .toCollection()
        .modify((member: Partial<MemberRecord>) => {
          member.usedAt ??= member.asOf ?? 0;
        });
    },
  },
  {
    // v4: this till's holds and allowances (see `HoldRecord`), by id, member and state.
    // Nothing else changes: queued intents are sent as stored (no basis: decided as before),
    // and a member row without `ownHeld` has none.
    version: 4,
    stores: {
      members: 'memberId, cardNumber, phone, usedAt',
      intents: '++seq, &intentId, [state+seq]',
      meta: 'key',
      holds: 'holdId, memberId, state',
    },
  },
  {
    // v5: intents by member and state, so what a member's pending intents add (a lookup's
    // earn state, a settle's "is an answer still owed") reads that member's rows, not the
    // whole queue: a month offline queues thousands. Rows are untouched (the index is built
    // over them by the upgrade).
    version: 5,
    stores: {
      members: 'memberId, cardNumber, phone, usedAt',
      intents: '++seq, &intentId, [state+seq], [memberId+state]',
      meta: 'key',
      holds: 'holdId, memberId, state',
    },
  },
] as const;

/** The newest local schema version. */
export const LOCAL_SCHEMA_VERSION = LOCAL_SCHEMA_VERSIONS[LOCAL_SCHEMA_VERSIONS.length - 1]!.version;

/**
 * Where the terminal keeps its data: its own IndexedDB database, opened on first use (or by
 * `open()`), upgraded from any older version, Dexie's included.
 */
export class TerminalConnection extends IdbDatabase<TerminalTables> {
  declare readonly members: TerminalTables['members'];
  declare readonly intents: TerminalTables['intents'];
  declare readonly meta: TerminalTables['meta'];
  declare readonly holds: TerminalTables['holds'];

  /** `upTo`: the newest version to open at (tests make older databases with it). */
  constructor(name: string, options: IdbOptions = {}, upTo: number = LOCAL_SCHEMA_VERSION) {
    super(name, LOCAL_SCHEMA_VERSIONS.filter((v) => v.version <= upTo) as readonly SchemaVersion<TerminalDatabase>[], options);
  }
}
