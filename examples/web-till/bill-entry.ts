/**
 * The bill being rung up: lines scanned (or typed) by SKU from the store's catalogue, or
 * typed by hand with a category; points to redeem; and checkout, which answers from the
 * till's own database at once, online or not.
 */
import type { CheckoutArgs, CheckoutReceipt, Terminal } from 'tillpoints';
import type { Product, WebTillConfig } from './config.js';
import type { CurrentMember } from './current-member.js';
import { byId, element, explainError, rupees } from './dom.js';

/** One line of a bill, as `checkout` takes it. */
export type RuleBillLine = CheckoutArgs['bill']['lines'][number];

/** A finished checkout, with the lines the receipt lists. */
export interface FinishedBill {
  readonly billId: string;
  readonly memberId: string;
  readonly lines: readonly (RuleBillLine & { readonly name: string })[];
  readonly receipt: CheckoutReceipt;
}

let billsMade = 0;
/** A bill id unique to this till (tabs included): its terminal id, the time, a count and a nonce, e.g. `web-till-1-m3k9x2a-1k2`. */
export const newBillId = (terminalId: string) =>
  `${terminalId}-${Date.now().toString(36)}-${++billsMade}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`;

/** A line for `quantity` of a product at its catalogue price. */
export function lineOf(product: Product, quantity: number, lineId: string): RuleBillLine & { name: string } {
  return {
    lineId, name: product.name, sku: product.sku, category: product.category, quantity,
    unitPricePaise: product.unitPricePaise, amountPaise: product.unitPricePaise * quantity,
  };
}

/** Wires the bill's forms and the checkout button; `finished` gets each checkout. */
export function mountBillEntry(till: Terminal, config: WebTillConfig, current: CurrentMember, finished: (bill: FinishedBill) => void): void {
  let billId = newBillId(config.terminalId);
  let lines: (RuleBillLine & { name: string })[] = [];
  let nextLine = 1;
  const error = byId('bill-error');
  const checkoutButton = byId<HTMLButtonElement>('checkout');
  const skus = byId('skus');
  for (const p of config.catalogue) skus.append(element('option', `${p.name} (${rupees(p.unitPricePaise)})`, { value: p.sku }));
  const categories = byId<HTMLSelectElement>('manual-category');
  for (const c of config.categories) categories.append(element('option', c, { value: c }));

  const render = () => {
    byId('bill-id').textContent = billId;
    const body = byId('lines').querySelector('tbody')!;
    body.replaceChildren(
      ...lines.map((l) => {
        const row = element('tr');
        const remove = element('button', '×', { type: 'button', class: 'secondary', 'aria-label': `remove ${l.name}` });
        remove.addEventListener('click', () => ((lines = lines.filter((x) => x !== l)), render()));
        row.append(element('td', l.name), element('td', l.category), element('td', String(l.quantity)), element('td', rupees(l.amountPaise)));
        const cell = element('td');
        cell.append(remove);
        row.append(cell);
        return row;
      }),
    );
    byId('bill-total').textContent = rupees(lines.reduce((sum, l) => sum + l.amountPaise, 0));
    checkoutButton.disabled = lines.length === 0 || current.get() === null;
  };
  current.onChange(render);

  byId<HTMLFormElement>('scan-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('scan-input');
    const product = config.catalogue.find((p) => p.sku === input.value.trim().toUpperCase());
    if (!product) return void (error.textContent = `no product ${input.value} in the catalogue`);
    error.textContent = '';
    lines.push(lineOf(product, Math.max(1, Number(byId<HTMLInputElement>('scan-qty').value) || 1), `L${nextLine++}`));
    input.value = '';
    render();
  });

  byId<HTMLFormElement>('manual-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const paise = Math.round(Number(byId<HTMLInputElement>('manual-amount').value) * 100);
    const name = byId<HTMLInputElement>('manual-name').value.trim() || 'item';
    if (!(paise > 0)) return void (error.textContent = 'an amount in rupees, please');
    error.textContent = '';
    lines.push({ lineId: `L${nextLine}`, name, sku: `MANUAL-${nextLine++}`, category: categories.value, quantity: 1, unitPricePaise: paise, amountPaise: paise });
    render();
  });

  checkoutButton.addEventListener('click', async () => {
    const member = current.get();
    if (!member || lines.length === 0) return;
    error.textContent = '';
    checkoutButton.disabled = true;
    const redeemPoints = Number(byId<HTMLInputElement>('redeem-points').value) || 0;
    try {
      const receipt = await till.checkout({
        memberId: member.memberId,
        bill: { billId, lines: lines.map(({ name: _name, ...line }) => line) },
        ...(redeemPoints > 0 ? { redeemPoints } : {}),
      });
      finished({ billId, memberId: member.memberId, lines, receipt });
      billId = newBillId(config.terminalId);
      lines = [];
      nextLine = 1;
      byId<HTMLInputElement>('redeem-points').value = '0';
    } catch (e) {
      error.textContent = explainError(e);
    } finally {
      render();
    }
  });
  render();
}
