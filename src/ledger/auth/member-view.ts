import type { MemberV1 } from '../../protocol/index.js';

/** Hides all but the first two and last two digits of a mobile number: `98XXXXXX10`. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)}${'X'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-2)}`;
}

/**
 * A member as `caller` may see them. A till gets what the counter needs (name, card,
 * balance, tier, earn state, and the phone number masked for staff to confirm the
 * customer), never the full number: any till may look up any member, so it must not
 * learn more than it needs (India's DPDP Act). An admin key sees everything.
 */
export function memberViewFor(caller: 'terminal' | 'admin', member: MemberV1): MemberV1 {
  const { maskedPhone: _drop, ...rest } = member;
  const masked = member.phone === null ? {} : { maskedPhone: maskPhone(member.phone) };
  return caller === 'admin' ? { ...rest, ...masked } : { ...rest, phone: null, ...masked };
}
