import { adjustment, applyFirst, billAccrual, freshMember, intent, line, push, pushFirst, pushWith } from '../support/case-builders.js';
import type { HostileCase } from '../support/hostile-case.js';

const MAX = 2 ** 31 - 1;
const invalid = { invalidIntent: true } as const;
const applied = { outcome: 'applied' } as const;
const rejected = (reason: string) => ({ outcome: 'rejected', reason }) as const;

// Hostile values in the points of an accrual that the schema refuses.
const badPoints: [string, unknown][] = [
  ['null', null], ['missing', undefined], ['-1', -1], ['1.5', 1.5], ['2^31', 2 ** 31], ['2^53', 2 ** 53], ['-2^53', -(2 ** 53)],
  ['1e308', 1e308], ['"NaN"', 'NaN'], ['"Infinity"', 'Infinity'], ['a numeric string', '10'], ['true', true], ['an array', [10]], ['an object', { points: 10 }],
];

// Member ids: invalid by the id pattern, or valid names of Object.prototype properties.
const badMemberIds: [string, unknown][] = [
  ['empty', ''], ['whitespace', '   '], ['10k chars', 'm'.repeat(10_000)], ['RTL override', '\u202Em1'], ['emoji', 'm💳'],
  ['SQL quote', "m'; DROP TABLE members; --"], ['SQL wildcard', 'member:%'], ['65 chars', 'm'.repeat(65)], ['a number', 1], ['null', null],
];
const prototypeIds = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

/** Hostile pushes: values, ids, timestamps, batches, bills, reversals and replays. */
export const PUSH_CASES: readonly HostileCase[] = [
  ...badPoints.map(([name, v]): HostileCase => ({ name: `push: accrual points ${name}`, endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'points', v) }), expect: invalid })),
  { name: 'push: accrual of 0 points (a visit)', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'points', 0) }), expect: applied },
  { name: 'push: accrual of 2^31-1 points', endpoint: 'push', setup: (w) => freshMember(w), request: (w, m) => ({ draft: push(w, intent(w, 'accrue', { memberId: m, points: MAX })) }), expect: applied },
  { name: 'push: redemption of 0 points', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'redeem', 'points', 0) }), expect: invalid },
  { name: 'push: redemption above the balance', endpoint: 'push', setup: (w) => freshMember(w, 5), request: (w, m) => ({ draft: push(w, intent(w, 'redeem', { memberId: m, points: 6 })) }), expect: rejected('insufficient_points') },
  { name: 'push: redemption of 2^31-1 points', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'redeem', 'points', MAX) }), expect: rejected('insufficient_points') },
  { name: 'push: adjustment of 0 points', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'adjust', 'points', 0) }), expect: invalid },
  { name: 'push: adjustment of -2^31 points', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'adjust', 'points', -(2 ** 31)) }), expect: invalid },
  { name: 'push: adjustment debit of -(2^31-1) points', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'adjust', 'points', -MAX) }), expect: rejected('insufficient_points') },
  ...badMemberIds.map(([name, v]): HostileCase => ({ name: `push: member id ${name}`, endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'memberId', v) }), expect: invalid })),
  // `__proto__` does not start with a letter or digit, so the id pattern refuses it; the others are ids of no member.
  ...prototypeIds.map((id): HostileCase => ({ name: `push: member id "${id}"`, endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'memberId', id) }), expect: id === '__proto__' ? invalid : rejected('unknown_member') })),
  { name: 'push: member id with NUL', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'memberId', 'm\u0000') }), expect: invalid },
  { name: 'push: intent id at the max ULID time', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'intentId', `7ZZZZZZZZZZZZZZZZZ${w.fresh('').replace(/\D/g, '').padStart(8, '0').replace(/[ILOU]/g, '0')}`) }), expect: applied },
  { name: 'push: lower-case ULID', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'intentId', w.nextUlid().toLowerCase()) }), expect: invalid },
  { name: 'push: ULID with a letter Crockford leaves out', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'intentId', `01ARZ3NDEKTSV4RRFFQ69G5FAU`) }), expect: invalid },
  { name: 'push: ULID past 2^48 ms (first char 8)', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'intentId', '80000000000000000000000000') }), expect: invalid },
  { name: 'push: timestamp 9999-12-31T23:59:59Z', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '9999-12-31T23:59:59Z') }), expect: applied },
  { name: 'push: timestamp offset -15:59', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '2026-01-01T00:00:00-15:59') }), expect: applied },
  { name: 'push: timestamp in year 0000', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '0000-01-01T00:00:00Z') }), expect: invalid },
  { name: 'push: timestamp offset +16:00', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '2026-01-01T00:00:00+16:00') }), expect: invalid },
  { name: 'push: timestamp before year 1 in UTC (0001-01-01T00:00:00+15:59)', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '0001-01-01T00:00:00+15:59') }), expect: { answered: true } },
  { name: 'push: timestamp past year 9999 in UTC (9999-12-31T23:59:59-15:59)', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '9999-12-31T23:59:59-15:59') }), expect: { answered: true } },
  { name: 'push: timestamp with a leap second', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '2016-12-31T23:59:60Z') }), expect: invalid },
  { name: 'push: timestamp without an offset', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '2026-01-01T00:00:00') }), expect: invalid },
  { name: 'push: timestamp on 30 February', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', '2026-02-30T00:00:00Z') }), expect: invalid },
  { name: 'push: timestamp as epoch milliseconds', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'occurredAt', Date.now()) }), expect: invalid },
  { name: 'push: seq 0', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'seq', 0) }), expect: invalid },
  { name: 'push: seq 2^53', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'seq', 2 ** 53) }), expect: invalid },
  { name: 'push: seq as a 20+ digit JSON number', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { body: JSON.stringify(push(w, intent(w, 'accrue', { seq: 777 })).body).replace('"seq":777', '"seq":123456789012345678901234') } }), expect: invalid },
  { name: 'push: seq numbers out of order', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue', { seq: 10 }), intent(w, 'accrue', { seq: 9 })) }), expect: { refused: true } },
  { name: 'push: seq repeated in the batch', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue', { seq: 10 }), intent(w, 'accrue', { seq: 10 })) }), expect: { refused: true } },
  { name: 'push: protocol v2', endpoint: 'push', request: (w) => ({ draft: { body: { ...(push(w, intent(w, 'accrue')).body as object), protocol: 'v2' } } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'push: protocol missing', endpoint: 'push', request: (w) => ({ draft: { body: { ...(push(w, intent(w, 'accrue')).body as object), protocol: undefined } } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'push: protocol "V1"', endpoint: 'push', request: (w) => ({ draft: { body: { ...(push(w, intent(w, 'accrue')).body as object), protocol: 'V1' } } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'push: an empty batch', endpoint: 'push', request: (w) => ({ draft: push(w) }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'push: a batch of 1001 intents', endpoint: 'push', request: (w) => ({ draft: push(w, ...Array.from({ length: 1001 }, () => intent(w, 'redeem', { memberId: 'GHOST' }))) }), expect: { refused: true } },
  { name: 'push: intents as an object', endpoint: 'push', request: (w) => ({ draft: { body: { ...(push(w).body as object), intents: { 0: intent(w, 'accrue') } } } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'push: an unknown field on the push', endpoint: 'push', request: (w) => ({ draft: { body: { ...(push(w, intent(w, 'accrue')).body as object), bonus: 1 } } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'push: an unknown field on an intent', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'bonus', 100) }), expect: invalid },
  { name: 'push: a __proto__ key on an intent', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { body: JSON.stringify(push(w, intent(w, 'accrue', { seq: 778 })).body).replace('"seq":778', '"seq":778,"__proto__":{"points":999}') } }), expect: invalid },
  { name: 'push: an unknown intent kind', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'kind', 'gift') }), expect: invalid },
  { name: 'push: intent kind missing', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'kind', undefined) }), expect: invalid },
  { name: 'push: a till speaking for another terminal', endpoint: 'push', request: (w) => ({ draft: { body: { ...(push(w, intent(w, 'accrue')).body as object), terminalId: w.otherTill.terminalId } } }), expect: { status: 403, code: 'terminal_mismatch' } },
  { name: 'push: a till speaking for another store', endpoint: 'push', request: (w) => ({ draft: { body: { ...(push(w, intent(w, 'accrue')).body as object), storeId: w.otherTill.storeId } } }), expect: { status: 403, code: 'terminal_mismatch' } },
  { name: "push: one intent of another till's store in the batch", endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue'), intent(w, 'accrue', { storeId: w.otherTill.storeId })) }), expect: { status: 403, code: 'terminal_mismatch' } },
  { name: "push: another till's key for this till's batch", endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), key: 'other' }), expect: { status: 403, code: 'terminal_mismatch' } },
  { name: 'push: a huge bill of 500 lines', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, Array.from({ length: 500 }, (_, i) => line(`L${i}`, 100)))) }), expect: applied },
  { name: 'push: a bill of 501 lines', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, Array.from({ length: 501 }, (_, i) => line(`L${i}`, 1)))) }), expect: invalid },
  { name: 'push: 500 lines of 2^31-1 paise', endpoint: 'push', setup: (w) => freshMember(w), request: (w, m) => ({ draft: push(w, billAccrual(w, Array.from({ length: 500 }, (_, i) => line(`L${i}`, 1, { unitPricePaise: MAX, amountPaise: MAX })), { memberId: m })) }), expect: rejected('invalid_bill') },
  { name: 'push: a bill with a duplicated line id', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('L1'), line('L1')])) }), expect: rejected('invalid_bill') },
  { name: 'push: a bill line called constructor', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('constructor'), line('toString')], { rulesetVersion: 1 })) }), expect: applied },
  { name: 'push: a bill line called __proto__', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('__proto__')])) }), expect: invalid },
  { name: 'push: a line of quantity 0', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('L1', 10, { quantity: 0 })])) }), expect: invalid },
  { name: 'push: a line amount of 1.5 paise', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('L1', 10, { amountPaise: 1.5 })])) }), expect: invalid },
  { name: 'push: a bill amount of -1 paise', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'accrue', 'bill', { billId: 'B', amountPaise: -1 }) }), expect: invalid },
  { name: 'push: a member snapshot at 2^53-1 qualifying points', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('L1')], { rulesetVersion: 1, memberSnapshot: { tier: 'silver', qualifyingPoints: 2 ** 53 - 1, visits: MAX, promotionPoints: { constructor: 1 } } })) }), expect: rejected('invalid_bill') },
  { name: 'push: a member snapshot with a __proto__ promotion', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('L1')], { rulesetVersion: 1, memberSnapshot: { tier: 'silver', qualifyingPoints: 0, visits: 0, promotionPoints: JSON.parse('{"__proto__": 5, "toString": 1}') } })) }), expect: applied },
  { name: 'push: a ruleset version of 2^31', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('L1')], { rulesetVersion: 2 ** 31 })) }), expect: applied },
  { name: 'push: the same intent twice in one batch', endpoint: 'push', request: (w) => { const a = intent(w, 'accrue'); return { draft: push(w, a, { ...a, seq: a.seq + 1 }) }; }, expect: rejected('intent_conflict') },
  { name: 'push: a replay of an applied intent', endpoint: 'push', setup: async (w) => { const a = intent(w, 'accrue'); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, a) }), expect: { outcome: 'duplicate' } },
  { name: 'push: an applied intent id reused for other content', endpoint: 'push', setup: async (w) => { const a = intent(w, 'accrue'); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, { ...a, points: 999 }) }), expect: rejected('intent_conflict') },
  { name: 'push: a reversal of an unknown intent', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'reverse')) }), expect: rejected('original_not_found') },
  { name: "push: a reversal of another member's intent", endpoint: 'push', setup: async (w) => { const a = intent(w, 'accrue', { memberId: 'm-2' }); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId })) }), expect: rejected('original_not_reversible') },
  { name: 'push: a reversal of an adjustment', endpoint: 'push', setup: async (w) => { const a = intent(w, 'adjust'); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId })) }), expect: rejected('original_not_reversible') },
  { name: 'push: a reversal of a rejected intent', endpoint: 'push', setup: async (w) => { const a = intent(w, 'redeem', { points: MAX }); await pushFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId })) }), expect: rejected('original_not_found') },
  { name: 'push: a reversal of a reversal', endpoint: 'push', setup: async (w) => { const a = intent(w, 'accrue'); const r = intent(w, 'reverse', { originalIntentId: a.intentId }); await applyFirst(w, a, r); return r; }, request: (w, r) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: r.intentId })) }), expect: rejected('original_not_reversible') },
  { name: 'push: a reversal of more than the original', endpoint: 'push', setup: async (w) => { const a = intent(w, 'accrue'); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId, points: 11 })) }), expect: rejected('reversal_exceeds_original') },
  { name: 'push: two reversals that together exceed the original', endpoint: 'push', setup: async (w) => { const a = intent(w, 'accrue'); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId, points: 6 }), intent(w, 'reverse', { originalIntentId: a.intentId, points: 6 })) }), expect: rejected('reversal_exceeds_original') },
  { name: 'push: a reversal in the same batch as its original', endpoint: 'push', request: (w) => { const a = intent(w, 'accrue'); return { draft: push(w, a, intent(w, 'reverse', { originalIntentId: a.intentId, points: 10 })) }; }, expect: applied },
  { name: 'push: a reversal naming a line not on the bill', endpoint: 'push', setup: async (w) => { const a = billAccrual(w, [line('L1')]); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId, lineIds: ['L9'] })) }), expect: rejected('reversal_exceeds_original') },
  { name: 'push: a reversal with an empty lineIds', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'reverse', 'lineIds', []) }), expect: invalid },
  { name: 'push: a reversal naming 501 lines', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'reverse', 'lineIds', Array.from({ length: 501 }, (_, i) => `L${i}`)) }), expect: invalid },
  { name: 'push: a reversal naming a line twice', endpoint: 'push', setup: async (w) => { const a = billAccrual(w, [line('L1'), line('L2')]); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId, lineIds: ['L1', 'L1'] })) }), expect: rejected('reversal_exceeds_original') },
  { name: 'push: a reversal naming a line called constructor', endpoint: 'push', setup: async (w) => { const a = billAccrual(w, [line('L1')]); await applyFirst(w, a); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId, lineIds: ['constructor'] })) }), expect: rejected('reversal_exceeds_original') },
  { name: 'push: the same bill line returned twice across pushes', endpoint: 'push', setup: async (w) => { const a = billAccrual(w, [line('L1'), line('L2')]); await applyFirst(w, a); await applyFirst(w, intent(w, 'reverse', { originalIntentId: a.intentId, lineIds: ['L1'], points: 1 })); return a; }, request: (w, a) => ({ draft: push(w, intent(w, 'reverse', { originalIntentId: a.intentId, lineIds: ['L1'], points: 1 })) }), expect: rejected('reversal_exceeds_original') },
  { name: 'push: a bill for a member whose qualifying points passed 2^31-1', endpoint: 'push', setup: async (w) => { const m = await freshMember(w); await applyFirst(w, billAccrual(w, [line('L1', 1, { points: MAX })], { memberId: m, points: MAX, rulesetVersion: 1 }), billAccrual(w, [line('L1', 1, { points: 5 })], { memberId: m, points: 5, rulesetVersion: 1 })); return m; }, request: (w, m) => ({ draft: push(w, billAccrual(w, [line('L1')], { memberId: m })) }), expect: applied },
  { name: 'push: two accruals of 2^31-1 (the balance schema edge)', endpoint: 'push', setup: (w) => freshMember(w), request: (w, m) => ({ draft: push(w, intent(w, 'accrue', { memberId: m, points: MAX }), intent(w, 'accrue', { memberId: m, points: MAX })) }), expect: applied },
  { name: 'push: a balance pushed past the schema by three max accruals', endpoint: 'push', setup: (w) => freshMember(w), request: (w, m) => ({ draft: push(w, ...[1, 2, 3].map(() => intent(w, 'accrue', { memberId: m, points: MAX }))) }), expect: rejected('balance_limit') },
  { name: 'push: free text with NUL (adjustment reason)', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'adjust', 'reason', 'a\u0000b') }), expect: invalid },
  { name: 'push: free text with a lone surrogate (adjustment reason)', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'adjust', 'reason', 'a\uD800b') }), expect: invalid },
  { name: 'push: NUL in a bill line sku', endpoint: 'push', request: (w) => ({ draft: push(w, billAccrual(w, [line('L1', 10, { sku: 'S\u0000' })])) }), expect: invalid },
  { name: 'push: a 10k-char adjustment reason', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'adjust', 'reason', 'r'.repeat(10_000)) }), expect: invalid },
  { name: 'push: an emoji and RTL adjustment reason', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'adjust', 'reason', '\u202Eреверс 💳') }), expect: applied },
  { name: 'admin adjustments: a ULID time past year 9999', endpoint: 'admin adjustments', request: (w) => ({ draft: adjustment(w, { intentId: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ' }) }), expect: { refused: true } },
];
