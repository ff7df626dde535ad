import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_SCHEMA_VERSION } from '../../src/index.js';
import type { IntentRecord, MemberRecord } from '../../src/store/records.js';
import { TerminalConnection } from '../../src/store/terminal-database.js';
import { dexieMadeDatabase } from '../support/dexie-made-database.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

describe('the local database across versions and time', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
  });
  afterEach(() => w.close());

  it('keeps intents queued by the first schema version through the upgrade, and sends them', async () => {
    expect(LOCAL_SCHEMA_VERSION).toBeGreaterThan(1);
    const factory = new IDBFactory();
    const name = 'tillpoints-store-1-till-1';
    const old = await dexieMadeDatabase(name, factory, 1);
    // A member row as version 1 wrote it: without `usedAt`.
    await old.members.put({ memberId: 'asha', tier: 'base', confirmed: 100, held: 0, version: 1, asOf: Date.now(), pendingCredit: 35, pendingDebit: 0 } as unknown as MemberRecord);
    // Rows as version 1 wrote them: without the fields version 2 added.
    const v1Intent = (i: number, points: number) =>
      ({
        intentId: `01JD00000000000000000000${i}0`, kind: 'accrue', memberId: 'asha', state: 'pending', createdAt: Date.now(),
        occurredAt: new Date().toISOString(), points, bill: bill(`OLD${i}`, points * 1000), credit: points, debit: 0, sentAt: null, attempts: 0,
      }) as unknown as IntentRecord;
    await old.intents.bulkAdd([v1Intent(1, 20), v1Intent(2, 15)]);
    old.close();

    const t = w.terminal({ factory });
    await t.start();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 135 });
    const history = await t.history('asha');
    expect(history.map((i) => [i.state, i.reversedPoints, i.settledAt])).toEqual([['pending', 0, null], ['pending', 0, null]]);
    expect(await t.sync()).toMatchObject({ pushed: 2, confirmed: 2 });
    expect(await w.ledgerPoints('asha')).toBe(135);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 135, provisional: 135 });
  });

  it('keeps a full queue written by version 2 through the upgrade to 3, and sends it with the same content (a lost answer comes back a duplicate)', async () => {
    const factory = new IDBFactory();
    const name = 'tillpoints-store-1-till-1';
    const old = await dexieMadeDatabase(name, factory, 2);
    const at = new Date().toISOString();
    // Rows exactly as version 2 of the SDK stored them: no `usedAt` on the member.
    await old.members.put({ memberId: 'asha', tier: 'base', confirmed: 100, held: 0, version: 1, asOf: Date.now(), pendingCredit: 25, pendingDebit: 25 } as unknown as MemberRecord);
    const row = (i: number, fields: object) =>
      ({
        intentId: `01JD00000000000000000000${i}0`, memberId: 'asha', state: 'pending', createdAt: Date.now(), occurredAt: at,
        sentAt: null, attempts: 0, settledAt: null, reversedPoints: 0, ...fields,
      }) as unknown as IntentRecord;
    await old.intents.bulkAdd([
      row(1, { kind: 'accrue', points: 20, bill: bill('OLD1', 20_000), credit: 20, debit: 0, sentAt: Date.now(), attempts: 1, reversedPoints: 10 }),
      row(2, { kind: 'redeem', points: 15, credit: 0, debit: 15 }),
      row(3, { kind: 'adjust', points: 5, reason: 'goodwill', approvedBy: 'manager-1', credit: 5, debit: 0 }),
      row(4, { kind: 'reverse', points: 10, originalIntentId: '01JD0000000000000000000010', reason: 'returned', credit: 0, debit: 10 }),
    ]);
    await old.meta.put({ key: 'maxSentSeq', value: 1 });
    old.close();
    // The old SDK had sent the first one, in this wire form, and lost the answer.
    const sent = await w.ledger.post('/v1/push', { protocol: 'v1', terminalId: 'till-1', storeId: 'store-1', intents: [{
      intentId: '01JD0000000000000000000010', terminalId: 'till-1', storeId: 'store-1', memberId: 'asha', seq: 1, occurredAt: at,
      kind: 'accrue', points: 20, bill: bill('OLD1', 20_000),
    }] }, w.apiKey);
    expect(sent.body.results[0].outcome).toBe('applied');

    const t = w.terminal({ factory });
    await t.start();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 100 });
    // Same content, same hash: nothing is an intent_conflict. The adjustment was queued before
    // managers approved adjustments, so the ledger refuses it (a conflict for staff), never silently.
    expect(await t.sync()).toMatchObject({ pushed: 4, confirmed: 3, rejected: 1, quarantined: 0 });
    const rows = await w.ledger.ledger.database.query(
      `SELECT outcome, result->>'reason' AS reason, count(*)::int AS n FROM intents WHERE terminal_id = 'till-1' GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(rows.map((r) => [r.outcome, r.reason, Number(r.n)])).toEqual([['applied', null, 3], ['rejected', 'manager_approval_required', 1]]);
    expect((await t.conflicts()).map((c) => c.reason)).toEqual(['manager_approval_required']);
    expect(await w.ledgerPoints('asha')).toBe(95);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 95, provisional: 95, pendingAccrual: 0, pendingRedemption: 0 });
    await t.close();
    const upgraded = new TerminalConnection(name, { indexedDB: factory, IDBKeyRange });
    expect(typeof (await upgraded.members.get('asha'))?.usedAt).toBe('number');
    upgraded.close();
  });

  it('keeps a full queue written by version 3 through the upgrade to 4, and sends it with the same content (no basis: decided as before)', async () => {
    const factory = new IDBFactory();
    const name = 'tillpoints-store-1-till-1';
    const old = await dexieMadeDatabase(name, factory, 3);
    const at = new Date().toISOString();
    // Rows exactly as version 3 of the SDK stored them: no holds table, no `ownHeld`, redemptions without a basis.
    await old.members.put({ memberId: 'asha', tier: 'base', confirmed: 100, held: 0, version: 1, asOf: Date.now(), pendingCredit: 20, pendingDebit: 45, usedAt: Date.now() });
    const row = (i: number, fields: object) =>
      ({
        intentId: `01JD00000000000000000000${i}0`, memberId: 'asha', state: 'pending', createdAt: Date.now(), occurredAt: at,
        sentAt: null, attempts: 0, settledAt: null, reversedPoints: 0, ...fields,
      }) as unknown as IntentRecord;
    await old.intents.bulkAdd([
      row(1, { kind: 'redeem', points: 30, bill: bill('OLD1', 30_000), credit: 0, debit: 30, sentAt: Date.now(), attempts: 1 }),
      row(2, { kind: 'accrue', points: 20, bill: bill('OLD2', 20_000), credit: 20, debit: 0 }),
      row(3, { kind: 'redeem', points: 15, credit: 0, debit: 15 }),
    ]);
    await old.meta.put({ key: 'maxSentSeq', value: 1 });
    old.close();
    // The old SDK had sent the first one, in this wire form, and lost the answer.
    const sent = await w.ledger.post('/v1/push', { protocol: 'v1', terminalId: 'till-1', storeId: 'store-1', intents: [{
      intentId: '01JD0000000000000000000010', terminalId: 'till-1', storeId: 'store-1', memberId: 'asha', seq: 1, occurredAt: at,
      kind: 'redeem', points: 30, bill: bill('OLD1', 30_000),
    }] }, w.apiKey);
    expect(sent.body.results[0].outcome).toBe('applied');

    const t = w.terminal({ factory });
    await t.start();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 75 });
    // Same content, same hash: the first is a duplicate, not an intent_conflict; the others apply as plain debits and credits.
    expect(await t.sync()).toMatchObject({ pushed: 3, confirmed: 3, rejected: 0, quarantined: 0 });
    const rows = await w.ledger.ledger.database.query(
      `SELECT outcome, basis, count(*)::int AS n FROM intents WHERE terminal_id = 'till-1' GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(rows.map((r) => [r.outcome, r.basis, Number(r.n)])).toEqual([['applied', null, 3]]);
    expect(await w.ledgerPoints('asha')).toBe(75);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 75, provisional: 75, pendingAccrual: 0, pendingRedemption: 0 });
    await t.close();
    const upgraded = new TerminalConnection(name, { indexedDB: factory, IDBKeyRange });
    expect(await upgraded.holds.count()).toBe(0);
    upgraded.close();
  });

  it('keeps a full queue written by version 4 through the upgrade to 5, finds it by member, and sends it with the same content', async () => {
    const factory = new IDBFactory();
    const name = 'tillpoints-store-1-till-1';
    const old = await dexieMadeDatabase(name, factory, 4);
    const at = new Date().toISOString();
    await old.members.put({ memberId: 'asha', tier: 'base', confirmed: 100, held: 0, version: 1, asOf: Date.now(), pendingCredit: 60 * 5, pendingDebit: 0, usedAt: Date.now() });
    // Sixty accruals queued offline by version 4; the first was sent and its answer lost.
    await old.intents.bulkAdd(
      Array.from({ length: 60 }, (_, i) => ({
        intentId: `01JD000000000000000000${String(i).padStart(4, '0')}`, kind: 'accrue', memberId: 'asha', state: 'pending', createdAt: Date.now(),
        occurredAt: at, points: 5, bill: bill(`Q${i}`, 5_000), credit: 5, debit: 0, sentAt: i === 0 ? Date.now() : null, attempts: i === 0 ? 1 : 0,
        settledAt: null, reversedPoints: 0,
      }) as IntentRecord),
    );
    await old.meta.put({ key: 'maxSentSeq', value: 1 });
    old.close();
    const sent = await w.ledger.post('/v1/push', { protocol: 'v1', terminalId: 'till-1', storeId: 'store-1', intents: [{
      intentId: '01JD0000000000000000000000', terminalId: 'till-1', storeId: 'store-1', memberId: 'asha', seq: 1, occurredAt: at,
      kind: 'accrue', points: 5, bill: bill('Q0', 5_000),
    }] }, w.apiKey);
    expect(sent.body.results[0].outcome).toBe('applied');

    const upgraded = new TerminalConnection(name, { indexedDB: factory, IDBKeyRange });
    expect(await upgraded.intents.where('[memberId+state]').equals(['asha', 'pending']).count()).toBe(60);
    upgraded.close();
    const t = w.terminal({ factory });
    await t.start();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 400 });
    // The lost answer comes back a duplicate (same content, same hash), the rest apply once.
    expect(await t.sync()).toMatchObject({ pushed: 60, confirmed: 60, rejected: 0, quarantined: 0 });
    expect(await w.ledgerPoints('asha')).toBe(400);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 400, provisional: 400, pendingAccrual: 0 });
    await t.close();
  });

  it('keeps a full queue Dexie wrote at version 5 (the last SDK on Dexie) and sends it with the same content', async () => {
    const factory = new IDBFactory();
    const name = 'tillpoints-store-1-till-1';
    const old = await dexieMadeDatabase(name, factory, 5);
    const at = new Date().toISOString();
    await old.members.put({ memberId: 'asha', tier: 'base', confirmed: 100, held: 0, version: 1, asOf: Date.now(), pendingCredit: 35, pendingDebit: 10, usedAt: Date.now() });
    const row = (i: number, fields: object) =>
      ({
        intentId: `01JD00000000000000000000${i}0`, memberId: 'asha', state: 'pending', createdAt: Date.now(), occurredAt: at,
        sentAt: null, attempts: 0, settledAt: null, reversedPoints: 0, ...fields,
      }) as unknown as IntentRecord;
    await old.intents.bulkAdd([
      row(1, { kind: 'accrue', points: 20, bill: bill('OLD1', 20_000), credit: 20, debit: 0, sentAt: Date.now(), attempts: 1 }),
      row(2, { kind: 'redeem', points: 10, credit: 0, debit: 10 }),
      row(3, { kind: 'accrue', points: 15, bill: bill('OLD3', 15_000), credit: 15, debit: 0 }),
    ]);
    await old.meta.put({ key: 'maxSentSeq', value: 1 });
    old.close();
    // Dexie had sent the first one and lost the answer.
    const sent = await w.ledger.post('/v1/push', { protocol: 'v1', terminalId: 'till-1', storeId: 'store-1', intents: [{
      intentId: '01JD0000000000000000000010', terminalId: 'till-1', storeId: 'store-1', memberId: 'asha', seq: 1, occurredAt: at,
      kind: 'accrue', points: 20, bill: bill('OLD1', 20_000),
    }] }, w.apiKey);
    expect(sent.body.results[0].outcome).toBe('applied');

    const t = w.terminal({ factory });
    await t.start();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 125 });
    // The lost answer comes back a duplicate (same content, same hash), the rest apply once.
    expect(await t.sync()).toMatchObject({ pushed: 3, confirmed: 3, rejected: 0, quarantined: 0 });
    expect(await w.ledgerPoints('asha')).toBe(125);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 125, provisional: 125, pendingAccrual: 0, pendingRedemption: 0 });
    await t.close();
  });

  it('keeps settled intents as the audit trail for the retention period, then prunes them', async () => {
    let clock = Date.now();
    const t = w.terminal({ now: () => clock, retainSettledMs: 24 * 3_600_000 });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const a = await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    await t.sync();
    clock += 23 * 3_600_000;
    const b = await t.accrue({ memberId: 'asha', points: 5, bill: bill('B2', 5_000) });
    await t.sync();
    expect((await t.history('asha')).map((i) => i.intentId)).toEqual([b.intentId, a.intentId]);
    clock += 2 * 3_600_000;
    await t.sync();
    expect((await t.history('asha')).map((i) => i.intentId)).toEqual([b.intentId]);
    // A pending intent is never pruned, however old.
    w.proxy.mode = { kind: 'offline' };
    const c = await t.accrue({ memberId: 'asha', points: 1, bill: bill('B3', 1_000) });
    clock += 100 * 24 * 3_600_000;
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    expect((await t.history('asha')).map((i) => i.intentId)).toEqual([c.intentId]);
  });
});
