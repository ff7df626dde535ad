import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  intentV1Schema,
  normalizeIndianMobile,
  protocolJsonSchema,
  pushRequestV1Schema,
  pushResponseV1Schema,
} from '../../src/protocol/index.js';
import { rulesJsonSchema } from '../../src/rules/index.js';

const ulidArb = fc.ulid().map((u) => u.toUpperCase());
const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/);
const instantArb = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const intentArb = fc.oneof(
  fc.record({
    kind: fc.constant('accrue' as const), intentId: ulidArb, terminalId: idArb, storeId: idArb, memberId: idArb,
    seq: fc.integer({ min: 1, max: 1e9 }), occurredAt: instantArb, points: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    bill: fc.record({ billId: idArb, amountPaise: fc.nat({ max: 2 ** 31 - 1 }) }),
  }),
  fc.record({
    kind: fc.constant('adjust' as const), intentId: ulidArb, terminalId: idArb, storeId: idArb, memberId: idArb,
    seq: fc.integer({ min: 1, max: 1e9 }), occurredAt: instantArb,
    points: fc.integer({ min: -(2 ** 31 - 1), max: 2 ** 31 - 1 }).filter((p) => p !== 0),
    reason: fc.string({ minLength: 1, maxLength: 50 }), approvedBy: fc.string({ minLength: 1, maxLength: 20 }),
  }),
);

describe('protocol v1', () => {
  it('round-trips every valid intent through JSON unchanged', () => {
    fc.assert(
      fc.property(intentArb, (intent) => {
        expect(intentV1Schema.parse(JSON.parse(JSON.stringify(intent)))).toEqual(intent);
      }),
    );
  });

  it('never accepts a float, negative or oversized point amount on an accrual (zero is a bill that earned nothing)', () => {
    fc.assert(
      fc.property(
        intentArb.filter((i) => i.kind === 'accrue'),
        fc.oneof(fc.double({ noInteger: true }), fc.integer({ max: -1 }), fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER })),
        (intent, points) => {
          expect(intentV1Schema.safeParse({ ...intent, points }).success).toBe(false);
        },
      ),
    );
  });

  it('refuses a push whose seq numbers do not increase', () => {
    fc.assert(
      fc.property(intentArb, intentArb, (a, b) => {
        fc.pre(b.seq <= a.seq);
        const push = { protocol: 'v1', terminalId: 'T1', storeId: 'S1', intents: [a, b] };
        expect(pushRequestV1Schema.safeParse(push).success).toBe(false);
      }),
    );
  });

  it('refuses a push answer that does not say what became of an intent', () => {
    const bad = { protocol: 'v1', results: [{ intentId: '01JD0000000000000000000000', outcome: 'maybe' }] };
    expect(pushResponseV1Schema.safeParse(bad).success).toBe(false);
  });

  it.each([
    ['98765 43210', '9876543210'],
    ['+91-9876543210', '9876543210'],
    ['09876543210', '9876543210'],
    ['0091 98765 43210', '9876543210'],
    ['(+91) 98765-43210', '9876543210'],
    ['919876543210', '9876543210'],
    ['1234567890', undefined],
    ['98765', undefined],
    ['98765abc43', undefined],
    ['+1 415 555 0100', undefined],
  ])('normalises the phone number %s to %s', (input, expected) => {
    expect(normalizeIndianMobile(input)).toBe(expected);
  });

  it('publishes the checked-in JSON Schema, generated from the zod schemas', () => {
    const checkedIn = JSON.parse(readFileSync('schema/tillpoints-protocol-v1.schema.json', 'utf8'));
    expect(checkedIn).toEqual(protocolJsonSchema());
    expect(Object.keys(checkedIn.$defs)).toEqual(expect.arrayContaining(['IntentV1', 'PushRequestV1', 'PullResponseV1']));
    const rules = JSON.parse(readFileSync('schema/tillpoints-rules-v1.schema.json', 'utf8'));
    expect(rules).toEqual(rulesJsonSchema());
    expect(Object.keys(rules.$defs)).toEqual(['RulesetV1', 'RuleBill', 'RuleMember', 'EarnResult']);
  });
});
