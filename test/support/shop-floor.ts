import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, type Terminal } from '../../src/index.js';
import type { RedemptionPolicyV1 } from '../../src/protocol/index.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startTestLedger, type TestLedger } from './ledger-fixture.js';

/** One till of the shop floor: its terminal, the switch in front of the ledger, its storage. */
export interface FloorTill {
  readonly terminal: Terminal;
  readonly proxy: FaultProxy;
  readonly factory: IDBFactory;
  offline(): void;
  online(): void;
}

/**
 * A real ledger (PGlite) whose clock the test moves, and tills of several stores, each behind
 * its own fault proxy with its own IndexedDB and clock: the world of the conflict table.
 */
export interface ShopFloor {
  readonly ledger: TestLedger;
  /** Moves the ledger's clock (and every till's) on by `minutes`; `tillsToo: false` moves the ledger's only. */
  advance(minutes: number, options?: { tillsToo?: boolean }): void;
  /**
   * Registers a till (once) and starts a terminal for it on `factory` (a fresh IndexedDB unless
   * given: pass a new one to wipe a till's storage). No automatic sync: tests call `sync()`.
   */
  till(terminalId: string, storeId: string, options?: { factory?: IDBFactory }): Promise<FloorTill>;
  setPolicy(policy: RedemptionPolicyV1, storeId?: string): Promise<void>;
  /** The member's balance at the ledger. */
  balance(memberId: string): Promise<{ points: number; held: number; available: number }>;
  /** The app (another channel) spends points at the ledger, as the brand's app would. */
  appSpends(memberId: string, points: number): Promise<string>;
  admin<T = any>(path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

const START = Date.parse('2026-03-02T10:00:00.000Z');

export async function startShopFloor(members: { memberId: string; openingPoints?: number; phone?: string }[]): Promise<ShopFloor> {
  let ledgerClock = START;
  let tillClock = START;
  const ledger = await startTestLedger('pglite', { holdSweepMs: 0, now: () => new Date(ledgerClock) });
  if (members.length > 0) await ledger.addMembers(members);
  const appKey = await ledger.addTerminal('brand-app', 'app');
  const tills: FloorTill[] = [];
  const keys = new Map<string, string>();
  let appIntents = 0;
  const admin = async (path: string, body?: unknown) => {
    const r = body === undefined ? await ledger.get(path, ledger.adminKey) : await ledger.post(path, body, ledger.adminKey);
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return {
    ledger,
    advance(minutes, { tillsToo = true } = {}) {
      ledgerClock += minutes * 60_000;
      if (tillsToo) tillClock += minutes * 60_000;
    },
    async till(terminalId, storeId, { factory = new IDBFactory() } = {}) {
      // A till opened again (after a wipe, or on its old storage) keeps its key.
      const apiKey = keys.get(terminalId) ?? (await ledger.addTerminal(terminalId, storeId));
      keys.set(terminalId, apiKey);
      const proxy = await startFaultProxy(ledger.url);
      const terminal = createTerminal({
        ledgerUrl: proxy.url, terminalId, storeId, apiKey, indexedDB: factory, IDBKeyRange,
        autoSync: false, requestTimeoutMs: 2000, holdDeadlineMs: 1000, now: () => tillClock,
      });
      await terminal.start();
      const till: FloorTill = {
        terminal, proxy, factory,
        offline: () => void (proxy.mode = { kind: 'offline' }),
        online: () => void (proxy.mode = { kind: 'pass' }),
      };
      tills.push(till);
      return till;
    },
    async setPolicy(policy, storeId) {
      await admin('/v1/admin/policy', { protocol: 'v1', ...(storeId ? { storeId } : {}), policy });
    },
    async balance(memberId) {
      return (await admin(`/v1/members/lookup?memberId=${memberId}`)).member.balance;
    },
    async appSpends(memberId, points) {
      const intentId = `01JD${String(++appIntents).padStart(22, '0')}`;
      const r = await ledger.post('/v1/push', {
        protocol: 'v1', terminalId: 'brand-app', storeId: 'app',
        intents: [{ kind: 'redeem', intentId, terminalId: 'brand-app', storeId: 'app', memberId, seq: appIntents, occurredAt: new Date(ledgerClock).toISOString(), points }],
      }, appKey);
      return r.body.results[0].outcome === 'applied' ? 'applied' : r.body.results[0].reason;
    },
    admin,
    async close() {
      for (const t of tills) await t.terminal.close().catch(() => {});
      for (const t of tills) await t.proxy.close();
      await ledger.close();
    },
  };
}
