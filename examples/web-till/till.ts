/**
 * The web till: a page a cashier could use, built on the SDK's public API only. It reads its
 * configuration, starts one terminal for the page, and mounts one panel per concern:
 *
 * - banner.ts: offline / syncing / all synced, the queue and its oldest intent, staff's to-dos;
 * - storage.ts: asks the browser to keep the queue (`navigator.storage.persist()`);
 * - member-panel.ts: find by card or phone, enrol, the balance (redeemable, confirmed);
 * - bill-entry.ts: lines by SKU or by hand with a category, points to redeem, checkout;
 * - receipt.ts: points earned and spent, provisional until confirmed, tier progress, returns;
 * - staff-desk.ts: conflicts to acknowledge, quarantined intents to retry or void.
 *
 * Every tab of the page opens the same till (one IndexedDB database); the SDK elects one tab
 * to run the sync loop, and the others see its work in the shared database.
 */
import { createTerminal } from 'tillpoints';
import { mountBanner } from './banner.js';
import { mountBillEntry } from './bill-entry.js';
import { loadConfig } from './config.js';
import { CurrentMember } from './current-member.js';
import { byId, explainError } from './dom.js';
import { mountMemberPanel } from './member-panel.js';
import { Receipt } from './receipt.js';
import { mountStaffDesk } from './staff-desk.js';
import { keepStorage } from './storage.js';

async function main(): Promise<void> {
  const config = await loadConfig();
  byId('till-name').textContent = `${config.terminalId} · ${config.storeId}`;
  void keepStorage();
  const till = createTerminal({
    ledgerUrl: config.ledgerUrl,
    terminalId: config.terminalId,
    storeId: config.storeId,
    apiKey: config.apiKey,
  });
  await till.start();
  const showRuleset = () => {
    byId('till-name').textContent = `${config.terminalId} · ${config.storeId} · ruleset ${till.rulesetVersion === null ? 'not yet pulled' : `v${till.rulesetVersion}`}`;
  };
  till.on('ruleset', showRuleset);
  showRuleset();

  const current = new CurrentMember();
  const receipt = new Receipt(till);
  mountBanner(till);
  mountMemberPanel(till, current);
  mountBillEntry(till, config, current, (bill) => receipt.show(bill));
  mountStaffDesk(till);
  document.body.dataset.ready = 'true';
}

main().catch((e: unknown) => {
  const banner = byId('banner');
  banner.dataset.state = 'offline';
  banner.textContent = `The till could not start: ${explainError(e)}`;
});
