import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { createTerminal, type Terminal } from '../../src/index.js';
import type { MemberChangeV1 } from '../../src/protocol/index.js';
import type { MemberRecord } from '../../src/store/records.js';
import { Table } from '../../src/store/idb/table.js';
import { TerminalConnection } from '../../src/store/terminal-database.js';
import { applyPull } from '../../src/sync/apply-pull.js';
import { hasUnsettledSent, markSent, unansweredSentMembers } from '../../src/sync/sent-intents.js';

// These tests need no ledger: intents are written offline through the terminal's own writer,
// for members cached as earlier lookups would have.
const NAME = 'tillpoints-bulk';
const MEMBERS = 1_000;
const id = (i: number) => `M${String(i).padStart(4, '0')}`;

async function tillWithQueue(members: number): Promise<{ factory: IDBFactory; terminal: Terminal; db: TerminalConnection }> {
  const factory = new IDBFactory();
  const db = new TerminalConnection(NAME, { indexedDB: factory, IDBKeyRange });
  const asOf = Date.now();
  await db.members.bulkPut(
    Array.from({ length: members }, (_, i): MemberRecord => ({
      memberId: id(i), tier: 'base', confirmed: 100, held: 0, version: 1, asOf, pendingCredit: 0, pendingDebit: 0, usedAt: asOf,
    })),
  );
  const terminal = createTerminal({
    ledgerUrl: 'http://127.0.0.1:9', terminalId: 'till-1', storeId: 'store-1', apiKey: 'tp_term_offline', indexedDB: factory, IDBKeyRange,
    databaseName: NAME, autoSync: false,
  });
  await terminal.start();
  return { factory, terminal, db };
}

const change = (memberId: string, points: number, version: number): MemberChangeV1 => ({
  memberId, points, held: 0, available: points, version, updatedAt: '2026-11-30T12:00:00.000Z',
  earn: { tier: 'base', visits: 3, qualifyingPoints: points, promotionPoints: {} },
});

describe('bulk reads when settling and pulling', () => {
  it('finds the members with sent, unanswered intents in one read, agreeing with the per-member question', async () => {
    const { terminal, db } = await tillWithQueue(12);
    for (let i = 0; i < 40; i++) await terminal.accrue({ memberId: id(i % 12), points: 1 + i, bill: { billId: `B${i}`, amountPaise: 100 } });
    const all = await db.intents.orderBy('seq').toArray();
    // Sent: seq 1-10 (answered later: confirmed by hand) and 21-30 (unanswered); 11-20 and 31-40 never sent.
    await markSent(db, all.slice(0, 10));
    await markSent(db, all.slice(20, 30));
    await db.intents.bulkPut((await db.intents.bulkGet(all.slice(0, 10).map((i) => i.seq!))).map((i) => ({ ...i!, state: 'confirmed' as const })));
    for (const afterSeq of [0, 10, 20, 25, 30, 40]) {
      const bulk = await db.transaction('r', ['intents', 'meta'], (tx) => unansweredSentMembers(tx, afterSeq));
      for (let m = 0; m < 12; m++) {
        const one = await db.transaction('r', ['intents', 'meta'], (tx) => hasUnsettledSent(tx, id(m), afterSeq));
        expect(bulk.has(id(m)), `member ${id(m)} after seq ${afterSeq}`).toBe(one);
      }
    }
    expect([...(await db.transaction('r', ['intents', 'meta'], (tx) => unansweredSentMembers(tx, 20)))].sort()).toEqual(
      [...new Set(all.slice(20, 30).map((i) => i.memberId))].sort(),
    );
    await terminal.close();
    db.close();
  });

  it('applies a pull page of 1,000 members with a few reads of the outbox, not one per member, and still counts once', async () => {
    const { terminal, db } = await tillWithQueue(MEMBERS);
    // Every member has a pending accrual; the first 50 were sent and their answers are outstanding.
    for (let i = 0; i < MEMBERS; i++) await terminal.accrue({ memberId: id(i), points: 10, bill: { billId: `B${i}`, amountPaise: 1000 } });
    const queued = await db.intents.orderBy('seq').toArray();
    await markSent(db, queued.slice(0, 50));
    await terminal.close();

    // The ledger's page: every member at 110 (version 2), which for the first 50 may hold the unanswered bill.
    const page = Array.from({ length: MEMBERS }, (_, i) => change(id(i), 110, 2));
    // Every table handle (the transaction's too) is a Table: count index reads of `intents`.
    const where = vi.spyOn(Table.prototype, 'where');
    const moved = await applyPull(db, page, 'cursor-1', Date.now());
    const intentReads = where.mock.contexts.filter((table) => (table as unknown as { name: string }).name === 'intents');
    expect(intentReads.length).toBeGreaterThan(0);
    expect(intentReads.length).toBeLessThanOrEqual(3);
    where.mockRestore();

    expect(moved).toHaveLength(MEMBERS - 50);
    const sent = await db.members.get(id(0));
    const unsent = await db.members.get(id(999));
    expect(sent).toMatchObject({ confirmed: 100, version: 1, pendingCredit: 10 }); // its own count stands: 100 + 10 pending
    expect(unsent).toMatchObject({ confirmed: 110, version: 2, pendingCredit: 10 });
    // The rules' view moves with the balance, plus the pending accrual: one more visit and its points.
    expect(unsent?.earnState).toEqual({ visits: 4, qualifyingPoints: 120, promotionPoints: {} });
    expect(sent?.earnState).toBeUndefined();
    expect((await db.meta.get('pullCursor'))?.value).toBe('cursor-1');
    db.close();
  });
});
