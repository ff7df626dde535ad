import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { MemberMergedEvent } from '../../src/index.js';
import { line } from '../rules/support/bills.js';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

// A Tuesday, 11:30 in India (no happy hour); the ledger's clock agrees with the tills'.
const AT = Date.parse('2026-11-10T06:00:00.000Z');
const SAME_CLOCK = { now: () => new Date(AT) };
const LINES = [line('L1', 'JEANS', 'apparel', 2_499), line('L2', 'TEE', 'apparel', 799)];

describe('members enrolled at the till', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  async function world(members: Parameters<typeof startTillWorld>[0] = []) {
    w = await startTillWorld(members, SAME_CLOCK);
    await w.publishRuleset({ ...fashionRuleset, version: 1 });
    return w;
  }

  async function till(terminalId = 'till-1', options: Parameters<TillWorld['terminal']>[0] = {}) {
    const apiKey = terminalId === 'till-1' ? w.apiKey : await w.ledger.addTerminal(terminalId, 'store-1');
    const t = w.terminal({ terminalId, apiKey, now: () => AT, factory: new IDBFactory(), ...options });
    await t.start();
    await t.sync(); // the ruleset
    return t;
  }

  it('enrols offline, earns the first bill at once with the first-purchase bonus, and the ledger creates the member once though an answer is lost', async () => {
    await world();
    const t = await till();
    w.proxy.mode = { kind: 'offline' };
    const joined = await t.enrol({ phone: '+91 98765 11111', name: 'Ravi', consents: ['loyalty_terms'] });
    expect(joined).toMatchObject({ enrolled: true, name: 'Ravi', phone: '9876511111', balance: { confirmed: 0, provisional: 0 } });
    expect(joined.memberId).toMatch(/^m-[0-9A-HJKMNP-TV-Z]{26}$/);
    const receipt = await t.checkout({ memberId: joined.memberId, bill: { billId: 'FIRST', lines: LINES } });
    expect(receipt.lines.flatMap((l) => l.rules.map((r) => r.reason)).join(' ')).toMatch(/first/i);
    const earned = receipt.accrual.points;
    expect(receipt.balance.provisional).toBe(earned);

    // Back online, the first answer is lost after the ledger applied it; the retry is answered as a duplicate.
    w.proxy.mode = { kind: 'drop-response' };
    await expect(t.sync()).rejects.toMatchObject({ code: 'network' });
    w.proxy.mode = { kind: 'pass' };
    expect(await t.sync()).toMatchObject({ confirmed: 2, rejected: 0 });
    expect(await w.ledgerPoints(joined.memberId)).toBe(earned);
    expect(await w.ledger.count('members')).toBe(1);
    expect(await t.getBalance(joined.memberId)).toMatchObject({ confirmed: earned, provisional: earned });
    const accrual = (await t.history(joined.memberId)).find((i) => i.kind === 'accrue');
    expect(accrual?.outcome).toMatchObject({ outcome: 'applied', earn: { outcome: 'honoured' } });
  });

  it('answers with the member the ledger already knows by that phone, and enrols no one', async () => {
    await world([{ memberId: 'asha', phone: '9876522222', openingPoints: 40 }]);
    const t = await till();
    const found = await t.enrol({ phone: '098765 22222', consents: ['loyalty_terms'] });
    expect(found).toMatchObject({ enrolled: false, intentId: null, memberId: 'asha', source: 'ledger', balance: { confirmed: 40 } });
    expect((await t.status()).queueDepth).toBe(0);
    // Asked again, the till knows them already.
    expect(await t.enrol({ phone: '9876522222', consents: [] })).toMatchObject({ enrolled: false, memberId: 'asha', source: 'cache' });
  });

  it('merges an offline enrolment of a phone a member already holds into that member, and tells the till', async () => {
    await world([{ memberId: 'asha', phone: '9876533333', openingPoints: 100 }]);
    const t = await till();
    w.proxy.mode = { kind: 'offline' };
    const joined = await t.enrol({ phone: '9876533333', consents: ['loyalty_terms'] });
    expect(joined.enrolled).toBe(true);
    const first = await t.accrue({ memberId: joined.memberId, points: 10, bill: { billId: 'B1', amountPaise: 1_000 } });
    w.proxy.mode = { kind: 'pass' };
    const merges: MemberMergedEvent[] = [];
    t.on('member_merged', (m) => merges.push(m));
    expect(await t.sync()).toMatchObject({ confirmed: 2, rejected: 0 });
    expect(merges).toEqual([{ from: joined.memberId, into: 'asha' }]);
    expect(await w.ledgerPoints('asha')).toBe(110);
    // The old id shows the survivor, and new bills for it are written for the survivor.
    expect(await t.getBalance(joined.memberId)).toMatchObject({ memberId: 'asha', confirmed: 110, provisional: 110 });
    expect(await t.lookupMember({ memberId: joined.memberId })).toMatchObject({ memberId: 'asha', phone: '9876533333' });
    const next = await t.accrue({ memberId: joined.memberId, points: 5, bill: { billId: 'B2', amountPaise: 500 } });
    expect(next.balance).toMatchObject({ memberId: 'asha', provisional: 115 });
    await t.sync();
    expect(await w.ledgerPoints('asha')).toBe(115);
    // A return of the bill made for the old id takes its points back from the survivor.
    expect((await t.reverse({ originalIntentId: first.intentId })).balance).toMatchObject({ memberId: 'asha', provisional: 105 });
    expect(await t.sync()).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(await w.ledgerPoints('asha')).toBe(105);
    // Points held or spent by the old id are the survivor's: the ledger holds them for asha.
    const held = await t.holdPoints({ memberId: joined.memberId, points: 5 });
    expect(held).toMatchObject({ memberId: 'asha', balance: { memberId: 'asha', provisional: 100 } });
    await t.releaseHold(held.holdId);
    const spent = await t.redeem({ memberId: joined.memberId, points: 5 });
    expect(spent).toMatchObject({ basis: 'hold', balance: { memberId: 'asha', provisional: 100 } });
    expect(await t.sync()).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(await w.ledgerPoints('asha')).toBe(100);
  });

  it('two tills enrolling the same phone offline make one member: both bills land on it and both tills show the survivor', async () => {
    await world();
    const one = await till('till-1');
    const two = await till('till-2');
    w.proxy.mode = { kind: 'offline' };
    const a = await one.enrol({ phone: '9876544444', name: 'Meena', consents: ['loyalty_terms'] });
    const b = await two.enrol({ phone: '9876544444', consents: ['loyalty_terms'] });
    expect(a.memberId).not.toBe(b.memberId);
    const billA = await one.checkout({ memberId: a.memberId, bill: { billId: 'A1', lines: LINES } });
    const billB = await two.checkout({ memberId: b.memberId, bill: { billId: 'B1', lines: [line('L1', 'TEE', 'apparel', 799)] } });
    w.proxy.mode = { kind: 'pass' };
    await one.sync(); // first to arrive: creates the member
    const merges: MemberMergedEvent[] = [];
    two.on('member_merged', (m) => merges.push(m));
    expect(await two.sync()).toMatchObject({ confirmed: 2, rejected: 0 });
    expect(merges).toEqual([{ from: b.memberId, into: a.memberId }]);
    // The second bill was judged as the member's second visit by the ledger: recomputed, not lost.
    const total = await w.ledgerPoints(a.memberId);
    expect(total).toBeGreaterThanOrEqual(billA.accrual.points);
    expect(await w.ledger.count('members')).toBe(1);
    expect(await two.getBalance(b.memberId)).toMatchObject({ memberId: a.memberId, confirmed: total, provisional: total });
    expect(await two.lookupMember({ memberId: b.memberId })).toMatchObject({ memberId: a.memberId, name: 'Meena' });
    await one.sync(); // the pull brings till-2's bill
    expect(await one.getBalance(a.memberId)).toMatchObject({ confirmed: total, provisional: total });
    expect(billB.accrual.points).toBeGreaterThan(0);
  });

  it('refuses an accrual for a member the till never saw with member_not_found when the ledger does not know them or cannot be asked', async () => {
    await world([{ memberId: 'asha', openingPoints: 10 }]);
    const t = await till('till-1', { memberDeadlineMs: 200 });
    const accrue = (memberId: string) => t.accrue({ memberId, points: 5, bill: { billId: `B-${memberId}`, amountPaise: 500 } });
    await expect(accrue('nobody')).rejects.toMatchObject({ code: 'member_not_found' });
    w.proxy.mode = { kind: 'offline' };
    await expect(accrue('asha')).rejects.toMatchObject({ code: 'member_not_found' });
    w.proxy.mode = { kind: 'hang' };
    await expect(accrue('asha')).rejects.toMatchObject({ code: 'member_not_found' });
    await expect(t.checkout({ memberId: 'asha', bill: { billId: 'C1', lines: LINES } })).rejects.toMatchObject({ code: 'member_not_found' });
    expect((await t.status()).queueDepth).toBe(0);
    // Online, an id the ledger knows is looked up, cached, and accrued as before.
    w.proxy.mode = { kind: 'pass' };
    expect((await accrue('asha')).balance).toMatchObject({ confirmed: 10, provisional: 15 });
    w.proxy.mode = { kind: 'offline' };
    expect((await accrue('asha')).balance.provisional).toBe(20);
  });

  it('refuses an enrolment with a phone that is not a mobile number, writing nothing', async () => {
    await world();
    const t = await till();
    await expect(t.enrol({ phone: '12345678', consents: [] })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(t.enrol({ consents: ['not an id!'] })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect((await t.status()).queueDepth).toBe(0);
  });
});
