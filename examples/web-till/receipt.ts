/**
 * The receipt of the last bill: its lines and the points each earned, the points earned and
 * spent, each marked provisional until the ledger confirms it (then confirmed, or refused with
 * the reason), the tier progress, and the member's balance, split into confirmed and
 * provisional. Returns of the whole bill or of some lines start here.
 */
import type { Balance, Terminal } from 'tillpoints';
import { watchBalance } from './balance-source.js';
import type { FinishedBill } from './bill-entry.js';
import { balanceSplit, byId, element, explainError, points, pointsOf, rupees } from './dom.js';
import { watchSettlement, type Settlement } from './settlement.js';

/** The words for an entry's state: what a customer may rely on. */
export function settlementWords(s: Settlement | undefined): { state: 'provisional' | 'confirmed' | 'refused'; text: string } {
  if (!s) return { state: 'provisional', text: 'provisional: the ledger has not confirmed it yet' };
  if (s.status === 'confirmed') {
    return { state: 'confirmed', text: s.ledgerPoints === undefined ? 'confirmed by the ledger' : `confirmed as ${points(s.ledgerPoints)} by the ledger` };
  }
  if (s.status === 'quarantined') return { state: 'provisional', text: 'provisional: held for staff (see the staff desk)' };
  return { state: 'refused', text: `refused by the ledger${s.reason ? ` (${s.reason})` : ''}` };
}

/** Shows finished bills, and takes returns of them. */
export class Receipt {
  readonly #till: Terminal;
  #bill: FinishedBill | null = null;
  #stop: (() => void)[] = [];

  constructor(till: Terminal) {
    this.#till = till;
    byId('return-bill').addEventListener('click', () => void this.#returnBill());
    byId('return-lines').addEventListener('click', () => void this.#returnLines());
  }

  /** Shows a bill just checked out. */
  show(bill: FinishedBill): void {
    for (const stop of this.#stop) stop();
    this.#stop = [];
    this.#bill = bill;
    const { receipt } = bill;
    byId('receipt').hidden = false;
    byId('receipt-error').textContent = '';
    byId('receipt-bill').textContent = bill.billId;
    const earned = new Map(receipt.lines.map((l) => [l.lineId, l.points]));
    byId('receipt-lines').querySelector('tbody')!.replaceChildren(
      ...bill.lines.map((l) => {
        const row = element('tr');
        const pick = element('input', '', { type: 'checkbox', 'data-line': l.lineId, 'aria-label': `return ${l.name}` });
        row.append(element('td'), element('td', `${l.quantity} × ${l.name}`), element('td', rupees(l.amountPaise)), element('td', `${points(earned.get(l.lineId) ?? 0)} pts`));
        row.firstElementChild!.append(pick);
        return row;
      }),
    );
    byId('receipt-points').replaceChildren();
    this.#entry(receipt.accrual.intentId, `Earned ${pointsOf(receipt.accrual.points)}`);
    if (receipt.redemption) this.#entry(receipt.redemption.intentId, `Redeemed ${pointsOf(receipt.redemption.points)}`);
    byId('receipt-tier').textContent = `Tier: ${receipt.tier.summary}`;
    const showBalance = (b: Balance) => {
      byId('receipt-balance').textContent = `Balance ${pointsOf(b.provisional)}: ${balanceSplit(b)}`;
    };
    showBalance(receipt.balance);
    this.#stop.push(watchBalance(this.#till, bill.memberId, showBalance));
  }

  // One line of points on the receipt, provisional until the ledger settles its intent.
  #entry(intentId: string, what: string): void {
    const item = element('li', '', { 'data-intent': intentId });
    const render = (s: Settlement | undefined) => {
      const { state, text } = settlementWords(s);
      item.className = state;
      item.dataset.state = state;
      item.textContent = `${what}: ${text}`;
    };
    render(undefined);
    byId('receipt-points').append(item);
    this.#stop.push(watchSettlement(this.#till, intentId, render));
  }

  async #returnBill(): Promise<void> {
    const bill = this.#bill;
    if (!bill) return;
    await this.#return(async () => {
      const taken = await this.#till.reverse({ originalIntentId: bill.receipt.accrual.intentId, reason: 'bill returned' });
      this.#entry(taken.intentId, 'Returned the bill: its points taken back');
      if (bill.receipt.redemption) {
        const given = await this.#till.reverse({ originalIntentId: bill.receipt.redemption.intentId, reason: 'bill returned' });
        this.#entry(given.intentId, 'Returned the bill: redeemed points given back');
      }
    });
  }

  async #returnLines(): Promise<void> {
    const bill = this.#bill;
    if (!bill) return;
    const picked = [...document.querySelectorAll<HTMLInputElement>('#receipt-lines input:checked')].map((i) => i.dataset.line!);
    if (picked.length === 0) return void (byId('receipt-error').textContent = 'tick the lines being returned');
    await this.#return(async () => {
      const taken = await this.#till.reverse({ originalIntentId: bill.receipt.accrual.intentId, lineIds: picked, reason: 'lines returned' });
      this.#entry(taken.intentId, `Returned ${picked.length} line${picked.length === 1 ? '' : 's'}: their points taken back`);
    });
  }

  async #return(run: () => Promise<void>): Promise<void> {
    byId('receipt-error').textContent = '';
    try {
      await run();
    } catch (e) {
      byId('receipt-error').textContent = explainError(e);
    }
  }
}
