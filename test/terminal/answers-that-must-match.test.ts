import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { jsonResponse, ledgerFetch } from './support/ledger-fetch.js';

type Tamper = (results: any[], intents: any[]) => void;

const review = (tillPoints: number) => ({
  outcome: 'honoured', rulesetVersion: 1, tillRulesetVersion: null, tillPoints, ledgerPoints: tillPoints, lines: {}, reason: 'the till was right',
});

// Each takes a real answer of the ledger to [accrue 10, accrue 20, redeem 5] for asha and makes it lie.
const lies: [string, Tamper][] = [
  ['refuses an accrual for a reason only a return can have', (r, i) => {
    r[0] = { intentId: i[0].intentId, outcome: 'rejected', reason: 'reversal_exceeds_original', message: 'no', balance: r[0].balance };
  }],
  ['calls an intent a duplicate of another one', (r, i) => {
    r[1] = { intentId: i[1].intentId, outcome: 'duplicate', original: { ...r[1], intentId: i[0].intentId } };
  }],
  ['calls an accrual a duplicate of a refusal that cannot happen to it', (r, i) => {
    r[0] = { intentId: i[0].intentId, outcome: 'duplicate', original: { intentId: i[0].intentId, outcome: 'rejected', reason: 'insufficient_points', message: 'no' } };
  }],
  ['reviews the earning of a redemption', (r) => {
    r[2] = { ...r[2], earn: review(5) };
  }],
  ['reviews other points than the till sent', (r) => {
    r[0] = { ...r[0], earn: review(99) };
  }],
  ['moves the member by more than one version per application', (r) => {
    r[1] = { ...r[1], balance: { ...r[1].balance, version: r[1].balance.version + 5 } };
  }],
  ['moves the member backwards', (r) => {
    r[2] = { ...r[2], balance: { ...r[2].balance, version: r[0].balance.version - 1 } };
  }],
];

describe('answers the till checks against what it sent', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
  });
  afterEach(() => w.close());

  it.each(lies)('treats an answer that %s as a protocol violation, and changes nothing', async (_name, tamper) => {
    let lying = true;
    const fetch = ledgerFetch('/v1/push', async (body, forward) => {
      const real = await forward(body);
      if (!lying || real.status !== 200) return real;
      const answer = await real.json();
      tamper(answer.results, body.intents);
      return jsonResponse(200, answer);
    });
    const t = w.terminal({ factory: new IDBFactory(), fetch });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    await t.accrue({ memberId: 'asha', points: 20, bill: bill('B2', 20_000) });
    await t.redeem({ memberId: 'asha', points: 5 });
    const before = await t.getBalance('asha');

    await expect(t.sync()).rejects.toMatchObject({ code: 'protocol_violation' });
    expect(await t.getBalance('asha')).toEqual(before);
    expect(await t.status()).toMatchObject({ queueDepth: 3, conflicts: 0, quarantined: 0 });

    // The truth, next round: the ledger applied each once, and the till agrees.
    lying = false;
    expect(await t.sync()).toMatchObject({ confirmed: 3, rejected: 0 });
    expect(await w.ledgerPoints('asha')).toBe(525);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 525, provisional: 525 });
  });

  it('treats a lookup that answers with another member as a protocol violation, and caches nobody', async () => {
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input as RequestInfo, init);
      const url = new URL(request.url);
      if (!url.pathname.endsWith('/v1/members/lookup')) return globalThis.fetch(request);
      url.searchParams.set('memberId', 'ravi'); // asked for asha: the answer is about ravi
      return globalThis.fetch(new Request(url, request));
    };
    await w.ledger.addMembers([{ memberId: 'ravi', openingPoints: 9000 }]);
    const t = w.terminal({ fetch });
    await t.start();
    await expect(t.lookupMember({ memberId: 'asha' })).rejects.toMatchObject({ code: 'protocol_violation' });
    expect(await t.getBalance('ravi')).toMatchObject({ known: false });
    expect(await t.getBalance('asha')).toMatchObject({ known: false });
  });

  it('treats a pull that sends a member the till did not ask about as a protocol violation', async () => {
    const fetch = ledgerFetch('/v1/pull', async (body, forward) => {
      const answer = await (await forward(body)).json();
      answer.changes.push({ memberId: 'mallory', points: 1e6, held: 0, available: 1e6, version: 9, updatedAt: new Date().toISOString() });
      return jsonResponse(200, answer);
    });
    const t = w.terminal({ fetch });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await expect(t.sync()).rejects.toMatchObject({ code: 'protocol_violation', message: expect.stringContaining('mallory') });
  });
});
