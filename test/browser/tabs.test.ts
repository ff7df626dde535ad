import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSdkPage, type BrowserPage } from '../support/browser-page.js';
import { launchChromium } from '../support/chromium.js';
import { startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

declare global {
  interface Window {
    tillpoints: typeof import('../../src/index.js');
    till: import('../../src/index.js').Terminal;
    seen: { status: string; intentId: string }[];
  }
}

describe('tabs of one till in real Chromium', () => {
  let ledger: TestLedger;
  let page: BrowserPage;
  let browser: Browser;
  let apiKey: string;
  beforeAll(async () => {
    ledger = await startTestLedger('pglite');
    apiKey = await ledger.addTerminal('till-1', 'store-1');
    await ledger.addMembers([{ memberId: 'asha', openingPoints: 100 }]);
    page = await serveSdkPage();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await ledger?.close();
  });

  async function openTab(context: import('playwright-core').BrowserContext): Promise<Page> {
    const tab = await context.newPage();
    await tab.goto(page.url);
    await tab.evaluate(async ({ ledgerUrl, apiKey }) => {
      window.seen = [];
      window.till = window.tillpoints.createTerminal({
        ledgerUrl, apiKey, terminalId: 'till-1', storeId: 'store-1', leaderElection: 'web-locks', pullIntervalMs: 60_000,
      });
      window.till.on('intent', (e) => window.seen.push({ status: e.status, intentId: e.intentId }));
      await window.till.start();
      await window.till.lookupMember({ memberId: 'asha' });
    }, { ledgerUrl: ledger.url, apiKey });
    return tab;
  }

  const accrue = (tab: Page, billId: string) =>
    tab.evaluate(async (billId) => (await window.till.accrue({ memberId: 'asha', points: 10, bill: { billId, amountPaise: 10_000 } })).intentId, billId);
  const confirmedIn = (tab: Page, intentId: string) =>
    tab.waitForFunction((id) => window.seen.some((e) => e.intentId === id && e.status === 'confirmed'), intentId, { timeout: 30_000 });

  it('runs one sync loop under a Web Lock, and hands it to the next tab when the leader closes', async () => {
    const context = await browser.newContext();
    const first = await openTab(context);
    expect(await first.evaluate(async () => (await window.till.sync()).leader)).toBe(true);
    const second = await openTab(context);
    expect(await second.evaluate(async () => (await window.till.sync()).leader)).toBe(false);

    // The follower writes; the leader, nudged over BroadcastChannel, pushes it.
    const fromSecond = await accrue(second, 'B1');
    await confirmedIn(first, fromSecond);
    expect(await second.evaluate(async () => (await window.till.getBalance('asha')).provisional)).toBe(110);

    // The leader's tab goes away without closing anything: the lock passes to the other tab.
    await first.close();
    const again = await accrue(second, 'B2');
    await confirmedIn(second, again);
    expect(await second.evaluate(async () => (await window.till.status()).leader)).toBe(true);
    const atLedger = (await ledger.get('/v1/members/lookup?memberId=asha', ledger.adminKey)).body.member.balance.points;
    expect(atLedger).toBe(120);
    await context.close();
  });
});
