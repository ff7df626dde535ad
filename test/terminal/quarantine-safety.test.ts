import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConflictEvent, QuarantineEvent } from '../../src/index.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { jsonResponse, ledgerFetch, refusedIntent, type Exchange } from './support/ledger-fetch.js';
import { bigBill, storeRawAccrual } from './support/poison.js';

describe('narrowing down a refused batch is itself safe', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  async function ledgerIntents(): Promise<{ applied: string[]; other: number }> {
    const rows = await w.ledger.ledger.database.query(`SELECT intent_id, outcome FROM intents WHERE terminal_id = 'till-1' ORDER BY seq`);
    return { applied: rows.filter((r) => r.outcome === 'applied').map((r) => String(r.intent_id)), other: rows.filter((r) => r.outcome !== 'applied').length };
  }

  /** A till on `factory` whose pushes go through `exchange`, with a poison among four good intents. */
  async function till(factory: IDBFactory, exchange?: Exchange) {
    const t = w.terminal({ factory, ...(exchange ? { fetch: ledgerFetch('/v1/push', exchange) } : {}) });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const good: string[] = [];
    good.push((await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) })).intentId);
    good.push((await t.accrue({ memberId: 'asha', points: 20, bill: bill('B2', 20_000) })).intentId);
    const poison = await storeRawAccrual(factory, 'asha', 7, bigBill('BIG', 300));
    good.push((await t.redeem({ memberId: 'asha', points: 5 })).intentId);
    good.push((await t.accrue({ memberId: 'asha', points: 1, bill: bill('B5', 1_000) })).intentId);
    return { t, good, poison };
  }

  it('quarantines the intent a ledger refuses by its schema (400), and retried after a fix it is applied once, out of seq order', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
    let fixed = false;
    let poisonId = '';
    // A ledger whose schema refuses the poison's bill, answering as the real one does.
    const exchange: Exchange = async (body, forward) => {
      const index = body.intents.findIndex((i: { intentId: string }) => i.intentId === poisonId);
      return !fixed && index >= 0 ? refusedIntent(index) : forward(body);
    };
    const factory = new IDBFactory();
    const { t, good, poison } = await till(factory, exchange);
    poisonId = poison;
    const conflicts: ConflictEvent[] = [];
    t.on('conflict', (c) => conflicts.push(c));

    expect(await t.sync()).toMatchObject({ confirmed: 4, quarantined: 1 });
    expect((await ledgerIntents()).applied).toEqual(good);
    expect(await t.quarantined()).toEqual([expect.objectContaining({ intentId: poison, code: 'invalid_request', source: 'ledger', message: expect.stringContaining('lineId') })]);
    expect(conflicts).toEqual([]);

    // The ledger is fixed; staff retry. Same id, same content, an older seq than four applied intents.
    fixed = true;
    const events: QuarantineEvent[] = [];
    t.on('quarantine', (e) => events.push(e));
    await t.retryQuarantined(poison);
    expect(events).toEqual([{ change: 'retried', intent: expect.objectContaining({ intentId: poison }) }]);
    expect(await t.status()).toMatchObject({ queueDepth: 1, quarantined: 0 });
    expect(await t.sync()).toMatchObject({ confirmed: 1, quarantined: 0 });
    expect(await ledgerIntents()).toEqual({ applied: [...good.slice(0, 2), poison, ...good.slice(2)], other: 0 });
    expect(await w.ledgerPoints('asha')).toBe(533);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 533, provisional: 533 });
    // A second send of it is a duplicate, never an intent_conflict: the content did not change.
    const retried = await w.ledger.ledger.database.query(`SELECT seq FROM intents WHERE intent_id = $1`, [poison]);
    expect(Number(retried[0]!.seq)).toBeLessThan(5);
  });

  it('survives a lost answer and a crash mid-way: a new terminal on the same database finishes, each intent applied once', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }], { maxBodyBytes: 16_384 });
    let requests = 0;
    // The real ledger refuses [a b P c d] and [a b P] whole (413); the answer to [a b] is lost after the ledger applied it.
    const exchange: Exchange = async (body, forward) => {
      requests++;
      if (requests !== 3) return forward(body);
      w.proxy.mode = { kind: 'drop-response' };
      try {
        return await forward(body);
      } finally {
        w.proxy.mode = { kind: 'pass' };
      }
    };
    const factory = new IDBFactory();
    const first = await till(factory, exchange);
    await expect(first.t.sync()).rejects.toMatchObject({ code: 'network' });
    expect(requests).toBe(3);
    expect((await ledgerIntents()).applied).toEqual(first.good.slice(0, 2));
    // Sent and unanswered: still pending, counted once.
    expect(await first.t.getBalance('asha')).toMatchObject({ provisional: 533 });
    expect(await first.t.quarantined()).toEqual([]);
    await first.t.close();

    const second = w.terminal({ factory });
    await second.start();
    expect(await second.sync()).toMatchObject({ confirmed: 4, quarantined: 1 });
    expect(await ledgerIntents()).toEqual({ applied: first.good, other: 0 });
    expect((await second.quarantined()).map((q) => q.intentId)).toEqual([first.poison]);
    expect(await second.getBalance('asha')).toMatchObject({ confirmed: 526, provisional: 533 });
  });

  it('stops at a refused key during the narrowing down, and quarantines nothing', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }], { maxBodyBytes: 16_384 });
    let requests = 0;
    const exchange: Exchange = async (body, forward) => {
      if (++requests === 2) await w.ledger.post('/v1/admin/terminals/till-1/revoke', {}, w.ledger.adminKey);
      return forward(body);
    };
    const { t } = await till(new IDBFactory(), exchange);
    await expect(t.sync()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await t.quarantined()).toEqual([]);
    expect(await t.status()).toMatchObject({ queueDepth: 5, quarantined: 0, lastError: { code: 'unauthorized' } });
  });

  it('leaves the pushing to the leading tab; another tab lists and voids what it quarantined', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }], { maxBodyBytes: 16_384 });
    const factory = new IDBFactory();
    const leader = await till(factory);
    const follower = w.terminal({ factory });
    await follower.start();
    expect(await leader.t.sync()).toMatchObject({ leader: true, quarantined: 1 });
    expect(await follower.sync()).toMatchObject({ leader: false, quarantined: 0, requests: 0 });

    const [q] = await follower.quarantined();
    expect(q).toMatchObject({ intentId: leader.poison, code: 'body_too_large' });
    expect(await follower.voidQuarantined(leader.poison, 'duplicate of bill B2')).toMatchObject({ provisional: 526 });
    expect(await leader.t.getBalance('asha')).toMatchObject({ confirmed: 526, provisional: 526 });
    expect(await leader.t.sync()).toMatchObject({ requests: 0 });
    expect(await ledgerIntents()).toEqual({ applied: leader.good, other: 0 });
  });

  it('quarantines an intent the ledger judges invalid on its own (invalid_intent), not as a conflict', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
    let poisonId = '';
    // A ledger that judges each intent: the broken one gets its own rejection, the rest are applied.
    const exchange: Exchange = async (body, forward) => {
      const index = body.intents.findIndex((i: { intentId: string }) => i.intentId === poisonId);
      if (index < 0) return forward(body);
      const rest = body.intents.filter((_: unknown, i: number) => i !== index);
      const answer = rest.length > 0 ? await (await forward({ ...body, intents: rest })).json() : { protocol: 'v1', results: [] };
      answer.results.splice(index, 0, { intentId: poisonId, outcome: 'rejected', reason: 'invalid_intent', message: 'bill.lines: two lines share one lineId' });
      return jsonResponse(200, answer);
    };
    const { t, good, poison } = await till(new IDBFactory(), exchange);
    poisonId = poison;
    const conflicts: ConflictEvent[] = [];
    t.on('conflict', (c) => conflicts.push(c));
    expect(await t.sync()).toMatchObject({ confirmed: 4, rejected: 0, quarantined: 1, requests: 1 });
    expect(conflicts).toEqual([]);
    expect(await t.quarantined()).toEqual([expect.objectContaining({ intentId: poison, code: 'invalid_intent', source: 'ledger' })]);
    expect((await ledgerIntents()).applied).toEqual(good);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 526, provisional: 533 });
  });
});
