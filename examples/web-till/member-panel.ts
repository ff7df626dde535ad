/**
 * The member at the counter: find by card or phone (from the till's cache at once, else from
 * the ledger), or enrol a new one (offline too), and their balance: redeemable points, and
 * how much of it the ledger has confirmed.
 */
import type { Balance, LookupArgs, MemberView, Terminal } from 'tillpoints';
import { watchBalance } from './balance-source.js';
import type { CurrentMember } from './current-member.js';
import { balanceSplit, byId, explainError, points } from './dom.js';

/** A card number is letters and digits with at least one letter (TP0001); anything else is a phone number. */
export function lookupOf(typed: string): LookupArgs {
  const value = typed.trim();
  return /^[A-Za-z0-9]+$/.test(value) && /[A-Za-z]/.test(value) ? { card: value.toUpperCase() } : { phone: value };
}

/** Wires the find and enrol forms and shows the current member's balance. */
export function mountMemberPanel(till: Terminal, current: CurrentMember): void {
  const error = byId('member-error');
  const show = (member: MemberView | null) => {
    byId('member').hidden = member === null;
    if (!member) return;
    byId('member-name').textContent = member.name ?? 'New member';
    byId('member-id').textContent = `${member.memberId}${member.cardNumber ? ` · card ${member.cardNumber}` : ''}`;
    byId('member-tier').textContent = member.tier;
  };
  const showBalance = (b: Balance) => {
    byId('member-redeemable').textContent = points(b.provisional);
    byId('member-split').textContent = balanceSplit(b);
    const panel = byId('member');
    panel.dataset.confirmed = String(b.confirmed);
    panel.dataset.provisional = String(b.provisional);
  };
  let unwatch = () => {};
  current.onChange((member) => {
    unwatch();
    show(member);
    if (member) {
      showBalance(member.balance);
      unwatch = watchBalance(till, member.memberId, showBalance);
    }
  });

  byId<HTMLFormElement>('find-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      current.set(await till.lookupMember(lookupOf(byId<HTMLInputElement>('find-input').value)));
    } catch (e) {
      error.textContent = explainError(e);
    }
  });

  byId<HTMLFormElement>('enrol-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const enrolment = await till.enrol({
        name: byId<HTMLInputElement>('enrol-name').value.trim(),
        phone: byId<HTMLInputElement>('enrol-phone').value,
        consents: ['loyalty_terms'],
      });
      if (!enrolment.enrolled) error.textContent = 'Already a member: found them instead.';
      current.set(enrolment);
      byId<HTMLDetailsElement>('enrol').open = false;
    } catch (e) {
      error.textContent = explainError(e);
    }
  });
}
