import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PULL_MEMBERS } from '../../src/protocol/index.js';
import type { MemberRecord } from '../../src/store/records.js';
import { TerminalConnection } from '../../src/store/terminal-database.js';
import { startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { ledgerFetch } from './support/ledger-fetch.js';
import { TILL_DATABASE } from './support/poison.js';

describe('what a till pulls', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }, { memberId: 'ravi', openingPoints: 100 }]);
  });
  afterEach(() => w.close());

  const adjust = (intentId: string, memberId: string, points: number) =>
    w.ledger.post('/v1/admin/adjustments', { protocol: 'v1', adjustments: [{ intentId, memberId, points, reason: 'app', approvedBy: 'app' }] }, w.ledger.adminKey);

  it('starts again from the beginning, for its members, when the ledger does not know its cursor', async () => {
    const factory = new IDBFactory();
    const t = w.terminal({ factory });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.sync();
    await adjust('01JD0000000000000000000001', 'asha', 50);
    // The stored cursor is damaged (or the ledger was restored from a backup).
    const db = new TerminalConnection(TILL_DATABASE, { indexedDB: factory, IDBKeyRange });
    await db.meta.put({ key: 'pullCursor', value: 'bm90LWEtY3Vyc29y' });

    expect(await t.sync()).toMatchObject({ pulled: 1 });
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 550, provisional: 550 });
    const cursor = (await db.meta.get('pullCursor'))?.value;
    expect(cursor).not.toBe('bm90LWEtY3Vyc29y');
    // And the next round goes on from the new cursor.
    await adjust('01JD0000000000000000000002', 'asha', 5);
    expect(await t.sync()).toMatchObject({ pulled: 1 });
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 555 });
    db.close();
  });

  it('names its most recently used members, at most the protocol allows, when it holds more', async () => {
    const asked: string[][] = [];
    const fetch = ledgerFetch('/v1/pull', async (body, forward) => {
      asked.push(body.memberIds);
      return forward(body);
    });
    const factory = new IDBFactory();
    const t = w.terminal({ factory, fetch });
    await t.start();
    // Members cached long ago, one more than a pull may name.
    const db = new TerminalConnection(TILL_DATABASE, { indexedDB: factory, IDBKeyRange });
    const long = Date.now() - 86_400_000;
    const old: MemberRecord[] = Array.from({ length: MAX_PULL_MEMBERS + 1 }, (_, i) => ({
      memberId: `old-${i}`, tier: 'base', confirmed: 0, held: 0, version: 1, asOf: long, pendingCredit: 0, pendingDebit: 0, usedAt: long + i,
    }));
    await db.members.bulkPut(old);
    db.close();
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'ravi', points: 5, bill: { billId: 'B1', amountPaise: 5_000 } });

    await t.sync();
    expect(asked).toHaveLength(1);
    const scope = asked[0]!;
    expect(scope).toHaveLength(MAX_PULL_MEMBERS);
    expect(scope.slice(0, 2).sort()).toEqual(['asha', 'ravi']);
    // The two least recently used of the old ones are left out.
    expect(scope).not.toContain('old-0');
    expect(scope).not.toContain('old-1');
    expect(scope).toContain(`old-${MAX_PULL_MEMBERS}`);
  });
});
