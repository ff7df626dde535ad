import { monotonicUlids } from '../../../src/protocol/ulid.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import { startTestLedger, type DatabaseKind, type TestLedger } from '../../support/ledger-fixture.js';

/** An intent the ledger applied, kept so later requests can reverse or repeat it. */
export interface KnownIntent {
  readonly intentId: string;
  readonly memberId: string;
  readonly kind: string;
  readonly body: unknown;
}

/**
 * One ledger shared by every run of a fuzz file, with the parties requests speak for:
 * a till, a till of another store, the loyalty team, members, and what was applied so far.
 */
export interface FuzzWorld {
  readonly t: TestLedger;
  readonly till: { readonly terminalId: string; readonly storeId: string; readonly key: string };
  readonly otherTill: { readonly terminalId: string; readonly storeId: string; readonly key: string };
  /** A till whose key was revoked. */
  readonly revokedKey: string;
  readonly adminKey: string;
  /** Members that exist, with a card and a phone for some. */
  readonly members: string[];
  readonly cards: string[];
  readonly phones: string[];
  readonly applied: KnownIntent[];
  /** Cursors the ledger gave out. */
  readonly cursors: string[];
  /** Terminals made by fuzz runs, which a run may revoke. */
  readonly spareTerminals: string[];
  /** The newest published ruleset version (0 before any). */
  rulesetVersion: number;
  /** The ledger's state after the last checked request, while nothing else has written since. */
  state: LedgerSnapshot | undefined;
  nextSeq(): number;
  nextUlid(): string;
  /** A new name no run used yet. */
  fresh(prefix: string): string;
  close(): Promise<void>;
}

/** Starts a ledger of `kind` with two tills, a revoked one and a few members. */
export async function startFuzzWorld(kind: DatabaseKind): Promise<FuzzWorld> {
  const t = await startTestLedger(kind, { maxBodyBytes: 256 * 1024 });
  const till = { terminalId: 'fuzz-till.1', storeId: 'fuzz-store:A', key: '' };
  const otherTill = { terminalId: 'fuzz-till.2', storeId: 'fuzz-store:B', key: '' };
  till.key = await t.addTerminal(till.terminalId, till.storeId);
  otherTill.key = await t.addTerminal(otherTill.terminalId, otherTill.storeId);
  const revokedKey = await t.addTerminal('fuzz-gone', 'fuzz-store:A');
  await t.addManager(till.storeId);
  await t.post('/v1/admin/terminals/fuzz-gone/revoke', undefined, t.adminKey);
  const members = ['m-1', 'm-2', 'm-3', 'm-4'];
  const cards = ['CARD0001', 'CARD0002'];
  const phones = ['9876543210', '9123456780'];
  await t.addMembers([
    { memberId: 'm-1', cardNumber: cards[0]!, phone: phones[0]!, openingPoints: 1_000 },
    { memberId: 'm-2', cardNumber: cards[1]!, phone: phones[1]!, openingPoints: 50 },
    { memberId: 'm-3' },
    { memberId: 'm-4', openingPoints: 2_000_000 },
  ]);
  const nextId = monotonicUlids();
  let seq = 0;
  let names = 0;
  return {
    t,
    till,
    otherTill,
    revokedKey,
    adminKey: t.adminKey,
    members,
    cards,
    phones,
    applied: [],
    cursors: [],
    spareTerminals: [],
    rulesetVersion: 0,
    state: undefined,
    nextSeq: () => ++seq,
    nextUlid: () => nextId(),
    fresh: (prefix) => `${prefix}-${++names}`,
    close: () => t.close(),
  };
}
