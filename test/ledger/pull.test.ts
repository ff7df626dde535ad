import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monotonicUlids } from '../../src/protocol/ulid.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe.each(DATABASES)('pull and member lookup (%s)', (kind) => {
  let t: TestLedger;
  let k1: string;
  let k2: string;
  const pull = (key: string, terminalId: string, storeId: string, cursor: string | null, extra = {}) =>
    t.post('/v1/pull', { protocol: 'v1', terminalId, storeId, cursor, ...extra }, key);
  // A till names the members it asks about (it may not enumerate the programme).
  const everyone = ['M1', 'M2', ...Array.from({ length: 25 }, (_, i) => `P${i}`)];
  // A pull from a cursor may send a change again (on PostgreSQL, while any transaction of the
  // server, even another database's, is older than the cursor), never a newer one unseen.
  const nothingNew = (changes: { memberId: string; version: number }[], seen: Map<string, number>) =>
    changes.filter((c) => c.version > (seen.get(c.memberId) ?? -1));
  const versions = (changes: { memberId: string; version: number }[]) => new Map(changes.map((c) => [c.memberId, c.version]));

  beforeAll(async () => {
    t = await startTestLedger(kind);
    k1 = await t.addTerminal('T1', 'S1');
    k2 = await t.addTerminal('T2', 'S2');
    await t.addMembers([
      { memberId: 'M1', cardNumber: 'CARD0001', phone: '+91-9876543210', openingPoints: 100 },
      { memberId: 'M2', openingPoints: 50 },
      ...Array.from({ length: 25 }, (_, i) => ({ memberId: `P${i}` })),
    ]);
  });
  afterAll(() => t.close());

  it('shows a till what another till and the admin changed since its cursor', async () => {
    const first = await pull(k1, 'T1', 'S1', null, { memberIds: ['M1', 'M2'] });
    expect(first.status).toBe(200);
    expect(first.body.changes.map((c: any) => c.memberId).sort()).toEqual(['M1', 'M2']);
    const again = await pull(k1, 'T1', 'S1', first.body.cursor, { memberIds: ['M1', 'M2'] });
    expect(nothingNew(again.body.changes, versions(first.body.changes))).toEqual([]);

    // Another store's till earns points for M1; the loyalty team adjusts M2.
    await t.post('/v1/push', pushBody('T2', 'S2', [intentMaker('T2', 'S2').accrue('M1', 30)]), k2);
    const adjust = await t.post(
      '/v1/admin/adjustments',
      { protocol: 'v1', adjustments: [{ intentId: monotonicUlids()(), memberId: 'M2', points: -20, reason: 'goodwill reversal', approvedBy: 'crm' }] },
      t.adminKey,
    );
    expect(adjust.body.results[0].outcome).toBe('applied');

    const next = await pull(k1, 'T1', 'S1', first.body.cursor, { memberIds: ['M1', 'M2'] });
    const byId = Object.fromEntries(next.body.changes.map((c: any) => [c.memberId, c]));
    expect(byId.M1).toMatchObject({ points: 130, available: 130, version: 2 });
    expect(byId.M2).toMatchObject({ points: 30, version: 2 });
  });

  it('pages through every member with a limit, without losing or repeating any', async () => {
    const seen: string[] = [];
    const seenVersions = new Map<string, number>();
    let cursor: string | null = null;
    let rounds = 0;
    for (;;) {
      const r: any = await pull(k1, 'T1', 'S1', cursor, { limit: 4, memberIds: everyone });
      expect(r.status).toBe(200);
      seen.push(...r.body.changes.map((c: any) => c.memberId));
      for (const c of r.body.changes) seenVersions.set(c.memberId, c.version);
      cursor = r.body.cursor;
      rounds++;
      if (!r.body.hasMore) break;
    }
    expect(rounds).toBe(7); // 27 members, 4 a page
    expect(seen.sort()).toEqual([...new Set(seen)].sort());
    expect(seen).toHaveLength(27);
    const after = await pull(k1, 'T1', 'S1', cursor, { memberIds: everyone });
    expect(nothingNew(after.body.changes, seenVersions)).toEqual([]);
  });

  it.runIf(kind === 'postgres')('does not skip a change committed late by a slow transaction', async () => {
    const start = await pull(k1, 'T1', 'S1', null, { memberIds: everyone });
    let cursor = start.body.cursor;
    const seen = versions(start.body.changes);
    for (let r = start; r.body.hasMore; r = await pull(k1, 'T1', 'S1', cursor, { memberIds: everyone })) {
      cursor = r.body.cursor;
      for (const c of r.body.changes) seen.set(c.memberId, c.version);
    }
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    // A transaction that changes M2 and then waits before committing.
    const slow = t.ledger.database.transaction(async (tx) => {
      await tx.query(`UPDATE members SET tier = 'gold', change_xid = pg_current_xact_id() WHERE member_id = 'M2'`);
      started();
      await gate;
    });
    await inside;
    // Meanwhile a later transaction changes P0 and commits; the till pulls past it.
    await t.post('/v1/push', pushBody('T2', 'S2', [intentMaker('T2', 'S2').accrue('P0', 1)]), k2);
    let during;
    try {
      during = await pull(k1, 'T1', 'S1', cursor, { memberIds: everyone });
    } finally {
      release(); // never leave the slow transaction open (it would hold the ledger's close)
      await slow;
    }
    // P0 is there; changes already seen may come again while another transaction of the server is older than the cursor.
    expect(during.body.changes.map((c: any) => c.memberId)).toContain('P0');
    expect(during.body.changes.find((c: any) => c.memberId === 'M2')?.version ?? 0).toBeLessThanOrEqual(seen.get('M2') ?? 0);
    const after = await pull(k1, 'T1', 'S1', during.body.cursor, { memberIds: everyone });
    expect(after.body.changes.map((c: any) => c.memberId)).toContain('M2');
  });

  it('answers a replayed admin adjustment as a duplicate', async () => {
    const adjustment = { intentId: monotonicUlids()(), memberId: 'M1', points: 5, reason: 'survey bonus', approvedBy: 'crm' };
    const body = { protocol: 'v1', adjustments: [adjustment] };
    expect((await t.post('/v1/admin/adjustments', body, t.adminKey)).body.results[0].outcome).toBe('applied');
    expect((await t.post('/v1/admin/adjustments', body, t.adminKey)).body.results[0].outcome).toBe('duplicate');
  });

  it.each([
    ['9876543210'],
    ['98765 43210'],
    ['+91-9876543210'],
    ['09876543210'],
    ['+91 98765-43210'],
  ])('finds a member by the phone number %s', async (phone) => {
    const r = await t.get(`/v1/members/lookup?phone=${encodeURIComponent(phone)}`, k1);
    expect(r.status).toBe(200);
    expect(r.body.member.memberId).toBe('M1');
  });

  it('finds a member by card number or id', async () => {
    expect((await t.get('/v1/members/lookup?card=CARD0001', k1)).body.member.memberId).toBe('M1');
    const byId = (await t.get('/v1/members/lookup?memberId=M1', k2)).body.member;
    // A till sees the phone number masked (see privacy.test.ts).
    expect(byId).toMatchObject({ memberId: 'M1', cardNumber: 'CARD0001', phone: null, maskedPhone: '98XXXXXX10', tier: 'base' });
  });
});
