import { IDBKeyRange, type IDBFactory } from 'fake-indexeddb';
import { monotonicUlids } from '../../../src/protocol/ulid.js';
import type { BillRefV1 } from '../../../src/protocol/index.js';
import type { IntentRecord } from '../../../src/store/records.js';
import { TerminalConnection } from '../../../src/store/terminal-database.js';

/** The database name of the fixture's till (`till-1` of `store-1`). */
export const TILL_DATABASE = 'tillpoints-store-1-till-1';

const nextId = monotonicUlids();

/** A bill of `lines` lines of 1 rupee each: about 100 bytes a line on the wire. */
export function bigBill(billId: string, lines: number): BillRefV1 {
  return {
    billId,
    amountPaise: lines * 100,
    lines: Array.from({ length: lines }, (_, i) => ({
      lineId: `L${i}`, sku: `SKU-${String(i).padStart(8, '0')}`, category: 'grocery', quantity: 1, unitPricePaise: 100, amountPaise: 100,
    })),
  };
}

/**
 * Stores an accrual straight into the till's outbox, with its pending credit on the member,
 * in one transaction: as an older or buggy SDK would have stored it, unchecked.
 * Returns its intent id.
 */
export async function storeRawAccrual(factory: IDBFactory, memberId: string, points: number, bill: BillRefV1): Promise<string> {
  const db = new TerminalConnection(TILL_DATABASE, { indexedDB: factory, IDBKeyRange });
  const intentId = nextId();
  const now = Date.now();
  await db.transaction('rw', ['members', 'intents'], async (tx) => {
    const row: IntentRecord = {
      intentId, kind: 'accrue', memberId, state: 'pending', createdAt: now, occurredAt: new Date(now).toISOString(), points, bill,
      credit: points, debit: 0, sentAt: null, attempts: 0, settledAt: null, reversedPoints: 0,
    };
    await tx.intents.add(row);
    const member = (await tx.members.get(memberId))!;
    await tx.members.put({ ...member, pendingCredit: member.pendingCredit + points });
  });
  db.close();
  return intentId;
}
