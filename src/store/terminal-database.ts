import Dexie, { type Table } from 'dexie';
import type { HoldRecord } from './hold-record.js';
import type { IntentRecord, MemberRecord, MetaRecord } from './records.js';

/**
 * Every version of the local schema, oldest first. Never edit a released version: add
 * one, with an upgrade when existing rows must change. Queued intents must survive
 * every upgrade (tested).
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
    upgrade: async (tx: import('dexie').Transaction) => {
      await tx
        .table('intents')
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
    upgrade: async (tx: import('dexie').Transaction) => {
      await tx
        .table('members')
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

/** Where the terminal keeps its data: IndexedDB through Dexie. */
export class TerminalDatabase extends Dexie {
  members!: Table<MemberRecord, string>;
  intents!: Table<IntentRecord, number>;
  meta!: Table<MetaRecord, string>;
  holds!: Table<HoldRecord, string>;

  constructor(name: string, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}, upTo = LOCAL_SCHEMA_VERSION) {
    super(name, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
      // A till must keep working when another tab upgrades the schema: reopen, don't block.
      autoOpen: true,
    });
    for (const step of LOCAL_SCHEMA_VERSIONS) {
      if (step.version > upTo) break;
      const v = this.version(step.version).stores(step.stores);
      if ('upgrade' in step) v.upgrade(step.upgrade);
    }
  }
}
