import { applyFirst, freshPhone, intent, push, pushWith } from '../support/case-builders.js';
import type { HostileCase } from '../support/hostile-case.js';

const invalid = { invalidIntent: true } as const;
const applied = { outcome: 'applied' } as const;
const rejected = (reason: string) => ({ outcome: 'rejected', reason }) as const;

/** Hostile enrolments (members enrolled at the till): ids, phones, consents, merges and replays. */
export const ENROL_CASES: readonly HostileCase[] = [
  { name: 'enrol: a new member, then their first bill in the same batch', endpoint: 'push', request: (w) => { const m = w.fresh('tm'); return { draft: push(w, intent(w, 'enrol', { memberId: m, phone: freshPhone(w) }), intent(w, 'accrue', { memberId: m })) }; }, expect: applied },
  { name: 'enrol: an id that is already a member', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'enrol', 'memberId', 'm-3') }), expect: rejected('member_exists') },
  { name: 'enrol: a phone a member already holds (merged)', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'enrol', { memberId: w.fresh('tm'), phone: `+91 ${w.phones[0]}` })) }), expect: applied },
  { name: 'enrol: a card a member already holds (merged)', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'enrol', { memberId: w.fresh('tm'), cardNumber: w.cards[1] })) }), expect: applied },
  { name: 'enrol: the same phone twice in one batch', endpoint: 'push', request: (w) => { const phone = freshPhone(w); return { draft: push(w, intent(w, 'enrol', { memberId: w.fresh('tm'), phone }), intent(w, 'enrol', { memberId: w.fresh('tm'), phone })) }; }, expect: applied },
  { name: 'enrol: the same member id twice in one batch', endpoint: 'push', request: (w) => { const m = w.fresh('tm'); return { draft: push(w, intent(w, 'enrol', { memberId: m }), intent(w, 'enrol', { memberId: m })) }; }, expect: rejected('member_exists') },
  { name: 'enrol: a phone that is not a mobile number', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'enrol', { memberId: w.fresh('tm'), phone: '12345678' })) }), expect: rejected('invalid_intent') },
  { name: 'enrol: a phone of letters', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'enrol', { memberId: w.fresh('tm'), phone: 'ninenine-one' })) }), expect: rejected('invalid_intent') },
  { name: 'enrol: 21 consents', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'enrol', 'consents', Array.from({ length: 21 }, (_, i) => `c${i}`)) }), expect: invalid },
  { name: 'enrol: consents missing', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'enrol', 'consents', undefined) }), expect: invalid },
  { name: 'enrol: points on an enrolment', endpoint: 'push', request: (w) => ({ draft: pushWith(w, 'enrol', 'points', 100) }), expect: invalid },
  { name: 'enrol: a member id called constructor', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'enrol', { memberId: 'constructor' })) }), expect: { answered: true } },
  { name: 'enrol: a replay of an applied enrolment', endpoint: 'push', setup: async (w) => { const e = intent(w, 'enrol', { memberId: w.fresh('tm'), phone: freshPhone(w) }); await applyFirst(w, e); return e; }, request: (w, e) => ({ draft: push(w, e) }), expect: { outcome: 'duplicate' } },
  { name: 'enrol: an applied enrolment id reused for another phone', endpoint: 'push', setup: async (w) => { const e = intent(w, 'enrol', { memberId: w.fresh('tm'), phone: freshPhone(w) }); await applyFirst(w, e); return e; }, request: (w, e) => ({ draft: push(w, { ...e, phone: freshPhone(w) }) }), expect: rejected('intent_conflict') },
  { name: 'enrol: a redemption for a merged id spends the survivor\'s points', endpoint: 'push', setup: async (w) => { const m = w.fresh('tm'); await applyFirst(w, intent(w, 'enrol', { memberId: m, phone: w.phones[0] })); return m; }, request: (w, m) => ({ draft: push(w, intent(w, 'redeem', { memberId: m, points: 1 })) }), expect: applied },
];
