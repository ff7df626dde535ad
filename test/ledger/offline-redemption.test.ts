import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntentV1 } from '../../src/protocol/index.js';
import { DATABASES, TEST_MANAGER, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { startRedemptionWorld, type RedemptionWorld, type Till } from './support/redemption-world.js';

const ALLOW = { terminalId: 'allow-1', storeId: 'allow' };
const DEBT = { terminalId: 'debt-1', storeId: 'debt' };
const RISK = { terminalId: 'risk-1', storeId: 'risk' };
const DENY = { terminalId: 'deny-1', storeId: 'deny' };

describe.each(DATABASES)('offline redemptions by the store\'s policy (%s)', (kind) => {
  let w: RedemptionWorld;
  const keys = new Map<string, string>();
  const makers = new Map<string, ReturnType<typeof intentMaker>>();
  const push = (till: Till, intents: IntentV1[]) => w.t.post('/v1/push', pushBody(till.terminalId, till.storeId, intents), keys.get(till.terminalId)!);
  /** A redemption made at the till now (by the ledger's clock), on `basis`. */
  const redeem = (till: Till, memberId: string, points: number, extra: Record<string, unknown>): IntentV1 =>
    ({ ...makers.get(till.terminalId)!.redeem(memberId, points), occurredAt: w.now().toISOString(), ...extra }) as IntentV1;
  const onLimit = (till: Till, memberId: string, points: number, extra: Record<string, unknown> = {}) =>
    redeem(till, memberId, points, { basis: 'limit', balanceAsOf: w.now().toISOString(), ...extra });
  const journalOf = async (intentId: string) =>
    (await w.t.ledger.database.query(`SELECT debit_account, credit_account, points::int AS points FROM journal WHERE intent_id = $1 ORDER BY entry_id`, [intentId])).map((r) => ({ ...r }));
  const booksBalance = async () => {
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
    return tb;
  };

  beforeAll(async () => {
    w = await startRedemptionWorld(kind);
    for (const till of [ALLOW, DEBT, RISK, DENY]) {
      keys.set(till.terminalId, await w.t.addTerminal(till.terminalId, till.storeId));
      makers.set(till.terminalId, intentMaker(till.terminalId, till.storeId));
    }
    await w.t.addManager(DEBT.storeId);
    const limits = { offline: 'limit', limitPerRedemption: 500, limitPerMember: 800, limitPerTill: 1500, maxBalanceAgeMinutes: 60 } as const;
    await w.setPolicy({ ...limits, shortfall: 'member_debt' }, DEBT.storeId);
    await w.setPolicy({ ...limits, shortfall: 'store_risk' }, RISK.storeId);
    await w.setPolicy({ offline: 'deny' }, DENY.storeId);
    await w.t.addMembers([
      { memberId: 'asha', openingPoints: 3000 },
      { memberId: 'ravi', openingPoints: 300 },
      { memberId: 'debtor', openingPoints: 100 },
      { memberId: 'risky', openingPoints: 100 },
      { memberId: 'capped', openingPoints: 0 },
      { memberId: 'denied', openingPoints: 100 },
    ]);
  });
  afterAll(() => w.t.close());

  describe('allowance', () => {
    it('captures from the allowance\'s remainder, which stays open with what is left, then from the available balance', async () => {
      const allowance = (await w.allowances(keys.get(ALLOW.terminalId)!, ALLOW, { memberIds: ['asha'] })).body.allowances[0].allowance;
      const use = (points: number) => redeem(ALLOW, 'asha', points, { basis: 'allowance', holdId: allowance.holdId });
      const first = await push(ALLOW, [use(300), use(500)]);
      expect(first.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'applied']);
      expect(first.body.results[1].balance).toMatchObject({ points: 2200, held: 200, available: 2000 });
      const third = use(400);
      const r = await push(ALLOW, [third]);
      expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 1800, held: 0, available: 1800 } });
      expect(await journalOf(third.intentId)).toEqual([
        { debit_account: 'program:pending', credit_account: 'program:redemption', points: 200 },
        { debit_account: 'member:asha', credit_account: 'program:redemption', points: 200 },
      ]);
      // Used up: the next request grants a fresh allowance.
      const next = (await w.allowances(keys.get(ALLOW.terminalId)!, ALLOW, { memberIds: ['asha'] })).body.allowances[0].allowance;
      expect(next.holdId).not.toBe(allowance.holdId);
      await w.release(keys.get(ALLOW.terminalId)!, ALLOW, [next.holdId]);
      await booksBalance();
    });

    it('refuses what the member lacks beyond the remainder with hold_exceeded, after expiry with hold_expired, after a release with hold_voided', async () => {
      const grant = async () => (await w.allowances(keys.get(ALLOW.terminalId)!, ALLOW, { memberIds: ['ravi'] })).body.allowances[0].allowance;
      const first = await grant();
      expect(first.points).toBe(300);
      const over = await push(ALLOW, [redeem(ALLOW, 'ravi', 301, { basis: 'allowance', holdId: first.holdId })]);
      expect(over.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'hold_exceeded' });
      await w.release(keys.get(ALLOW.terminalId)!, ALLOW, [first.holdId]);
      const released = await push(ALLOW, [redeem(ALLOW, 'ravi', 301, { basis: 'allowance', holdId: first.holdId })]);
      expect(released.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'hold_voided' });
      const second = await grant();
      w.advance(481);
      const late = await push(ALLOW, [redeem(ALLOW, 'ravi', 301, { basis: 'allowance', holdId: second.holdId })]);
      expect(late.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'hold_expired' });
      const stillHas = await push(ALLOW, [redeem(ALLOW, 'ravi', 100, { basis: 'allowance', holdId: second.holdId })]);
      expect(stillHas.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 200, held: 0 } });
      await booksBalance();
    });
  });

  describe('limit', () => {
    it('member_debt: within the caps the member goes below zero, and a later accrual recovers it', async () => {
      const intent = onLimit(DEBT, 'debtor', 300);
      const r = await push(DEBT, [intent]);
      expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: -200, available: -200 } });
      expect(await journalOf(intent.intentId)).toEqual([{ debit_account: 'member:debtor', credit_account: 'program:redemption', points: 300 }]);
      const row = (await w.t.ledger.database.query(`SELECT basis, exposure::int AS e, shortfall::int AS s, shortfall_to FROM intents WHERE intent_id = $1`, [intent.intentId]))[0];
      expect({ ...row }).toEqual({ basis: 'limit', e: 300, s: 200, shortfall_to: 'member_debt' });
      const accrual = await push(DEBT, [makers.get(DEBT.terminalId)!.accrue('debtor', 250)]);
      expect(accrual.body.results[0].balance.points).toBe(50);
      await booksBalance();
    });

    it('store_risk: the member pays what they have and the store\'s risk account is charged the rest', async () => {
      const intent = onLimit(RISK, 'risky', 300);
      const r = await push(RISK, [intent]);
      expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 0 } });
      expect(await journalOf(intent.intentId)).toEqual([
        { debit_account: 'member:risky', credit_account: 'program:redemption', points: 100 },
        { debit_account: 'risk:risk', credit_account: 'program:redemption', points: 200 },
      ]);
      const tb = await booksBalance();
      expect(tb.accounts).toContainEqual({ account: 'risk:risk', balance: -200 });
    });

    it('a return of a store_risk redemption gives the store its share back first, then the member theirs', async () => {
      await w.t.addMembers([{ memberId: 'returner', openingPoints: 100 }]);
      const spent = onLimit(RISK, 'returner', 300);
      expect((await push(RISK, [spent])).body.results[0].outcome).toBe('applied');
      const risk = makers.get(RISK.terminalId)!;
      const first = risk.reverse('returner', spent.intentId, 250);
      const r = await push(RISK, [first]);
      expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 50 } });
      expect(await journalOf(first.intentId)).toEqual([
        { debit_account: 'program:redemption', credit_account: 'risk:risk', points: 200 },
        { debit_account: 'program:redemption', credit_account: 'member:returner', points: 50 },
      ]);
      const rest = await push(RISK, [risk.reverse('returner', spent.intentId, 50)]);
      expect(rest.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 100 } });
      const tb = await booksBalance();
      expect(tb.accounts).toContainEqual({ account: 'risk:risk', balance: -200 });
    });

    it('refuses what the member lacks beyond a cap with limit_exceeded naming the cap, and applies it when the member has the points', async () => {
      const perRedemption = await push(DEBT, [onLimit(DEBT, 'capped', 501)]);
      expect(perRedemption.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'limit_exceeded' });
      expect(perRedemption.body.results[0].message).toMatch(/per-redemption/);
      const stale = await push(DEBT, [onLimit(DEBT, 'capped', 10, { balanceAsOf: new Date(w.now().getTime() - 61 * 60_000).toISOString() })]);
      expect(stale.body.results[0].message).toMatch(/minutes old/);
      const first = await push(DEBT, [onLimit(DEBT, 'capped', 450)]);
      expect(first.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: -450 } });
      const perMember = await push(DEBT, [onLimit(DEBT, 'capped', 400)]);
      expect(perMember.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'limit_exceeded' });
      expect(perMember.body.results[0].message).toMatch(/per-member/);
      const rich = await push(DEBT, [onLimit(DEBT, 'asha', 600)]);
      expect(rich.body.results[0].outcome).toBe('applied');
      // The till has now let 300 + 450 + 600 be spent offline today: 1500 is its cap.
      const perTill = await push(DEBT, [onLimit(DEBT, 'ravi', 250)]);
      expect(perTill.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'limit_exceeded' });
      expect(perTill.body.results[0].message).toMatch(/per-till/);
      // A day later (bill time) the windows are clear again.
      w.advance(24 * 60 + 1);
      const later = await push(DEBT, [onLimit(DEBT, 'ravi', 250)]);
      expect(later.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: -50 } });
      await booksBalance();
    });

    it('override: a manager\'s approval lifts the per-redemption cap; a wrong PIN is refused and nothing moves', async () => {
      await w.t.addMembers([{ memberId: 'vip', openingPoints: 0 }]);
      const wrong = await push(DEBT, [redeem(DEBT, 'vip', 600, { basis: 'override', balanceAsOf: w.now().toISOString(), approval: { managerId: TEST_MANAGER.managerId, pin: '000000' } })]);
      expect(wrong.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'manager_approval_invalid' });
      const intent = redeem(DEBT, 'vip', 600, { basis: 'override', balanceAsOf: w.now().toISOString(), approval: TEST_MANAGER });
      const r = await push(DEBT, [intent]);
      expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: -600 } });
      const stored = (await w.t.ledger.database.query(`SELECT body FROM intents WHERE intent_id = $1`, [intent.intentId]))[0]!.body as any;
      expect(stored.approval).toEqual({ managerId: TEST_MANAGER.managerId });
      expect((await push(DEBT, [intent])).body.results[0].outcome).toBe('duplicate');
      await booksBalance();
    });

    it('is deterministic: the same redemption on the same state decides the same', async () => {
      const decide = async () => {
        const fresh = await startRedemptionWorld(kind);
        const k = await fresh.t.addTerminal(RISK.terminalId, RISK.storeId);
        await fresh.setPolicy({ offline: 'limit', shortfall: 'store_risk' }, RISK.storeId);
        await fresh.t.addMembers([{ memberId: 'm', openingPoints: 120 }]);
        const intent = { ...intentMaker(RISK.terminalId, RISK.storeId).redeem('m', 400), occurredAt: fresh.now().toISOString(), basis: 'limit', balanceAsOf: fresh.now().toISOString() };
        const r = await fresh.t.post('/v1/push', pushBody(RISK.terminalId, RISK.storeId, [intent as IntentV1]), k);
        const entries = await fresh.t.ledger.database.query(`SELECT debit_account, credit_account, points::int AS points FROM journal WHERE intent_id IS NOT NULL ORDER BY entry_id`);
        await fresh.t.close();
        return { result: { ...r.body.results[0], intentId: undefined, balance: { ...r.body.results[0].balance, updatedAt: undefined } }, entries: entries.map((e) => ({ ...e })) };
      };
      expect(await decide()).toEqual(await decide());
    });
  });

  describe('deny', () => {
    it('refuses a limit redemption the member cannot pay with offline_redemption_denied, and applies one they can', async () => {
      const short = await push(DENY, [onLimit(DENY, 'denied', 101)]);
      expect(short.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'offline_redemption_denied' });
      const fits = await push(DENY, [onLimit(DENY, 'denied', 100)]);
      expect(fits.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 0 } });
      await booksBalance();
    });
  });
});
