/**
 * What staff must handle: conflicts (the ledger refused an intent the till showed as
 * provisional, e.g. points already spent elsewhere: the cashier is told what to do, then
 * acknowledges) and quarantined intents (broken ones taken out of the queue: retry after a
 * fix, or void with a reason, which takes their points out of the balance).
 */
import type { Conflict, QuarantinedIntent, Terminal } from 'tillpoints';
import { byId, element, explainError, pointsOf } from './dom.js';

/** Lists conflicts and quarantined intents, and wires their buttons. */
export function mountStaffDesk(till: Terminal): void {
  const refresh = async () => {
    const [conflicts, quarantined] = await Promise.all([till.conflicts(), till.quarantined()]).catch(() => [[], []] as const);
    byId('conflict-count').textContent = String(conflicts.length);
    byId('conflicts').replaceChildren(...conflicts.map((c) => conflictItem(till, c, refresh)));
    const open = quarantined.filter((q) => q.voided === null);
    byId('quarantine-count').textContent = String(open.length);
    byId('quarantined').replaceChildren(...open.map((q) => quarantineItem(till, q, refresh)));
  };
  for (const event of ['conflict', 'quarantine', 'status'] as const) till.on(event, () => void refresh());
  setInterval(() => void refresh(), 2000); // another tab may run the sync loop
  void refresh();
}

function conflictItem(till: Terminal, c: Conflict, refresh: () => Promise<void>): HTMLLIElement {
  const item = element('li', `${c.kind} of ${pointsOf(c.points)} for ${c.memberId} refused (${c.reason}): ${c.action} `, { 'data-intent': c.intentId });
  const done = element('button', 'Done', { type: 'button' });
  done.addEventListener('click', () => void act(item, () => till.acknowledgeConflict(c.intentId), refresh));
  item.append(done);
  return item;
}

function quarantineItem(till: Terminal, q: QuarantinedIntent, refresh: () => Promise<void>): HTMLLIElement {
  const bill = q.billId ? ` on bill ${q.billId}` : '';
  const item = element('li', `${q.kind} of ${pointsOf(q.points)} for ${q.memberId}${bill}: ${q.code}, ${q.message}. ${q.action} `, { 'data-intent': q.intentId });
  const retry = element('button', 'Retry', { type: 'button' });
  retry.addEventListener('click', () => void act(item, () => till.retryQuarantined(q.intentId), refresh));
  const reason = element('input', '', { placeholder: 'why void it', 'aria-label': 'reason to void' });
  const voidIt = element('button', 'Void', { type: 'button', class: 'secondary' });
  voidIt.addEventListener('click', () => void act(item, () => till.voidQuarantined(q.intentId, reason.value.trim() || 'voided at the staff desk'), refresh));
  item.append(retry, ' ', reason, ' ', voidIt);
  return item;
}

async function act(item: HTMLElement, run: () => Promise<unknown>, refresh: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    item.append(element('span', ` ${explainError(e)}`, { class: 'error' }));
  }
  await refresh();
}
