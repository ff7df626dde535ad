import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerableOutcome, replayableOutcome } from '../../src/ledger/apply/answerable-outcome.js';
import { balanceLimitBreach } from '../../src/ledger/apply/balance-limit.js';
import { MAX_AMOUNT, MAX_BALANCE, MIN_BALANCE, pushResponseV1Schema, type FinalOutcomeV1 } from '../../src/protocol/index.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const member = (points: number) => ({ memberId: 'M', points, held: 0, version: 1, updatedAt: '2026-11-10T06:00:00.000Z' });
const balance = (points: number) => ({ memberId: 'M', points, held: 0, available: points, version: 2, updatedAt: '2026-11-10T06:00:00.000Z' });
const ID = '01JD0000000000000000000000';

describe('the balance limit and answerable outcomes (pure)', () => {
  it('refuses a move past MAX_BALANCE or below MIN_BALANCE, and allows one to the limit', () => {
    expect(balanceLimitBreach(member(MAX_BALANCE - 1), 1)).toBeUndefined();
    expect(balanceLimitBreach(member(MAX_BALANCE), 1)).toContain(String(MAX_BALANCE));
    expect(balanceLimitBreach(member(MIN_BALANCE + 1), -1)).toBeUndefined();
    expect(balanceLimitBreach(member(MIN_BALANCE), -1)).toContain(String(MIN_BALANCE));
  });

  it('turns an applied outcome that cannot be answered into an unanswerable rejection', () => {
    const applied: FinalOutcomeV1 = { intentId: ID, outcome: 'applied', balance: balance(MAX_BALANCE + 1) };
    expect(answerableOutcome(applied, balance(5))).toMatchObject({ outcome: 'rejected', reason: 'unanswerable', balance: balance(5) });
    expect(answerableOutcome(applied, balance(MAX_BALANCE + 1))).not.toHaveProperty('balance');
  });

  it('replays an old applied outcome past the limit with the balance now, or as unanswerable', () => {
    const stored: FinalOutcomeV1 = { intentId: ID, outcome: 'applied', balance: balance(MAX_BALANCE + 1) };
    expect(replayableOutcome(stored, balance(7))).toEqual({ ...stored, balance: balance(7) });
    expect(replayableOutcome(stored, balance(MAX_BALANCE + 1))).toMatchObject({ outcome: 'rejected', reason: 'unanswerable' });
    const rejected: FinalOutcomeV1 = { intentId: ID, outcome: 'rejected', reason: 'insufficient_points', message: 'no', balance: balance(MIN_BALANCE - 1) };
    expect(replayableOutcome(rejected)).toEqual({ intentId: ID, outcome: 'rejected', reason: 'insufficient_points', message: 'no' });
  });
});

describe.each(DATABASES)('a member balance never passes what an answer can carry (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'rich' }, { memberId: 'legacy' }]);
  });
  afterAll(() => t.close());

  const push = async (intents: unknown[]) => t.post('/v1/push', pushBody('T1', 'S1', intents as never), key);

  it('refuses the accrual that would pass MAX_BALANCE, and every retry gets the same valid answer', async () => {
    const make = intentMaker('T1', 'S1');
    const big = () => ({ ...make.accrue('rich', MAX_AMOUNT), bill: { billId: 'BIG', amountPaise: MAX_AMOUNT } });
    const batch = [big(), big(), big()];
    const first = await push(batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: any) => r.reason ?? r.outcome)).toEqual(['applied', 'applied', 'balance_limit']);
    expect(first.body.results[2].balance.points).toBe(MAX_BALANCE);
    for (let i = 0; i < 2; i++) {
      const retry = await push(batch);
      expect(retry.status).toBe(200);
      expect(pushResponseV1Schema.safeParse(retry.body).success).toBe(true);
      expect(retry.body.results.map((r: any) => r.original)).toEqual(first.body.results);
    }
    // A later push on its own is refused the same way; the member stays answerable.
    const later = await push([make.accrue('rich', 1)]);
    expect(later.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'balance_limit' });
    const lookup = await t.get('/v1/members/lookup?memberId=rich', key);
    expect(lookup.status).toBe(200);
    expect(lookup.body.member.balance.points).toBe(MAX_BALANCE);
    const spend = await push([make.redeem('rich', 10), make.accrue('rich', 10)]);
    expect(spend.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'applied']);
    const tb = await t.get('/v1/admin/trial-balance', t.adminKey);
    expect(tb.body).toMatchObject({ total: 0, mismatchedMembers: [] });
  });

  it('answers a retry of an outcome an older ledger stored past the limit in a form that validates', async () => {
    const make = intentMaker('T1', 'S1');
    const accrual = make.accrue('legacy', 100);
    expect((await push([accrual])).body.results[0].outcome).toBe('applied');
    // What the old code could commit: a balance no answer can carry, stored as the outcome.
    const huge = MAX_BALANCE + 100;
    await t.ledger.database.query(`UPDATE members SET points = $1 WHERE member_id = 'legacy'`, [huge]);
    await t.ledger.database.query(
      `UPDATE intents SET result = jsonb_set(jsonb_set(result, '{balance,points}', to_jsonb($1::bigint)), '{balance,available}', to_jsonb($1::bigint))
        WHERE intent_id = $2`,
      [huge, accrual.intentId],
    );
    const stuck = await push([accrual]);
    expect(stuck.status).toBe(200);
    expect(stuck.body.results[0]).toMatchObject({ outcome: 'duplicate', original: { outcome: 'rejected', reason: 'unanswerable' } });
    expect(stuck.body.results[0].original.balance).toBeUndefined();

    // Once the loyalty team brings the member back within the limit, the retry says applied, with the balance now.
    await t.ledger.database.query(`UPDATE members SET points = 100, version = version + 1 WHERE member_id = 'legacy'`);
    const fixed = await push([accrual]);
    expect(fixed.body.results[0]).toMatchObject({ outcome: 'duplicate', original: { outcome: 'applied', balance: { points: 100, version: 2 } } });
  });
});
