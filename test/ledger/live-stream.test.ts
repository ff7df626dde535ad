import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pullResponseV1Schema, streamHoldsV1Schema, streamRulesetV1Schema } from '../../src/protocol/index.js';
import { monotonicUlids } from '../../src/protocol/ulid.js';
import { groceryRuleset } from '../rules/support/grocery-ruleset.js';
import { openStream } from '../support/event-stream.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe.each(DATABASES)('the live stream to tills (%s)', (kind) => {
  let t: TestLedger;
  let k1: string;
  let k2: string;
  const till2 = intentMaker('T2', 'S1');
  const ask = (extra: object = {}) => ({ protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: null, memberIds: ['M1', 'M2'], ...extra });
  const changesOf = (data: string) => pullResponseV1Schema.parse(JSON.parse(data));

  beforeAll(async () => {
    t = await startTestLedger(kind, { stream: { heartbeatMs: 50, retryMs: 1234, maxStreamsPerTerminal: 2, maxStreams: 3, recheckMs: 0 } });
    k1 = await t.addTerminal('T1', 'S1');
    k2 = await t.addTerminal('T2', 'S1');
    await t.addMembers([{ memberId: 'M1', openingPoints: 100 }, { memberId: 'M2', openingPoints: 50 }, { memberId: 'M3' }]);
  });
  afterAll(() => t.close());

  it('sends the members changed since the cursor at once, then a bill of another till as it commits', async () => {
    const s = await openStream(t.url, k1, ask());
    expect(s.status).toBe(200);
    expect(s.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const first = await s.next((m) => m.event === 'changes');
    const caughtUp = changesOf(first.data);
    expect(caughtUp.changes.map((c) => c.memberId).sort()).toEqual(['M1', 'M2']);
    expect(first.id).toBe(caughtUp.cursor);
    expect(s.retries).toEqual([1234]);

    await t.post('/v1/push', pushBody('T2', 'S1', [till2.accrue('M1', 30)]), k2);
    const live = changesOf((await s.next((m) => m.event === 'changes' && changesOf(m.data).changes.some((c) => c.memberId === 'M1' && c.points === 130))).data);
    expect(live.changes.find((c) => c.memberId === 'M1')).toMatchObject({ points: 130, available: 130 });
    s.close();
  });

  it('sends nothing of members outside the scope', async () => {
    const s = await openStream(t.url, k1, ask({ memberIds: ['M2'] }));
    const first = await s.next((m) => m.event === 'changes');
    await t.post('/v1/push', pushBody('T2', 'S1', [till2.accrue('M3', 5), till2.accrue('M2', 7)]), k2);
    const next = changesOf((await s.next((m) => m.event === 'changes')).data);
    expect(next.changes.map((c) => c.memberId)).toEqual(['M2']);
    expect(first.id).not.toBe(undefined);
    s.close();
  });

  it('resumes from a cursor: what changed since comes, what came before does not', async () => {
    const s = await openStream(t.url, k1, ask());
    const { cursor } = changesOf((await s.next((m) => m.event === 'changes')).data);
    s.close();
    await t.post('/v1/push', pushBody('T2', 'S1', [till2.accrue('M2', 11)]), k2);
    const resumed = await openStream(t.url, k1, ask({ cursor }));
    const page = changesOf((await resumed.next((m) => m.event === 'changes')).data);
    expect(page.changes.map((c) => c.memberId)).toContain('M2');
    // M1 did not change since the cursor; a change may come again on PostgreSQL, never an older version.
    for (const c of page.changes) expect(c.memberId === 'M2' || c.version <= 2).toBe(true);
    resumed.close();
  });

  it('tells the till of a new ruleset and of its holds changing', async () => {
    const s = await openStream(t.url, k1, ask());
    const firstHolds = streamHoldsV1Schema.parse(JSON.parse((await s.next((m) => m.event === 'holds')).data));
    const published = await t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset: { ...groceryRuleset, version: 1, promotions: [] }, effectiveFrom: '2020-01-01T00:00:00.000Z' }, t.adminKey);
    expect(published.status).toBe(201);
    const ruleset = streamRulesetV1Schema.parse(JSON.parse((await s.next((m) => m.event === 'ruleset')).data));
    expect(ruleset.version).toBe(1);

    const hold = await t.post('/v1/holds', { protocol: 'v1', terminalId: 'T1', storeId: 'S1', holdId: monotonicUlids()(), memberId: 'M1', points: 10 }, k1);
    expect(hold.status).toBe(200);
    const holds = streamHoldsV1Schema.parse(JSON.parse((await s.next((m) => m.event === 'holds')).data));
    expect(holds.token).not.toBe(firstHolds.token);
    s.close();
  });

  it('sends a heartbeat comment while idle', async () => {
    const s = await openStream(t.url, k1, ask());
    await s.next((m) => m.event === 'holds');
    await vi.waitFor(() => expect(s.comments).toBeGreaterThan(0), { timeout: 5000, interval: 10 });
    s.close();
  });

  it('refuses a caller without a terminal key, a bad body, another till and a cursor it never issued', async () => {
    await vi.waitFor(() => expect(t.ledger.openStreams).toBe(0), { timeout: 5000, interval: 10 });
    expect((await openStream(t.url, undefined, ask())).status).toBe(401);
    const admin = await openStream(t.url, t.adminKey, ask());
    expect([admin.status, admin.error.error.code]).toEqual([403, 'forbidden']);
    const noScope = await openStream(t.url, k1, ask({ memberIds: undefined }));
    expect([noScope.status, noScope.error.error.code]).toEqual([400, 'invalid_request']);
    const tooMany = await openStream(t.url, k1, ask({ memberIds: Array.from({ length: 5001 }, (_, i) => `X${i}`) }));
    expect(tooMany.status).toBe(400);
    const notJson = await openStream(t.url, k1, '{');
    expect([notJson.status, notJson.error.error.code]).toEqual([400, 'invalid_json']);
    const other = await openStream(t.url, k1, ask({ terminalId: 'T2' }));
    expect([other.status, other.error.error.code]).toEqual([403, 'terminal_mismatch']);
    const cursor = await openStream(t.url, k1, ask({ cursor: 'not-a-cursor' }));
    expect([cursor.status, cursor.error.error.code]).toEqual([400, 'invalid_cursor']);
    expect(t.ledger.openStreams).toBe(0);
  });

  it('bounds the streams per terminal and in all, and releases a stream when its client goes away', async () => {
    await vi.waitFor(() => expect(t.ledger.openStreams).toBe(0), { timeout: 5000, interval: 10 });
    const a = await openStream(t.url, k1, ask());
    const b = await openStream(t.url, k1, ask());
    const refused = await openStream(t.url, k1, ask());
    expect([refused.status, refused.error.error.code]).toEqual([429, 'too_many_streams']);
    const c = await openStream(t.url, k2, ask({ terminalId: 'T2' }));
    expect(c.status).toBe(200);
    const full = await openStream(t.url, k2, ask({ terminalId: 'T2' }));
    expect([full.status, full.error.error.code]).toEqual([429, 'too_many_streams']);
    a.close();
    await vi.waitFor(() => expect(t.ledger.openStreams).toBe(2), { timeout: 5000, interval: 10 });
    const again = await openStream(t.url, k1, ask());
    expect(again.status).toBe(200);
    for (const s of [b, c, again]) s.close();
    await vi.waitFor(() => expect(t.ledger.openStreams).toBe(0), { timeout: 5000, interval: 10 });
  });
});

describe('the live stream and a revoked key', () => {
  it('ends the stream of a terminal whose key is revoked, and refuses it a new one', async () => {
    const t = await startTestLedger('pglite');
    try {
      const key = await t.addTerminal('T1', 'S1');
      await t.addMembers([{ memberId: 'M1', openingPoints: 1 }]);
      const body = { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: null, memberIds: ['M1'] };
      const s = await openStream(t.url, key, body);
      await s.next((m) => m.event === 'changes');
      expect((await t.post('/v1/admin/terminals/T1/revoke', {}, t.adminKey)).status).toBe(200);
      await s.ended();
      expect((await openStream(t.url, key, body)).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('the live stream and the ledger closing', () => {
  it('ends every open stream when the ledger closes', async () => {
    const t = await startTestLedger('pglite');
    const key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'M1', openingPoints: 1 }]);
    const s = await openStream(t.url, key, { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: null, memberIds: ['M1'] });
    await s.next((m) => m.event === 'changes');
    await t.close();
    await s.ended();
    expect(t.ledger.openStreams).toBe(0);
  });
});
