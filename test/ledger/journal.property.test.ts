import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntentV1 } from '../../src/protocol/index.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

// One step a till might send: which member (0..2), what, how many points.
const stepArb = fc.oneof(
  fc.record({ op: fc.constant('accrue' as const), member: fc.nat(2), points: fc.integer({ min: 1, max: 500 }) }),
  fc.record({ op: fc.constant('redeem' as const), member: fc.nat(2), points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant('reverse' as const), member: fc.nat(2), points: fc.integer({ min: 1, max: 300 }), target: fc.nat() }),
  fc.record({ op: fc.constant('adjust' as const), member: fc.nat(2), points: fc.integer({ min: -300, max: 300 }).filter((p) => p !== 0) }),
);

const runArb = fc.record({
  steps: fc.array(stepArb, { minLength: 1, maxLength: 40 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 40, maxLength: 40 }),
  retries: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
});

describe.each(DATABASES)('the journal under a randomised run (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  let run = 0;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addManager('S1'); // a till's adjustments need a manager's approval
  });
  afterAll(() => t.close());

  it('balances to zero, matches a model of every balance, and never overdraws on redemption', async () => {
    const make = intentMaker('T1', 'S1');
    await fc.assert(
      fc.asyncProperty(runArb, async ({ steps, batchSizes, retries }) => {
        run++;
        const ids = [0, 1, 2].map((m) => `r${run}-m${m}`);
        await t.addMembers(ids.map((memberId) => ({ memberId, openingPoints: 200 })));
        const model = new Map(ids.map((id) => [id, 200]));
        const applied: { intent: IntentV1; left: number }[] = [];
        const intents: IntentV1[] = [];
        // The model decides exactly as the rules say the ledger must.
        for (const step of steps) {
          const memberId = ids[step.member]!;
          const balance = model.get(memberId)!;
          if (step.op === 'accrue') {
            const intent = make.accrue(memberId, step.points);
            model.set(memberId, balance + step.points);
            applied.push({ intent, left: step.points });
            intents.push(intent);
          } else if (step.op === 'redeem') {
            const intent = make.redeem(memberId, step.points);
            if (step.points <= balance) {
              model.set(memberId, balance - step.points);
              applied.push({ intent, left: step.points });
            }
            intents.push(intent);
          } else if (step.op === 'adjust') {
            const intent = make.adjust(memberId, step.points);
            if (step.points > 0 || -step.points <= balance) model.set(memberId, balance + step.points);
            intents.push(intent);
          } else {
            const mine = applied.filter((a) => a.intent.memberId === memberId);
            const target = mine[step.target % Math.max(mine.length, 1)];
            if (!target) continue;
            const intent = make.reverse(memberId, target.intent.intentId, step.points);
            if (step.points <= target.left) {
              target.left -= step.points;
              const sign = target.intent.kind === 'accrue' ? -1 : 1;
              model.set(memberId, balance + sign * step.points);
            }
            intents.push(intent);
          }
        }
        // Push in random batches, sometimes repeating a batch as if its answer was lost.
        let at = 0;
        for (let b = 0; at < intents.length; b++) {
          const batch = intents.slice(at, at + batchSizes[b % 40]!);
          at += batch.length;
          const reply = await t.post('/v1/push', pushBody('T1', 'S1', batch), key);
          expect(reply.status).toBe(200);
          for (const r of reply.body.results) {
            if (r.outcome === 'applied' && batch.find((i) => i.intentId === r.intentId)?.kind === 'redeem') {
              expect(r.balance.points).toBeGreaterThanOrEqual(0);
            }
          }
          if (retries[b % 40]) {
            const again = await t.post('/v1/push', pushBody('T1', 'S1', batch), key);
            expect(again.body.results.every((r: any) => r.outcome === 'duplicate')).toBe(true);
          }
        }
        for (const id of ids) {
          const member = (await t.get(`/v1/members/lookup?memberId=${id}`, key)).body.member;
          expect(member.balance.points).toBe(model.get(id));
        }
        const tb = (await t.get('/v1/admin/trial-balance', t.adminKey)).body;
        expect(tb.total).toBe(0);
        expect(tb.mismatchedMembers).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
