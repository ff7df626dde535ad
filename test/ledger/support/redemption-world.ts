import { monotonicUlids } from '../../../src/protocol/ulid.js';
import type { LedgerOptions } from '../../../src/ledger/index.js';
import type { RedemptionPolicyV1 } from '../../../src/protocol/index.js';
import { startTestLedger, type DatabaseKind, type Reply, type TestLedger } from '../../support/ledger-fixture.js';

/** A ledger whose clock a test moves by hand, with helpers for holds, allowances and policies. */
export interface RedemptionWorld {
  readonly t: TestLedger;
  /** The ledger's clock now. */
  now(): Date;
  /** Moves the ledger's clock on. */
  advance(minutes: number): void;
  /** A fresh hold id (a ULID, as a till makes). */
  holdId(): string;
  hold(key: string, till: Till, memberId: string, points: number, holdId?: string, billId?: string): Promise<Reply>;
  voidHold(key: string, till: Till, holdId: string): Promise<Reply>;
  allowances(key: string, till: Till, request: { memberIds?: string[]; frequent?: number }): Promise<Reply>;
  release(key: string, till: Till, allowanceIds: string[]): Promise<Reply>;
  setPolicy(policy: RedemptionPolicyV1, storeId?: string): Promise<Reply>;
  balance(memberId: string): Promise<{ points: number; held: number; available: number }>;
  /** Asserts the books balance and every member's stored balance matches the journal. */
  trialBalance(): Promise<{ total: number; mismatchedMembers: string[]; accounts: { account: string; balance: number }[] }>;
}

/** A till: its terminal id and store. */
export interface Till {
  readonly terminalId: string;
  readonly storeId: string;
}

const START = Date.parse('2026-03-02T10:00:00.000Z');

/** Starts a ledger with a hand-moved clock (no sweep timer: tests call `sweepHolds()`). */
export async function startRedemptionWorld(kind: DatabaseKind, options: Omit<LedgerOptions, 'database'> = {}): Promise<RedemptionWorld> {
  let clock = START;
  const t = await startTestLedger(kind, { holdSweepMs: 0, now: () => new Date(clock), ...options });
  const nextId = monotonicUlids();
  const envelope = (till: Till) => ({ protocol: 'v1', terminalId: till.terminalId, storeId: till.storeId });
  return {
    t,
    now: () => new Date(clock),
    advance: (minutes) => void (clock += minutes * 60_000),
    holdId: () => nextId(),
    hold: (key, till, memberId, points, holdId = nextId(), billId) =>
      t.post('/v1/holds', { ...envelope(till), holdId, memberId, points, ...(billId ? { billId } : {}) }, key),
    voidHold: (key, till, holdId) => t.post(`/v1/holds/${holdId}/void`, envelope(till), key),
    allowances: (key, till, request) => t.post('/v1/allowances', { ...envelope(till), ...request }, key),
    release: (key, till, allowanceIds) => t.post('/v1/allowances/release', { ...envelope(till), allowanceIds }, key),
    setPolicy: (policy, storeId) => t.post('/v1/admin/policy', { protocol: 'v1', ...(storeId ? { storeId } : {}), policy }, t.adminKey),
    async balance(memberId) {
      const r = await t.get(`/v1/members/lookup?memberId=${memberId}`, t.adminKey);
      return r.body.member.balance;
    },
    async trialBalance() {
      return (await t.get('/v1/admin/trial-balance', t.adminKey)).body;
    },
  };
}
