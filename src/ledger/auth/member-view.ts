import { maskIndianMobile, type MemberV1 } from '../../protocol/index.js';

/**
 * A member as `caller` may see them. A till gets what the counter needs (name, card,
 * balance, tier, earn state, and the phone number masked for staff to confirm the
 * customer), never the full number: any till may look up any member, so it must not
 * learn more than it needs (India's DPDP Act). An admin key sees everything.
 */
export function memberViewFor(caller: 'terminal' | 'admin', member: MemberV1): MemberV1 {
  const { maskedPhone: _drop, ...rest } = member;
  const masked = member.phone === null ? {} : { maskedPhone: maskIndianMobile(member.phone) };
  return caller === 'admin' ? { ...rest, ...masked } : { ...rest, phone: null, ...masked };
}
