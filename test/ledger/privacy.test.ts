import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIndianMobile as maskPhone } from '../../src/protocol/index.js';
import { MAX_PULL_MEMBERS } from '../../src/protocol/index.js';
import { DATABASES, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe('masking a phone number', () => {
  it('keeps the first two and last two digits', () => {
    expect(maskPhone('9876543210')).toBe('98XXXXXX10');
  });
});

describe.each(DATABASES)('personal data stays need-to-know (%s)', (kind) => {
  let t: TestLedger;
  let till: string;
  const pull = (body: Record<string, unknown>) =>
    t.post('/v1/pull', { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: null, ...body }, till);

  beforeAll(async () => {
    t = await startTestLedger(kind);
    till = await t.addTerminal('T1', 'S1');
    await t.addMembers([
      { memberId: 'asha', name: 'Asha Patil', cardNumber: 'CARD0001', phone: '+91 98765 43210', openingPoints: 500 },
      { memberId: 'ravi', name: 'Ravi Kumar', cardNumber: 'CARD0002', openingPoints: 100 },
      { memberId: 'meera', phone: '9123456780' },
    ]);
  });
  afterAll(() => t.close());

  it('refuses a till pull that does not name its members, so a till cannot page through the programme', async () => {
    const r = await pull({});
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('member_scope_required');
    expect(r.body.error.issues).toEqual([{ path: ['memberIds'], message: 'required for a terminal' }]);
  });

  it('answers a till pull with the members it named and no others', async () => {
    const r = await pull({ memberIds: ['asha', 'nobody'] });
    expect(r.status).toBe(200);
    expect(r.body.changes.map((c: any) => c.memberId)).toEqual(['asha']);
  });

  it(`refuses a pull naming more than ${MAX_PULL_MEMBERS} members`, async () => {
    const memberIds = Array.from({ length: MAX_PULL_MEMBERS + 1 }, (_, i) => `m${i}`);
    const r = await pull({ memberIds });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
  });

  it.each([['phone=9876543210'], ['card=CARD0001'], ['memberId=asha']])(
    'shows a till looking up by %s what the counter needs, with the phone number masked',
    async (query) => {
      const r = await t.get(`/v1/members/lookup?${query}`, till);
      expect(r.status).toBe(200);
      expect(r.body.member).toMatchObject({
        memberId: 'asha',
        name: 'Asha Patil',
        cardNumber: 'CARD0001',
        phone: null,
        maskedPhone: '98XXXXXX10',
        tier: 'base',
        balance: { points: 500, available: 500 },
        visits: 0,
        qualifyingPoints: 0,
        promotionPoints: {},
      });
      expect(JSON.stringify(r.body)).not.toContain('43210');
    },
  );

  it('gives no masked number for a member without a phone', async () => {
    const r = await t.get('/v1/members/lookup?card=CARD0002', till);
    expect(r.body.member).toMatchObject({ memberId: 'ravi', phone: null });
    expect(r.body.member).not.toHaveProperty('maskedPhone');
  });

  it('shows an admin key the full number', async () => {
    const r = await t.get('/v1/members/lookup?memberId=meera', t.adminKey);
    expect(r.status).toBe(200);
    expect(r.body.member).toMatchObject({ memberId: 'meera', phone: '9123456780', maskedPhone: '91XXXXXX80' });
  });
});
