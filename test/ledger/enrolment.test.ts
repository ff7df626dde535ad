import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransactionRetry } from '../../src/ledger/apply/retry-transaction.js';
import { EnrolmentBatch } from '../../src/ledger/members/enrolment-batch.js';
import { trialBalance } from '../../src/ledger/store/trial-balance.js';
import type { IntentV1 } from '../../src/protocol/index.js';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';
import { publishRuleset, ruledAccrual } from './support/ruled-accrual.js';

const ruleset = { ...fashionRuleset, version: 1 };
type Maker = ReturnType<typeof intentMaker>;

/** An enrolment made at a till, as the SDK sends it. */
function enrol(make: Maker, memberId: string, extra: { phone?: string; name?: string; cardNumber?: string; consents?: string[] } = {}): IntentV1 {
  const { points: _points, ...base } = make.redeem(memberId, 1) as Extract<IntentV1, { kind: 'redeem' }>;
  return { ...base, kind: 'enrol', consents: extra.consents ?? ['loyalty_terms'], ...extra } as IntentV1;
}

const outcome = (r: { outcome: string; reason?: string; original?: { outcome: string } }) => r.reason ?? (r.original ? `duplicate:${r.original.outcome}` : r.outcome);

describe.each(DATABASES)('members enrolled at the till (%s)', (kind) => {
  let t: TestLedger;
  let k1: string;
  let k2: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    k1 = await t.addTerminal('T1', 'S1');
    k2 = await t.addTerminal('T2', 'S1');
    await t.addMembers([{ memberId: 'asha', phone: '9876500001', openingPoints: 300 }]);
    await publishRuleset(t, ruleset);
  });
  afterAll(async () => {
    const books = await trialBalance(t.ledger.database);
    expect([books.total, books.mismatchedMembers]).toEqual([0, []]);
    await t.close();
  });

  const members = async (where: string, params: unknown[]) =>
    t.ledger.database.query(`SELECT member_id, phone, name, consents, enrolled_store_id, enrolled_terminal_id, enrolled_by_intent, visits FROM members WHERE ${where}`, params);

  it('creates the member once, and earns their first bill as a new member (first-purchase bonus) in the same push', async () => {
    const make = intentMaker('T1', 'S1');
    const joining = enrol(make, 'm-01JNEWMEMBER0000000000001', { phone: '+91 98765 00002', name: 'Ravi' });
    const { intent: bill, earn } = ruledAccrual(ruleset, make, 'm-01JNEWMEMBER0000000000001');
    expect(earn.lines.length).toBeGreaterThan(0);
    const first = await t.post('/v1/push', pushBody('T1', 'S1', [joining, bill as IntentV1]), k1);
    expect(first.status).toBe(200);
    expect(first.body.results.map(outcome)).toEqual(['applied', 'applied']);
    expect(first.body.results[1].earn.outcome).toBe('honoured');
    expect(first.body.results[1].balance.points).toBe(earn.total);
    expect(earn.total).toBeGreaterThanOrEqual(100); // the first-purchase bonus is in it
    // The answer was lost: the till sends the same push again, and again.
    for (let i = 0; i < 2; i++) {
      const again = await t.post('/v1/push', pushBody('T1', 'S1', [joining, bill as IntentV1]), k1);
      expect(again.body.results.map(outcome)).toEqual(['duplicate:applied', 'duplicate:applied']);
    }
    const rows = await members('member_id = $1', ['m-01JNEWMEMBER0000000000001']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phone: '9876500002', name: 'Ravi', consents: ['loyalty_terms'], enrolled_store_id: 'S1', enrolled_terminal_id: 'T1', enrolled_by_intent: joining.intentId, visits: 1 });
  });

  it('merges a till-made id into the member who already holds the phone, and applies that id\'s bills to them', async () => {
    const make = intentMaker('T1', 'S1');
    const joining = enrol(make, 'm-01JALIASOFASHA00000000001', { phone: '98765-00001', consents: ['loyalty_terms', 'whatsapp_offers'] });
    const bill = make.accrue('m-01JALIASOFASHA00000000001', 20);
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [joining, bill]), k1);
    expect(reply.body.results.map(outcome)).toEqual(['applied', 'applied']);
    expect(reply.body.results[0]).toMatchObject({ mergedInto: 'asha', balance: { memberId: 'asha', points: 300 } });
    expect(reply.body.results[1]).toMatchObject({ mergedInto: 'asha', balance: { memberId: 'asha', points: 320 } });
    // A later push naming the alias: applied to the survivor; its retry answers the same.
    const later = make.accrue('m-01JALIASOFASHA00000000001', 5);
    const next = await t.post('/v1/push', pushBody('T1', 'S1', [later]), k1);
    expect(next.body.results[0]).toMatchObject({ outcome: 'applied', mergedInto: 'asha', balance: { memberId: 'asha', points: 325 } });
    const retry = await t.post('/v1/push', pushBody('T1', 'S1', [later]), k1);
    expect(retry.body.results[0]).toMatchObject({ outcome: 'duplicate', original: { mergedInto: 'asha' } });
    expect(await members('member_id = $1', ['m-01JALIASOFASHA00000000001'])).toHaveLength(0);
    expect((await members('member_id = $1', ['asha']))[0]!.consents).toEqual(['loyalty_terms', 'whatsapp_offers']);
    // The stored intent keeps what the till sent; it is filed under the member it applied to.
    const stored = await t.ledger.database.query(`SELECT member_id, body ->> 'memberId' AS sent FROM intents WHERE intent_id = $1`, [later.intentId]);
    expect(stored[0]).toMatchObject({ member_id: 'asha', sent: 'm-01JALIASOFASHA00000000001' });
    // Looking the alias up finds the survivor.
    const found = await t.get('/v1/members/lookup?memberId=m-01JALIASOFASHA00000000001', k1);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ mergedFrom: 'm-01JALIASOFASHA00000000001', member: { memberId: 'asha', balance: { points: 325 } } });
    // A pull naming the alias has no change for it: a till pulls the survivor its answers named.
    const pulled = await t.post('/v1/pull', { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: null, memberIds: ['m-01JALIASOFASHA00000000001'] }, k1);
    expect(pulled.status).toBe(200);
    expect(pulled.body.changes).toEqual([]);
  });

  it('two tills enrolling the same phone offline make one member: the first to arrive creates it, the second merges into it', async () => {
    const one = intentMaker('T1', 'S1');
    const two = intentMaker('T2', 'S1');
    const fromOne = [enrol(one, 'm-01JTILLONE000000000000001', { phone: '9876500003' }), one.accrue('m-01JTILLONE000000000000001', 10)];
    const fromTwo = [enrol(two, 'm-01JTILLTWO000000000000001', { phone: '09876500003' }), two.accrue('m-01JTILLTWO000000000000001', 7)];
    const a = await t.post('/v1/push', pushBody('T1', 'S1', fromOne), k1);
    const b = await t.post('/v1/push', pushBody('T2', 'S1', fromTwo), k2);
    expect(a.body.results.map(outcome)).toEqual(['applied', 'applied']);
    expect(a.body.results[1].mergedInto).toBeUndefined();
    expect(b.body.results.map((r: { mergedInto?: string }) => r.mergedInto)).toEqual(['m-01JTILLONE000000000000001', 'm-01JTILLONE000000000000001']);
    expect(b.body.results[1].balance).toMatchObject({ memberId: 'm-01JTILLONE000000000000001', points: 17 });
    expect(await members('phone = $1', ['9876500003'])).toHaveLength(1);
  });

  it('two pushes enrolling the same phone at the same time still make one member, and neither fails', async () => {
    const one = intentMaker('T1', 'S1');
    const two = intentMaker('T2', 'S1');
    const [a, b] = await Promise.all([
      t.post('/v1/push', pushBody('T1', 'S1', [enrol(one, 'm-01JRACEONE00000000000001', { phone: '9876500004' }), one.accrue('m-01JRACEONE00000000000001', 3)]), k1),
      t.post('/v1/push', pushBody('T2', 'S1', [enrol(two, 'm-01JRACETWO00000000000001', { phone: '9876500004' }), two.accrue('m-01JRACETWO00000000000001', 4)]), k2),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const merged = [a, b].flatMap((r) => r.body.results.map((x: { mergedInto?: string }) => x.mergedInto)).filter(Boolean);
    expect(merged).toHaveLength(2); // the second to commit merged, both its intents say so
    const rows = await members('phone = $1', ['9876500004']);
    expect(rows).toHaveLength(1);
    const balance = await t.ledger.database.query(`SELECT points::int AS p FROM members WHERE phone = $1`, ['9876500004']);
    expect(balance[0]!.p).toBe(7);
  });

  it('refuses an enrolment whose id is already a member as member_exists, changing nothing', async () => {
    const make = intentMaker('T1', 'S1');
    const before = await t.count('members');
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [enrol(make, 'asha', { phone: '9876500099' })]), k1);
    expect(reply.body.results.map(outcome)).toEqual(['member_exists']);
    expect(await t.count('members')).toBe(before);
    expect(await members('phone = $1', ['9876500099'])).toHaveLength(0);
  });

  it('refuses a phone that is not a mobile number as invalid_intent', async () => {
    const make = intentMaker('T1', 'S1');
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [enrol(make, 'm-01JBADPHONE0000000000001', { phone: '12345678' })]), k1);
    expect(reply.body.results.map(outcome)).toEqual(['invalid_intent']);
  });

  it('refuses an accrual for an id no one enrolled as unknown_member', async () => {
    const make = intentMaker('T1', 'S1');
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [make.accrue('m-01JNOBODY00000000000000001', 10)]), k1);
    expect(reply.body.results.map(outcome)).toEqual(['unknown_member']);
  });

  it('refuses an enrolment without the consents the store requires (consent_required), creating nothing', async () => {
    const make = intentMaker('T1', 'S1');
    const intent = enrol(make, 'm-01JNOCONSENT0000000000001', { phone: '9876500005', consents: ['whatsapp_offers'] });
    const batch = await withTransactionRetry(t.ledger.database, (tx) =>
      EnrolmentBatch.prepare(tx, [intent], new Date().toISOString(), undefined, async () => ['loyalty_terms']),
    );
    expect(batch.verdict(intent.intentId)).toMatchObject({ action: 'reject', reason: 'consent_required' });
    expect(await members('member_id = $1', ['m-01JNOCONSENT0000000000001'])).toHaveLength(0);
  });

  it("reads the consents a store requires from its policy: a push enrolling without them is refused consent_required, with them applied", async () => {
    const set = await t.post('/v1/admin/policy', { protocol: 'v1', storeId: 'S2', policy: { requiredConsents: ['loyalty_terms'] } }, t.adminKey);
    expect(set.status).toBe(200);
    const k3 = await t.addTerminal('T3', 'S2');
    const make = intentMaker('T3', 'S2');
    const without = enrol(make, 'm-01JNOCONSENT0000000000002', { phone: '9876500006', consents: ['whatsapp_offers'] });
    const refused = await t.post('/v1/push', pushBody('T3', 'S2', [without]), k3);
    expect(refused.body.results.map(outcome)).toEqual(['consent_required']);
    expect(await members('member_id = $1', ['m-01JNOCONSENT0000000000002'])).toHaveLength(0);
    const given = enrol(make, 'm-01JNOCONSENT0000000000003', { phone: '9876500006', consents: ['loyalty_terms', 'whatsapp_offers'] });
    const applied = await t.post('/v1/push', pushBody('T3', 'S2', [given]), k3);
    expect(applied.body.results.map(outcome)).toEqual(['applied']);
    // Another store's policy asks for nothing.
    const elsewhere = await t.post('/v1/push', pushBody('T1', 'S1', [enrol(intentMaker('T1', 'S1'), 'm-01JNOCONSENT0000000000004', { consents: [] })]), k1);
    expect(elsewhere.body.results.map(outcome)).toEqual(['applied']);
  });

  it('refuses an admin-made member whose id is already an alias', async () => {
    const r = await t.post('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'm-01JALIASOFASHA00000000001' }] }, t.adminKey);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('member_exists');
  });
});
