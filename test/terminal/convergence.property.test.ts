import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal, isTillpointsError, type Terminal } from '../../src/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const network = fc.constantFrom('pass', 'offline', 'drop-response') as fc.Arbitrary<'pass' | 'offline' | 'drop-response'>;
const op = fc.oneof(
  fc.record({ do: fc.constant('accrue' as const), till: fc.nat(1), member: fc.nat(1), points: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ do: fc.constant('redeem' as const), till: fc.nat(1), member: fc.nat(1), points: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ do: fc.constant('return' as const), till: fc.nat(1), pick: fc.nat() }),
  fc.record({ do: fc.constant('sync' as const), till: fc.nat(1) }),
  fc.record({ do: fc.constant('network' as const), till: fc.nat(1), mode: network }),
  fc.record({ do: fc.constant('restart' as const), till: fc.nat(1) }),
);

describe('tills and the ledger converge, whatever the network does', () => {
  let ledger: TestLedger;
  const keys: string[] = [];
  const proxies: FaultProxy[] = [];
  let run = 0;
  beforeAll(async () => {
    ledger = await startTestLedger('pglite');
    for (const i of [0, 1]) {
      keys.push(await ledger.addTerminal(`till-${i}`, 'store-1'));
      proxies.push(await startFaultProxy(ledger.url));
    }
  });
  afterAll(async () => {
    for (const p of proxies) await p.close();
    await ledger.close();
  });

  it('ends with every till showing the ledger\'s balances, each intent applied once, the books balanced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), async (ops) => {
        run++;
        const members = [`r${run}-a`, `r${run}-b`];
        await ledger.addMembers(members.map((memberId) => ({ memberId, openingPoints: 300 })));
        const factories = [new IDBFactory(), new IDBFactory()];
        const open = (i: number) =>
          createTerminal({
            ledgerUrl: proxies[i]!.url, terminalId: `till-${i}`, storeId: 'store-1', apiKey: keys[i]!,
            indexedDB: factories[i]!, IDBKeyRange, autoSync: false, requestTimeoutMs: 2000, databaseName: `run-${run}`,
          });
        const tills: Terminal[] = [open(0), open(1)];
        for (const t of tills) {
          await t.start();
          for (const m of members) await t.lookupMember({ memberId: m });
        }
        const made: { till: number; intentId: string; left: number }[] = [];
        for (const o of ops) {
          const t = tills[o.till]!;
          try {
            if (o.do === 'accrue') {
              const r = await t.accrue({ memberId: members[o.member]!, points: o.points, bill: { billId: `B${run}-${made.length}`, amountPaise: o.points * 100 } });
              made.push({ till: o.till, intentId: r.intentId, left: o.points });
            } else if (o.do === 'redeem') {
              await t.redeem({ memberId: members[o.member]!, points: o.points });
            } else if (o.do === 'return') {
              const mine = made.filter((m) => m.till === o.till && m.left > 0);
              const target = mine[o.pick % Math.max(1, mine.length)];
              if (target) {
                await t.reverse({ originalIntentId: target.intentId, points: target.left });
                target.left = 0;
              }
            } else if (o.do === 'sync') {
              await t.sync();
            } else if (o.do === 'network') {
              proxies[o.till]!.mode = { kind: o.mode };
            } else {
              await t.close();
              tills[o.till] = open(o.till);
              await tills[o.till]!.start();
            }
          } catch (error) {
            // Refusals at the counter (offline: by the store's policy) and network failures are expected; anything else is a bug.
            if (!isTillpointsError(error, 'insufficient_points', 'invalid_reversal', 'network', 'offline_redemption_denied', 'allowance_unavailable')) throw error;
          }
        }
        for (const p of proxies) p.mode = { kind: 'pass' };
        for (const t of tills) await t.sync();
        for (const t of tills) await t.sync(); // the second round pulls what the other till pushed
        for (const memberId of members) {
          const atLedger = (await ledger.get(`/v1/members/lookup?memberId=${memberId}`, ledger.adminKey)).body.member.balance.points;
          for (const t of tills) {
            expect(await t.getBalance(memberId)).toMatchObject({ confirmed: atLedger, provisional: atLedger, pendingAccrual: 0, pendingRedemption: 0 });
          }
        }
        for (const t of tills) expect((await t.status()).queueDepth).toBe(0);
        // Each till's confirmed intents are exactly the ledger's applied ones: none lost, none twice.
        for (const [i, t] of tills.entries()) {
          const local = (await Promise.all(members.map((m) => t.history(m)))).flat().filter((x) => x.state === 'confirmed').map((x) => x.intentId).sort();
          const rows = await ledger.ledger.database.query(
            `SELECT intent_id FROM intents WHERE terminal_id = $1 AND outcome = 'applied' AND member_id = ANY($2::text[]) ORDER BY intent_id`,
            [`till-${i}`, members],
          );
          expect(local).toEqual(rows.map((r) => r.intent_id));
        }
        for (const t of tills) await t.close();
        const tb = (await ledger.get('/v1/admin/trial-balance', ledger.adminKey)).body;
        expect(tb.total).toBe(0);
        expect(tb.mismatchedMembers).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
