import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, type Terminal, type TerminalOptions } from '../../src/index.js';
import type { TerminalEvents } from '../../src/terminal/events.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startTestLedger, type TestLedger } from './ledger-fixture.js';

/** A real ledger (PGlite) behind a fault proxy, with one registered till and a few members. */
export interface TillWorld {
  readonly ledger: TestLedger;
  readonly proxy: FaultProxy;
  readonly apiKey: string;
  /** A terminal on `factory` (a fresh IndexedDB unless given), talking through the proxy. */
  terminal(options?: Partial<TerminalOptions> & { factory?: IDBFactory }): Terminal;
  /** The member's balance at the ledger. */
  ledgerPoints(memberId: string): Promise<number>;
  /** Publishes a ruleset at the ledger (admin), in force from `effectiveFrom` (default: long ago). */
  publishRuleset(ruleset: object, effectiveFrom?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTillWorld(
  members: { memberId: string; openingPoints?: number; phone?: string; cardNumber?: string; tier?: string }[],
  ledgerOptions: Parameters<typeof startTestLedger>[1] = {},
): Promise<TillWorld> {
  const ledger = await startTestLedger('pglite', ledgerOptions);
  const apiKey = await ledger.addTerminal('till-1', 'store-1');
  if (members.length > 0) await ledger.addMembers(members);
  const proxy = await startFaultProxy(ledger.url);
  const terminals: Terminal[] = [];
  return {
    ledger,
    proxy,
    apiKey,
    terminal({ factory, ...options } = {}) {
      const t = createTerminal({
        ledgerUrl: proxy.url,
        terminalId: 'till-1',
        storeId: 'store-1',
        apiKey,
        indexedDB: factory ?? new IDBFactory(),
        IDBKeyRange,
        autoSync: false,
        requestTimeoutMs: 2000,
        ...options,
      });
      terminals.push(t);
      return t;
    },
    async ledgerPoints(memberId) {
      const r = await ledger.get(`/v1/members/lookup?memberId=${memberId}`, ledger.adminKey);
      return r.body.member.balance.points as number;
    },
    async publishRuleset(ruleset, effectiveFrom = '2020-01-01T00:00:00.000Z') {
      const r = await ledger.post('/v1/admin/rulesets', { protocol: 'v1', ruleset, effectiveFrom }, ledger.adminKey);
      if (r.status !== 201) throw new Error(`publishRuleset: ${JSON.stringify(r.body)}`);
    },
    async close() {
      for (const t of terminals) await t.close().catch(() => {});
      await proxy.close();
      await ledger.close();
    },
  };
}

/** Resolves with the first `event` that satisfies `match`: waiting on an explicit event, never a sleep. */
export function nextEvent<K extends keyof TerminalEvents>(
  terminal: Terminal,
  event: K,
  match: (value: TerminalEvents[K]) => boolean = () => true,
): Promise<TerminalEvents[K]> {
  return new Promise((resolve) => {
    const off = terminal.on(event, (value) => {
      if (match(value)) {
        off();
        resolve(value);
      }
    });
  });
}

export const bill = (billId: string, amountPaise: number) => ({ billId, amountPaise });
