import { afterEach, describe, expect, it } from 'vitest';
import type { EarnAdjustmentEvent } from '../../src/index.js';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { groceryRuleset } from '../rules/support/grocery-ruleset.js';
import { line } from '../rules/support/bills.js';
import { startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

// A Saturday in the festive weekend window, 11:00 in Mumbai.
const SATURDAY = Date.parse('2026-11-07T11:00:00+05:30');
// The ledger's clock agrees with the till's (it judges a bill at the till's time corrected for its skew).
const SATURDAY_LEDGER = { now: () => new Date(SATURDAY) };

describe('checkout: the points printed are the points the ledger confirms', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('earns a bill offline by the till\'s ruleset, and the ledger confirms the same points', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100, tier: 'classic' }], SATURDAY_LEDGER);
    await w.publishRuleset({ ...groceryRuleset, version: 1 });
    const t = w.terminal({ now: () => SATURDAY });
    await t.start();
    // The till learns the store's policy (by default: allowances), and the lookup gets one for the member.
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    expect(t.rulesetVersion).toBe(1);

    w.proxy.mode = { kind: 'offline' };
    const receipt = await t.checkout({
      memberId: 'asha',
      bill: { billId: 'FM-1', lines: [line('L1', 'RICE-5KG', 'staples', 450), line('L2', 'CHIPS', 'snacks', 120), line('L3', 'CIG-20', 'tobacco', 300)] },
      redeemPoints: 50,
    });
    // Staples 2 per ₹100 = 9, snacks 1 per ₹100 = 1, tobacco excluded; the festive bonus of 50 is shared by amount.
    expect(receipt.lines.map((l) => l.lineId)).toEqual(['L1', 'L2', 'L3']);
    expect(receipt.lines.find((l) => l.lineId === 'L3')!.points).toBe(0);
    expect(receipt.accrual.points).toBe(receipt.lines.reduce((s, l) => s + l.points, 0));
    expect(receipt.accrual.points).toBe(9 + 1 + 50);
    expect(receipt.redemption?.points).toBe(50);
    expect(receipt.balance).toMatchObject({ confirmed: 100, provisional: 100 - 50 + 60 });
    expect(receipt.tier).toMatchObject({ before: 'classic', after: 'classic', next: 'gold' });
    expect(receipt.lines[0]!.rules.map((r) => r.reason).join(' ')).toMatch(/staples|Staples|2 pts|per ₹100/);

    w.proxy.mode = { kind: 'pass' };
    const adjustments: EarnAdjustmentEvent[] = [];
    t.on('adjustment', (a) => adjustments.push(a));
    expect(await t.sync()).toMatchObject({ confirmed: 2, rejected: 0 });
    expect(adjustments).toEqual([]);
    expect(await w.ledgerPoints('asha')).toBe(110);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 110, provisional: 110 });
    const [accrual] = (await t.history('asha')).filter((i) => i.kind === 'accrue');
    expect(accrual?.outcome).toMatchObject({ outcome: 'applied', earn: { outcome: 'honoured', tillPoints: 60, ledgerPoints: 60 } });

    // A return of the rice line takes back exactly what that line earned.
    const riceLine = receipt.lines.find((l) => l.lineId === 'L1')!.points;
    const back = await t.reverse({ originalIntentId: receipt.accrual.intentId, lineIds: ['L1'] });
    expect(back.balance.provisional).toBe(110 - riceLine);
    await t.sync();
    expect(await w.ledgerPoints('asha')).toBe(110 - riceLine);
    // The same line cannot come back twice, nor a line the bill never had.
    await expect(t.reverse({ originalIntentId: receipt.accrual.intentId, lineIds: ['L1'] })).rejects.toMatchObject({ code: 'invalid_reversal' });
    await expect(t.reverse({ originalIntentId: receipt.accrual.intentId, lineIds: ['L9'] })).rejects.toMatchObject({ code: 'invalid_reversal' });
  });

  it('applies the ledger\'s points, as a visible adjustment, when the till\'s ruleset was out of date', async () => {
    w = await startTillWorld([{ memberId: 'ravi', tier: 'classic' }], { rulesGraceMs: 0 });
    await w.publishRuleset({ ...groceryRuleset, version: 1, promotions: [] });
    const t = w.terminal({ now: () => Date.now() });
    await t.start();
    await t.lookupMember({ memberId: 'ravi' });
    await t.sync();
    // The brand doubles the base rate; this till has not heard yet.
    await w.publishRuleset({ ...groceryRuleset, version: 2, promotions: [], base: { points: 2, perPaise: 10_000 } }, new Date(Date.now() - 1000).toISOString());
    const receipt = await t.checkout({ memberId: 'ravi', bill: { billId: 'FM-2', lines: [line('L1', 'CHIPS', 'snacks', 500)] } });
    expect(receipt).toMatchObject({ rulesetVersion: 1, accrual: { points: 5 } });

    const adjustments: EarnAdjustmentEvent[] = [];
    t.on('adjustment', (a) => adjustments.push(a));
    await t.sync();
    expect(adjustments).toEqual([
      expect.objectContaining({ intentId: receipt.accrual.intentId, tillPoints: 5, ledgerPoints: 10, tillRulesetVersion: 1, rulesetVersion: 2, reason: expect.stringContaining('v2') }),
    ]);
    expect(await t.getBalance('ravi')).toMatchObject({ confirmed: 10, provisional: 10 });
    expect(t.rulesetVersion).toBe(2);
    // A return works from what the ledger applied, not from what the till first showed.
    const back = await t.reverse({ originalIntentId: receipt.accrual.intentId });
    expect(back.balance.provisional).toBe(0);
    await t.sync();
    expect(await w.ledgerPoints('ravi')).toBe(0);
  });

  it('honours the previous ruleset within the grace period after a new one', async () => {
    w = await startTillWorld([{ memberId: 'meera', tier: 'classic' }]);
    await w.publishRuleset({ ...groceryRuleset, version: 1, promotions: [] });
    const t = w.terminal({ now: () => Date.now() });
    await t.start();
    await t.lookupMember({ memberId: 'meera' });
    await t.sync();
    await w.publishRuleset({ ...groceryRuleset, version: 2, promotions: [], base: { points: 2, perPaise: 10_000 } }, new Date(Date.now() - 1000).toISOString());
    const receipt = await t.checkout({ memberId: 'meera', bill: { billId: 'FM-3', lines: [line('L1', 'CHIPS', 'snacks', 500)] } });
    const adjustments: EarnAdjustmentEvent[] = [];
    t.on('adjustment', (a) => adjustments.push(a));
    await t.sync();
    expect(adjustments).toEqual([]);
    expect(await t.getBalance('meera')).toMatchObject({ confirmed: receipt.accrual.points, provisional: receipt.accrual.points });
  });

  it('counts a per-member promotion cap at the till and the ledger alike, and a return gives back its share', async () => {
    w = await startTillWorld([{ memberId: 'kiran', tier: 'classic' }], SATURDAY_LEDGER);
    await w.publishRuleset({ ...groceryRuleset, version: 1 }); // festive weekend: +50 a bill, at most 200 a member
    const t = w.terminal({ now: () => SATURDAY });
    await t.start();
    await t.lookupMember({ memberId: 'kiran' });
    await t.sync();
    w.proxy.mode = { kind: 'offline' };
    const bonusOf = (r: { lines: readonly { rules: readonly { ruleId: string; points: number }[] }[] }) =>
      r.lines.flatMap((l) => l.rules).filter((x) => x.ruleId === 'promotion:festive-weekend').reduce((s, x) => s + x.points, 0);
    const bills = [];
    for (let i = 1; i <= 5; i++) {
      bills.push(await t.checkout({ memberId: 'kiran', bill: { billId: `K${i}`, lines: [line('L1', 'RICE-5KG', 'staples', 300)] } }));
    }
    expect(bills.map(bonusOf)).toEqual([50, 50, 50, 50, 0]);
    await t.reverse({ originalIntentId: bills[0]!.accrual.intentId, lineIds: ['L1'] });
    const after = await t.checkout({ memberId: 'kiran', bill: { billId: 'K6', lines: [line('L1', 'RICE-5KG', 'staples', 300)] } });
    expect(bonusOf(after)).toBe(50);

    w.proxy.mode = { kind: 'pass' };
    const adjustments: EarnAdjustmentEvent[] = [];
    t.on('adjustment', (a) => adjustments.push(a));
    await t.sync();
    expect(adjustments).toEqual([]);
    const expected = [...bills, after].reduce((s, r) => s + r.accrual.points, 0) - bills[0]!.accrual.points;
    expect(await w.ledgerPoints('kiran')).toBe(expected);
    expect(await t.getBalance('kiran')).toMatchObject({ confirmed: expected, provisional: expected });
    // The ledger's own count agrees on every bill, the one after the return included.
    const accruals = (await t.history('kiran')).filter((i) => i.kind === 'accrue');
    for (const a of accruals) {
      const review = a.outcome?.outcome === 'applied' ? a.outcome.earn : undefined;
      expect(review).toMatchObject({ outcome: 'honoured' });
      expect(review?.ledgerPoints).toBe(review?.tillPoints);
    }
  });

  it('keeps a till\'s view of the member current through pulls, so the next bill earns right', async () => {
    w = await startTillWorld([{ memberId: 'neha', tier: 'silver' }], SATURDAY_LEDGER);
    await w.publishRuleset({ ...fashionRuleset, version: 1, promotions: [] }); // 100 on the first purchase, 50 on the 5th visit
    const otherKey = await w.ledger.addTerminal('till-2', 'store-1');
    const mumbai = w.terminal({ now: () => SATURDAY });
    const pune = w.terminal({ now: () => SATURDAY, terminalId: 'till-2', apiKey: otherKey });
    for (const t of [mumbai, pune]) {
      await t.start();
      await t.lookupMember({ memberId: 'neha' });
      await t.sync();
    }
    const tee = { billId: 'X', lines: [line('L1', 'TEE', 'apparel', 799)] };
    for (let i = 1; i <= 4; i++) await mumbai.checkout({ memberId: 'neha', bill: { ...tee, billId: `M${i}` } });
    await mumbai.sync();
    await pune.sync(); // pulls neha: 4 visits, points, tier
    const fifth = await pune.checkout({ memberId: 'neha', bill: { ...tee, billId: 'P5' } });
    expect(fifth.lines[0]!.rules.map((r) => r.ruleId)).toContain('visit:fifth-visit');
    const adjustments: EarnAdjustmentEvent[] = [];
    pune.on('adjustment', (a) => adjustments.push(a));
    await pune.sync();
    expect(adjustments).toEqual([]);
    const [accrual] = (await pune.history('neha')).filter((i) => i.kind === 'accrue');
    const review = accrual?.outcome?.outcome === 'applied' ? accrual.outcome.earn : undefined;
    expect(review).toMatchObject({ outcome: 'honoured', tillPoints: fifth.accrual.points, ledgerPoints: fifth.accrual.points });
  });

  it('refuses a checkout without a ruleset, or with a bad bill, and writes nothing', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 10 }]);
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const bill = { billId: 'X', lines: [line('L1', 'CHIPS', 'snacks', 100)] };
    await expect(t.checkout({ memberId: 'asha', bill })).rejects.toMatchObject({ code: 'rules_unavailable' });
    await w.publishRuleset({ ...groceryRuleset, version: 1 });
    await t.sync();
    await expect(t.checkout({ memberId: 'asha', bill: { billId: 'X', lines: [{ ...bill.lines[0]!, amountPaise: 10.5 }] } })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(t.checkout({ memberId: 'asha', bill: { billId: 'X', lines: [bill.lines[0]!, bill.lines[0]!] } })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(t.checkout({ memberId: 'asha', bill, redeemPoints: 11 })).rejects.toMatchObject({ code: 'insufficient_points' });
    expect((await t.status()).queueDepth).toBe(0);
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 10 });
  });
});
