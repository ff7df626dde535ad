import { monotonicUlids } from '../../src/protocol/ulid.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const ulid = monotonicUlids();

describe.each(DATABASES)('till incarnations and the gap report (%s)', (kind) => {
  let t: TestLedger;
  let terminalNo = 0;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    await t.addMembers([{ memberId: 'asha', openingPoints: 1000 }]);
  });
  afterAll(() => t.close());

  /** A new terminal of store S1, its key and an intent maker for it. */
  const newTill = async () => {
    const terminalId = `T${++terminalNo}`;
    const key = await t.addTerminal(terminalId, 'S1');
    return { terminalId, key, make: intentMaker(terminalId, 'S1') };
  };
  const register = (terminalId: string, key: string, incarnationId: string, storeId = 'S1') =>
    t.post('/v1/incarnations', { protocol: 'v1', terminalId, storeId, incarnationId }, key);
  const gapsOf = async (terminalId: string) =>
    ((await t.get('/v1/admin/gaps', t.adminKey)).body.gaps as any[]).filter((g) => g.terminalId === terminalId);

  it('gives a new terminal seq base 0 and answers a repeated registration with the same base', async () => {
    const { terminalId, key } = await newTill();
    const id = ulid();
    const first = await register(terminalId, key, id);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ protocol: 'v1', incarnationId: id, seqBase: 0 });
    const again = await Promise.all([register(terminalId, key, id), register(terminalId, key, id)]);
    expect(again.map((r) => r.body)).toEqual([first.body, first.body]);
    // A till's first start is not a storage reset.
    expect(await gapsOf(terminalId)).toEqual([]);
  });

  it('numbers a new incarnation after the highest seq stored, whatever its outcome, and reports the reset', async () => {
    const { terminalId, key, make } = await newTill();
    // 1..3 stored; 3 is a rejected redemption, still a number the ledger saw.
    const sent = await t.post('/v1/push', pushBody(terminalId, 'S1', [make.accrue('asha', 5), make.accrue('asha', 5), make.redeem('asha', 999_999)]), key);
    expect(sent.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'applied', 'rejected']);

    const id = ulid();
    const registered = await register(terminalId, key, id);
    expect(registered.body.seqBase).toBe(3);
    // Intents pushed after the registration do not move the base the id answers.
    const next = intentMaker(terminalId, 'S1');
    const after = [next.accrue('asha', 1), next.accrue('asha', 1)].map((i) => ({ ...i, seq: i.seq + 3 }));
    const pushed = await t.post('/v1/push', { ...pushBody(terminalId, 'S1', after), incarnationId: id }, key);
    expect(pushed.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'applied']);
    expect((await register(terminalId, key, id)).body.seqBase).toBe(3);

    const gaps = await gapsOf(terminalId);
    expect(gaps).toEqual([
      { terminalId, storeId: 'S1', kind: 'storage_reset', fromSeq: 4, toSeq: null, detectedAt: expect.any(String), incarnationId: id },
    ]);
  });

  it('reports numbers absent between stored numbers as missing ranges, with the incarnation they fall in', async () => {
    const { terminalId, key, make } = await newTill();
    const intents = Array.from({ length: 9 }, () => make.accrue('asha', 1));
    const kept = intents.filter((i) => ![3, 4, 7, 8].includes(i.seq));
    expect((await t.post('/v1/push', pushBody(terminalId, 'S1', kept), key)).status).toBe(200);
    const id = ulid();
    expect((await register(terminalId, key, id)).body.seqBase).toBe(9);
    const later = intentMaker(terminalId, 'S1');
    const [a, , c] = [later.accrue('asha', 1), later.accrue('asha', 1), later.accrue('asha', 1)].map((i) => ({ ...i, seq: i.seq + 9 }));
    expect((await t.post('/v1/push', { ...pushBody(terminalId, 'S1', [a!, c!]), incarnationId: id }, key)).status).toBe(200);

    const gaps = await gapsOf(terminalId);
    expect(gaps.map((g) => [g.kind, g.fromSeq, g.toSeq, g.incarnationId])).toEqual([
      ['missing', 3, 4, null],
      ['missing', 7, 8, null],
      ['storage_reset', 10, null, id],
      ['missing', 11, 11, id],
    ]);
  });

  it('shows numbers before the first one stored, and an intent refused as malformed, as missing', async () => {
    const { terminalId, key, make } = await newTill();
    const [first, second, third] = [make.accrue('asha', 1), make.accrue('asha', 1), make.accrue('asha', 1)];
    const broken = { ...second!, points: -5 };
    const answer = await t.post('/v1/push', pushBody(terminalId, 'S1', [broken as any, third!]), key);
    expect(answer.body.results.map((r: any) => r.reason ?? r.outcome)).toEqual(['invalid_intent', 'applied']);
    expect((await gapsOf(terminalId)).map((g) => [g.kind, g.fromSeq, g.toSeq])).toEqual([['missing', 1, 2, ]]);
    // Once the till sends them, the gap closes.
    await t.post('/v1/push', pushBody(terminalId, 'S1', [first!, second!]), key);
    expect(await gapsOf(terminalId)).toEqual([]);
  });

  it('reports a second incarnation of a terminal that never sent anything as a reset from 1', async () => {
    const { terminalId, key } = await newTill();
    const first = ulid();
    const second = ulid();
    await register(terminalId, key, first);
    expect((await register(terminalId, key, second)).body.seqBase).toBe(0);
    expect((await gapsOf(terminalId)).map((g) => [g.kind, g.fromSeq, g.toSeq, g.incarnationId])).toEqual([
      ['storage_reset', 1, null, second],
    ]);
  });

  it("leaves the ledger's own adjustments out of the report", async () => {
    const adjustments = [ulid(), ulid()].map((intentId) => ({ intentId, memberId: 'asha', points: 1, reason: 'goodwill', approvedBy: 'ops' }));
    for (const a of adjustments) {
      expect((await t.post('/v1/admin/adjustments', { protocol: 'v1', adjustments: [a] }, t.adminKey)).status).toBe(200);
    }
    expect(await gapsOf('ledger-admin')).toEqual([]);
  });

  it("refuses another terminal's incarnation id, a registration for another terminal, and an admin key, writing nothing", async () => {
    const a = await newTill();
    const b = await newTill();
    const id = ulid();
    await register(a.terminalId, a.key, id);
    const taken = await register(b.terminalId, b.key, id);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('incarnation_conflict');
    const other = await register(a.terminalId, b.key, ulid());
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('terminal_mismatch');
    expect((await register(a.terminalId, t.adminKey, ulid())).status).toBe(403);
    expect((await register(a.terminalId, a.key, 'not-a-ulid')).status).toBe(400);
    expect((await t.get('/v1/admin/gaps', a.key)).status).toBe(403);
    const rows = await t.ledger.database.query(
      `SELECT incarnation_id, terminal_id FROM terminal_incarnations WHERE terminal_id IN ($1, $2)`, [a.terminalId, b.terminalId]);
    expect(rows.map((r) => [r.incarnation_id, r.terminal_id])).toEqual([[id, a.terminalId]]);
    expect(await gapsOf(a.terminalId)).toEqual([]);
    expect(await gapsOf(b.terminalId)).toEqual([]);
  });
});
